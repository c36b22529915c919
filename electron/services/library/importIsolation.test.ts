// One bad file fails alone, end to end: the real parsers and embedding model in their workers, LanceDB on disk,
// driven through the contract. Text the static test model cannot represent (Persian, a lone letter) lands for keyword
// search with a note; a file with nothing searchable fails with a reason; loops in the folder end; names that are
// Object members parse; nothing is left `indexing`; the import's metrics event counts the failed file.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContract, ImportSummary } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { connectTestClient, createTestCore, grantedSources, makeTempDir, type TestCore } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

let test: TestCore;
let client: RpcClient<AppContract>;
let folder: string;

beforeAll(() => {
  test = createTestCore();
  client = connectTestClient(test.core);
  folder = makeTempDir('loci-isolation-');
  for (let i = 0; i < 10; i++) fs.writeFileSync(path.join(folder, `good-${i}.txt`), `Good note ${i}: the walrus colony hauls out on the ice floe number ${i}.\n`);
  fs.writeFileSync(path.join(folder, 'persian.txt'), 'سلام دنیا این یک متن فارسی است\n');
  fs.writeFileSync(path.join(folder, 'one-byte.txt'), 'x');
  fs.writeFileSync(path.join(folder, 'snowmen.txt'), '☃ ☃ ☃\n');
  fs.writeFileSync(path.join(folder, 'notes.constructor'), 'Minutes of the otter constructor meeting.\n');
  fs.writeFileSync(path.join(folder, 'notes.__proto__'), 'Prototype notes about beavers.\n');
  fs.mkdirSync(path.join(folder, 'a'));
  fs.mkdirSync(path.join(folder, 'b'));
  fs.writeFileSync(path.join(folder, 'b', 'deep.txt'), 'A deep note about narwhals.\n');
  fs.symlinkSync(path.join(folder, 'b'), path.join(folder, 'a', 'to-b'));
  fs.symlinkSync(path.join(folder, 'a'), path.join(folder, 'b', 'to-a'));
  fs.symlinkSync('.', path.join(folder, 'again'));
});
afterAll(async () => {
  await test.cleanup();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('an import with files the embedder cannot represent', () => {
  let summary: ImportSummary;

  beforeAll(async () => {
    summary = await client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, [folder]) }, () => undefined).result;
  }, 120_000);

  it('lands every good file, each file once, and nothing stays indexing', async () => {
    const names = summary.files.map((f) => f.name).sort();
    expect(names).toEqual([...Array.from({ length: 10 }, (_, i) => `good-${i}.txt`), 'deep.txt', 'notes.__proto__', 'notes.constructor', 'one-byte.txt', 'persian.txt', 'snowmen.txt'].sort());
    const state = Object.fromEntries(summary.files.map((f) => [f.name, f]));
    for (let i = 0; i < 10; i++) expect(state[`good-${i}.txt`]).toMatchObject({ state: 'done', reason: null });
    for (const name of ['deep.txt', 'notes.constructor', 'notes.__proto__']) expect(state[name]!.state, name).toBe('done');
    expect(summary.overall).toMatchObject({ filesTotal: 16, filesFailed: 1 });
    const { documents } = await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID });
    expect(documents.filter((d) => d.status !== 'ready').map((d) => d.name)).toEqual([]);
    expect(documents).toHaveLength(15);
    expect(documents.find((d) => d.name === 'notes.constructor')).toMatchObject({ format: 'text' });
  });

  it('keeps text with no meaning vector searchable by keywords, and says so on the document', async () => {
    const state = Object.fromEntries(summary.files.map((f) => [f.name, f]));
    for (const name of ['persian.txt', 'one-byte.txt']) {
      expect(state[name], name).toMatchObject({ state: 'done', reason: expect.stringMatching(/no meaning vector.*found by keyword search only/) });
    }
    const { documents } = await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID });
    const persian = documents.find((d) => d.name === 'persian.txt')!;
    expect(persian).toMatchObject({ status: 'ready', chunkCount: 1, error: null, note: expect.stringMatching(/^Its passage has no meaning vector/) });
    expect(documents.find((d) => d.name === 'good-0.txt')!.note).toBeNull();
    const byKeyword = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'فارسی', k: 5, mode: 'fts' });
    expect(byKeyword.passages[0]?.documentName).toBe('persian.txt');
    const byMeaning = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'walrus on the ice', k: 50, mode: 'vector' });
    expect(byMeaning.passages.length).toBeGreaterThan(5);
    expect(byMeaning.passages.filter((p) => ['persian.txt', 'one-byte.txt'].includes(p.documentName))).toEqual([]);
    const hybrid = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'سلام دنیا', k: 5, mode: 'hybrid' });
    expect(hybrid.passages[0]?.documentName).toBe('persian.txt');
  });

  it('fails a file with nothing searchable with a reason in the user’s words', () => {
    const snowmen = summary.files.find((f) => f.name === 'snowmen.txt')!;
    expect(snowmen).toMatchObject({ state: 'failed', reason: expect.stringMatching(/^Nothing in this file can be searched/) });
    for (const f of summary.files) expect(f.reason ?? '', f.name).not.toMatch(/lance|cargo|\.rs:\d|NaN|Error:/i);
  });

  it('records the import as not OK, counting the failed file', async () => {
    // newest first: the oldest is this import's own (the folder, now a watched source, may have synced since)
    const { events } = await client.call('metrics.events', { kind: 'import', limit: 50 });
    expect(events.at(-1)).toMatchObject({ outcome: 'error', errorType: 'FILES_FAILED', errorMessage: '1 of 16 files failed', items: 15 });
  });
});
