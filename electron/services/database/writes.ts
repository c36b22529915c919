// The library database's write path (plain Node, in the process that owns the library): documents land with their
// chunks and texts in one commit each (a failed batch is undone and retried document by document), and documents and
// collections are moved, removed and renamed. Not serialised here: the database's write queue runs each of these.
import type * as lancedb from '@lancedb/lancedb';
import type { Table as ArrowTable } from 'apache-arrow';
import { DEFAULT_COLLECTION_ID, type Collection, type DocumentInfo } from '../../../shared/contract/library';
import { AppError } from '../../../shared/contract/errors';
import type { Logger } from '../logging/logger';
import { chunksToArrow } from './chunksToArrow';
import type { DocumentMap } from './documentMap';
import { countByCollection, storableChunks, toCollection, toDocumentInfo } from './rowMapping';
import { chunksSchema, sqlIn, sqlString, type ChunkRow, type CollectionRow, type DocumentRow } from './tableSchemas';

const DEFAULT_COLLECTION_NAME = 'My Library';

/** One document ready to land: its row (status is set by the database), its extracted text and its chunks. */
export interface PreparedDocument {
  document: DocumentRow;
  text: string;
  chunks: ChunkRow[];
}

/** What became of a commit: documents that did not land, each with what to tell the user. Everything else is `ready`. */
export interface CommitOutcome {
  failed: { documentId: string; reason: string }[];
}

/** Where a moved, renamed or touched file now is, and its file times. */
export interface DocumentLocation {
  path: string;
  name: string;
  modifiedAt: number;
  sizeBytes: number;
}

/** The user's words for a document the database refused; the cause goes to the log. */
export const COMMIT_FAILED_REASON = 'Loci could not save this file in the library (the database refused it). Re-index it; if it fails again, the log has the details.';
const REPLACE_FAILED_REASON = 'Loci could not save the new version of this file (the database refused it); the previous version is still in the library. Re-index it; if it fails again, the log has the details.';

/** What the writes work on: the open tables, the rows kept in memory, and the database's index state they keep current. */
export interface WriteTarget {
  collectionsTable: lancedb.Table;
  documentsTable: lancedb.Table;
  textsTable: lancedb.Table;
  /** None before an embedder is chosen; read at each write, since resetForEmbedder replaces it. */
  chunks(): lancedb.Table | null;
  collections: Map<string, CollectionRow>;
  documents: DocumentMap;
  /** The embedder's vector dimension from index-meta.json, when one has been chosen. */
  dimension(): number | undefined;
  ftsReady(): boolean;
  ensureFtsIndex(table: lancedb.Table): Promise<void>;
  scheduleMaintenance(): void;
  log: Logger;
}

export interface LibraryWrites {
  /** Writes document rows (insert or replace by id) and keeps the in-memory copy in step. */
  putDocuments(rows: DocumentRow[]): Promise<void>;
  /** See LibraryDatabase.commitDocuments. */
  commitDocuments(batch: PreparedDocument[]): Promise<CommitOutcome>;
  /** Removes the documents of these ids that exist; returns how many. */
  removeDocuments(ids: string[]): Promise<number>;
  relocateDocument(id: string, to: DocumentLocation): Promise<DocumentInfo>;
  /** The default collection, made when a library has none (a new library). */
  ensureDefaultCollection(): Promise<void>;
  createCollection(name: string): Promise<Collection>;
  renameCollection(id: string, name: string): Promise<Collection>;
  deleteCollection(id: string): Promise<void>;
}

/** Runs a database operation; a failure that is not already the user's words is logged and told as STORE_ERROR. */
export async function withDatabaseErrors<T>(log: Logger, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof AppError) throw error;
    // the database's own message (a Rust error with source paths) is for the log, not for the user
    log.error(`${what} failed`, { error });
    throw new AppError('STORE_ERROR', `${what} failed in the library's database. Try again; if it keeps failing, the log has the details.`);
  }
}

export function createWrites(target: WriteTarget): LibraryWrites {
  const { collectionsTable, documentsTable, textsTable, collections, documents, log } = target;

  const upsert = async (table: lancedb.Table, key: string, rows: Record<string, unknown>[]): Promise<void> => {
    if (rows.length === 0) return;
    await table.mergeInsert(key).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows);
  };

  const putDocuments = async (rows: DocumentRow[]): Promise<void> => {
    await upsert(documentsTable, 'id', rows as unknown as Record<string, unknown>[]);
    for (const row of rows) documents.set(row.id, row);
  };

  const chunkData = (chunks: ChunkRow[]): ArrowTable | Record<string, unknown>[] => {
    const dimension = target.dimension() ?? chunks.find((c) => c.vector !== null)?.vector?.length ?? 0;
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

  const refusedReason = (documentId: string): string => (documents.get(documentId)?.status === 'ready' ? REPLACE_FAILED_REASON : COMMIT_FAILED_REASON);

  const commitDocuments = async (batch: PreparedDocument[]): Promise<CommitOutcome> => {
    const outcome: CommitOutcome = { failed: [] };
    if (batch.length === 0) return outcome;
    const table = target.chunks();
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
          log.warn('document refused by the database', { error: single, documentId: doc.document.id, name: doc.document.name, chunks: doc.chunks.length });
          outcome.failed.push({ documentId: doc.document.id, reason: refusedReason(doc.document.id) });
        }
      }
      if (batch.length === 1) {
        const doc = batch[0]!;
        log.warn('document refused by the database', { error, documentId: doc.document.id, name: doc.document.name, chunks: doc.chunks.length });
        outcome.failed.push({ documentId: doc.document.id, reason: refusedReason(doc.document.id) });
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
    if (!target.ftsReady() && batch.some((b) => !failed.has(b.document.id) && b.chunks.length > 0)) await target.ensureFtsIndex(table);
    target.scheduleMaintenance();
    return outcome;
  };

  const deleteDocumentsNow = async (ids: string[]): Promise<void> => {
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      const filter = `document_id IN ${sqlIn(slice)}`;
      const chunksTable = target.chunks();
      if (chunksTable) await chunksTable.delete(filter);
      await textsTable.delete(filter);
      await documentsTable.delete(`id IN ${sqlIn(slice)}`);
      for (const id of slice) documents.delete(id);
    }
  };

  const collectionOf = (row: CollectionRow): Collection => toCollection(row, countByCollection(documents.values()));

  return {
    putDocuments,
    commitDocuments,

    removeDocuments: async (ids) => {
      const present = ids.filter((id) => documents.has(id));
      await deleteDocumentsNow(present);
      target.scheduleMaintenance();
      return present.length;
    },

    relocateDocument: async (id, to) => {
      const row = documents.get(id);
      if (!row) throw new AppError('NOT_FOUND', 'That document is no longer in the library', { id });
      const next: DocumentRow = { ...row, path: to.path, name: to.name, modified_at: to.modifiedAt, size_bytes: to.sizeBytes, updated_at: Date.now() };
      await putDocuments([next]);
      return toDocumentInfo(next);
    },

    ensureDefaultCollection: async () => {
      if (collections.has(DEFAULT_COLLECTION_ID)) return;
      const row = { id: DEFAULT_COLLECTION_ID, name: DEFAULT_COLLECTION_NAME, created_at: Date.now() };
      await collectionsTable.add([row]);
      collections.set(row.id, row);
    },

    createCollection: async (name) => {
      const row = { id: crypto.randomUUID(), name: name.trim(), created_at: Date.now() };
      await collectionsTable.add([row]);
      collections.set(row.id, row);
      return collectionOf(row);
    },

    renameCollection: async (id, name) => {
      const row = collections.get(id);
      if (!row) throw new AppError('NOT_FOUND', 'No such collection', { id });
      const next = { ...row, name: name.trim() };
      await collectionsTable.update({ where: `id = ${sqlString(id)}`, values: { name: next.name } });
      collections.set(id, next);
      return collectionOf(next);
    },

    deleteCollection: async (id) => {
      if (id === DEFAULT_COLLECTION_ID) throw new AppError('CONFLICT', 'The default collection cannot be deleted');
      if (!collections.has(id)) throw new AppError('NOT_FOUND', 'No such collection', { id });
      await deleteDocumentsNow([...documents.values()].filter((d) => d.collection_id === id).map((d) => d.id));
      await collectionsTable.delete(`id = ${sqlString(id)}`);
      collections.delete(id);
      target.scheduleMaintenance();
    },
  };
}
