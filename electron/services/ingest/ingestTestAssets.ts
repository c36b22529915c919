// Test helpers for the ingest tests: the shared fixtures and the real tokenizer beside the repo (../shared), read-only.
import fs from 'node:fs';
import path from 'node:path';
import type { TokenCounter } from './extractedDocument';
import { loadTokenCounter } from './tokenCounter';

const SHARED = path.resolve(import.meta.dirname, '../../../../shared');
export const DOCUMENTS_DIR = path.join(SHARED, 'fixtures', 'documents');
export const FORMATS_DIR = path.join(SHARED, 'fixtures', 'formats');
export const OCR_DIR = path.join(SHARED, 'fixtures', 'ocr');
export const TOKENIZER_DIR = path.join(SHARED, 'models', 'tokenizer-only');
export const TOKENIZER_ID = 'Xenova/all-MiniLM-L6-v2';

/** Every fixture document as `<folder>/<file>`. */
export function fixtureNames(): string[] {
  return fs
    .readdirSync(DOCUMENTS_DIR)
    .flatMap((folder) => fs.readdirSync(path.join(DOCUMENTS_DIR, folder)).map((file) => `${folder}/${file}`))
    .sort();
}

export function readFixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(DOCUMENTS_DIR, name)));
}

let counter: Promise<TokenCounter> | null = null;
/** The all-MiniLM-L6-v2 tokenizer as a TokenCounter, loaded once per test file. */
export function testTokenCounter(): Promise<TokenCounter> {
  counter ??= loadTokenCounter(TOKENIZER_DIR, TOKENIZER_ID);
  return counter;
}
