// Recovery on a real LanceDB: documents an import left `indexing` (a commit whose undo failed too) become failed,
// without chunks; others are left alone. Crash recovery at open is tested through the database (libraryDatabase.test.ts).
import fs from 'node:fs';
import * as lancedb from '@lancedb/lancedb';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';
import { createLogger } from '../logging/logger';
import { makeTempDir } from '../../testing/testCore';
import { createDocumentMap } from './documentMap';
import { failLeftIndexing, type RecoveryTarget } from './recovery';
import { chunksSchema, documentsSchema, type DocumentRow } from './tableSchemas';

const DIM = 4;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const documentRow = (id: string, status: string): DocumentRow => ({ id, collection_id: DEFAULT_COLLECTION_ID, name: `${id}.txt`, path: `/docs/${id}.txt`, source: 'path', format: 'text', title: null, content_hash: `hash-${id}`, size_bytes: 10, modified_at: 1, page_count: null, ocr_pages: null, chunk_count: 1, status, error: null, embedder: 'test/embedder@q8', added_at: 1, updated_at: 1, note: null });
const chunkRow = (documentId: string) => ({ id: `${documentId}:0`, document_id: documentId, collection_id: DEFAULT_COLLECTION_ID, ordinal: 0, text: `text of ${documentId}`, page: null, heading_path: '[]', start: 0, end: 10, token_count: 3, vector: [1, 0, 0, 0], has_vector: true });

describe('recovery', () => {
  it('marks documents an import left indexing as failed, without chunks', async () => {
    const dir = makeTempDir('loci-recovery-');
    dirs.push(dir);
    const db = await lancedb.connect(dir);
    try {
      const documentsTable = await db.createEmptyTable('documents', documentsSchema);
      const chunks = await db.createEmptyTable('chunks', chunksSchema(DIM));
      const documents = createDocumentMap();
      const putDocuments = async (rows: DocumentRow[]): Promise<void> => {
        await documentsTable.mergeInsert('id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows as unknown as Record<string, unknown>[]);
        for (const row of rows) documents.set(row.id, row);
      };
      // as a commit leaves them when its undo failed: rows written `indexing`, some chunks landed
      await putDocuments([documentRow('stuck', 'indexing'), documentRow('done', 'ready')]);
      await chunks.add([chunkRow('stuck'), chunkRow('done')]);
      const target: RecoveryTarget = { documents, chunks, putDocuments, log: createLogger({ consoleLevel: 'silent' }) };

      await failLeftIndexing(target, ['stuck', 'done', 'unknown'], 'The import ended before this file was saved. Re-index it.');
      expect(documents.get('stuck')).toMatchObject({ status: 'failed', chunk_count: 0, error: 'The import ended before this file was saved. Re-index it.' });
      expect(documents.get('done')).toMatchObject({ status: 'ready', error: null });
      expect(documents.get('unknown')).toBeUndefined();
      expect(await chunks.countRows("document_id = 'stuck'")).toBe(0);
      expect(await chunks.countRows("document_id = 'done'")).toBe(1);
      expect(await documentsTable.countRows("status = 'failed'")).toBe(1);
    } finally {
      db.close();
    }
  });
});
