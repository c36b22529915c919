// Background calibration after imports: idle() waits for a refresh that has not yet queued its run.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';
import type { PreparedDocument } from '../database/libraryDatabase';
import { silentLogger, unit, useTestDatabases } from '../database/testing/testDatabases';
import { createCalibrations } from './calibrations';

const { open, tempDir } = useTestDatabases();

const WORDS = ['lantern', 'harbour', 'glacier', 'orchard', 'falcon', 'meadow', 'copper', 'violin', 'canyon', 'thistle', 'marble', 'comet'];

function doc(id: string, n: number): PreparedDocument {
  const now = Date.now();
  const chunks = Array.from({ length: n }, (_, i) => {
    const text = Array.from({ length: 12 }, (_, j) => WORDS[(i * 5 + j * 7) % WORDS.length]).join(' ') + ` passage ${i}`;
    return { id: `${id}:${i}`, document_id: id, collection_id: DEFAULT_COLLECTION_ID, ordinal: i, text, page: null, heading_path: '[]', start: 0, end: text.length, token_count: 14, vector: unit(i + 1) };
  });
  return {
    document: { id, collection_id: DEFAULT_COLLECTION_ID, name: `${id}.md`, path: `/d/${id}.md`, source: 'path', format: 'markdown', title: null, content_hash: id, size_bytes: 1, modified_at: 1, page_count: null, ocr_pages: null, chunk_count: n, status: 'ready', error: null, embedder: 'e', added_at: now, updated_at: now, note: null },
    text: chunks.map((c) => c.text).join('\n'),
    chunks,
  };
}

describe('calibrations', () => {
  it('idle() resolves only after a refresh asked for just before has measured the collection', async () => {
    const { database } = await open();
    await database.commitDocuments([doc('a', 40)]);
    let embedded = 0;
    const calibrations = createCalibrations({
      file: path.join(tempDir(), 'calibration.json'),
      database,
      embed: async (texts) => {
        embedded += texts.length;
        return texts.map((t) => unit(t.length));
      },
      embedderId: () => 'test/embedder',
      logger: silentLogger,
    });
    calibrations.refreshSoon(DEFAULT_COLLECTION_ID);
    await calibrations.idle();
    expect(embedded).toBeGreaterThan(0);
    expect(calibrations.get(DEFAULT_COLLECTION_ID)).not.toBeNull();
    await calibrations.dispose();
  });
});
