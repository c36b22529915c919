// The maintenance policy (what is due for a given index state), and the database running it at close so that nothing
// is left unindexed when a short-lived process (the CLI) exits.
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger';
import { makeTempDir } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';
import { openLibraryDatabase, type PreparedDocument } from './libraryDatabase';
import { inspectChunks, planMaintenance, type ChunkIndexState } from './maintenance';

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
