// The library database (plain Node, in the process that owns the library): an embedded LanceDB with collections,
// documents, their extracted texts and the chunks (vectors + full-text index), the one door to it. This file opens the
// tables and keeps the index state, owns the serial write queue (every write runs through it, so no search ever sees
// half of a document), runs maintenance, and wires the parts (writes, queries, recovery, rowMapping, indexMeta).
import fs from 'node:fs';
import * as lancedb from '@lancedb/lancedb';
import type { Schema } from 'apache-arrow';
import { DEFAULT_COLLECTION_ID, type Collection, type DocumentInfo } from '../../../shared/contract/library';
import { AppError } from '../../../shared/contract/errors';
import { createDocumentMap } from './documentMap';
import { FTS_INDEX_VERSION, ftsIndexConfig, readFtsIndexVersion, writeFtsIndexVersion } from './fullTextIndex';
import { readIndexMeta, recordedVectorIndex, writeIndexMeta, embedderDiffers, type IndexMeta } from './indexMeta';
import type { Logger } from '../logging/logger';
import { createFilterIndexesIfDue, createVectorIndexIfDue, DEFAULT_MAX_SMALL_FRAGMENTS, inspectChunks, isDue, isRetryableConflict, optimizeIfDue, planMaintenance, retryPreempted, VECTOR_INDEX_RECIPE, type ChunkIndexState, type MaintenancePolicy } from './maintenance';
import { createChunkQueries, type ChunkCandidate, type ChunkPassageRow } from './queries';
import { failLeftIndexing, migrateColumns, recoverInterrupted, type RecoveryTarget } from './recovery';
import { countByCollection, plainCollection, plainDocument, toCollection, toDocumentInfo, type CollectionCounts } from './rowMapping';
import {
  chunksSchema,
  collectionsSchema,
  documentsSchema,
  documentTextsSchema,
  SCHEMA_VERSION,
  sqlString,
  type ChunkRow,
  type CollectionRow,
  type DocumentRow,
} from './tableSchemas';
import { createWrites, withDatabaseErrors, type CommitOutcome, type DocumentLocation, type PreparedDocument } from './writes';

export type { ChunkCandidate, ChunkHit, ChunkPassageRow } from './queries';
export type { IndexMeta } from './indexMeta';
export { COMMIT_FAILED_REASON, type CommitOutcome, type DocumentLocation, type PreparedDocument } from './writes';

export interface LibraryDatabaseOptions {
  dir: string;
  logger: Logger;
  /** Rows from which a vector index (HNSW) is built in the background. */
  annThreshold?: number;
  /** Delay after the last write before maintenance runs, ms. */
  maintenanceDelayMs?: number;
  /** Longest a stream of writes puts maintenance off, from its first write, ms (a long sync still gets indexed); default 10 s, or the delay when longer. */
  maintenanceMaxWaitMs?: number;
  /** Compacts and re-indexes the chunks table when due (default `optimizeIfDue`; tests wrap it to hold it open). */
  optimizeChunks?: typeof optimizeIfDue;
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

  /** A collection's documents, newest first (ties by name). */
  listDocuments(collectionId: string): DocumentInfo[];
  /** A collection's documents in no particular order: for callers that sort, index or filter them themselves. */
  documentsOf(collectionId: string): DocumentInfo[];
  /** Changes with every write to the documents (any collection): what a cached list is checked against. */
  documentsRevision(): number;
  getDocument(id: string): DocumentInfo | null;
  findDocumentByPath(collectionId: string, docPath: string): DocumentInfo | null;
  contentHashOf(id: string): string | null;
  /** The content hashes of the documents in these collections: one pass over the rows in memory, no list to sort. */
  contentHashes(collectionIds: ReadonlySet<string>): Set<string>;
  getDocumentText(id: string): Promise<string | null>;

  /** Documents of these ids still `indexing` (a commit whose undo failed too) become `failed`, without chunks. */
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
  relocateDocument(id: string, to: DocumentLocation): Promise<DocumentInfo>;

  /** The searches without reading the passages, then the read of the chosen ones ([Note: lean candidates]). */
  vectorCandidates(collectionId: string, vector: Float32Array, k: number): Promise<ChunkCandidate[]>;
  textCandidates(collectionId: string, query: string, k: number): Promise<ChunkCandidate[]>;
  readChunks(candidates: readonly ChunkCandidate[]): Promise<Map<string, ChunkPassageRow>>;
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

// one collator for every listing (String.prototype.localeCompare sets one up per call)
const byName = new Intl.Collator();

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

export async function openLibraryDatabase(options: LibraryDatabaseOptions): Promise<LibraryDatabase> {
  const log = options.logger.child('database');
  const policy: MaintenancePolicy = { annThreshold: options.annThreshold ?? 20_000, maxSmallFragments: DEFAULT_MAX_SMALL_FRAGMENTS };
  const maintenanceDelay = options.maintenanceDelayMs ?? 1500;
  // a caller that puts maintenance off (benchmarks measuring writes, then the index build) gets no earlier run
  const maintenanceMaxWait = options.maintenanceMaxWaitMs ?? Math.max(10_000, maintenanceDelay);
  fs.mkdirSync(options.dir, { recursive: true });
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

  let meta: IndexMeta | null = readIndexMeta(options.dir, log);
  const writeMeta = (next: IndexMeta): void => {
    writeIndexMeta(options.dir, next);
    meta = next;
  };

  await migrateColumns(documentsTable, chunksTable, log);
  if (meta && meta.schemaVersion < SCHEMA_VERSION) writeMeta({ ...meta, schemaVersion: SCHEMA_VERSION });

  // small tables live in memory too: search results need document names without another query
  const collections = new Map<string, CollectionRow>();
  for (const raw of await collectionsTable.query().toArray()) {
    const row = plainCollection(raw as Record<string, unknown>);
    collections.set(row.id, row);
  }
  const documents = createDocumentMap();
  for (const raw of await documentsTable.query().toArray()) {
    const row = plainDocument(raw as Record<string, unknown>);
    documents.set(row.id, row);
  }

  const serial = createSerialQueue();
  // [Note: maintenance beside writes] maintenance runs one at a time, but not in the write queue: LanceDB commits
  // a compaction or an index update beside appends, deletes and merge-inserts (a write that conflicts is retried by
  // LanceDB itself; a compaction a write preempted, by retryPreempted), so an edited file lands while an optimize of
  // seconds runs. Dropping the chunks table waits.
  const maintenanceLock = createSerialQueue();
  const optimizeChunks = options.optimizeChunks ?? optimizeIfDue;
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

  // a debounce with a longest wait: a burst of writes is maintained once after it, and a sync of minutes is
  // maintained every maxWait meanwhile (its rows reach the full-text index; a search right after it is not a flat scan)
  let pendingSince: number | null = null;
  const scheduleMaintenance = (): void => {
    dirty = true;
    if (closed) return;
    if (maintenanceTimer) clearTimeout(maintenanceTimer);
    const now = Date.now();
    pendingSince ??= now;
    maintenanceTimer = setTimeout(() => {
      maintenanceTimer = null;
      pendingSince = null;
      background = background.then(() => maintain()).catch((error: unknown) => log.warn('maintenance failed', { error }));
    }, Math.max(0, Math.min(maintenanceDelay, pendingSince + maintenanceMaxWait - now)));
    maintenanceTimer.unref?.();
  };

  // [Note: maintenance always happens] scheduled after writes in a running process, run by close() when writes are
  // pending (the CLI awaits it), and scheduled at open when the statistics say rows are unindexed; see maintenance.ts
  const maintain = async (evenIfClosed = false): Promise<void> => {
    if (closed && !evenIfClosed) return;
    dirty = false;
    const started = performance.now();
    await maintenanceLock(maintainNow).catch((error: unknown) => {
      if (!isRetryableConflict(error)) throw error;
      // writes kept landing on what was being compacted or indexed: they win, and maintenance runs again after them
      log.info('maintenance gave way to writes; it runs again after them', { ms: Math.round(performance.now() - started) });
      scheduleMaintenance();
    });
  };

  const maintainNow = async (): Promise<void> => {
    const table = chunksTable;
    if (!table) return;
    if ((!ftsReady || ftsVersion < FTS_INDEX_VERSION) && (await table.countRows()) > 0) {
      // [Note: full-text migration] an index from an older recipe (no positions, no CJK segmentation) is rebuilt
      // here, in the write queue (it replaces the index); searches use the old one, without phrases, until then
      if (ftsReady) log.info('rebuilding the full-text index', { from: ftsVersion, to: FTS_INDEX_VERSION });
      await serial(() => ensureFtsIndex(table));
    }
    // compacts small fragments and folds new rows into the FTS and vector indexes (no rebuild)
    const started = performance.now();
    const { before, plan } = await optimizeChunks(table, policy);
    const olderThan = new Date(Date.now() - 5 * 60_000);
    for (const t of [documentsTable, textsTable, collectionsTable]) await retryPreempted(() => t.optimize({ cleanupOlderThan: olderThan }));
    if (plan.optimize) log.info('optimized the chunks table', { ...before, ms: Math.round(performance.now() - started) });
    const indexStarted = performance.now();
    const recorded = recordedVectorIndex(meta);
    const builtOver = await createVectorIndexIfDue(table, policy, recorded);
    if (builtOver !== null) {
      if (meta) writeMeta({ ...meta, vectorIndexRows: builtOver, vectorIndexRecipe: VECTOR_INDEX_RECIPE });
      log.info(recorded.rows === null && recorded.recipe === null ? 'built vector index' : 'rebuilt the vector index (outgrown, or of an older recipe)', { rows: builtOver, recordedRows: recorded.rows, recordedRecipe: recorded.recipe, ms: Math.round(performance.now() - indexStarted) });
    }
    const filterIndexes = await createFilterIndexesIfDue(table, policy);
    if (filterIndexes.length > 0) log.info('built filter indexes', { columns: filterIndexes });
  };

  const writes = createWrites({
    collectionsTable,
    documentsTable,
    textsTable,
    chunks: () => chunksTable,
    collections,
    documents,
    dimension: () => meta?.dimension,
    ftsReady: () => ftsReady,
    ensureFtsIndex,
    scheduleMaintenance,
    log,
  });

  // the chunks table is read when recovery runs, not when it is wired: resetForEmbedder replaces it
  const recovery = (): RecoveryTarget => ({ documents, chunks: chunksTable, putDocuments: writes.putDocuments, log });
  await recoverInterrupted(recovery());
  await writes.ensureDefaultCollection();

  if (ftsReady && ftsVersion < FTS_INDEX_VERSION) scheduleMaintenance();
  else if (chunksTable && isDue(planMaintenance(await inspectChunks(chunksTable), policy, recordedVectorIndex(meta)))) scheduleMaintenance();

  // from the documents' own chunk counts (in memory): a guide for how to filter, never for what is found. Every
  // vector search asks, so the counts are made again only when the documents change.
  let counted: { revision: number; counts: CollectionCounts; total: number } | null = null;
  const collectionShare = (collectionId: string): number | null => {
    if (counted?.revision !== documents.revision) {
      const counts = countByCollection(documents.values());
      counted = { revision: documents.revision, counts, total: [...counts.values()].reduce((sum, c) => sum + c.chunks, 0) };
    }
    return counted.total > 0 ? (counted.counts.get(collectionId)?.chunks ?? 0) / counted.total : null;
  };
  const queries = createChunkQueries({ chunks: () => chunksTable, ftsVersion: () => ftsVersion, ftsReady: () => ftsReady, collectionShare, log });

  const rowsOf = (collectionId: string): DocumentRow[] => [...documents.values()].filter((d) => d.collection_id === collectionId);

  const database: LibraryDatabase = {
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
      // maintenance first, then the write queue (the order maintain() takes them in): no optimize of a dropped table
      maintenanceLock(() => serial(async () => {
        if ((await db.tableNames()).includes('chunks')) await db.dropTable('chunks');
        chunksTable = null;
        ftsReady = false;
        await ensureChunksTable(dimension);
        writeMeta({ embedderId, dimension, ...(dtype ? { dtype } : {}), schemaVersion: SCHEMA_VERSION });
        const now = Date.now();
        await writes.putDocuments([...documents.values()].map((d) => ({ ...d, status: 'stale', chunk_count: 0, updated_at: now })));
      })),

    listCollections: async () => {
      const counts = countByCollection(documents.values());
      return [...collections.values()]
        .sort((a, b) => (a.id === DEFAULT_COLLECTION_ID ? -1 : b.id === DEFAULT_COLLECTION_ID ? 1 : a.created_at - b.created_at))
        .map((row) => toCollection(row, counts));
    },
    hasCollection: (id) => collections.has(id),
    createCollection: (name) => serial(() => writes.createCollection(name)),
    renameCollection: (id, name) => serial(() => writes.renameCollection(id, name)),
    deleteCollection: (id) => serial(() => writes.deleteCollection(id)),

    listDocuments: (collectionId) =>
      rowsOf(collectionId)
        .sort((a, b) => b.added_at - a.added_at || byName.compare(a.name, b.name))
        .map(toDocumentInfo),
    documentsOf: (collectionId) => rowsOf(collectionId).map(toDocumentInfo),
    documentsRevision: () => documents.revision,
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

    commitDocuments: (batch) => withDatabaseErrors(log, 'Writing chunks', () => serial(() => writes.commitDocuments(batch))),
    failDocuments: (ids, reason) => withDatabaseErrors(log, 'Recording failed documents', () => serial(() => failLeftIndexing(recovery(), ids, reason))),
    removeDocuments: (ids) => withDatabaseErrors(log, 'Removing documents', () => serial(() => writes.removeDocuments(ids))),
    relocateDocument: (id, to) => withDatabaseErrors(log, 'Updating a document', () => serial(() => writes.relocateDocument(id, to))),

    vectorCandidates: queries.vectorCandidates,
    textCandidates: queries.textCandidates,
    readChunks: queries.readChunks,
    chunkTexts: queries.chunkTexts,
    sampleChunks: queries.sampleChunks,
    chunkCount: queries.chunkCount,

    maintain: async () => {
      // an explicit run replaces the scheduled one
      if (maintenanceTimer) clearTimeout(maintenanceTimer);
      maintenanceTimer = null;
      pendingSince = null;
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
  return database;
}
