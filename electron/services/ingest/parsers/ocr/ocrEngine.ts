// Text recognition of one page image with tesseract.js (its own worker thread, started on first use, local files
// only); runs inside the ingest worker, so neither the main thread nor the parse loop does the recognition.
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { collapseWhitespace, stripControlChars } from '../documentBuilder';
import { tesseractAssets } from './tesseractAssets';

export interface OcrPage {
  /** Paragraphs in reading order, lines joined by newlines. */
  paragraphs: string[];
  /** Tesseract's mean confidence, 0..100. */
  confidence: number;
}

export interface OcrEngine {
  /** Recognises English text in a PNG or JPEG image. */
  recognize(image: Uint8Array): Promise<OcrPage>;
  dispose(): Promise<void>;
}

export interface OcrEngineOptions {
  /** Stop the tesseract worker after this long unused (it holds about 100 MB). */
  idleMs?: number;
}

export function createTesseractOcrEngine(options: OcrEngineOptions = {}): OcrEngine {
  const idleMs = options.idleMs ?? 60_000;
  let worker: Promise<Worker> | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let busy = 0;

  const start = (): Promise<Worker> => {
    const assets = tesseractAssets();
    return createWorker('eng', OEM.LSTM_ONLY, {
      workerPath: assets.workerPath,
      corePath: assets.corePath,
      langPath: assets.langPath,
      cacheMethod: 'none',
      gzip: true,
    });
  };
  const stop = async (): Promise<void> => {
    const w = worker;
    worker = null;
    if (w) await (await w.catch(() => null))?.terminate();
  };
  const armIdle = (): void => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (busy === 0) void stop();
    }, idleMs);
    idleTimer.unref();
  };

  return {
    async recognize(image) {
      busy++;
      try {
        worker ??= start();
        const w = await worker.catch((error: unknown) => {
          worker = null;
          throw error;
        });
        const { data } = await w.recognize(Buffer.from(image.buffer, image.byteOffset, image.byteLength), {}, { text: true, blocks: true });
        const paragraphs: string[] = [];
        for (const block of data.blocks ?? []) {
          for (const paragraph of block.paragraphs) {
            const lines = paragraph.lines.map((line) => collapseWhitespace(stripControlChars(line.text))).filter((l) => l !== '');
            if (lines.length > 0) paragraphs.push(lines.join('\n'));
          }
        }
        if (paragraphs.length === 0 && data.text.trim() !== '') paragraphs.push(collapseWhitespace(stripControlChars(data.text), true));
        return { paragraphs, confidence: data.confidence };
      } finally {
        busy--;
        armIdle();
      }
    },
    async dispose() {
      if (idleTimer) clearTimeout(idleTimer);
      await stop();
    },
  };
}
