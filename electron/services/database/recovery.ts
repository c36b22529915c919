// Recovery of the library database (plain Node, in the process that owns it): columns added since a library was made,
// documents a crash left half-written, and documents an import left `indexing`. Each leaves every document either
// whole (`ready`) or without chunks and marked for re-import, never chunks that belong to no whole document.
import type * as lancedb from '@lancedb/lancedb';
import type { Logger } from '../logging/logger';
import type { DocumentMap } from './documentMap';
import { sqlIn, type DocumentRow } from './tableSchemas';

/** What recovery works on: the documents in memory, the chunks table (none before an embedder is chosen), the row writer. */
export interface RecoveryTarget {
  documents: DocumentMap;
  chunks: lancedb.Table | null;
  putDocuments(rows: DocumentRow[]): Promise<void>;
  log: Logger;
}

const INTERRUPTED_REASON = 'Loci stopped while indexing this file; re-index it';

const hasColumn = async (table: lancedb.Table, name: string): Promise<boolean> => (await table.schema()).fields.some((f) => f.name === name);

/**
 * [Note: schema migration] columns added since a library was made are added in place, with the value that is true
 * of every older row: no note, no page read by OCR, and every stored chunk has a real vector (a NaN one never landed).
 */
export async function migrateColumns(documents: lancedb.Table, chunks: lancedb.Table | null, log: Logger): Promise<void> {
  if (!(await hasColumn(documents, 'note'))) await documents.addColumns([{ name: 'note', valueSql: 'CAST(NULL AS STRING)' }]);
  if (!(await hasColumn(documents, 'ocr_pages'))) await documents.addColumns([{ name: 'ocr_pages', valueSql: 'CAST(NULL AS STRING)' }]);
  if (chunks && !(await hasColumn(chunks, 'has_vector'))) {
    await chunks.addColumns([{ name: 'has_vector', valueSql: 'true' }]);
    log.info('migrated the chunks table', { added: 'has_vector' });
  }
}

/**
 * [Note: crash recovery] a document still `indexing` at start-up was interrupted (a commit writes its rows `indexing`
 * first); its chunks may be partial relative to its row, so they go and it is marked for re-import.
 */
export async function recoverInterrupted(target: RecoveryTarget): Promise<void> {
  const interrupted = [...target.documents.values()].filter((d) => d.status === 'indexing');
  if (interrupted.length === 0) return;
  const ids = interrupted.map((d) => d.id);
  if (target.chunks) await target.chunks.delete(`document_id IN ${sqlIn(ids)}`);
  await target.putDocuments(interrupted.map((d) => ({ ...d, status: 'interrupted', chunk_count: 0, error: INTERRUPTED_REASON, updated_at: Date.now() })));
  target.log.warn('recovered interrupted documents', { count: ids.length });
}

/** Documents of these ids still `indexing` (a commit whose undo failed too) become `failed` with the reason, without chunks. */
export async function failLeftIndexing(target: RecoveryTarget, ids: string[], reason: string): Promise<void> {
  const stuck = ids.flatMap((id) => {
    const row = target.documents.get(id);
    return row && row.status === 'indexing' ? [row] : [];
  });
  if (stuck.length === 0) return;
  if (target.chunks) await target.chunks.delete(`document_id IN ${sqlIn(stuck.map((d) => d.id))}`);
  await target.putDocuments(stuck.map((d) => ({ ...d, status: 'failed', chunk_count: 0, error: reason, note: null, updated_at: Date.now() })));
  target.log.warn('marked documents left indexing as failed', { count: stuck.length });
}
