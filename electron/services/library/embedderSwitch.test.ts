// Switching the embedding model: the index remembers its embedder, the UI is told a re-index is needed, search
// falls back to keywords meanwhile, and re-indexing everything brings meaning search back with the new model.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContract } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { DOCUMENTS_DIR } from '../../testing/sharedAssets';
import { connectTestClient, createTestCore, type TestCore, grantedSources } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

let test: TestCore;
let client: RpcClient<AppContract>;

beforeAll(async () => {
  test = createTestCore();
  client = connectTestClient(test.core);
  await client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, [path.join(DOCUMENTS_DIR, 'pdf', 'nist-sp800-145-cloud-definition.pdf')]) }, () => undefined).result;
}, 60_000);
afterAll(() => test.cleanup());

describe('switching embedders', () => {
  it('asks for a re-index, searches by keywords meanwhile, and re-indexes with the new model', async () => {
    await client.call('settings.update', { embedderModelId: 'loci/minilm-shaped-random' });
    const status = await client.call('library.embedderStatus', {});
    expect(status).toMatchObject({ indexEmbedder: 'loci/glove-wordpiece-100d', needsReindex: true });

    const hybrid = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'broad network access', k: 3, mode: 'hybrid' });
    expect(hybrid.mode).toBe('fts');
    expect(hybrid.passages[0]?.documentName).toBe('nist-sp800-145-cloud-definition.pdf');
    await expect(client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'broad network access', k: 3, mode: 'vector' })).rejects.toMatchObject({ code: 'EMBEDDER_MISMATCH' });
    // a plain import is refused until the library is re-indexed
    const refused = client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, [path.join(DOCUMENTS_DIR, 'md', 'art-of-command-line-en.md')]) }, () => undefined);
    await expect(refused.result).rejects.toMatchObject({ code: 'EMBEDDER_MISMATCH' });

    const summary = await client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, reindexAll: true }, () => undefined).result;
    expect(summary.files.map((f) => f.state)).toEqual(['done']);
    const after = await client.call('library.embedderStatus', {});
    expect(after).toMatchObject({ indexEmbedder: 'loci/minilm-shaped-random', indexDimension: 384, needsReindex: false });
    const again = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'broad network access', k: 3, mode: 'hybrid' });
    expect(again.mode).toBe('hybrid');
    const docs = (await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID })).documents;
    expect(docs.map((d) => [d.status, d.embedder])).toEqual([['ready', 'loci/minilm-shaped-random@q8']]);
  }, 60_000);
});

describe('switching the weights variant (dtype)', () => {
  let own: TestCore;
  let c: RpcClient<AppContract>;
  beforeAll(async () => {
    own = createTestCore();
    c = connectTestClient(own.core);
    await c.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(own.core, [path.join(DOCUMENTS_DIR, 'md', 'art-of-command-line-en.md')]) }, () => undefined).result;
  }, 60_000);
  afterAll(() => own.cleanup());

  it('counts it as a change of embedder: re-index asked, imports refused until then', async () => {
    expect((await own.core.services.library.database()).indexMeta()?.dtype).toBe('q8');
    // q8 and fp32 weights of one model give different vectors of the same width
    await c.call('settings.update', { embedderDtype: 'fp32' });
    expect(await c.call('library.embedderStatus', {})).toMatchObject({ indexEmbedder: 'loci/glove-wordpiece-100d', needsReindex: true });
    const refused = c.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(own.core, [path.join(DOCUMENTS_DIR, 'pdf', 'nist-sp800-145-cloud-definition.pdf')]) }, () => undefined);
    await expect(refused.result).rejects.toMatchObject({ code: 'EMBEDDER_MISMATCH', message: expect.stringContaining('(q8)') });
    const summary = await c.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, reindexAll: true }, () => undefined).result;
    expect(summary.files.map((f) => f.state)).toEqual(['done']);
    expect(await c.call('library.embedderStatus', {})).toMatchObject({ needsReindex: false });
    const docs = (await c.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID })).documents;
    expect(docs.map((d) => d.embedder)).toEqual(['loci/glove-wordpiece-100d@fp32']);
  }, 60_000);
});
