// The library's storage: an embedded LanceDB with collections, documents, their extracted texts and the chunks
// (vectors + full-text index). Writes are serialised; a document's chunks land in one commit, so no search ever
// sees half of a document; background maintenance keeps the full-text and vector indexes current.
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import type { Schema, Table as ArrowTable } from 'apache-arrow';
import { z } from 'zod';
import { DEFAULT_COLLECTION_ID, DocumentFormatSchema, DocumentStatusSchema, type Collection, type DocumentInfo } from '../../../shared/contract/library';
import { AppError } from '../../../shared/contract/errors';
import { chunksToArrow } from './chunksToArrow';
import { createDocumentMap } from './documentMap';
import { buildFullTextQuery, FTS_INDEX_VERSION, ftsIndexConfig, loosened, parseUserQuery, readFtsIndexVersion, writeFtsIndexVersion, type ParsedQuery } from './fullTextIndex';
import type { Logger } from '../logging/logger';
import { readJsonFile } from '../dataFiles/readJsonFile';
import { createFilterIndexesIfDue, createVectorIndexIfDue, DEFAULT_MAX_SMALL_FRAGMENTS, VECTOR_SEARCH, inspectChunks, isDue, optimizeIfDue, planMaintenance, type ChunkIndexState, type MaintenancePolicy } from './maintenance';
import {
  chunksSchema,
  collectionsSchema,
  documentsSchema,
  documentTextsSchema,
  neutralVector,
  SCHEMA_VERSION,
  sqlIn,
  sqlString,
  vectorSearchFilter,
  type ChunkRow,
  type CollectionRow,
  type DocumentRow,
  type StoredChunkRow,
} from './tableSchemas';

const DEFAULT_COLLECTION_NAME = 'My Library';

/** index-meta.json: which embedder the index was built with. */
const IndexMetaSchema = z.object({
  embedderId: z.string().min(1),
  dimension: z.number().int().positive(),
  /** Weights variant (q8, fp32, …): another dtype gives other vectors, so it is part of the embedder. Absent in indexes written before it was recorded. */
  dtype: z.string().optional(),
  schemaVersion: z.number().int().nonnegative(),
});
export type IndexMeta = z.infer<typeof IndexMetaSchema>;

/** What a document whose stored status is not one this version knows (a damaged row, a newer Loci's) is shown as. */
const UNREADABLE_STATUS = 'Its stored state could not be read; re-index it.';

/** Whether an index built as `meta` needs a re-index for this embedder (an unrecorded dtype is adopted, not a change). */
export function embedderDiffers(meta: IndexMeta, embedderId: string, dimension: number | null, dtype: string | null): boolean {
  if (meta.embedderId !== embedderId) return true;
  if (dimension !== null && meta.dimension !== dimension) return true;
  return meta.dtype !== undefined && dtype !== null && meta.dtype !== dtype;
}

/** One document ready to land: its row (status is set by the store), its extracted text and its chunks. */
export interface PreparedDocument {
  document: DocumentRow;
  text: string;
  chunks: ChunkRow[];
}

/** What became of a commit: documents that did not land, each with what to tell the user. Everything else is `ready`. */
export interface CommitOutcome {
  failed: { documentId: string; reason: string }[];
}

/** The user's words for a document the database refused; the cause goes to the log. */
export const COMMIT_FAILED_REASON = 'Loci could not save this file in the library (the database refused it). Re-index it; if it fails again, the log has the details.';
const REPLACE_FAILED_REASON = 'Loci could not save the new version of this file (the database refused it); the previous version is still in the library. Re-index it; if it fails again, the log has the details.';

export interface ChunkHit {
  row: Omit<ChunkRow, 'vector'>;
  /** Cosine similarity for vector hits, BM25 for text hits. */
  score: number;
}

export interface LibraryDatabaseOptions {
  dir: string;
  logger: Logger;
  /** Rows from which a vector index (HNSW) is built in the background. */
  annThreshold?: number;
  /** Delay after the last write before maintenance runs, ms. */
  maintenanceDelayMs?: number;
}

export interface LibraryDatabase {
  readonly dir: string;
  indexMeta(): IndexMeta | null;
  /** Creates the chunks table for this embedder, or reports that the index was built with another one. */
  useEmbedder(embedderId: string, dimension: number, dtype?: string): Promise<{ needsReindex: boolean }>;
  /** Drops every chunk and starts an index for a new embedder; all documents become `stale`. */
  resetForEmbedder(embedderId: string, dimension: number, dtype?: string): Promise<void>;

  listCollections(): Promise<Collection[]>;
  hasCollection(id: string): boolean;
  createCollection(name: string): Promise<Collection>;
  renameCollection(id: string, name: string): Promise<Collection>;
  deleteCollection(id: string): Promise<void>;

  listDocuments(collectionId: string): DocumentInfo[];
  getDocument(id: string): DocumentInfo | null;
  findDocumentByPath(collectionId: string, docPath: string): DocumentInfo | null;
  contentHashOf(id: string): string | null;
  /** The content hashes of the documents in these collections: one pass over the rows in memory, no list to sort. */
  contentHashes(collectionIds: ReadonlySet<string>): Set<string>;
  getDocumentText(id: string): Promise<string | null>;

  /** Marks documents as being indexed (a crash leaves them `indexing`, recovered as `interrupted`). */
  beginDocuments(rows: DocumentRow[]): Promise<void>;
  /** Documents of these ids still `indexing` (an import that ended without landing them) become `failed`, without chunks. */
  failDocuments(ids: string[], reason: string): Promise<void>;
  /**
   * Lands documents with their chunks and texts; each document's chunks replace its old ones in one commit. When the
   * batch's commit fails, its documents are retried one by one, so one bad document fails alone: a new one is kept
   * as `failed` with the reason, a re-indexed one keeps its previous version. Nothing is left `indexing`.
   */
  commitDocuments(batch: PreparedDocument[]): Promise<CommitOutcome>;
  removeDocuments(ids: string[]): Promise<number>;
  /**
   * A file moved or renamed with the same content, or touched without changing it: the document's row gets the new
   * path, name and file times; its chunks and text stay as they are (no re-embedding). Chunk rows do not store the
   * path, so nothing else changes. NOT_FOUND for an unknown id.
   */
  relocateDocument(id: string, to: { path: string; name: string; modifiedAt: number; sizeBytes: number }): Promise<DocumentInfo>;

  vectorSearch(collectionId: string, vector: Float32Array, k: number): Promise<ChunkHit[]>;
  textSearch(collectionId: string, query: string, k: number): Promise<ChunkHit[]>;
  chunkCount(collectionId?: string): Promise<number>;
  /** Every chunk text of a collection, in no particular order (benchmarks embed exactly what was imported). */
  chunkTexts(collectionId: string): Promise<string[]>;
  /** Up to n chunks spread evenly over the collection (by id, so the same library gives the same sample). */
  sampleChunks(collectionId: string, n: number): Promise<Omit<ChunkRow, 'vector'>[]>;

  /** Runs maintenance now (tests, benchmarks); normally it is scheduled after writes, and close() runs what is due. */
  maintain(): Promise<void>;
  /** The chunks table's index and fragment state (null before the first embedder is chosen). */
  indexState(): Promise<ChunkIndexState | null>;
  /** Resolves when background maintenance and index builds have finished. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const CHUNK_COLUMNS = ['id', 'document_id', 'collection_id', 'ordinal', 'text', 'page', 'heading_path', 'start', 'end', 'token_count'];

const toDocumentInfo = (row: DocumentRow): DocumentInfo => ({
  id: row.id,
  collectionId: row.collection_id,
  name: row.name,
  path: row.path,
  source: row.source === 'upload' ? 'upload' : 'path',
  // a format this version does not know is shown as plain text; re-indexing reads the file's real one
  format: DocumentFormatSchema.catch('text').parse(row.format),
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

/** Arrow rows come back as proxies with typed-array/BigInt quirks; copy them into plain objects. */
function plainDocument(raw: Record<string, unknown>): DocumentRow {
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

function plainChunk(raw: Record<string, unknown>): Omit<ChunkRow, 'vector'> {
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

/** A promise chain that runs tasks one at a time. */
function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

async function openOrCreate(db: lancedb.Connection, name: string, schema: Schema): Promise<lancedb.Table> {
  const names = await db.tableNames();
  if (names.includes(name)) return db.openTable(name);
  return db.createEmptyTable(name, schema, { mode: 'create', existOk: true });
}

/**
 * Passages holding the typed substring first (by how many runs they hold, then BM25), then the other BM25 hits;
 * scores are made non-increasing so that score-based fusion sees the same order.
 */
function mergeSubstringHits(bm25: ChunkHit[], substring: ChunkHit[], k: number): ChunkHit[] {
  if (substring.length === 0) return bm25;
  const bm25Score = new Map(bm25.map((h) => [h.row.id, h.score]));
  const top = bm25[0]?.score ?? 1;
  const first = substring
    .map((h) => ({ row: h.row, runs: h.score, bm25: bm25Score.get(h.row.id) ?? 0 }))
    .sort((a, b) => b.runs - a.runs || b.bm25 - a.bm25)
    .map((h) => ({ row: h.row, score: top + h.runs + h.bm25 / (top + 1) }));
  const seen = new Set(first.map((h) => h.row.id));
  return [...first, ...bm25.filter((h) => !seen.has(h.row.id))].slice(0, k);
}

export async function openLibraryDatabase(options: LibraryDatabaseOptions): Promise<LibraryDatabase> {
  const log = options.logger.child('store');
  const policy: MaintenancePolicy = { annThreshold: options.annThreshold ?? 20_000, maxSmallFragments: DEFAULT_MAX_SMALL_FRAGMENTS };
  const maintenanceDelay = options.maintenanceDelayMs ?? 1500;
  fs.mkdirSync(options.dir, { recursive: true });
  const metaPath = path.join(options.dir, 'index-meta.json');
  let db: lancedb.Connection;
  try {
    db = await lancedb.connect(options.dir);
  } catch (error) {
    throw new AppError('STORE_ERROR', `Could not open the library at ${options.dir}: ${(error as Error).message}`);
  }
  const collectionsTable = await openOrCreate(db, 'collections', collectionsSchema);
  const documentsTable = await openOrCreate(db, 'documents', documentsSchema);
  const textsTable = await openOrCreate(db, 'document_texts', documentTextsSchema);
  let chunksTable: lancedb.Table | null = (await db.tableNames()).includes('chunks') ? await db.openTable('chunks') : null;

  // none yet: no embedder chosen. One that cannot be read is treated the same (as before), and said in the log.
  const readMeta = readJsonFile(metaPath, IndexMetaSchema);
  if (readMeta.state === 'invalid') log.warn(`index-meta.json ${readMeta.reason}; the library is opened as if no embedder had been chosen`);
  let meta: IndexMeta | null = readMeta.state === 'ok' ? readMeta.value : null;
  const writeMeta = (next: IndexMeta): void => {
    const tmp = `${metaPath}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(next, null, 2));
    fs.renameSync(tmp, metaPath);
    meta = next;
  };

  // [Note: schema migration] columns added since a library was made are added in place, with the value that is true
  // of every older row: no note, no page read by OCR, and every stored chunk has a real vector (a NaN one never landed)
  const hasColumn = async (table: lancedb.Table, name: string): Promise<boolean> => (await table.schema()).fields.some((f) => f.name === name);
  if (!(await hasColumn(documentsTable, 'note'))) await documentsTable.addColumns([{ name: 'note', valueSql: 'CAST(NULL AS STRING)' }]);
  if (!(await hasColumn(documentsTable, 'ocr_pages'))) await documentsTable.addColumns([{ name: 'ocr_pages', valueSql: 'CAST(NULL AS STRING)' }]);
  if (chunksTable && !(await hasColumn(chunksTable, 'has_vector'))) {
    await chunksTable.addColumns([{ name: 'has_vector', valueSql: 'true' }]);
    log.info('migrated the chunks table', { added: 'has_vector' });
  }
  if (meta && meta.schemaVersion < SCHEMA_VERSION) writeMeta({ ...meta, schemaVersion: SCHEMA_VERSION });

  // small tables live in memory too: search results need document names without another query
  const collections = new Map<string, CollectionRow>();
  for (const raw of await collectionsTable.query().toArray()) {
    const row = raw as Record<string, unknown>;
    collections.set(String(row.id), { id: String(row.id), name: String(row.name), created_at: Number(row.created_at) });
  }
  const documents = createDocumentMap();
  for (const raw of await documentsTable.query().toArray()) {
    const row = plainDocument(raw as Record<string, unknown>);
    documents.set(row.id, row);
  }

  const serial = createSerialQueue();
  let maintenanceTimer: ReturnType<typeof setTimeout> | null = null;
  let background: Promise<void> = Promise.resolve();
  let ftsReady = false;
  let closed = false;
  // writes since the last maintenance: close() runs it rather than leave rows out of the indexes
  let dirty = false;

  const refreshIndexState = async (): Promise<void> => {
    if (!chunksTable) return;
    const indices = await chunksTable.listIndices();
    ftsReady = indices.some((i) => i.columns.includes('text') && i.indexType === 'FTS');
  };
  await refreshIndexState();
  // the recipe of the index on disk decides whether phrase queries can run; older ones are rebuilt in place
  let ftsVersion = ftsReady ? readFtsIndexVersion(options.dir) : FTS_INDEX_VERSION;

  const ensureFtsIndex = async (table: lancedb.Table): Promise<void> => {
    await table.createIndex('text', { config: ftsIndexConfig(), replace: true });
    writeFtsIndexVersion(options.dir, FTS_INDEX_VERSION);
    ftsVersion = FTS_INDEX_VERSION;
    ftsReady = true;
  };

  const ensureChunksTable = async (dimension: number): Promise<lancedb.Table> => {
    if (chunksTable) return chunksTable;
    chunksTable = await db.createEmptyTable('chunks', chunksSchema(dimension), { mode: 'create', existOk: true });
    return chunksTable;
  };

  const upsert = async (table: lancedb.Table, key: string, rows: Record<string, unknown>[]): Promise<void> => {
    if (rows.length === 0) return;
    await table.mergeInsert(key).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows);
  };

  const putDocuments = async (rows: DocumentRow[]): Promise<void> => {
    await upsert(documentsTable, 'id', rows as unknown as Record<string, unknown>[]);
    for (const row of rows) documents.set(row.id, row);
  };

  /**
   * Rows as written: keyword-only chunks get their placeholder vector and the flag (see [Note: keyword-only chunks]).
   * A NaN or zero vector is refused here, failing its document: LanceDB refuses NaN on add but not on merge, and a
   * stored one would poison every vector search. The embedding worker never sends one; this guards the store itself.
   */
  const storable = (chunks: ChunkRow[], dimension: number): StoredChunkRow[] =>
    chunks.map((c) => {
      if (c.vector === null) return { ...c, vector: neutralVector(c.id, dimension), has_vector: false };
      let norm = 0;
      for (const x of c.vector) norm += x * x;
      if (!Number.isFinite(norm) || norm < 1e-6) throw new Error(`chunk ${c.id} has a ${Number.isFinite(norm) ? 'zero' : 'non-finite'} vector`);
      return { ...c, vector: c.vector, has_vector: true };
    });
  const chunkData = (chunks: ChunkRow[]): ArrowTable | Record<string, unknown>[] => {
    const dimension = meta?.dimension ?? chunks.find((c) => c.vector !== null)?.vector?.length ?? 0;
    const rows = storable(chunks, dimension);
    return chunksToArrow(rows, chunksSchema(dimension)) ?? (rows as unknown as Record<string, unknown>[]);
  };

  /**
   * One attempt at landing a batch. On failure it undoes what it wrote, so the batch can be retried: new documents'
   * chunks and texts go, re-indexed ones get their previous text back (their chunks are replaced in one commit, which
   * either happened last or not at all), and every row returns to what it was before.
   */
  const commitOnce = async (table: lancedb.Table, batch: PreparedDocument[]): Promise<void> => {
    const ids = batch.map((b) => b.document.id);
    const previous = new Map(ids.flatMap((id) => (documents.has(id) ? [[id, documents.get(id)!] as const] : [])));
    // documents seen before may have chunks to replace; new ones only append (no join over the table)
    const fresh = batch.filter((b) => !previous.has(b.document.id));
    const replaced = batch.filter((b) => previous.has(b.document.id));
    const replacedIds = replaced.map((b) => b.document.id);
    const oldTexts = new Map<string, string>();
    if (replaced.length > 0) {
      for (const raw of await textsTable.query().where(`document_id IN ${sqlIn(replacedIds)}`).toArray()) {
        const row = raw as Record<string, unknown>;
        oldTexts.set(String(row.document_id), String(row.text));
      }
    }
    try {
      // [Note: crash recovery] rows first, marked `indexing`: a crash from here until they are `ready` leaves
      // documents that recovery can see (and clean), never chunks that belong to no document
      await putDocuments(batch.map((b) => ({ ...b.document, status: 'indexing', chunk_count: b.chunks.length })));
      const freshChunks = fresh.flatMap((b) => b.chunks);
      if (freshChunks.length > 0) await table.add(chunkData(freshChunks));
      if (fresh.length > 0) await textsTable.add(fresh.map((b) => ({ document_id: b.document.id, text: b.text })));
      if (replaced.length > 0) {
        await upsert(textsTable, 'document_id', replaced.map((b) => ({ document_id: b.document.id, text: b.text })));
        const chunks = replaced.flatMap((b) => b.chunks);
        // one commit: new chunks in, the previous version's chunks of the same documents out
        const builder = table.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().whenNotMatchedBySourceDelete({ where: `document_id IN ${sqlIn(replacedIds)}` });
        if (chunks.length > 0) await builder.execute(chunkData(chunks));
        else await table.delete(`document_id IN ${sqlIn(replacedIds)}`);
      }
      const now = Date.now();
      await putDocuments(batch.map((b) => ({ ...b.document, status: 'ready', error: null, chunk_count: b.chunks.length, updated_at: now })));
    } catch (error) {
      const freshIds = fresh.map((b) => b.document.id);
      try {
        if (freshIds.length > 0) {
          await table.delete(`document_id IN ${sqlIn(freshIds)}`);
          await textsTable.delete(`document_id IN ${sqlIn(freshIds)}`);
          await documentsTable.delete(`id IN ${sqlIn(freshIds)}`);
          for (const id of freshIds) documents.delete(id);
        }
        const texts = [...oldTexts].map(([document_id, text]) => ({ document_id, text }));
        await upsert(textsTable, 'document_id', texts);
        await putDocuments([...previous.values()]);
      } catch (undoError) {
        // the rows stay `indexing` on disk: the next start cleans them (crash recovery); the caller marks them failed
        log.error('could not undo a failed commit', { error: undoError, documents: ids });
      }
      throw error;
    }
  };

  const scheduleMaintenance = (): void => {
    dirty = true;
    if (closed) return;
    if (maintenanceTimer) clearTimeout(maintenanceTimer);
    maintenanceTimer = setTimeout(() => {
      maintenanceTimer = null;
      background = background.then(() => maintain()).catch((error: unknown) => log.warn('maintenance failed', { error }));
    }, maintenanceDelay);
    maintenanceTimer.unref?.();
  };

  // [Note: maintenance always happens] scheduled after writes in a running process, run by close() when writes are
  // pending (the CLI awaits it), and scheduled at open when the statistics say rows are unindexed; see maintenance.ts
  const maintain = async (evenIfClosed = false): Promise<void> => {
    if (closed && !evenIfClosed) return;
    dirty = false;
    await serial(async () => {
      const table = chunksTable;
      if (!table) return;
      if ((!ftsReady || ftsVersion < FTS_INDEX_VERSION) && (await table.countRows()) > 0) {
        // [Note: full-text migration] an index from an older recipe (no positions, no CJK segmentation) is rebuilt
        // here; searches use the old one, without phrases, until the new one is committed
        if (ftsReady) log.info('rebuilding the full-text index', { from: ftsVersion, to: FTS_INDEX_VERSION });
        await ensureFtsIndex(table);
      }
      // compacts small fragments and folds new rows into the FTS and vector indexes (no rebuild)
      const started = performance.now();
      const { before, plan } = await optimizeIfDue(table, policy);
      const olderThan = new Date(Date.now() - 5 * 60_000);
      for (const t of [documentsTable, textsTable, collectionsTable]) await t.optimize({ cleanupOlderThan: olderThan });
      if (plan.optimize) log.info('optimized the chunks table', { ...before, ms: Math.round(performance.now() - started) });
    });
    const table = chunksTable;
    if (!table) return;
    const started = performance.now();
    if (await createVectorIndexIfDue(table, policy)) log.info('built vector index', { rows: await table.countRows(), ms: Math.round(performance.now() - started) });
    const filterIndexes = await createFilterIndexesIfDue(table, policy);
    if (filterIndexes.length > 0) log.info('built filter indexes', { columns: filterIndexes });
  };

  const withStoreErrors = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (error) {
      if (error instanceof AppError) throw error;
      // the database's own message (a Rust error with source paths) is for the log, not for the user
      log.error(`${what} failed`, { error });
      throw new AppError('STORE_ERROR', `${what} failed in the library's database. Try again; if it keeps failing, the log has the details.`);
    }
  };

  const countsByCollection = async (): Promise<Map<string, { documents: number; chunks: number }>> => {
    const counts = new Map<string, { documents: number; chunks: number }>();
    for (const doc of documents.values()) {
      const c = counts.get(doc.collection_id) ?? { documents: 0, chunks: 0 };
      c.documents++;
      c.chunks += doc.status === 'ready' ? doc.chunk_count : 0;
      counts.set(doc.collection_id, c);
    }
    return counts;
  };

  const collectionInfo = async (row: CollectionRow): Promise<Collection> => {
    const c = (await countsByCollection()).get(row.id) ?? { documents: 0, chunks: 0 };
    return { id: row.id, name: row.name, createdAt: row.created_at, documentCount: c.documents, chunkCount: c.chunks };
  };

  const deleteDocumentsNow = async (ids: string[]): Promise<void> => {
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      const filter = `document_id IN ${sqlIn(slice)}`;
      if (chunksTable) await chunksTable.delete(filter);
      await textsTable.delete(filter);
      await documentsTable.delete(`id IN ${sqlIn(slice)}`);
      for (const id of slice) documents.delete(id);
    }
  };

  // [Note: crash recovery] a document still `indexing` at start-up was interrupted; its chunks may be partial
  // relative to its row, so they go and it is marked for re-import.
  const interrupted = [...documents.values()].filter((d) => d.status === 'indexing');
  if (interrupted.length > 0) {
    const ids = interrupted.map((d) => d.id);
    if (chunksTable) await chunksTable.delete(`document_id IN ${sqlIn(ids)}`);
    await putDocuments(interrupted.map((d) => ({ ...d, status: 'interrupted', chunk_count: 0, error: 'Loci stopped while indexing this file; re-index it', updated_at: Date.now() })));
    log.warn('recovered interrupted documents', { count: ids.length });
  }

  if (!collections.has(DEFAULT_COLLECTION_ID)) {
    const row = { id: DEFAULT_COLLECTION_ID, name: DEFAULT_COLLECTION_NAME, created_at: Date.now() };
    await collectionsTable.add([row]);
    collections.set(row.id, row);
  }

  if (ftsReady && ftsVersion < FTS_INDEX_VERSION) scheduleMaintenance();
  else if (chunksTable && isDue(planMaintenance(await inspectChunks(chunksTable), policy))) scheduleMaintenance();

  const textQuery = async (table: lancedb.Table, collectionId: string, parsed: ParsedQuery, k: number): Promise<ChunkHit[]> => {
    const query = buildFullTextQuery(parsed, 'text', ftsVersion >= 2);
    if (!query) return [];
    const rows = await table
      .query()
      .fullTextSearch(query)
      .where(`collection_id = ${sqlString(collectionId)}`)
      .select([...CHUNK_COLUMNS, '_score'])
      .limit(k)
      .toArray();
    return rows.map((raw: Record<string, unknown>) => ({ row: plainChunk(raw), score: Number(raw._score) }));
  };

  /** Chunks holding a run of unspaced script verbatim: word segmentation can cut a substring the user typed. */
  const substringHits = async (table: lancedb.Table, collectionId: string, runs: string[], k: number): Promise<ChunkHit[]> => {
    if (runs.length === 0) return [];
    // runs hold only letters of those scripts, so no LIKE wildcard or quote can reach the filter
    const like = runs.map((r) => `text LIKE ${sqlString(`%${r}%`)}`).join(' OR ');
    const rows = await table.query().where(`collection_id = ${sqlString(collectionId)} AND (${like})`).select([...CHUNK_COLUMNS]).limit(k).toArray();
    return rows.map((raw: Record<string, unknown>) => {
      const row = plainChunk(raw);
      return { row, score: runs.filter((r) => row.text.includes(r)).length };
    });
  };

  const store: LibraryDatabase = {
    dir: options.dir,
    indexMeta: () => meta,

    useEmbedder: (embedderId, dimension, dtype) =>
      serial(async () => {
        if (meta && embedderDiffers(meta, embedderId, dimension, dtype ?? null)) return { needsReindex: true };
        if (!meta) writeMeta({ embedderId, dimension, ...(dtype ? { dtype } : {}), schemaVersion: SCHEMA_VERSION });
        else if (meta.dtype === undefined && dtype) writeMeta({ ...meta, dtype });
        await ensureChunksTable(dimension);
        return { needsReindex: false };
      }),

    resetForEmbedder: (embedderId, dimension, dtype) =>
      serial(async () => {
        if ((await db.tableNames()).includes('chunks')) await db.dropTable('chunks');
        chunksTable = null;
        ftsReady = false;
        await ensureChunksTable(dimension);
        writeMeta({ embedderId, dimension, ...(dtype ? { dtype } : {}), schemaVersion: SCHEMA_VERSION });
        const now = Date.now();
        await putDocuments([...documents.values()].map((d) => ({ ...d, status: 'stale', chunk_count: 0, updated_at: now })));
      }),

    listCollections: async () => {
      const counts = await countsByCollection();
      return [...collections.values()]
        .sort((a, b) => (a.id === DEFAULT_COLLECTION_ID ? -1 : b.id === DEFAULT_COLLECTION_ID ? 1 : a.created_at - b.created_at))
        .map((row) => {
          const c = counts.get(row.id) ?? { documents: 0, chunks: 0 };
          return { id: row.id, name: row.name, createdAt: row.created_at, documentCount: c.documents, chunkCount: c.chunks };
        });
    },
    hasCollection: (id) => collections.has(id),
    createCollection: (name) =>
      serial(async () => {
        const row = { id: crypto.randomUUID(), name: name.trim(), created_at: Date.now() };
        await collectionsTable.add([row]);
        collections.set(row.id, row);
        return collectionInfo(row);
      }),
    renameCollection: (id, name) =>
      serial(async () => {
        const row = collections.get(id);
        if (!row) throw new AppError('NOT_FOUND', 'No such collection', { id });
        const next = { ...row, name: name.trim() };
        await collectionsTable.update({ where: `id = ${sqlString(id)}`, values: { name: next.name } });
        collections.set(id, next);
        return collectionInfo(next);
      }),
    deleteCollection: (id) =>
      serial(async () => {
        if (id === DEFAULT_COLLECTION_ID) throw new AppError('CONFLICT', 'The default collection cannot be deleted');
        if (!collections.has(id)) throw new AppError('NOT_FOUND', 'No such collection', { id });
        await deleteDocumentsNow([...documents.values()].filter((d) => d.collection_id === id).map((d) => d.id));
        await collectionsTable.delete(`id = ${sqlString(id)}`);
        collections.delete(id);
        scheduleMaintenance();
      }),

    listDocuments: (collectionId) =>
      [...documents.values()]
        .filter((d) => d.collection_id === collectionId)
        .sort((a, b) => b.added_at - a.added_at || a.name.localeCompare(b.name))
        .map(toDocumentInfo),
    getDocument: (id) => {
      const row = documents.get(id);
      return row ? toDocumentInfo(row) : null;
    },
    findDocumentByPath: (collectionId, docPath) => {
      const row = documents.byPath(collectionId, docPath);
      return row ? toDocumentInfo(row) : null;
    },
    contentHashOf: (id) => documents.get(id)?.content_hash ?? null,
    contentHashes: (collectionIds) => {
      const hashes = new Set<string>();
      for (const d of documents.values()) if (d.content_hash && collectionIds.has(d.collection_id)) hashes.add(d.content_hash);
      return hashes;
    },
    getDocumentText: async (id) => {
      const rows = await textsTable.query().where(`document_id = ${sqlString(id)}`).limit(1).toArray();
      const row = rows[0] as Record<string, unknown> | undefined;
      return row ? String(row.text) : null;
    },

    beginDocuments: (rows) => withStoreErrors('Recording documents', () => serial(() => putDocuments(rows.map((r) => ({ ...r, status: 'indexing' }))))),

    commitDocuments: (batch) =>
      withStoreErrors('Writing chunks', () =>
        serial(async (): Promise<CommitOutcome> => {
          const outcome: CommitOutcome = { failed: [] };
          if (batch.length === 0) return outcome;
          const table = chunksTable;
          if (!table) throw new AppError('STORE_ERROR', 'The index is not ready for writing');
          try {
            await commitOnce(table, batch);
          } catch (error) {
            log.warn('commit failed', { error, documents: batch.length });
            // one by one, so that only the document the database refuses fails
            for (const doc of batch.length > 1 ? batch : []) {
              try {
                await commitOnce(table, [doc]);
              } catch (single) {
                log.warn('document refused by the store', { error: single, documentId: doc.document.id, name: doc.document.name, chunks: doc.chunks.length });
                outcome.failed.push({ documentId: doc.document.id, reason: documents.get(doc.document.id)?.status === 'ready' ? REPLACE_FAILED_REASON : COMMIT_FAILED_REASON });
              }
            }
            if (batch.length === 1) {
              const doc = batch[0]!;
              log.warn('document refused by the store', { error, documentId: doc.document.id, name: doc.document.name, chunks: doc.chunks.length });
              outcome.failed.push({ documentId: doc.document.id, reason: documents.get(doc.document.id)?.status === 'ready' ? REPLACE_FAILED_REASON : COMMIT_FAILED_REASON });
            }
            // a new document that did not land stays listed as failed, with the reason, so it can be re-indexed
            const failedFresh = outcome.failed.flatMap((f) => {
              if (documents.get(f.documentId)?.status === 'ready') return [];
              const doc = batch.find((b) => b.document.id === f.documentId)!;
              return [{ ...doc.document, status: 'failed', chunk_count: 0, error: f.reason, note: null, updated_at: Date.now() }];
            });
            try {
              // chunks too: when undoing failed as well, some may have landed
              if (failedFresh.length > 0) await table.delete(`document_id IN ${sqlIn(failedFresh.map((d) => d.id))}`);
              await putDocuments(failedFresh);
            } catch (markError) {
              log.error('could not mark documents failed', { error: markError });
            }
          }
          // the first rows get their full-text index at once so keyword search works right after the first import;
          // later rows are searched unindexed until maintenance folds them in
          const failed = new Set(outcome.failed.map((f) => f.documentId));
          if (!ftsReady && batch.some((b) => !failed.has(b.document.id) && b.chunks.length > 0)) await ensureFtsIndex(table);
          scheduleMaintenance();
          return outcome;
        }),
      ),

    failDocuments: (ids, reason) =>
      withStoreErrors('Recording failed documents', () =>
        serial(async () => {
          const stuck = ids.flatMap((id) => {
            const row = documents.get(id);
            return row && row.status === 'indexing' ? [row] : [];
          });
          if (stuck.length === 0) return;
          const stuckIds = stuck.map((d) => d.id);
          if (chunksTable) await chunksTable.delete(`document_id IN ${sqlIn(stuckIds)}`);
          await putDocuments(stuck.map((d) => ({ ...d, status: 'failed', chunk_count: 0, error: reason, note: null, updated_at: Date.now() })));
          log.warn('marked documents left indexing as failed', { count: stuck.length });
        }),
      ),

    removeDocuments: (ids) =>
      withStoreErrors('Removing documents', () =>
        serial(async () => {
          const present = ids.filter((id) => documents.has(id));
          await deleteDocumentsNow(present);
          scheduleMaintenance();
          return present.length;
        }),
      ),

    relocateDocument: (id, to) =>
      withStoreErrors('Updating a document', () =>
        serial(async () => {
          const row = documents.get(id);
          if (!row) throw new AppError('NOT_FOUND', 'That document is no longer in the library', { id });
          const next: DocumentRow = { ...row, path: to.path, name: to.name, modified_at: to.modifiedAt, size_bytes: to.sizeBytes, updated_at: Date.now() };
          await putDocuments([next]);
          return toDocumentInfo(next);
        }),
      ),

    vectorSearch: async (collectionId, vector, k) => {
      if (!chunksTable) return [];
      const rows = await chunksTable
        .vectorSearch(vector)
        .distanceType('cosine')
        .nprobes(VECTOR_SEARCH.nprobes)
        .refineFactor(VECTOR_SEARCH.refineFactor)
        .where(vectorSearchFilter(collectionId))
        .select([...CHUNK_COLUMNS, '_distance'])
        .limit(k)
        .toArray();
      return rows.map((raw: Record<string, unknown>) => ({ row: plainChunk(raw), score: 1 - Number(raw._distance) }));
    },

    textSearch: async (collectionId, query, k) => {
      const table = chunksTable;
      if (!table) return [];
      const parsed = parseUserQuery(query);
      try {
        let hits = await textQuery(table, collectionId, parsed, k);
        if (hits.length === 0 && parsed.phrases.length > 0) hits = await textQuery(table, collectionId, loosened(parsed), k);
        return mergeSubstringHits(hits, await substringHits(table, collectionId, parsed.unspacedRuns, k), k);
      } catch (error) {
        // no FTS index yet (first import still settling) is not an error for the user
        if (/index/i.test((error as Error).message) && !ftsReady) return [];
        log.warn('full-text search failed', { error: (error as Error).message });
        throw new AppError('STORE_ERROR', 'The keyword search could not run on this query');
      }
    },

    chunkTexts: async (collectionId) => {
      if (!chunksTable) return [];
      const rows = await chunksTable.query().where(`collection_id = ${sqlString(collectionId)}`).select(['text']).toArray();
      return rows.map((r: Record<string, unknown>) => String(r.text));
    },

    sampleChunks: async (collectionId, n) => {
      const table = chunksTable;
      if (!table || n <= 0) return [];
      const ids = (await table.query().where(`collection_id = ${sqlString(collectionId)}`).select(['id']).toArray()).map((r: Record<string, unknown>) => String(r.id)).sort();
      const step = Math.max(1, ids.length / n);
      const picked = [...new Set(Array.from({ length: Math.min(n, ids.length) }, (_, i) => ids[Math.floor(i * step)]!))];
      if (picked.length === 0) return [];
      const rows = await table.query().where(`id IN ${sqlIn(picked)}`).select([...CHUNK_COLUMNS]).toArray();
      return rows.map((raw: Record<string, unknown>) => plainChunk(raw)).sort((a, b) => (a.id < b.id ? -1 : 1));
    },

    chunkCount: async (collectionId) => (chunksTable ? chunksTable.countRows(collectionId ? `collection_id = ${sqlString(collectionId)}` : undefined) : 0),

    maintain: async () => {
      // an explicit run replaces the scheduled one
      if (maintenanceTimer) clearTimeout(maintenanceTimer);
      maintenanceTimer = null;
      await background;
      await maintain();
    },
    indexState: async () => (chunksTable ? inspectChunks(chunksTable) : null),
    idle: async () => {
      while (maintenanceTimer) await new Promise((resolve) => setTimeout(resolve, 50));
      await background;
    },
    close: async () => {
      closed = true;
      if (maintenanceTimer) clearTimeout(maintenanceTimer);
      maintenanceTimer = null;
      await background.catch(() => undefined);
      if (dirty) await maintain(true).catch((error: unknown) => log.warn('maintenance at close failed', { error }));
      await serial(async () => undefined);
      db.close();
    },
  };
  return store;
}
