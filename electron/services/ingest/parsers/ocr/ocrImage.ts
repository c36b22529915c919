// A PNG or JPEG image as a one-page document of OCR text; plain Node (parse worker, tesseract in its own thread).
import { IngestProblem, type ExtractedDocument } from '../../extractedDocument';
import { DocumentBuilder } from '../documentBuilder';
import type { ParseOptions } from '../parseOptions';

export const IMAGE_NO_TEXT_MESSAGE = 'Text recognition (OCR) found no text in this image';

export async function parseImage(bytes: Uint8Array, options: ParseOptions): Promise<ExtractedDocument> {
  if (!options.ocr) throw new IngestProblem('unsupported-type', 'Images are read only with text recognition (OCR), which is off; turn it on in Settings → Library');
  let paragraphs: string[];
  try {
    ({ paragraphs } = await options.ocr.recognize(bytes));
  } catch (error) {
    throw new IngestProblem('corrupt', `This image could not be read (${error instanceof Error ? error.message : String(error)}).`);
  }
  const builder = new DocumentBuilder('image');
  for (const paragraph of paragraphs) builder.add('paragraph', paragraph, { page: 1 });
  options.onProgress?.({ pagesDone: 1, pagesTotal: 1, ocr: true });
  if (builder.blockCount === 0) throw new IngestProblem('no-text', IMAGE_NO_TEXT_MESSAGE);
  return builder.build({ title: null, pageCount: 1, ocrPages: [1] });
}
