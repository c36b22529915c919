// The embedding service with the real transformers.js model in a real worker thread.
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/contract/settings';
import { createLogger } from '../logging/logger';
import { makeTempDir } from '../../testing/testCore';
import { MODELS_DIR, TEST_EMBEDDER } from '../../testing/sharedAssets';
import { sourceWorkerEntries } from '../workers/workerEntries';
import { createEmbeddingService, type EmbeddingService } from './embeddingService';

const services: EmbeddingService[] = [];
const make = (settings: Partial<Settings>): EmbeddingService => {
  const service = createEmbeddingService({
    worker: sourceWorkerEntries().embedding,
    dataDir: makeTempDir(),
    getSettings: () => ({ ...DEFAULT_SETTINGS, ...settings }),
    logger: createLogger({ consoleLevel: 'silent' }),
  });
  services.push(service);
  return service;
};
afterAll(async () => Promise.all(services.map((s) => s.dispose())));

const cosine = (a: Float32Array, b: Float32Array): number => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

describe('embedding service', () => {
  it('loads the static test model from ../shared/models and embeds meaningfully', async () => {
    const service = make(TEST_EMBEDDER);
    const info = await service.ready();
    expect(info).toMatchObject({ modelId: 'loci/glove-wordpiece-100d', dimension: 100, maxTokens: 512 });
    expect(service.status()).toMatchObject({ state: 'ready', dimension: 100 });
    const [cat, feline, tax] = await service.embed(['the cat sat on the mat', 'a feline rested on a rug', 'the income tax deadline is in april']);
    expect(cat!.length).toBe(100);
    expect(Math.abs(cosine(cat!, cat!) - 1)).toBeLessThan(1e-4);
    expect(cosine(cat!, feline!)).toBeGreaterThan(cosine(cat!, tax!) + 0.3);
  });

  it('returns vectors in input order however the batch was sorted', async () => {
    const service = make(TEST_EMBEDDER);
    const texts = Array.from({ length: 70 }, (_, i) => `${'word '.repeat(i % 13)}number ${i} ${i % 2 ? 'ocean waves' : 'mountain snow'}`);
    const together = await service.embed(texts);
    const single = await service.embed([texts[41]!]);
    expect(cosine(together[41]!, single[0]!)).toBeGreaterThan(0.9999);
  });

  it('checks every vector: text the model cannot represent has none, never a NaN or zero vector', async () => {
    const service = make(TEST_EMBEDDER);
    const texts = ['the walrus eats clams', 'سلام دنیا این یک متن فارسی است', '안녕하세요 세계', '你好世界', 'x', 'ocean waves at night'];
    const vectors = await service.embedEach(texts);
    const missing = texts.filter((_, i) => vectors[i] === null);
    // the static English model has no vectors for Persian, Korean or Chinese word pieces, nor for the lone 'x'
    expect(missing).toEqual(['سلام دنیا این یک متن فارسی است', '안녕하세요 세계', '你好世界', 'x']);
    for (const v of vectors.filter((x): x is Float32Array => x !== null)) {
      expect(v.every(Number.isFinite)).toBe(true);
      expect(Math.abs(cosine(v, v) - 1)).toBeLessThan(1e-3);
    }
    // the query path gets zeros (which vector search matches with nothing), never NaN
    const [persian] = await service.embed([texts[1]!]);
    expect(persian!.length).toBe(100);
    expect(persian!.every((x) => x === 0)).toBe(true);
  });

  it('embeds a query ahead of queued import batches, with the same vector as alone', async () => {
    const service = make(TEST_EMBEDDER);
    await service.ready();
    const order: string[] = [];
    const bulk = Array.from({ length: 3000 }, (_, i) => `passage ${i} about ${'rivers and mountains '.repeat(20)}`);
    const imports = [service.embedEach(bulk, undefined, { lane: 'import' }).then(() => order.push('import 1')), service.embedEach(bulk, undefined, { lane: 'import' }).then(() => order.push('import 2'))];
    const [query] = await service.embed(['the cat sat on the mat']);
    order.push('query');
    await Promise.all(imports);
    expect(order).toEqual(['query', 'import 1', 'import 2']);
    const [alone] = await service.embed(['the cat sat on the mat']);
    expect(cosine(query!, alone!)).toBeGreaterThan(0.9999);
  }, 60_000);

  it('settles a cancelled request at once with CANCELLED and keeps serving the rest', async () => {
    const service = make(TEST_EMBEDDER);
    await service.ready();
    const controller = new AbortController();
    const bulk = Array.from({ length: 5000 }, (_, i) => `passage ${i} about ${'rivers and mountains '.repeat(20)}`);
    const cancelledImport = service.embedEach(bulk, controller.signal, { lane: 'import' });
    const after = service.embedEach(['ocean waves at night'], undefined, { lane: 'import' });
    controller.abort();
    await expect(cancelledImport).rejects.toMatchObject({ code: 'CANCELLED' });
    const order: string[] = [];
    // the dropped request's passes do not run before the next import request: it lands before a later query does
    // only if the 5000 texts were skipped (else it would wait for them and the query would go first)
    const later = service.embed(['a later question']).then(() => order.push('query'));
    await after.then(() => order.push('import after cancel'));
    await later;
    expect(order[0]).toBe('import after cancel');
    await expect(service.embedEach(['x'], controller.signal)).rejects.toMatchObject({ code: 'CANCELLED' });
  }, 60_000);

  it('caps the MiniLM-shaped model at 256 tokens and gives 384 dimensions', async () => {
    const service = make({ embedderModelDir: MODELS_DIR, embedderModelId: 'loci/minilm-shaped-random', embedderDtype: 'q8' });
    expect(await service.ready()).toMatchObject({ dimension: 384, maxTokens: 256 });
  });

  it('says exactly what is missing when the model is absent and cannot be fetched', async () => {
    const service = make({ embedderModelDir: MODELS_DIR, embedderModelId: 'nobody/no-such-model', allowModelDownload: false });
    await expect(service.ready()).rejects.toMatchObject({ code: 'EMBEDDER_UNAVAILABLE', message: expect.stringMatching(/nobody\/no-such-model.*not on this computer/) });
    expect(service.status().state).toBe('unavailable');
  });

  it('reports an offline download failure as unavailable, with the fix', async () => {
    const service = make({ embedderModelDir: null, embedderModelId: 'Xenova/all-MiniLM-L6-v2', allowModelDownload: true });
    const error = (await service.ready().then(() => null, (e: unknown) => e)) as { code: string; message: string };
    expect(error).toMatchObject({ code: 'EMBEDDER_UNAVAILABLE' });
    expect(error.message).toMatch(/Xenova\/all-MiniLM-L6-v2/);
    expect(error.message).toMatch(/model folder/);
  }, 60_000);
});
