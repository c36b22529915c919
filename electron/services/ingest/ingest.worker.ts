// Ingest worker: reads a file, hashes it, parses and chunks it with the embedder's own tokenizer, off the main thread.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { parentPort } from 'node:worker_threads';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { chunkDocument } from './chunkDocument';
import { IngestProblem, type TokenCounter } from './extractedDocument';
import type { FromIngestWorker, PrepareInput, PrepareOptions, PrepareResult, ToIngestWorker } from './ingestProtocol';
import { createTesseractOcrEngine, type OcrEngine } from './parsers/ocr/ocrEngine';
import { parseDocument, type ParseProgress } from './parsers/parseDocument';
import { createTokenCounter } from './tokenCounter';
import { createTokenEncoder, tokenizerFingerprint, type TokenEncoder } from '../embedding/tokenIds';
import type { ChunkingOptions } from './extractedDocument';

const port = parentPort;
if (!port) throw new Error('ingest.worker must run in a worker thread');
const send = (message: FromIngestWorker): void => port.postMessage(message);

let counter: TokenCounter | null = null;
// each final chunk's ids, sent with its text so the embedding worker does not tokenize it again ([Note: tokenize once])
let encoder: { encoder: TokenEncoder; fingerprint: string } | null = null;
// started on the first file that needs OCR; tesseract runs in a worker thread of its own and stops when idle
let ocrEngine: OcrEngine | null = null;

async function init(source: Extract<ToIngestWorker, { type: 'init' }>['tokenizer']): Promise<void> {
  try {
    env.allowLocalModels = source.localModelPath !== null;
    if (source.localModelPath) env.localModelPath = source.localModelPath;
    env.allowRemoteModels = source.allowRemote;
    env.cacheDir = source.cacheDir;
    const tokenizer = await AutoTokenizer.from_pretrained(source.modelId);
    counter = createTokenCounter(tokenizer);
    encoder = { encoder: createTokenEncoder(tokenizer), fingerprint: tokenizerFingerprint(tokenizer) };
    send({ type: 'ready' });
  } catch (error) {
    send({ type: 'init-failed', message: error instanceof Error ? error.message : String(error) });
  }
}

const readFailure = (error: unknown): PrepareResult => {
  const code = (error as NodeJS.ErrnoException).code;
  const message =
    code === 'ENOENT'
      ? 'The file was moved or deleted before Loci could read it'
      : code === 'EACCES' || code === 'EPERM'
        ? 'Loci is not allowed to read this file'
        : code === 'EISDIR'
          ? 'This is a folder, not a file'
          : 'The file could not be read. Check that it is still there and readable, then try again.';
  return { outcome: 'problem', code: 'unreadable', message, detail: error instanceof Error ? error.message : String(error) };
};

async function prepare(input: PrepareInput, chunking: ChunkingOptions, options: PrepareOptions, onProgress: (progress: ParseProgress) => void): Promise<PrepareResult> {
  if (!counter) return { outcome: 'problem', code: 'unreadable', message: 'The tokenizer is not loaded' };
  let bytes: Uint8Array;
  let modifiedAt = Date.now();
  let name = input.name;
  if (input.kind === 'file') {
    try {
      const stat = await fs.stat(input.path);
      if (stat.size > input.maxBytes) {
        return { outcome: 'problem', code: 'too-large', message: `Larger than the ${Math.round(input.maxBytes / 1e6)} MB limit (${(stat.size / 1e6).toFixed(1)} MB)` };
      }
      modifiedAt = stat.mtimeMs;
      const buffer = await fs.readFile(input.path);
      // parsers want a plain Uint8Array (pdf.js refuses Node's Buffer subclass)
      bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      return readFailure(error);
    }
  } else {
    bytes = new TextEncoder().encode(input.text);
    name = `${input.name}.txt`; // stored text has lost its format; parse it as plain text
  }
  const hash = crypto.createHash('sha256').update(bytes).digest('hex');
  if (input.kind === 'file' && input.knownHash === hash) return { outcome: 'unchanged', hash };
  try {
    const t0 = performance.now();
    const ocr = options.ocr && input.kind === 'file' ? (ocrEngine ??= createTesseractOcrEngine()) : null;
    const doc = await parseDocument(bytes, name, { ocr, onProgress });
    const t1 = performance.now();
    const chunks = chunkDocument(doc, counter, chunking);
    const chunkTokenIds = encoder ? { tokenizer: encoder.fingerprint, ids: chunks.map((c) => encoder!.encoder.encode(c.text)) } : null;
    const t2 = performance.now();
    if (chunks.length === 0) return { outcome: 'problem', code: 'no-text', message: 'No extractable text' };
    return {
      outcome: 'prepared',
      file: { hash, sizeBytes: bytes.byteLength, modifiedAt, format: doc.format, title: doc.title, pageCount: doc.pageCount, ocrPages: doc.ocrPages ?? [], text: doc.text, chunks, chunkTokenIds, parseMs: t1 - t0, chunkMs: t2 - t1 },
    };
  } catch (error) {
    if (error instanceof IngestProblem) return { outcome: 'problem', code: error.code, message: error.message };
    return { outcome: 'problem', code: 'corrupt', message: 'Loci could not make sense of this file: it may be damaged or in a form Loci does not read.', detail: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

port.on('message', (message: ToIngestWorker) => {
  if (message.type === 'init') void init(message.tokenizer);
  else {
    const { id } = message;
    const onProgress = (progress: ParseProgress): void => send({ type: 'progress', id, progress });
    void prepare(message.input, message.chunking, message.options ?? { ocr: false }, onProgress).then((result) => send({ type: 'result', id, result }));
  }
});
