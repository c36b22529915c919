// Row mapping for the library database (plain Node): LanceDB's rows (Arrow proxies) into plain rows, stored rows into
// the contract's types, and chunks into the rows written. A value this version cannot read becomes a safe one, never what it claims.
import { DocumentFormatSchema, DocumentStatusSchema, type Collection, type DocumentInfo } from '../../../shared/contract/library';
import { neutralVector, type ChunkRow, type CollectionRow, type DocumentRow, type StoredChunkRow } from './tableSchemas';

/** The chunk columns a search returns (everything but the vector). */
export const CHUNK_COLUMNS = ['id', 'document_id', 'collection_id', 'ordinal', 'text', 'page', 'heading_path', 'start', 'end', 'token_count'];

/** What a document whose stored status is not one this version knows (a damaged row, a newer Loci's) is shown as. */
const UNREADABLE_STATUS = 'Its stored state could not be read; re-index it.';

// a format this version does not know is shown as plain text; re-indexing reads the file's real one
const KNOWN_FORMAT = DocumentFormatSchema.catch('text');

// rows are replaced, never changed in place: a row's DocumentInfo is made once (listing 10,000 documents then costs
// a lookup per row instead of a schema parse, which kept the host's main thread busy for 150-450 ms per list)
const documentInfos = new WeakMap<DocumentRow, DocumentInfo>();

export function toDocumentInfo(row: DocumentRow): DocumentInfo {
  let info = documentInfos.get(row);
  if (!info) {
    info = Object.freeze(documentInfoOf(row));
    documentInfos.set(row, info);
  }
  return info;
}

const documentInfoOf = (row: DocumentRow): DocumentInfo => ({
  id: row.id,
  collectionId: row.collection_id,
  name: row.name,
  path: row.path,
  source: row.source === 'upload' ? 'upload' : 'path',
  format: KNOWN_FORMAT.parse(row.format),
  title: row.title,
  sizeBytes: row.size_bytes,
  modifiedAt: row.modified_at,
  pageCount: row.page_count,
  ocrPages: parseOcrPages(row.ocr_pages),
  chunkCount: row.chunk_count,
  ...storedStatus(row),
  embedder: row.embedder,
  addedAt: row.added_at,
  updatedAt: row.updated_at,
  note: row.note,
});

function storedStatus(row: DocumentRow): Pick<DocumentInfo, 'status' | 'error'> {
  const status = DocumentStatusSchema.safeParse(row.status);
  return status.success ? { status: status.data, error: row.error } : { status: 'failed', error: row.error ?? UNREADABLE_STATUS };
}

function parseOcrPages(json: string | null): number[] {
  if (json === null) return [];
  try {
    const pages: unknown = JSON.parse(json);
    return Array.isArray(pages) ? pages.filter((p): p is number => Number.isInteger(p) && (p as number) > 0) : [];
  } catch {
    return [];
  }
}

/** Documents and ready chunks per collection. */
export type CollectionCounts = Map<string, { documents: number; chunks: number }>;

export function countByCollection(documents: Iterable<DocumentRow>): CollectionCounts {
  const counts: CollectionCounts = new Map();
  for (const doc of documents) {
    const c = counts.get(doc.collection_id) ?? { documents: 0, chunks: 0 };
    c.documents++;
    c.chunks += doc.status === 'ready' ? doc.chunk_count : 0;
    counts.set(doc.collection_id, c);
  }
  return counts;
}

export function toCollection(row: CollectionRow, counts: CollectionCounts): Collection {
  const c = counts.get(row.id) ?? { documents: 0, chunks: 0 };
  return { id: row.id, name: row.name, createdAt: row.created_at, documentCount: c.documents, chunkCount: c.chunks };
}

export function plainCollection(raw: Record<string, unknown>): CollectionRow {
  return { id: String(raw.id), name: String(raw.name), created_at: Number(raw.created_at) };
}

/** Arrow rows come back as proxies with typed-array/BigInt quirks; copy them into plain objects. */
export function plainDocument(raw: Record<string, unknown>): DocumentRow {
  const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v ?? 0));
  const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return {
    id: String(raw.id),
    collection_id: String(raw.collection_id),
    name: String(raw.name),
    path: String(raw.path),
    source: String(raw.source),
    format: String(raw.format),
    title: str(raw.title),
    content_hash: String(raw.content_hash),
    size_bytes: num(raw.size_bytes),
    modified_at: num(raw.modified_at),
    page_count: raw.page_count === null || raw.page_count === undefined ? null : num(raw.page_count),
    chunk_count: num(raw.chunk_count),
    status: String(raw.status),
    error: str(raw.error),
    embedder: String(raw.embedder),
    added_at: num(raw.added_at),
    updated_at: num(raw.updated_at),
    note: str(raw.note),
    ocr_pages: str(raw.ocr_pages),
  };
}

export function plainChunk(raw: Record<string, unknown>): Omit<ChunkRow, 'vector'> {
  return {
    id: String(raw.id),
    document_id: String(raw.document_id),
    collection_id: String(raw.collection_id),
    ordinal: Number(raw.ordinal),
    text: String(raw.text),
    page: raw.page === null || raw.page === undefined ? null : Number(raw.page),
    heading_path: String(raw.heading_path),
    start: Number(raw.start),
    end: Number(raw.end),
    token_count: Number(raw.token_count),
  };
}

/**
 * Rows as written: keyword-only chunks get their placeholder vector and the flag (see [Note: keyword-only chunks]).
 * A NaN or zero vector is refused here, failing its document: LanceDB refuses NaN on add but not on merge, and a
 * stored one would poison every vector search. The embedding worker never sends one; this guards the database itself.
 */
export function storableChunks(chunks: ChunkRow[], dimension: number): StoredChunkRow[] {
  return chunks.map((c) => {
    if (c.vector === null) return { ...c, vector: neutralVector(c.id, dimension), has_vector: false };
    let norm = 0;
    for (const x of c.vector) norm += x * x;
    if (!Number.isFinite(norm) || norm < 1e-6) throw new Error(`chunk ${c.id} has a ${Number.isFinite(norm) ? 'zero' : 'non-finite'} vector`);
    return { ...c, vector: c.vector, has_vector: true };
  });
}
