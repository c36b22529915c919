// What a parse may use beyond the bytes (the OCR engine) and what it reports while it runs; plain Node (parse worker).
import type { OcrEngine } from './ocr/ocrEngine';

/** Progress of a slow parse, page by page (OCR). */
export interface ParseProgress {
  pagesDone: number;
  pagesTotal: number;
  /** Whether any page so far was read by OCR. */
  ocr: boolean;
}

export interface ParseOptions {
  /** Recognises text in images and image-only PDF pages; null or absent: OCR is off (Settings). */
  ocr?: OcrEngine | null;
  onProgress?: (progress: ParseProgress) => void;
}
