// Renders one pdf.js page to a PNG for OCR, on @napi-rs/canvas (the canvas pdf.js's Node build loads); plain Node.
import { createCanvas } from '@napi-rs/canvas';
import type { PDFPageProxy } from 'pdfjs-dist/types/src/display/api';

/** Resolution OCR sees; tesseract reads body text best at about 200-300 dpi. */
const OCR_DPI = 200;
/** Bounds the bitmap of a huge page (a poster, a map): 20 megapixels is 80 MB of RGBA. */
const MAX_PIXELS = 20_000_000;

export async function renderPageToPng(page: PDFPageProxy): Promise<Uint8Array> {
  const base = page.getViewport({ scale: 1 });
  let scale = OCR_DPI / 72;
  const pixels = base.width * base.height * scale * scale;
  if (pixels > MAX_PIXELS) scale *= Math.sqrt(MAX_PIXELS / pixels);
  const viewport = page.getViewport({ scale });
  const width = Math.max(1, Math.ceil(viewport.width));
  const height = Math.max(1, Math.ceil(viewport.height));
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  // scans are often transparent where nothing was drawn; OCR wants ink on white
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  await page.render({ canvas: canvas as unknown as HTMLCanvasElement, viewport, background: '#ffffff' }).promise;
  return new Uint8Array(await canvas.encode('png'));
}
