// The database's write path on a real LanceDB: keyword-only chunks, a batch with a document LanceDB refuses (retried one
// by one, nothing left `indexing`), and libraries made before the missing-vector flag existed.
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { Schema } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';
import { COMMIT_FAILED_REASON, type PreparedDocument } from './libraryDatabase';
import { chunksSchema, documentsSchema, documentTextsSchema, collectionsSchema, SCHEMA_VERSION, type DocumentRow } from './tableSchemas';
import { DIM, TEST_EMBEDDER_ID, textSearch, unit, useTestDatabases, vectorSearch } from './testing/testDatabases';

const { open, tempDir } = useTestDatabases();

function documentRow(id: string, chunkCount: number): DocumentRow {
  return { id, collection_id: DEFAULT_COLLECTION_ID, name: `${id}.txt`, path: `/docs/${id}.txt`, source: 'path', format: 'text', title: null, content_hash: `hash-${id}`, size_bytes: 10, modified_at: 1, page_count: null, ocr_pages: null, chunk_count: chunkCount, status: 'ready', error: null, embedder: 'test/embedder@q8', added_at: 1, updated_at: 1, note: null };
}

function prepared(id: string, chunks: { text: string; vector: Float32Array | null }[]): PreparedDocument {
  let offset = 0;
  return {
    document: documentRow(id, chunks.length),
    text: chunks.map((c) => c.text).join('\n'),
    chunks: chunks.map((c, ordinal) => {
      const start = offset;
      offset += c.text.length + 1;
      return { id: `${id}:${ordinal}`, document_id: id, collection_id: DEFAULT_COLLECTION_ID, ordinal, text: c.text, page: null, heading_path: '[]', start, end: start + c.text.length, token_count: 5, vector: c.vector };
    }),
  };
}

describe('library database writes', () => {
  it('databases a chunk without a meaning vector for keyword search only', async () => {
    const { database } = await open();
    const outcome = await database.commitDocuments([
      prepared('mixed', [
        { text: 'walrus colonies on the ice', vector: unit(1) },
        { text: 'سلام دنیا این یک متن فارسی است', vector: null },
      ]),
    ]);
    expect(outcome.failed).toEqual([]);
    expect(database.getDocument('mixed')).toMatchObject({ status: 'ready', chunkCount: 2 });
    expect((await textSearch(database, DEFAULT_COLLECTION_ID, 'فارسی', 5)).map((h) => h.row.id)).toEqual(['mixed:1']);
    // vector search never returns it, whatever the query
    for (let seed = 0; seed < 20; seed++) {
      const hits = await vectorSearch(database, DEFAULT_COLLECTION_ID, unit(seed), 10);
      expect(hits.map((h) => h.row.id)).toEqual(['mixed:0']);
      expect(hits.every((h) => Number.isFinite(h.score))).toBe(true);
    }
  });

  it('builds the vector index over placeholder vectors and still leaves keyword-only chunks out', async () => {
    const { database } = await open(undefined, 300);
    const docs = Array.from({ length: 30 }, (_, i) => prepared(`d${i}`, Array.from({ length: 12 }, (_, j) => ({ text: `row ${i} ${j}`, vector: j % 3 === 0 ? null : unit(i * 100 + j) }))));
    expect((await database.commitDocuments(docs)).failed).toEqual([]);
    await database.maintain();
    await database.idle();
    for (let seed = 0; seed < 10; seed++) {
      const hits = await vectorSearch(database, DEFAULT_COLLECTION_ID, unit(seed * 37 + 1), 50);
      expect(hits).toHaveLength(50);
      expect(hits.filter((h) => h.row.ordinal % 3 === 0)).toEqual([]);
    }
    expect((await vectorSearch(database, DEFAULT_COLLECTION_ID, unit(501), 1))[0]!.row.id).toBe('d5:1');
  });

  it('retries a refused batch one document at a time: only the bad one fails, nothing stays indexing', async () => {
    const { database } = await open();
    await database.commitDocuments([prepared('kept', [{ text: 'the previous version of kept', vector: unit(3) }])]);
    const nan = new Float32Array(DIM).fill(Number.NaN);
    // a NaN vector: LanceDB refuses it on add (the whole add fails, not only the bad rows) and the database's own check
    // refuses it before a merge (which LanceDB does not check)
    const outcome = await database.commitDocuments([
      ...Array.from({ length: 9 }, (_, i) => prepared(`good${i}`, [{ text: `good document ${i} about otters`, vector: unit(10 + i) }])),
      prepared('bad', [{ text: 'a row the database refuses', vector: nan }]),
      prepared('kept', [{ text: 'a new version of kept that is refused', vector: nan }]),
    ]);
    expect(outcome.failed.map((f) => f.documentId).sort()).toEqual(['bad', 'kept']);
    expect(outcome.failed.find((f) => f.documentId === 'bad')!.reason).toBe(COMMIT_FAILED_REASON);
    expect(outcome.failed.find((f) => f.documentId === 'kept')!.reason).toMatch(/previous version is still in the library/);
    for (const f of outcome.failed) expect(f.reason).not.toMatch(/lance|cargo|\.rs:|NaN/i);
    const documents = database.listDocuments(DEFAULT_COLLECTION_ID);
    expect(documents.filter((d) => d.status === 'indexing')).toEqual([]);
    for (let i = 0; i < 9; i++) expect(database.getDocument(`good${i}`)).toMatchObject({ status: 'ready', chunkCount: 1 });
    expect(database.getDocument('bad')).toMatchObject({ status: 'failed', chunkCount: 0, error: COMMIT_FAILED_REASON });
    // the refused re-index kept the previous version, chunks and text
    expect(database.getDocument('kept')).toMatchObject({ status: 'ready', chunkCount: 1 });
    expect((await textSearch(database, DEFAULT_COLLECTION_ID, 'previous', 5)).map((h) => h.row.id)).toEqual(['kept:0']);
    expect(await database.getDocumentText('kept')).toBe('the previous version of kept');
    expect(await database.chunkCount()).toBe(10);
    expect((await textSearch(database, DEFAULT_COLLECTION_ID, 'refuses', 5))).toEqual([]);
    // and the failed one imports once its rows are good
    expect((await database.commitDocuments([prepared('bad', [{ text: 'now fine', vector: unit(99) }])])).failed).toEqual([]);
    expect(database.getDocument('bad')).toMatchObject({ status: 'ready', error: null });
  });

  it('adds the new columns to a library made before them, keeping its rows searchable both ways', async () => {
    const dir = tempDir('loci-database-v1-');
    const without = (schema: Schema, name: string): Schema => new Schema(schema.fields.filter((f) => f.name !== name));
    const db = await lancedb.connect(dir);
    await db.createEmptyTable('collections', collectionsSchema);
    const docs = await db.createEmptyTable('documents', without(documentsSchema, 'note'));
    const texts = await db.createEmptyTable('document_texts', documentTextsSchema);
    const chunks = await db.createEmptyTable('chunks', without(chunksSchema(DIM), 'has_vector'));
    const { note: _note, ...oldRow } = documentRow('old', 1);
    await docs.add([oldRow]);
    await texts.add([{ document_id: 'old', text: 'an old aardvark note' }]);
    await chunks.add([{ id: 'old:0', document_id: 'old', collection_id: DEFAULT_COLLECTION_ID, ordinal: 0, text: 'an old aardvark note', page: null, heading_path: '[]', start: 0, end: 20, token_count: 4, vector: Array.from(unit(5)) }]);
    db.close();
    fs.writeFileSync(path.join(dir, 'index-meta.json'), JSON.stringify({ embedderId: TEST_EMBEDDER_ID, dimension: DIM, schemaVersion: 1 }));

    const { database } = await open(dir);
    expect(database.indexMeta()).toMatchObject({ schemaVersion: SCHEMA_VERSION });
    expect(database.getDocument('old')).toMatchObject({ status: 'ready', note: null });
    expect((await vectorSearch(database, DEFAULT_COLLECTION_ID, unit(5), 5)).map((h) => h.row.id)).toEqual(['old:0']);
    expect(await database.commitDocuments([prepared('new', [{ text: 'keyword only aardvark', vector: null }])])).toEqual({ failed: [] });
    expect((await vectorSearch(database, DEFAULT_COLLECTION_ID, unit(5), 5)).map((h) => h.row.id)).toEqual(['old:0']);
    expect((await textSearch(database, DEFAULT_COLLECTION_ID, 'aardvark', 5)).map((h) => h.row.id).sort()).toEqual(['new:0', 'old:0']);
  });
});
