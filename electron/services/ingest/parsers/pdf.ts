// PDF text extraction with pdf.js (legacy build, no worker thread of its own): text per page, paragraphs by line spacing; plain Node.
import { createRequire } from 'node:module';
import path from 'node:path';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem, TextMarkedContent } from 'pdfjs-dist/types/src/display/api';
import { IngestProblem, type ExtractedDocument } from '../extractedDocument';
import { DocumentBuilder, cleanTitle, stripControlChars } from './documentBuilder';
import type { OcrEngine } from './ocr/ocrEngine';
import { renderPageToPng } from './ocr/renderPdfPage';
import type { ParseProgress } from './parseOptions';

export const PDF_NO_TEXT_MESSAGE = 'no extractable text (the PDF has no text layer; turn on text recognition (OCR) in Settings → Library to read scanned pages)';
export const PDF_OCR_NO_TEXT_MESSAGE = 'no text found: the PDF has no text layer and text recognition (OCR) found no text in its pages';
/** A page with less text than this is treated as a scan when OCR is on (the rendering still shows that text to OCR). */
const OCR_BELOW_CHARS = 16;

export interface PdfOptions {
  /** Recognises image-only pages; null or absent: OCR is off. */
  ocr?: OcrEngine | null;
  onProgress?: (progress: ParseProgress) => void;
}
export const PDF_ENCRYPTED_MESSAGE = 'This PDF is password-protected; Loci cannot read encrypted PDFs.';

// [Note: pdf.js under Node]
// pdf.js normally parses in a Web Worker. Under Node it falls back to a "fake worker" on the calling thread (the parse
// worker_thread in the app), which it loads with a dynamic import by URL; that breaks once the code is bundled. Handing it
// the worker module through `globalThis.pdfjsWorker` avoids the URL. Font and CMap data (needed for non-embedded standard
// fonts and for CJK text in predefined CMaps) are read from the installed package with fs, never fetched; when the package
// directory cannot be found (an unusual bundle layout), extraction still works, with pdf.js warnings for those fonts.
let workerReady: Promise<void> | null = null;
function ensureWorker(): Promise<void> {
  workerReady ??= import('pdfjs-dist/legacy/build/pdf.worker.mjs').then((worker) => {
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
  });
  return workerReady;
}

let packageDir: string | null | undefined;
function pdfjsPackageDir(): string | null {
  if (packageDir === undefined) {
    try {
      packageDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    } catch {
      packageDir = null;
    }
  }
  return packageDir;
}

interface Line {
  text: string;
  /** Baseline y in PDF user space (grows upwards). */
  y: number;
  /** Font height. */
  size: number;
}

export async function parsePdf(bytes: Uint8Array, options: PdfOptions = {}): Promise<ExtractedDocument> {
  if (bytes.length === 0) throw new IngestProblem('empty', 'The file is empty (0 bytes).');
  await ensureWorker();
  const dir = pdfjsPackageDir();
  const task = getDocument({
    // pdf.js may take ownership of the buffer it is given
    data: bytes.slice(),
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    stopAtErrors: false,
    verbosity: 0,
    ...(dir ? { standardFontDataUrl: `${dir}${path.sep}standard_fonts${path.sep}`, cMapUrl: `${dir}${path.sep}cmaps${path.sep}`, cMapPacked: true } : {}),
  });
  let doc: PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    throw toPdfProblem(error);
  }
  try {
    return await extract(doc, options);
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

function toPdfProblem(error: unknown): IngestProblem {
  const name = error instanceof Error ? error.name : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (name === 'PasswordException') return new IngestProblem('encrypted', PDF_ENCRYPTED_MESSAGE);
  if (name === 'InvalidPDFException') {
    if (/empty/i.test(detail)) return new IngestProblem('empty', 'The file is empty (0 bytes).');
    return new IngestProblem('corrupt', `This PDF is damaged or incomplete and cannot be read (${detail}).`);
  }
  return new IngestProblem('corrupt', `This PDF could not be read; it may be damaged (${detail}).`);
}

async function extract(doc: PDFDocumentProxy, options: PdfOptions): Promise<ExtractedDocument> {
  const builder = new DocumentBuilder('pdf');
  const ocr = options.ocr ?? null;
  const ocrPages: number[] = [];
  let failedPages = 0;
  let firstFailure = '';
  let ocrFailure = '';
  for (let pageNumber = 1; pageNumber <= doc.numPages; pageNumber++) {
    let pageParagraphs: string[];
    try {
      const page = await doc.getPage(pageNumber);
      pageParagraphs = paragraphs(lines((await page.getTextContent()).items));
      if (ocr && pageParagraphs.join('').replace(/\s+/g, '').length < OCR_BELOW_CHARS) {
        try {
          const recognised = await ocr.recognize(await renderPageToPng(page));
          if (recognised.paragraphs.length > 0) {
            pageParagraphs = recognised.paragraphs;
            ocrPages.push(pageNumber);
          }
        } catch (error) {
          // one page that cannot be recognised keeps whatever text layer it had; the others go on
          ocrFailure ||= error instanceof Error ? error.message : String(error);
        }
      }
      page.cleanup();
    } catch (error) {
      failedPages++;
      firstFailure ||= error instanceof Error ? error.message : String(error);
      continue;
    }
    for (const paragraph of pageParagraphs) builder.add('paragraph', paragraph, { page: pageNumber });
    if (ocr) options.onProgress?.({ pagesDone: pageNumber, pagesTotal: doc.numPages, ocr: ocrPages.length > 0 });
  }
  if (failedPages === doc.numPages && doc.numPages > 0) {
    throw new IngestProblem('corrupt', `This PDF is damaged: none of its ${doc.numPages} pages could be read (${firstFailure}).`);
  }
  if (builder.blockCount === 0) {
    if (ocr && ocrFailure) throw new IngestProblem('unreadable', `Text recognition (OCR) failed on this PDF's pages (${ocrFailure}).`);
    throw new IngestProblem('no-text', ocr ? PDF_OCR_NO_TEXT_MESSAGE : PDF_NO_TEXT_MESSAGE);
  }
  return builder.build({ title: await pdfTitle(doc), pageCount: doc.numPages, ocrPages });
}

async function pdfTitle(doc: PDFDocumentProxy): Promise<string | null> {
  try {
    const { info, metadata } = await doc.getMetadata();
    const fromInfo = cleanTitle((info as { Title?: unknown } | null)?.Title);
    if (fromInfo) return fromInfo;
    return cleanTitle(metadata?.get('dc:title'));
  } catch {
    return null;
  }
}

/** Groups text items into lines: `hasEOL` ends a line, and so does a jump in baseline; spaces go between separated items. */
function lines(items: readonly (TextItem | TextMarkedContent)[]): Line[] {
  const out: Line[] = [];
  let text = '';
  let y = 0;
  let size = 0;
  let lastEndX = 0;
  let open = false;
  const endLine = (): void => {
    const cleaned = stripControlChars(text).replace(/\s+/g, ' ').trim();
    if (cleaned !== '') out.push({ text: cleaned, y, size });
    text = '';
    open = false;
  };
  for (const item of items) {
    if (!('str' in item)) continue;
    const t = item.transform as number[];
    const itemX = t[4] ?? 0;
    const itemY = t[5] ?? 0;
    const itemSize = item.height > 0 ? item.height : Math.hypot(t[2] ?? 0, t[3] ?? 0);
    if (item.str !== '') {
      if (open) {
        const tolerance = 0.5 * Math.max(itemSize, size, 1);
        if (Math.abs(itemY - y) > tolerance) {
          endLine();
        } else {
          const gap = itemX - lastEndX;
          // a gap wider than a thin space separates words that pdf.js delivered as separate items
          if (gap > 0.15 * Math.max(itemSize, 1) && !/\s$/.test(text) && !/^\s/.test(item.str)) text += ' ';
        }
      }
      if (!open) {
        y = itemY;
        size = itemSize;
        open = true;
      }
      text += item.str;
      size = Math.max(size, itemSize);
      lastEndX = itemX + item.width;
    }
    if (item.hasEOL) endLine();
  }
  endLine();
  return out;
}

/** Joins lines into paragraphs, breaking where the spacing is clearly wider than the page's usual line spacing. */
function paragraphs(pageLines: readonly Line[]): string[] {
  if (pageLines.length === 0) return [];
  const gaps: number[] = [];
  for (let i = 1; i < pageLines.length; i++) {
    const a = pageLines[i - 1];
    const b = pageLines[i];
    if (!a || !b) continue;
    const delta = a.y - b.y;
    if (delta > 0 && delta < 4 * Math.max(a.size, b.size)) gaps.push(delta / Math.max(a.size, b.size, 1));
  }
  gaps.sort((p, q) => p - q);
  const usual = gaps.length > 0 ? (gaps[Math.floor(gaps.length / 2)] ?? 1.2) : 1.2;

  const out: string[] = [];
  let current: string[] = [];
  for (let i = 0; i < pageLines.length; i++) {
    const line = pageLines[i];
    if (!line) continue;
    const previous = pageLines[i - 1];
    if (previous && current.length > 0) {
      const size = Math.max(previous.size, line.size, 1);
      const spacing = (previous.y - line.y) / size;
      const sizeChange = Math.abs(previous.size - line.size) > 0.2 * size;
      // moving up (a new column or a float) or a wide gap or a change of font size starts a new paragraph
      if (spacing <= 0 || spacing > usual * 1.35 + 0.1 || sizeChange) {
        out.push(current.join('\n'));
        current = [];
      }
    }
    current.push(line.text);
  }
  if (current.length > 0) out.push(current.join('\n'));
  return out;
}
