// What a parser produces and the chunker consumes: the document's extracted text plus its structure as offsets.
import type { DocumentFormat } from '../../../shared/contract/library';

export type BlockKind = 'heading' | 'paragraph' | 'list' | 'code' | 'table' | 'row';

/** A structural unit of the extracted text: `text.slice(start, end)` is its content. */
export interface TextBlock {
  kind: BlockKind;
  /** UTF-16 offsets into ExtractedDocument.text, end exclusive. */
  start: number;
  end: number;
  /** 1..6 for headings. */
  level?: number;
  /** 1-based page number (PDF only). */
  page?: number;
}

export interface ExtractedDocument {
  format: DocumentFormat;
  /** The whole extracted text; every offset in the index points into it. */
  text: string;
  /** In reading order, non-overlapping, each within text. */
  blocks: TextBlock[];
  /** PDF page count; null for formats without pages. */
  pageCount: number | null;
  title: string | null;
  /** Pages (1-based) whose text was recognised by OCR rather than read from a text layer; absent when none. */
  ocrPages?: number[];
}

/** Why a file was not indexed. `skipped` reasons are expected (not a document); `failed` ones are problems with it. */
export type IngestProblemCode =
  | 'unsupported-type'
  | 'binary'
  | 'empty'
  | 'too-large'
  | 'encrypted'
  | 'corrupt'
  | 'no-text'
  | 'unreadable';

export const SKIP_CODES: ReadonlySet<IngestProblemCode> = new Set(['unsupported-type', 'binary', 'empty', 'too-large', 'no-text']);

/** Thrown by parsers; the message is shown to the user as the file's reason. */
export class IngestProblem extends Error {
  readonly code: IngestProblemCode;
  constructor(code: IngestProblemCode, message: string) {
    super(message);
    this.name = 'IngestProblem';
    this.code = code;
  }
}

/** One chunk as the chunker emits it. */
export interface DocumentChunk {
  ordinal: number;
  /** Exactly ExtractedDocument.text.slice(start, end). */
  text: string;
  start: number;
  end: number;
  /** Page of the chunk's first character (PDF); null otherwise. */
  page: number | null;
  /** Headings above this chunk, outermost first. */
  headingPath: string[];
  /** Word pieces of `text` in the embedder's tokenizer, special tokens included. */
  tokenCount: number;
}

/** Counts tokens as the embedding model's tokenizer does, with special tokens ([CLS], [SEP]). */
export interface TokenCounter {
  count(texts: readonly string[]): number[];
}

export interface ChunkingOptions {
  /** Size a chunk aims for, in tokens. */
  targetTokens: number;
  /** Tokens of the previous chunk's end repeated at the next chunk's start. */
  overlapTokens: number;
  /** Hard limit, from the embedder (256 for all-MiniLM-L6-v2): no chunk may exceed it. */
  maxTokens: number;
}
