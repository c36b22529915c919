// Messages between the import job (main thread) and the ingest worker (read, hash, parse, chunk).
import type { DocumentFormat } from '../../../shared/contract/library';
import type { ChunkingOptions, DocumentChunk, IngestProblemCode } from './extractedDocument';
import type { ParseProgress } from './parsers/parseOptions';

/** How to parse, from the settings of the import. */
export interface PrepareOptions {
  /** Recognise text in images and image-only PDF pages (slow). */
  ocr: boolean;
}

export interface TokenizerSource {
  modelId: string;
  localModelPath: string | null;
  allowRemote: boolean;
  cacheDir: string;
}

export type PrepareInput =
  /** Read the file; if its hash equals knownHash, answer `unchanged` without parsing. */
  | { kind: 'file'; path: string; name: string; knownHash: string | null; maxBytes: number }
  /** Re-chunk text Loci stored earlier (the source file is gone). */
  | { kind: 'text'; text: string; name: string };

export type ToIngestWorker =
  | { type: 'init'; tokenizer: TokenizerSource }
  | { type: 'prepare'; id: number; input: PrepareInput; chunking: ChunkingOptions; options?: PrepareOptions };

export interface PreparedFile {
  hash: string;
  sizeBytes: number;
  modifiedAt: number;
  format: DocumentFormat;
  title: string | null;
  pageCount: number | null;
  /** Pages whose text OCR recognised (empty when none). */
  ocrPages: number[];
  text: string;
  chunks: DocumentChunk[];
  /**
   * Each chunk's ids in the worker's tokenizer, special tokens included, untruncated, and that tokenizer's fingerprint
   * (see [Note: tokenize once]); null when the worker has no encoder.
   */
  chunkTokenIds: { tokenizer: string; ids: Int32Array[] } | null;
  parseMs: number;
  chunkMs: number;
}

export type PrepareResult =
  | { outcome: 'prepared'; file: PreparedFile }
  | { outcome: 'unchanged'; hash: string }
  /** `message` is for the user; `detail`, when there is one, is the technical cause for the log. */
  | { outcome: 'problem'; code: IngestProblemCode; message: string; detail?: string };

export type FromIngestWorker =
  | { type: 'ready' }
  | { type: 'init-failed'; message: string }
  | { type: 'result'; id: number; result: PrepareResult }
  /** A slow parse's page progress (OCR), before its result. */
  | { type: 'progress'; id: number; progress: ParseProgress };
