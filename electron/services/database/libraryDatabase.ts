// The library database (plain Node, in the process that owns the library): an embedded LanceDB with collections,
// documents, their extracted texts and the chunks (vectors + full-text index), the one door to it. This file composes
// the parts (rowMapping, queries, recovery, maintenance, indexMeta) and owns the writes: they are serialised, a
// document's chunks land in one commit, so no search ever sees half of a document; maintenance keeps the indexes current.
import fs from 'node:fs';
import * as lancedb from '@lancedb/lancedb';
import type { Schema, Table as ArrowTable } from 'apache-arrow';
import { DEFAULT_COLLECTION_ID, type Collection, type DocumentInfo } from '../../../shared/contract/library';
import { AppError } from '../../../shared/contract/errors';
import { chunksToArrow } from './chunksToArrow';
import { createDocumentMap } from './documentMap';
import { FTS_INDEX_VERSION, ftsIndexConfig, readFtsIndexVersion, writeFtsIndexVersion } from './fullTextIndex';
import { readIndexMeta, writeIndexMeta, embedderDiffers, type IndexMeta } from './indexMeta';
import type { Logger } from '../logging/logger';
import { createFilterIndexesIfDue, createVectorIndexIfDue, DEFAULT_MAX_SMALL_FRAGMENTS, inspectChunks, isDue, optimizeIfDue, planMaintenance, type ChunkIndexState, type MaintenancePolicy } from './maintenance';
import { createChunkQueries, type ChunkHit } from './queries';
import { failLeftIndexing, migrateColumns, recoverInterrupted, type RecoveryTarget } from './recovery';
import { countByCollection, plainCollection, plainDocument, storableChunks, toCollection, toDocumentInfo } from './rowMapping';
import {
  chunksSchema,
  collectionsSchema,
  documentsSchema,
  documentTextsSchema,
  SCHEMA_VERSION,
  sqlIn,
  sqlString,
  type ChunkRow,
  type CollectionRow,
  type DocumentRow,
} from './tableSchemas';

export type { ChunkHit } from './queries';
export type { IndexMeta } from './indexMeta';

const DEFAULT_COLLECTION_NAME = 'My Library';

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
  const log = options.logger.child('store');
  const policy: MaintenancePolicy = { annThreshold: options.annThreshold ?? 20_000, maxSmallFragments: DEFAULT_MAX_SMALL_FRAGMENTS };
  const maintenanceDelay = options.maintenanceDelayMs ?? 1500;
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

  const chunkData = (chunks: ChunkRow[]): ArrowTable | Record<string, unknown>[] => {
    const dimension = meta?.dimension ?? chunks.find((c) => c.vector !== null)?.vector?.length ?? 0;
    const rows = storableChunks(chunks, dimension);
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

  const collectionOf = (row: CollectionRow): Collection => toCollection(row, countByCollection(documents.values()));

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

  // the chunks table is read when recovery runs, not when it is wired: resetForEmbedder replaces it
  const recovery = (): RecoveryTarget => ({ documents, chunks: chunksTable, putDocuments, log });
  await recoverInterrupted(recovery());

  if (!collections.has(DEFAULT_COLLECTION_ID)) {
    const row = { id: DEFAULT_COLLECTION_ID, name: DEFAULT_COLLECTION_NAME, created_at: Date.now() };
    await collectionsTable.add([row]);
    collections.set(row.id, row);
  }

  if (ftsReady && ftsVersion < FTS_INDEX_VERSION) scheduleMaintenance();
  else if (chunksTable && isDue(planMaintenance(await inspectChunks(chunksTable), policy))) scheduleMaintenance();

  const queries = createChunkQueries({ chunks: () => chunksTable, ftsVersion: () => ftsVersion, ftsReady: () => ftsReady, log });

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
      const counts = countByCollection(documents.values());
      return [...collections.values()]
        .sort((a, b) => (a.id === DEFAULT_COLLECTION_ID ? -1 : b.id === DEFAULT_COLLECTION_ID ? 1 : a.created_at - b.created_at))
        .map((row) => toCollection(row, counts));
    },
    hasCollection: (id) => collections.has(id),
    createCollection: (name) =>
      serial(async () => {
        const row = { id: crypto.randomUUID(), name: name.trim(), created_at: Date.now() };
        await collectionsTable.add([row]);
        collections.set(row.id, row);
        return collectionOf(row);
      }),
    renameCollection: (id, name) =>
      serial(async () => {
        const row = collections.get(id);
        if (!row) throw new AppError('NOT_FOUND', 'No such collection', { id });
        const next = { ...row, name: name.trim() };
        await collectionsTable.update({ where: `id = ${sqlString(id)}`, values: { name: next.name } });
        collections.set(id, next);
        return collectionOf(next);
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

    failDocuments: (ids, reason) => withStoreErrors('Recording failed documents', () => serial(() => failLeftIndexing(recovery(), ids, reason))),

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

    vectorSearch: queries.vectorSearch,
    textSearch: queries.textSearch,
    chunkTexts: queries.chunkTexts,
    sampleChunks: queries.sampleChunks,
    chunkCount: queries.chunkCount,

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
