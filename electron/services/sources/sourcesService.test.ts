// Folder sources against a real temporary folder, the real watcher, LanceDB and embedder: an imported folder
// becomes a source and follows adds, edits, deletes, renames, a burst of files, pause and resume; a rescan of an
// unchanged folder imports nothing. Waits poll for the outcome (no fixed sleeps).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DocumentInfo } from '../../../shared/contract/library';
import type { SourceInfo } from '../../../shared/contract/sources';
import { connectTestClient, createTestCore, grantedSources, makeTempDir, type TestCore } from '../../testing/testCore';
import { waitFor } from '../../testing/waitFor';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

let test: TestCore;
let folder: string;
const docs = async (): Promise<DocumentInfo[]> => (await test.core.services.library.database()).listDocuments(DEFAULT_COLLECTION_ID);
const docAt = async (file: string): Promise<DocumentInfo | undefined> => (await docs()).find((d) => d.path === file);
const source = async (): Promise<SourceInfo | undefined> => (await test.core.services.sources.list(DEFAULT_COLLECTION_ID))[0];
const search = async (query: string): Promise<string[]> =>
  (await test.core.services.library.search({ collectionId: DEFAULT_COLLECTION_ID, query, k: 5, mode: 'fts' })).passages.map((p) => p.documentName);

beforeEach(async () => {
  test = createTestCore();
  folder = fs.realpathSync(makeTempDir('loci-watched-'));
  fs.writeFileSync(path.join(folder, 'alpha.txt'), 'Alpha notes about glaciers and the slow movement of ice sheets.\n');
  fs.writeFileSync(path.join(folder, 'beta.md'), '# Beta\n\nBeta covers volcanoes, magma chambers and eruptions.\n');
  fs.mkdirSync(path.join(folder, 'sub'));
  fs.writeFileSync(path.join(folder, 'sub', 'gamma.txt'), 'Gamma is about tides, the moon and coastal erosion.\n');
  fs.mkdirSync(path.join(folder, '.hidden'));
  fs.writeFileSync(path.join(folder, '.hidden', 'secret.txt'), 'never imported');
  // through the contract, as the UI imports a folder it was granted
  const summary = await connectTestClient(test.core).stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, [folder]) }, () => undefined).result;
  expect(summary.overall.filesDone).toBe(3);
  // the imported folder became a source; it is watching once its first sync has run
  await waitFor('the source to watch', async () => (await source())?.state === 'watching' && (await source())?.lastSyncAt !== null);
});

afterEach(async () => {
  await test.cleanup();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('folder sources', () => {
  it('remembers the imported folder, persisted in the data directory', async () => {
    const s = (await source())!;
    expect(s).toMatchObject({ path: folder, name: path.basename(folder), state: 'watching', problem: null });
    expect(fs.readdirSync(path.join(test.dataDir, 'sources')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    // importing it again, or a folder inside it, does not add another source
    await test.core.services.sources.addPath(DEFAULT_COLLECTION_ID, path.join(folder, 'sub'));
    expect(await test.core.services.sources.list(DEFAULT_COLLECTION_ID)).toHaveLength(1);
  }, 60_000);

  it('follows adds, edits, deletes and renames; a renamed file keeps its chunks', async () => {
    const embedding = test.core.services.embedding;
    const original = embedding.embedEach.bind(embedding);
    let embedded = 0;
    embedding.embedEach = (texts, signal) => {
      embedded += texts.length;
      return original(texts, signal);
    };

    const delta = path.join(folder, 'delta.txt');
    fs.writeFileSync(delta, 'Delta explains river deltas, sediment and floodplains.\n');
    await waitFor('the added file', async () => (await docAt(delta))?.status === 'ready');
    expect(await search('sediment floodplains')).toContain('delta.txt');

    const alpha = path.join(folder, 'alpha.txt');
    const before = (await docAt(alpha))!;
    fs.writeFileSync(alpha, 'Alpha now describes aurora borealis and solar wind instead.\n');
    await waitFor('the edit', async () => ((await docAt(alpha))?.updatedAt ?? 0) > before.updatedAt && (await docAt(alpha))?.status === 'ready');
    expect(await search('aurora borealis')).toContain('alpha.txt');
    expect(await search('glaciers')).not.toContain('alpha.txt');

    const beta = path.join(folder, 'beta.md');
    fs.rmSync(beta);
    await waitFor('the delete', async () => (await docAt(beta)) === undefined);
    expect(await search('volcanoes magma')).not.toContain('beta.md');

    const gamma = path.join(folder, 'sub', 'gamma.txt');
    const gammaDoc = (await docAt(gamma))!;
    const chunksBefore = await (await test.core.services.library.database()).chunkCount(DEFAULT_COLLECTION_ID);
    const embeddedBefore = embedded;
    const renamed = path.join(folder, 'moved-gamma.txt');
    fs.renameSync(gamma, renamed);
    const moved = await waitFor('the rename', async () => ((await docAt(gamma)) === undefined ? docAt(renamed) : undefined));
    expect(moved).toMatchObject({ id: gammaDoc.id, name: 'moved-gamma.txt', status: 'ready', chunkCount: gammaDoc.chunkCount });
    expect(embedded).toBe(embeddedBefore); // no re-embedding
    expect(await (await test.core.services.library.database()).chunkCount(DEFAULT_COLLECTION_ID)).toBe(chunksBefore);
    expect(await search('tides coastal erosion')).toContain('moved-gamma.txt');
    expect(fs.existsSync(path.join(folder, '.hidden', 'secret.txt')) && (await docs()).some((d) => d.name === 'secret.txt')).toBe(false);
  }, 120_000);

  it('imports a file still being written once it settles', async () => {
    const file = path.join(folder, 'growing.txt');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, 'Growing begins with seeds. ');
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 40)); // the writer's pace, not a wait for the result
      fs.writeSync(fd, `Part ${i} talks about roots and leaves. `);
    }
    fs.writeSync(fd, 'It ends with photosynthesis.');
    fs.closeSync(fd);
    await waitFor('the settled file', async () => {
      const d = await docAt(file);
      return d?.status === 'ready' && d.sizeBytes === fs.statSync(file).size;
    });
    expect(await search('photosynthesis')).toContain('growing.txt');
  }, 60_000);

  it('syncs a burst of 500 files', async () => {
    const burst = path.join(folder, 'burst');
    fs.mkdirSync(burst);
    for (let i = 0; i < 500; i++) fs.writeFileSync(path.join(burst, `note-${i}.txt`), `Note ${i} records observation number ${i} of the survey.\n`);
    await waitFor('500 documents', async () => (await docs()).filter((d) => d.path.startsWith(burst) && d.status === 'ready').length === 500, 180_000);
    await waitFor('the source to settle', async () => (await source())?.state === 'watching');
    expect((await docs()).filter((d) => d.path.startsWith(burst))).toHaveLength(500);
  }, 240_000);

  it('pauses and resumes; a rescan of an unchanged folder imports nothing', async () => {
    const sources = test.core.services.sources;
    const id = (await source())!.id;
    expect((await sources.pause(id)).state).toBe('paused');
    const late = path.join(folder, 'late.txt');
    fs.writeFileSync(late, 'Written while paused: about comets.\n');
    // paused means not watched: give a watcher that was still running every chance to act, then check nothing did
    await sources.idle();
    expect(await docAt(late)).toBeUndefined();
    expect((await sources.resume(id)).state).toBe('watching');
    await waitFor('the file written while paused', async () => (await docAt(late))?.status === 'ready');
    await sources.idle();

    const library = test.core.services.library;
    const original = library.import.bind(library);
    let imports = 0;
    library.import = (request, ctx) => {
      imports++;
      return original(request, ctx);
    };
    const updated = new Map((await docs()).map((d) => [d.id, d.updatedAt]));
    await sources.rescan(id);
    await sources.idle();
    expect(imports).toBe(0);
    expect((await source())!.lastSyncSummary).toBe('Up to date');
    for (const d of await docs()) expect(d.updatedAt).toBe(updated.get(d.id));
  }, 120_000);

  it('a rescan reads no file whose size and modified time are unchanged; an edited file is the only one read', async () => {
    const sources = test.core.services.sources;
    const many = path.join(folder, 'many');
    fs.mkdirSync(many);
    for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(many, `n-${i}.txt`), `Note ${i} about survey station ${i}.\n`);
    await waitFor('200 documents', async () => (await docs()).filter((d) => d.path.startsWith(many) && d.status === 'ready').length === 200, 180_000);
    await sources.idle();

    // reads of the folder's files: on this thread (hashes for moves) and, through library.import, in the ingest worker
    const inFolder = (p: unknown): boolean => typeof p === 'string' && p.startsWith(folder);
    const spies = [
      vi.spyOn(fs, 'createReadStream'),
      vi.spyOn(fs, 'readFileSync'),
      vi.spyOn(fs, 'openSync'),
      vi.spyOn(fs.promises, 'readFile'),
      vi.spyOn(fs.promises, 'open'),
    ];
    const library = test.core.services.library;
    const original = library.import.bind(library);
    const importedPaths: string[] = [];
    library.import = (request, ctx) => {
      for (const s of request.sources) if (s.kind === 'path') importedPaths.push(s.path);
      return original(request, ctx);
    };
    const reads = (): string[] => [...spies.flatMap((spy) => spy.mock.calls.map((call) => call[0]).filter(inFolder) as string[]), ...importedPaths];
    try {
      const id = (await source())!.id;
      await sources.rescan(id);
      await sources.idle();
      expect(reads()).toEqual([]);
      expect((await source())!.lastSyncSummary).toBe('Up to date');

      // one file changes (size and time): it alone is read again, and searchable
      const edited = path.join(many, 'n-7.txt');
      fs.appendFileSync(edited, 'Station seven also logged an aurora.\n');
      await sources.rescan(id);
      await sources.idle();
      expect(reads()).toEqual([edited]);
      expect(await search('aurora')).toEqual(['n-7.txt']);
    } finally {
      spies.forEach((spy) => spy.mockRestore());
      library.import = original;
    }
  }, 240_000);

  it('shows a missing folder and keeps its documents; removing the source can remove them', async () => {
    const sources = test.core.services.sources;
    const id = (await source())!.id;
    const away = `${folder}-away`;
    fs.renameSync(folder, away);
    try {
      await sources.rescan(id);
      await waitFor('the missing state', async () => (await source())?.state === 'missing');
      expect((await docs()).length).toBe(3);
    } finally {
      fs.renameSync(away, folder);
    }
    await sources.remove(id, true);
    expect(await sources.list(DEFAULT_COLLECTION_ID)).toEqual([]);
    expect(await docs()).toEqual([]);
  }, 60_000);
});
