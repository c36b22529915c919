// The maintenance policy (what is due for a given index state), and the database running it at close so that nothing
// is left unindexed when a short-lived process (the CLI) exits.
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../logging/logger';
import { makeTempDir } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';
import { openLibraryDatabase, type PreparedDocument } from './libraryDatabase';
import { inspectChunks, optimizeIfDue, planMaintenance, retryPreempted, VECTOR_INDEX_RECIPE, type ChunkIndexState } from './maintenance';
import { textSearch, vectorSearch } from './testing/testDatabases';

const logger = createLogger({ consoleLevel: 'silent' });
const DIM = 8;
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const state = (patch: Partial<ChunkIndexState>): ChunkIndexState => ({ rows: 100, ftsUnindexed: 0, vectorUnindexed: null, fragments: 1, smallFragments: 0, ...patch });
const policy = { annThreshold: 1000, maxSmallFragments: 4 };

describe('planMaintenance', () => {
  it('is idle when every row is indexed, fragments are few and the table is under the threshold', () => {
    expect(planMaintenance(state({}), policy)).toEqual({ optimize: false, createVectorIndex: false });
  });
  it('optimizes for unindexed rows in either index or too many small fragments', () => {
    expect(planMaintenance(state({ ftsUnindexed: 1 }), policy).optimize).toBe(true);
    expect(planMaintenance(state({ rows: 5000, vectorUnindexed: 3 }), policy).optimize).toBe(true);
    expect(planMaintenance(state({ smallFragments: 5 }), policy).optimize).toBe(true);
    expect(planMaintenance(state({ smallFragments: 4 }), policy).optimize).toBe(false);
  });
  it('creates the vector index from the threshold on, once', () => {
    expect(planMaintenance(state({ rows: 999 }), policy).createVectorIndex).toBe(false);
    expect(planMaintenance(state({ rows: 1000 }), policy).createVectorIndex).toBe(true);
    expect(planMaintenance(state({ rows: 5000, vectorUnindexed: 0 }), policy).createVectorIndex).toBe(false);
  });
  it('builds the vector index again once the table has twice the rows it was built over', () => {
    const current = (rows: number | null) => ({ rows, recipe: VECTOR_INDEX_RECIPE });
    expect(planMaintenance(state({ rows: 3999, vectorUnindexed: 10 }), policy, current(2000)).createVectorIndex).toBe(false);
    expect(planMaintenance(state({ rows: 4000, vectorUnindexed: 10 }), policy, current(2000)).createVectorIndex).toBe(true);
    // an index from before its size was recorded is not held to it
    expect(planMaintenance(state({ rows: 90_000, vectorUnindexed: 10 }), policy, current(null)).createVectorIndex).toBe(false);
  });
  it('builds an index of another recipe, or of an unrecorded one, again', () => {
    expect(planMaintenance(state({ rows: 5000, vectorUnindexed: 0 }), policy, { rows: 5000, recipe: VECTOR_INDEX_RECIPE - 1 }).createVectorIndex).toBe(true);
    expect(planMaintenance(state({ rows: 5000, vectorUnindexed: 0 }), policy, { rows: 5000, recipe: null }).createVectorIndex).toBe(true);
    expect(planMaintenance(state({ rows: 5000, vectorUnindexed: 0 }), policy, { rows: 5000, recipe: VECTOR_INDEX_RECIPE }).createVectorIndex).toBe(false);
    // no index yet below the threshold: nothing to rebuild
    expect(planMaintenance(state({ rows: 10 }), policy, { rows: null, recipe: null }).createVectorIndex).toBe(false);
  });
});

function doc(id: string, n: number): PreparedDocument {
  const now = Date.now();
  return {
    document: { id, collection_id: DEFAULT_COLLECTION_ID, name: `${id}.md`, path: `/d/${id}.md`, source: 'path', format: 'markdown', title: null, content_hash: id, size_bytes: 1, modified_at: 1, page_count: null, ocr_pages: null, chunk_count: n, status: 'ready', error: null, embedder: 'e', added_at: now, updated_at: now, note: null },
    text: 'x',
    chunks: Array.from({ length: n }, (_, i) => {
      const v = Float32Array.from({ length: DIM }, (_, j) => Math.sin((i + 1) * 3.1 + j * 7.7 + id.length));
      const norm = Math.hypot(...v);
      return { id: `${id}:${i}`, document_id: id, collection_id: DEFAULT_COLLECTION_ID, ordinal: i, text: `passage ${i} of ${id} about lanterns`, page: null, heading_path: '[]', start: 0, end: 1, token_count: 5, vector: v.map((x) => x / norm) };
    }),
  };
}

describe('database maintenance at close', () => {
  it('leaves no unindexed rows and creates the vector index past the threshold when the process closes the database', async () => {
    const dir = makeTempDir('loci-maint-');
    dirs.push(dir);
    // a long delay: only close() can run maintenance within this test
    const database = await openLibraryDatabase({ dir, logger, annThreshold: 300, maintenanceDelayMs: 3_600_000 });
    await database.useEmbedder('test/e', DIM);
    for (let b = 0; b < 6; b++) await database.commitDocuments([doc(`a${b}`, 60), doc(`b${b}`, 20)]);
    const mid = (await database.indexState())!;
    expect(mid.ftsUnindexed).toBeGreaterThan(0); // the first commit's rows only
    expect(mid.vectorUnindexed).toBeNull();
    await database.close();

    const db = await lancedb.connect(dir);
    const table = await db.openTable('chunks');
    const after = await inspectChunks(table);
    expect(after.rows).toBe(480);
    expect(after.ftsUnindexed).toBe(0);
    expect(after.vectorUnindexed).toBe(0);
    expect(after.smallFragments).toBeLessThanOrEqual(16);
    // the columns every vector search filters on are indexed too (the prefilter reads bitmaps)
    const indices = await table.listIndices();
    for (const column of ['collection_id', 'has_vector']) expect(indices.find((i) => i.columns[0] === column)?.indexType).toBe('Bitmap');
    db.close();
    expect(fs.existsSync(path.join(dir, 'chunks.lance'))).toBe(true);
  }, 120_000);

  it('records the rows the vector index was built over and builds it again when the table doubles', async () => {
    const dir = makeTempDir('loci-maint-');
    dirs.push(dir);
    const sizedFor = (): number | undefined => (JSON.parse(fs.readFileSync(path.join(dir, 'index-meta.json'), 'utf8')) as { vectorIndexRows?: number }).vectorIndexRows;
    const store = await openLibraryDatabase({ dir, logger, annThreshold: 200, maintenanceDelayMs: 3_600_000 });
    await store.useEmbedder('test/e', DIM);
    for (let b = 0; b < 4; b++) await store.commitDocuments([doc(`g${b}`, 60)]);
    await store.maintain();
    expect(sizedFor()).toBe(240);
    for (let b = 4; b < 7; b++) await store.commitDocuments([doc(`g${b}`, 60)]);
    await store.maintain();
    expect(sizedFor()).toBe(240); // 420 rows: folded into the index, not yet outgrown
    await store.commitDocuments([doc('g7', 60)]);
    await store.maintain();
    expect(sizedFor()).toBe(480);
    expect((await store.indexState())!.vectorUnindexed).toBe(0);
    await store.close();
  }, 120_000);

  it('builds a vector index of an older recipe again at the next maintenance, and records the recipe', async () => {
    const dir = makeTempDir('loci-maint-');
    dirs.push(dir);
    const meta = (): { vectorIndexRows?: number; vectorIndexRecipe?: number } => JSON.parse(fs.readFileSync(path.join(dir, 'index-meta.json'), 'utf8')) as { vectorIndexRows?: number; vectorIndexRecipe?: number };
    const first = await openLibraryDatabase({ dir, logger, annThreshold: 200, maintenanceDelayMs: 3_600_000 });
    await first.useEmbedder('test/e', DIM);
    for (let b = 0; b < 4; b++) await first.commitDocuments([doc(`r${b}`, 60)]);
    await first.maintain();
    expect(meta()).toMatchObject({ vectorIndexRows: 240, vectorIndexRecipe: VECTOR_INDEX_RECIPE });
    await first.close();
    // what an older Loci left: the same index with no recipe recorded
    const { vectorIndexRecipe: _dropped, ...older } = meta();
    fs.writeFileSync(path.join(dir, 'index-meta.json'), JSON.stringify(older));

    const second = await openLibraryDatabase({ dir, logger, annThreshold: 200, maintenanceDelayMs: 20 });
    await second.idle();
    expect(meta()).toMatchObject({ vectorIndexRows: 240, vectorIndexRecipe: VECTOR_INDEX_RECIPE });
    // the rebuilt index answers (the generated vectors repeat across documents of one name length: compare scores)
    const hit = await vectorSearch(second, DEFAULT_COLLECTION_ID, doc('r2', 60).chunks[7]!.vector as Float32Array, 1);
    expect(hit[0]?.row.ordinal).toBe(7);
    expect(hit[0]!.score).toBeGreaterThan(0.999);
    await second.close();
  }, 120_000);

  it('schedules maintenance at open when a library was left with unindexed rows', async () => {
    const dir = makeTempDir('loci-maint-');
    dirs.push(dir);
    const first = await openLibraryDatabase({ dir, logger, maintenanceDelayMs: 3_600_000 });
    await first.useEmbedder('test/e', DIM);
    for (let b = 0; b < 3; b++) await first.commitDocuments([doc(`c${b}`, 30)]);
    // an older Loci (or a kill) left rows out of the full-text index: simulate by appending behind the database's back
    await first.close();
    const db = await lancedb.connect(dir);
    const table = await db.openTable('chunks');
    const extra = doc('late', 10).chunks.map((c) => ({ ...c, vector: Array.from(c.vector!), has_vector: true }));
    await table.add(extra);
    expect((await inspectChunks(table)).ftsUnindexed).toBe(10);
    db.close();

    const second = await openLibraryDatabase({ dir, logger, maintenanceDelayMs: 20 });
    await second.idle();
    expect((await second.indexState())!.ftsUnindexed).toBe(0);
    await second.close();
  }, 120_000);
});

describe('retryPreempted', () => {
  const conflict = new Error('lance error: Retryable commit conflict for version 7: This Rewrite transaction was preempted by concurrent transaction Update at version 7. Please retry.');
  it('runs a preempted maintenance commit again, up to its attempts', async () => {
    let calls = 0;
    await expect(retryPreempted(async () => (++calls < 3 ? Promise.reject(conflict) : 'done'))).resolves.toBe('done');
    expect(calls).toBe(3);
    calls = 0;
    await expect(retryPreempted(async () => (++calls, Promise.reject(conflict)), 2)).rejects.toThrow(/preempted/);
    expect(calls).toBe(2);
  });
  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(retryPreempted(async () => (++calls, Promise.reject(new Error('disk full'))))).rejects.toThrow('disk full');
    expect(calls).toBe(1);
  });
});

describe('maintenance during a long stream of writes', () => {
  it('runs within the longest wait even though every write puts the debounce off again', async () => {
    const dir = makeTempDir('loci-maint-');
    dirs.push(dir);
    // the debounce alone would wait an hour after the last write; only the longest wait can start it in this test
    const store = await openLibraryDatabase({ dir, logger, maintenanceDelayMs: 3_600_000, maintenanceMaxWaitMs: 300 });
    await store.useEmbedder('test/e', DIM);
    let b = 0;
    await vi.waitFor(
      async () => {
        await store.commitDocuments([doc(`s${b++}`, 3)]);
        const state = (await store.indexState())!;
        // the first commit creates the index; later rows reach it only through maintenance
        expect(state.rows).toBeGreaterThan(3);
        expect(state.ftsUnindexed).toBeLessThan(state.rows - 3);
      },
      { timeout: 60_000, interval: 20 },
    );
    await store.close();
  }, 120_000);
});

describe('maintenance beside writes', () => {
  it('lands a commit, a replacement and a removal while an optimize is held open, and the optimize still finishes', async () => {
    const dir = makeTempDir('loci-maint-');
    dirs.push(dir);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let optimizing!: () => void;
    const started = new Promise<void>((resolve) => (optimizing = resolve));
    const store = await openLibraryDatabase({
      dir,
      logger,
      maintenanceDelayMs: 3_600_000,
      // the real optimize, started only when the test lets it: in the write queue, every write below would wait
      optimizeChunks: async (table, policy) => {
        optimizing();
        await gate;
        return optimizeIfDue(table, policy);
      },
    });
    await store.useEmbedder('test/e', DIM);
    for (let b = 0; b < 20; b++) await store.commitDocuments([doc(`w${b}`, 5)]);
    const maintenance = store.maintain();
    await started;
    expect((await store.commitDocuments([doc('added', 4)])).failed).toEqual([]);
    expect((await store.commitDocuments([{ ...doc('w3', 2), text: 'y' }])).failed).toEqual([]);
    await store.removeDocuments(['w7']);
    release();
    await maintenance;
    const after = (await store.indexState())!;
    expect(after.rows).toBe(20 * 5 + 4 - 5 + 2 - 5);
    expect(after.ftsUnindexed).toBe(0);
    expect(after.smallFragments).toBeLessThanOrEqual(16);
    await store.close();
  }, 120_000);

  it('keeps every row and indexes it when writes really overlap an optimize', async () => {
    const dir = makeTempDir('loci-maint-');
    dirs.push(dir);
    const store = await openLibraryDatabase({ dir, logger, maintenanceDelayMs: 3_600_000 });
    await store.useEmbedder('test/e', DIM);
    for (let b = 0; b < 60; b++) await store.commitDocuments([doc(`o${b}`, 6)]);
    const maintenance = store.maintain();
    // replacements (merge-insert with delete), appends and removals while LanceDB compacts the 60 fragments
    const writes = Promise.all([
      ...Array.from({ length: 5 }, (_, k) => store.commitDocuments([{ ...doc(`o${k * 11}`, 2), text: 'z' }])),
      ...Array.from({ length: 5 }, (_, k) => store.commitDocuments([doc(`fresh${k}`, 3)])),
      store.removeDocuments(['o1', 'o2']),
    ]);
    const outcomes = await writes;
    // the optimize either committed beside the writes or gave way to them (and is due again): it never fails the store
    await maintenance;
    for (const outcome of outcomes) if (typeof outcome === 'object') expect(outcome.failed).toEqual([]);
    await store.maintain();
    const after = (await store.indexState())!;
    expect(after.rows).toBe(60 * 6 - 5 * 6 + 5 * 2 + 5 * 3 - 2 * 6);
    expect(after.ftsUnindexed).toBe(0);
    const hits = await textSearch(store, DEFAULT_COLLECTION_ID, 'lanterns', 500);
    expect(hits.length).toBe(after.rows);
    await store.close();
  }, 120_000);
});
