// OCR of the scanned NIST pages (image-only PDF and the PNG of page 5) with tesseract.js from local files, scored against
// the pages' real text; plain Node. Slow (tesseract reads about a page every 10 s here), so each page is read once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKING, chunkDocument } from '../../chunkDocument';
import { IngestProblem, type ExtractedDocument } from '../../extractedDocument';
import { OCR_DIR, testTokenCounter } from '../../ingestTestAssets';
import { PDF_NO_TEXT_MESSAGE, parseDocument, type ParseProgress } from '../parseDocument';
import { createTesseractOcrEngine, type OcrEngine } from './ocrEngine';
import { scoreOcr, words } from './textAccuracy';

// [Note: OCR floors] Measured here (tesseract.js 7.0.0, eng 4.0.0_best_int, pages rendered at 200 dpi, no network):
// word accuracy 1.000 / 0.981 on PDF pages 5 / 6 (312 and 532 reference words) and 1.000 on the PNG; character error
// rate 0.0 % / 1.3 % / 0.0 %. Nothing was tuned on these pages (200 dpi is within tesseract's documented 200-300 dpi
// range, chosen before measuring). The floors (word accuracy ≥ 0.95, CER ≤ 3 %) sit below page 6, the harder page
// (a list whose reading order costs a few words), so that a change in the model, the renderer or the page
// segmentation that loses real words fails, while a build reading a word or two differently does not.
const WORD_ACCURACY_FLOOR = 0.95;
const CER_CEILING = 0.03;

const read = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(OCR_DIR, name)));
const expectedPages = fs.readFileSync(path.join(OCR_DIR, 'nist-sp800-145-p5-6.expected.txt'), 'utf8').split('\f');
const pageText = (d: ExtractedDocument, page: number): string =>
  d.blocks.filter((b) => b.page === page).map((b) => d.text.slice(b.start, b.end)).join('\n');

let ocr: OcrEngine;
let scanned: ExtractedDocument;
let png: ExtractedDocument;
const progress: ParseProgress[] = [];

beforeAll(async () => {
  ocr = createTesseractOcrEngine();
  scanned = await parseDocument(read('nist-sp800-145-scanned-p5-6.pdf'), 'nist-sp800-145-scanned-p5-6.pdf', { ocr, onProgress: (p) => progress.push(p) });
  png = await parseDocument(read('nist-sp800-145-page5-scan.png'), 'nist-sp800-145-page5-scan.png', { ocr });
}, 240_000);
afterAll(() => ocr.dispose());

describe('OCR of image-only PDF pages', () => {
  it('reads both pages, keeping their page numbers and marking them as OCR, with progress per page', () => {
    expect(scanned.format).toBe('pdf');
    expect(scanned.pageCount).toBe(2);
    expect(scanned.ocrPages).toEqual([1, 2]);
    expect(new Set(scanned.blocks.map((b) => b.page))).toEqual(new Set([1, 2]));
    expect(progress.map((p) => `${p.pagesDone}/${p.pagesTotal}`)).toEqual(['1/2', '2/2']);
    expect(pageText(scanned, 1)).toContain('The National Institute of Standards and Technology (NIST)');
    expect(pageText(scanned, 2)).toMatch(/Essential Characteristics/);
  });

  it('scores above the floors against the pages\u2019 real text', () => {
    for (const [i, reference] of expectedPages.slice(0, 2).entries()) {
      const score = scoreOcr(pageText(scanned, i + 1), reference);
      process.stdout.write(`PDF page ${i + 5}: word accuracy ${score.wordAccuracy.toFixed(4)}, CER ${score.characterErrorRate.toFixed(4)} (${score.referenceWords} words)\n`);
      expect(score.referenceWords).toBeGreaterThan(200);
      expect(score.wordAccuracy).toBeGreaterThanOrEqual(WORD_ACCURACY_FLOOR);
      expect(score.characterErrorRate).toBeLessThanOrEqual(CER_CEILING);
    }
  });

  it('chunks OCR text like any other, offsets exact and pages kept', async () => {
    const chunks = chunkDocument(scanned, await testTokenCounter(), DEFAULT_CHUNKING);
    for (const c of chunks) expect(c.text).toBe(scanned.text.slice(c.start, c.end));
    expect(new Set(chunks.map((c) => c.page))).toEqual(new Set([1, 2]));
  });
});

describe('OCR of an image', () => {
  it('reads the PNG page as a one-page image document marked as OCR', () => {
    expect(png.format).toBe('image');
    expect(png.pageCount).toBe(1);
    expect(png.ocrPages).toEqual([1]);
    const score = scoreOcr(pageText(png, 1), expectedPages[0]!);
    process.stdout.write(`PNG page 5: word accuracy ${score.wordAccuracy.toFixed(4)}, CER ${score.characterErrorRate.toFixed(4)}\n`);
    expect(score.wordAccuracy).toBeGreaterThanOrEqual(WORD_ACCURACY_FLOOR);
    expect(score.characterErrorRate).toBeLessThanOrEqual(CER_CEILING);
  });
});

describe('with OCR off', () => {
  it('says how to read a scanned PDF, and refuses an image with the same hint', async () => {
    const problem = async (bytes: Uint8Array, name: string): Promise<IngestProblem> => {
      const error = await parseDocument(bytes, name).then(
        () => null,
        (e: unknown) => e,
      );
      if (!(error instanceof IngestProblem)) throw new Error(`${name}: expected an IngestProblem`);
      return error;
    };
    const pdf = await problem(read('nist-sp800-145-scanned-p5-6.pdf'), 'scan.pdf');
    expect(pdf.code).toBe('no-text');
    expect(pdf.message).toBe(PDF_NO_TEXT_MESSAGE);
    const image = await problem(read('nist-sp800-145-page5-scan.png'), 'scan.png');
    expect(image.code).toBe('unsupported-type');
    expect(image.message).toMatch(/OCR/);
  });
});

describe('the scorer', () => {
  it('counts word and character edits against the reference', () => {
    expect(words('Cloud  computing, (NIST) 800-145')).toEqual(['cloud', 'computing', 'nist', '800', '145']);
    expect(scoreOcr('a b c d', 'a b c d')).toMatchObject({ wordAccuracy: 1, characterErrorRate: 0 });
    expect(scoreOcr('a x c', 'a b c d').wordAccuracy).toBeCloseTo(0.5);
    expect(scoreOcr('', 'a b').wordAccuracy).toBe(0);
  });
});
