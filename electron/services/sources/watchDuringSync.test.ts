// A watched folder misses no edit around its first sync: one made while the sync runs (after the import read the
// file) and one made the moment the source says 'watching' are both re-indexed. Real folder, watcher, LanceDB and
// embedder; the edits happen at points the test controls (inside the import, inside the state listener), not after
// sleeps, so each case is deterministic.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DocumentInfo } from '../../../shared/contract/library';
import { createTestCore, makeTempDir, type TestCore } from '../../testing/testCore';
import { waitFor } from '../../testing/waitFor';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

let test: TestCore;
let folder: string;
const docAt = async (file: string): Promise<DocumentInfo | undefined> =>
  (await test.core.services.library.database()).listDocuments(DEFAULT_COLLECTION_ID).find((d) => d.path === file);
const search = async (query: string): Promise<string[]> =>
  (await test.core.services.library.search({ collectionId: DEFAULT_COLLECTION_ID, query, k: 5, mode: 'fts' })).passages.map((p) => p.documentName);

beforeEach(async () => {
  test = createTestCore();
  // the core's start-up rescan (of no source) is over: the only sync below is the new source's own
  await test.core.services.sources.idle();
  folder = fs.realpathSync(makeTempDir('loci-watch-sync-'));
  for (let part = 0; part < 3; part++) {
    const dir = path.join(folder, `part-${part}`);
    fs.mkdirSync(dir);
    for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(dir, `note-${i}.txt`), `Part ${part} note ${i} records the survey of station ${part * 4 + i}.\n`);
  }
});

afterEach(async () => {
  await test.cleanup();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('edits around the first sync of a folder source', () => {
  it('re-indexes a file edited while the first sync runs, after the import read it', async () => {
    const edited = path.join(folder, 'part-2', 'note-3.txt');
    const library = test.core.services.library;
    const original = library.import.bind(library);
    let editedOnce = false;
    library.import = async (request, ctx) => {
      const summary = await original(request, ctx);
      // the import has read and indexed the old text; the sync has not finished yet
      if (!editedOnce && request.sources.some((s) => s.kind === 'path' && s.path === edited)) {
        editedOnce = true;
        fs.appendFileSync(edited, 'Then a wombatfield was found near the station.\n');
      }
      return summary;
    };
    await test.core.services.sources.addPath(DEFAULT_COLLECTION_ID, folder);
    await waitFor('the edit to be indexed', async () => (await search('wombatfield')).includes('note-3.txt'));
    await test.core.services.sources.idle();
    expect((await docAt(edited))?.sizeBytes).toBe(fs.statSync(edited).size);
  }, 120_000);

  it("re-indexes a file edited the moment the source says 'watching' after its first sync", async () => {
    const edited = path.join(folder, 'part-1', 'note-0.txt');
    let editedOnce = false;
    test.core.services.sources.onChanged((_id, _collectionId, source) => {
      // what the Sources panel (and bench (f)) sees: the first sync is over; the user edits at once
      if (!editedOnce && source?.state === 'watching' && source.lastSyncAt !== null) {
        editedOnce = true;
        fs.appendFileSync(edited, 'Later a platypusgrove was logged there.\n');
      }
    });
    await test.core.services.sources.addPath(DEFAULT_COLLECTION_ID, folder);
    await waitFor('the first sync to end', () => editedOnce);
    await waitFor('the edit to be indexed', async () => (await search('platypusgrove')).includes('note-0.txt'));
    await test.core.services.sources.idle();
    expect((await docAt(edited))?.sizeBytes).toBe(fs.statSync(edited).size);
  }, 120_000);
});
