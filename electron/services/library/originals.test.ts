// Uploaded originals: kept content-addressed after an import, so a re-index parses the PDF again and keeps its pages;
// the size cap; pruning when no document refers to an original. Through the contract, real workers and LanceDB.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContract, DocumentInfo } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { createLogger } from '../logging/logger';
import { DOCUMENTS_DIR } from '../../testing/sharedAssets';
import { connectTestClient, createTestCore, makeTempDir, type TestCore } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';
import { createOriginalsStore } from './originalsStore';

const PDF = path.join(DOCUMENTS_DIR, 'pdf', 'nist-sp800-145-cloud-definition.pdf');

let test: TestCore;
let client: RpcClient<AppContract>;
beforeAll(() => {
  test = createTestCore();
  client = connectTestClient(test.core);
});
afterAll(() => test.cleanup());

async function upload(file: string): Promise<string> {
  const bytes = fs.readFileSync(file);
  const { uploadId } = await client.call('uploads.begin', { name: path.basename(file), size: bytes.byteLength });
  await client.call('uploads.append', { uploadId, data: bytes.toString('base64') });
  return uploadId;
}
const documents = async (): Promise<DocumentInfo[]> => (await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID })).documents;
const originalFiles = (): string[] => {
  const root = path.join(test.dataDir, 'originals');
  return fs.existsSync(root) ? fs.readdirSync(root).flatMap((shard) => fs.readdirSync(path.join(root, shard))) : [];
};

describe('uploaded originals', () => {
  it('keeps an uploaded PDF by its hash, and a re-index parses it again: pages and page numbers stay', async () => {
    const uploadId = await upload(PDF);
    const summary = await client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: [{ kind: 'upload', uploadId }] }, () => undefined).result;
    expect(summary.files.map((f) => f.state)).toEqual(['done']);
    const [doc] = await documents();
    expect(doc).toMatchObject({ source: 'upload', format: 'pdf', pageCount: 7 });
    const hash = (await test.core.services.library.database()).contentHashOf(doc!.id);
    expect(originalFiles()).toEqual([hash]);
    // the upload itself is gone (removed off the main thread, so soon after); only the content-addressed copy remains
    await expect.poll(() => fs.readdirSync(path.join(test.dataDir, 'uploads'))).toEqual([]);

    const reindexed = await client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, reindexDocumentIds: [doc!.id] }, () => undefined).result;
    expect(reindexed.files.map((f) => [f.state, f.pages])).toEqual([['done', 7]]);
    const [after] = await documents();
    expect(after).toMatchObject({ id: doc!.id, source: 'upload', format: 'pdf', pageCount: 7, chunkCount: doc!.chunkCount });
    const hits = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'broad network access', k: 3, mode: 'fts' });
    expect(hits.passages[0]?.page).toBeGreaterThan(1);
  }, 120_000);

  it('drops the original once no document refers to it', async () => {
    const [doc] = await documents();
    await client.call('library.removeDocuments', { ids: [doc!.id] });
    expect(originalFiles()).toEqual([]);
    const uploadId = await upload(path.join(DOCUMENTS_DIR, 'md', 'art-of-command-line-en.md'));
    await client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: [{ kind: 'upload', uploadId }] }, () => undefined).result;
    const [md] = await documents();
    expect(originalFiles()).toEqual([(await test.core.services.library.database()).contentHashOf(md!.id)]);
  }, 120_000);
});

describe('the originals store', () => {
  it('keeps within its cap, least recently used out first, and keeps nothing at 0', async () => {
    const dir = makeTempDir('loci-originals-');
    let cap = 2500;
    const store = createOriginalsStore({ dir: path.join(dir, 'originals'), maxBytes: () => cap, logger: createLogger({ consoleLevel: 'silent' }) });
    const write = (name: string, size: number, fill: string): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, fill.repeat(size));
      return file;
    };
    const a = await store.keep(write('a', 1000, 'a'));
    const b = await store.keep(write('b', 1000, 'b'));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.keep(write('a2', 1000, 'a'))).toBe(a); // same bytes, same file
    expect(store.usedBytes()).toBe(2000);
    // make b the older one
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(path.join(dir, 'originals', b!.slice(0, 2), b!), old, old);
    const c = await store.keep(write('c', 1000, 'c'));
    expect(store.pathOf(b!)).toBeNull();
    expect(store.pathOf(a!)).not.toBeNull();
    expect(store.pathOf(c!)).not.toBeNull();
    expect(await store.keep(write('big', 3000, 'x'))).toBeNull();
    cap = 0;
    expect(await store.keep(write('d', 10, 'd'))).toBeNull();
    store.prune(new Set([c!]));
    expect(store.pathOf(a!)).toBeNull();
    expect(store.usedBytes()).toBe(1000);
    expect(store.pathOf('../../etc/passwd')).toBeNull();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
