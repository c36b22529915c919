// The LanceDB database on disk: atomic replacement, crash recovery, full-text index kept current without rebuilds,
// background vector index with newer rows still found, embedder bookkeeping.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';
import { readFtsIndexVersion } from './fullTextIndex';
import { openLibraryDatabase, type PreparedDocument } from './libraryDatabase';
import type { DocumentRow } from './tableSchemas';
import { DIM, silentLogger as logger, TEST_EMBEDDER_ID, textSearch, unit, useTestDatabases, vectorSearch } from './testing/testDatabases';

const { open, tempDir, track, forget } = useTestDatabases();

function prepared(id: string, texts: string[], seed = 1, collection = DEFAULT_COLLECTION_ID): PreparedDocument {
  const document: DocumentRow = {
    id,
    collection_id: collection,
    name: `${id}.md`,
    path: `/docs/${id}.md`,
    source: 'path',
    format: 'markdown',
    title: null,
    content_hash: `hash-${id}-${texts.join('|').length}`,
    size_bytes: 100,
    modified_at: 1,
    page_count: null,
    ocr_pages: null,
    chunk_count: texts.length,
    status: 'ready',
    error: null,
    embedder: 'test/embedder@q8',
    added_at: Date.now(),
    updated_at: Date.now(),
    note: null,
  };
  let offset = 0;
  const chunks = texts.map((text, ordinal) => {
    const start = offset;
    offset += text.length + 1;
    return { id: `${id}:${ordinal}`, document_id: id, collection_id: collection, ordinal, text, page: null, heading_path: '[]', start, end: start + text.length, token_count: 10, vector: unit(seed + ordinal) };
  });
  return { document, text: texts.join('\n'), chunks };
}

describe('library database', () => {
  it('lands documents and finds them by text and by vector', async () => {
    const { database } = await open();
    await database.commitDocuments([prepared('a', ['alpha particles and gamma rays', 'beta decay of neutrons']), prepared('b', ['the walrus eats clams'], 7)]);
    expect(database.listDocuments(DEFAULT_COLLECTION_ID).map((d) => d.id).sort()).toEqual(['a', 'b']);
    expect(await database.chunkCount()).toBe(3);
    const text = await textSearch(database, DEFAULT_COLLECTION_ID, 'walrus', 5);
    expect(text.map((h) => h.row.id)).toEqual(['b:0']);
    const vec = await vectorSearch(database, DEFAULT_COLLECTION_ID, unit(7), 1);
    expect(vec[0]!.row.id).toBe('b:0');
    expect(vec[0]!.score).toBeCloseTo(1, 4);
    expect(await database.getDocumentText('a')).toBe('alpha particles and gamma rays\nbeta decay of neutrons');
  });

  it('replaces a changed document in one commit: never a mix of old and new chunks', async () => {
    const { database } = await open();
    await database.commitDocuments([prepared('doc', ['old one', 'old two', 'old three'])]);
    await database.commitDocuments([prepared('doc', ['new only'], 3)]);
    const all = await textSearch(database, DEFAULT_COLLECTION_ID, 'old', 10);
    expect(all).toHaveLength(0);
    expect((await textSearch(database, DEFAULT_COLLECTION_ID, 'new', 10)).map((h) => h.row.id)).toEqual(['doc:0']);
    expect(database.getDocument('doc')?.chunkCount).toBe(1);
  });

  it('keeps newly added rows searchable by full text before and after the index catches up', async () => {
    const { database } = await open();
    await database.commitDocuments([prepared('first', ['aardvark burrows at night'])]);
    await database.maintain(); // creates the FTS index
    await database.commitDocuments([prepared('second', ['zeppelin hangar doors'])]);
    expect((await textSearch(database, DEFAULT_COLLECTION_ID, 'zeppelin', 5)).map((h) => h.row.id)).toEqual(['second:0']);
    await database.maintain(); // folds the new rows into the index, no rebuild
    expect((await textSearch(database, DEFAULT_COLLECTION_ID, 'zeppelin', 5)).map((h) => h.row.id)).toEqual(['second:0']);
    expect((await textSearch(database, DEFAULT_COLLECTION_ID, 'aardvark', 5)).map((h) => h.row.id)).toEqual(['first:0']);
  });

  it('builds a vector index past the threshold and still finds rows added after it', async () => {
    const { database } = await open(undefined, 300);
    const docs = Array.from({ length: 30 }, (_, i) => prepared(`d${i}`, Array.from({ length: 12 }, (_, j) => `row ${i} ${j}`), i * 100));
    await database.commitDocuments(docs);
    await database.maintain();
    await database.idle();
    await database.commitDocuments([prepared('late', ['a late row'], 99_999)]);
    const hits = await vectorSearch(database, DEFAULT_COLLECTION_ID, unit(99_999), 3);
    expect(hits[0]!.row.id).toBe('late:0');
  });

  it('finds a collection\'s nearest rows whether it holds most of the library (filtered after the search) or little of it', async () => {
    const { database } = await open();
    const small = await database.createCollection('Small');
    // the big collection holds 80% of the chunks; the query sits among the small collection's rows
    await database.commitDocuments([
      ...Array.from({ length: 8 }, (_, i) => prepared(`big${i}`, Array.from({ length: 10 }, (_, j) => `big ${i} ${j}`), i * 10)),
      ...Array.from({ length: 2 }, (_, i) => prepared(`small${i}`, Array.from({ length: 10 }, (_, j) => `small ${i} ${j}`), 500 + i * 10, small.id)),
    ]);
    const query = unit(505);
    const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
    const exact = (collection: string, prefix: string, count: number, k: number, base: (i: number) => number): string[] =>
      Array.from({ length: count }, (_, i) => Array.from({ length: 10 }, (_, j) => ({ id: `${prefix}${i}:${j}`, score: cosine(query, unit(base(i) + j)) })))
        .flat()
        .sort((a, b) => b.score - a.score)
        .slice(0, k)
        .map((h) => h.id);
    for (const k of [5, 40, 90]) {
      const big = await vectorSearch(database, DEFAULT_COLLECTION_ID, query, k);
      expect(big.map((h) => h.row.id)).toEqual(exact(DEFAULT_COLLECTION_ID, 'big', 8, k, (i) => i * 10));
      expect(big.every((h, i) => i === 0 || h.score <= big[i - 1]!.score)).toBe(true);
    }
    const inSmall = await vectorSearch(database, small.id, query, 30);
    expect(inSmall.map((h) => h.row.id)).toEqual(exact(small.id, 'small', 2, 30, (i) => 500 + i * 10));
  });

  it('finds a collection\'s keyword matches whether the table\'s best ones are its own or another collection\'s', async () => {
    const { database } = await open();
    const small = await database.createCollection('Small');
    // the big collection holds 80% of the chunks, but the small one's short rows rank first for "shared"
    await database.commitDocuments([
      ...Array.from({ length: 8 }, (_, i) => prepared(`big${i}`, Array.from({ length: 10 }, (_, j) => `shared note ${i} ${j} with some longer filler text around it`), i * 10)),
      ...Array.from({ length: 2 }, (_, i) => prepared(`small${i}`, Array.from({ length: 10 }, (_, j) => `shared shared ${i} ${j}`), 500 + i * 10, small.id)),
    ]);
    await database.maintain();
    for (const k of [5, 40, 90]) {
      const big = await textSearch(database, DEFAULT_COLLECTION_ID, 'shared', k);
      expect(big).toHaveLength(Math.min(k, 80));
      expect(big.every((h) => h.row.collection_id === DEFAULT_COLLECTION_ID)).toBe(true);
      expect(big.every((h, i) => i === 0 || h.score <= big[i - 1]!.score)).toBe(true);
    }
    const inSmall = await textSearch(database, small.id, 'shared', 30);
    expect(inSmall).toHaveLength(20);
    expect(inSmall.every((h) => h.row.collection_id === small.id)).toBe(true);
  });

  it('reads the chosen passages of a search after maintenance has moved its rows, and leaves out removed ones', async () => {
    // maintenance only when asked, so that the search below runs on the fragments as written
    const database = track(await openLibraryDatabase({ dir: tempDir(), logger, annThreshold: 1_000_000, maintenanceDelayMs: 3_600_000 }));
    await database.useEmbedder(TEST_EMBEDDER_ID, DIM);
    // one commit a document: more small fragments than maintenance tolerates, so it compacts them
    for (let i = 0; i < 20; i++) await database.commitDocuments([prepared(`d${i}`, [`fragment ${i} first row`, `fragment ${i} second row`], i * 10)]);
    const before = await database.textCandidates(DEFAULT_COLLECTION_ID, 'fragment', 40);
    expect(before).toHaveLength(40);
    await database.removeDocuments(['d3']);
    await database.maintain();
    const after = await database.textCandidates(DEFAULT_COLLECTION_ID, 'fragment', 40);
    const moved = after.filter((c) => before.find((b) => b.id === c.id)!.rowId !== c.rowId);
    expect(moved.length).toBeGreaterThan(0); // the addresses the first search returned are stale
    const rows = await database.readChunks(before);
    expect([...rows.keys()].sort()).toEqual(before.map((c) => c.id).filter((id) => !id.startsWith('d3:')).sort());
    for (const [id, row] of rows) {
      const [doc, ordinal] = id.split(':');
      expect(row.id).toBe(id);
      expect(row.text).toBe(`fragment ${doc!.slice(1)} ${ordinal === '0' ? 'first' : 'second'} row`);
    }
  });

  it('recovers documents a crash left mid-index: chunks gone, marked for re-import', async () => {
    const { database, dir } = await open();
    await database.commitDocuments([prepared('safe', ['kept forever']), prepared('victim', ['half written'])]);
    await database.close();
    forget(database);
    // what a crash between "indexing" and "ready" leaves behind: a commit writes its rows `indexing` first
    const lancedb = await import('@lancedb/lancedb');
    const db = await lancedb.connect(dir);
    await (await db.openTable('documents')).update({ where: "id = 'victim'", values: { status: 'indexing' } });
    db.close();
    const reopened = (await open(dir)).database;
    expect(reopened.getDocument('safe')?.status).toBe('ready');
    expect(reopened.getDocument('victim')).toMatchObject({ status: 'interrupted', chunkCount: 0 });
    expect(await textSearch(reopened, DEFAULT_COLLECTION_ID, 'half', 5)).toHaveLength(0);
    expect((await textSearch(reopened, DEFAULT_COLLECTION_ID, 'kept', 5)).map((h) => h.row.id)).toEqual(['safe:0']);
  });

  it('remembers the embedder and asks for a re-index when it changes', async () => {
    const { database, dir } = await open();
    await database.commitDocuments([prepared('a', ['something'])]);
    await database.close();
    forget(database);
    const reopened = track(await openLibraryDatabase({ dir, logger }));
    expect(reopened.indexMeta()).toMatchObject({ embedderId: TEST_EMBEDDER_ID, dimension: DIM });
    expect(await reopened.useEmbedder('other/model', 16)).toEqual({ needsReindex: true });
    await reopened.resetForEmbedder('other/model', 16);
    expect(reopened.getDocument('a')?.status).toBe('stale');
    expect(await reopened.chunkCount()).toBe(0);
    expect(reopened.indexMeta()).toMatchObject({ embedderId: 'other/model', dimension: 16 });
  });

  it('reads a damaged index-meta.json, fts-index.json or document row as safe values, not as what it claims', async () => {
    const { database, dir } = await open();
    await database.commitDocuments([prepared('a', ['intact']), prepared('b', ['damaged'])]);
    await database.close();
    forget(database);
    fs.writeFileSync(path.join(dir, 'index-meta.json'), '{"embedderId": "test/embedder", "dimen');
    fs.writeFileSync(path.join(dir, 'fts-index.json'), JSON.stringify({ version: 'two' }));
    const lancedb = await import('@lancedb/lancedb');
    const db = await lancedb.connect(dir);
    await (await db.openTable('documents')).update({ where: "id = 'b'", values: { status: 'exploded', format: 'hologram' } });
    db.close();

    const reopened = track(await openLibraryDatabase({ dir, logger }));
    expect(reopened.indexMeta()).toBeNull(); // as if no embedder had been chosen, as before
    expect(readFtsIndexVersion(dir)).toBe(1); // the first recipe's: rebuilt with the current one
    expect(reopened.getDocument('a')).toMatchObject({ status: 'ready', format: 'markdown', error: null });
    expect(reopened.getDocument('b')).toMatchObject({ status: 'failed', format: 'text', error: expect.stringContaining('re-index') });
  });

  it('adds the OCR pages column to a library written before it, and keeps the pages of new documents', async () => {
    const dir = tempDir();
    const lancedb = await import('@lancedb/lancedb');
    const { documentsSchema } = await import('./tableSchemas');
    const { Schema } = await import('apache-arrow');
    const db = await lancedb.connect(dir);
    // the documents table as SCHEMA_VERSION 1 wrote it: no ocr_pages
    const old = await db.createEmptyTable('documents', new Schema(documentsSchema.fields.filter((f) => f.name !== 'ocr_pages')), { mode: 'create' });
    const { ocr_pages: _dropped, ...oldRow } = prepared('old', ['an old document']).document;
    await old.add([oldRow]);
    db.close();
    const { database } = await open(dir);
    expect(database.getDocument('old')?.ocrPages).toEqual([]);
    const scan = prepared('scan', ['recognised text']);
    scan.document.ocr_pages = JSON.stringify([1, 2]);
    await database.commitDocuments([scan]);
    expect(database.getDocument('scan')?.ocrPages).toEqual([1, 2]);
    await database.close();
    forget(database);
    const { database: reopened } = await open(dir);
    expect(reopened.getDocument('scan')?.ocrPages).toEqual([1, 2]);
    expect(reopened.getDocument('old')?.name).toBe('old.md');
  });

  it('manages collections and refuses to delete the default one', async () => {
    const { database } = await open();
    const c = await database.createCollection('  Papers ');
    expect(c.name).toBe('Papers');
    await database.commitDocuments([prepared('p', ['paper text'], 1, c.id)]);
    expect((await database.listCollections()).find((x) => x.id === c.id)).toMatchObject({ documentCount: 1, chunkCount: 1 });
    expect((await textSearch(database, DEFAULT_COLLECTION_ID, 'paper', 5))).toHaveLength(0);
    await database.deleteCollection(c.id);
    expect(database.getDocument('p')).toBeNull();
    await expect(database.deleteCollection(DEFAULT_COLLECTION_ID)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
