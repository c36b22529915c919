// Tokenize once: ids from the ingest side's encoder give the same vectors as the embedder's own tokenizing, with the
// real static and MiniLM-shaped models from ../shared/models, in the real embedding worker.
import fs from 'node:fs';
import path from 'node:path';
import { AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/contract/settings';
import { createLogger } from '../logging/logger';
import { makeTempDir } from '../../testing/testCore';
import { DOCUMENTS_DIR, MODELS_DIR } from '../../testing/sharedAssets';
import { sourceWorkerEntries } from '../workers/workerEntries';
import { createEmbeddingService, type EmbeddingService } from './embeddingService';
import { batchFromIds, createTokenEncoder, tokenizerFingerprint, type IdTokenizer } from './tokenIds';

const MODELS = ['loci/glove-wordpiece-100d', 'loci/minilm-shaped-random'] as const;

const services: EmbeddingService[] = [];
afterAll(async () => Promise.all(services.map((s) => s.dispose())));
const make = (modelId: string): EmbeddingService => {
  const settings: Settings = { ...DEFAULT_SETTINGS, embedderModelDir: MODELS_DIR, embedderModelId: modelId, embedderDtype: 'q8' };
  const service = createEmbeddingService({ worker: sourceWorkerEntries().embedding, dataDir: makeTempDir(), getSettings: () => settings, logger: createLogger({ consoleLevel: 'silent' }) });
  services.push(service);
  return service;
};

/** The tokenizer as the ingest worker loads it (local folder, no network). */
async function ingestTokenizer(modelId: string): Promise<IdTokenizer> {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${MODELS_DIR}/`;
  return await AutoTokenizer.from_pretrained(modelId);
}

/** Real text of varied length: paragraphs of the Markdown and text fixtures, a run past the 512-token limit, and text the static model has no vectors for. */
function texts(): string[] {
  const dir = path.join(DOCUMENTS_DIR, 'md');
  const paragraphs = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split(/\n\s*\n/))
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .slice(0, 60);
  return [...paragraphs, paragraphs.join(' ').slice(0, 6000), 'سلام دنیا این یک متن فارسی است', 'x', 'naïve café — déjà vu, e.g. U.S.A. 3.14'];
}

describe('tokenize once', () => {
  for (const modelId of MODELS) {
    it(`${modelId}: the encoder's ids are the tokenizer's, and the vectors from ids equal the vectors from text`, async () => {
      const tokenizer = await ingestTokenizer(modelId);
      const encoder = createTokenEncoder(tokenizer);
      const sample = texts();
      expect(sample.length).toBeGreaterThan(20);
      const ids = sample.map((t) => encoder.encode(t));
      for (const [i, t] of sample.entries()) expect(Array.from(ids[i]!)).toEqual(tokenizer.encode(t, { add_special_tokens: true }));
      // the long run is past the model's limit: the worker truncates it as the tokenizer does
      expect(Math.max(...ids.map((x) => x.length))).toBeGreaterThan(512);

      const service = make(modelId);
      const info = await service.ready();
      // the embedding worker's tokenizer is the one the ingest worker loads
      expect(info.tokenizerFingerprint).toBe(tokenizerFingerprint(tokenizer));
      const fromText = await service.embedEach(sample, undefined, { lane: 'import' });
      const fromIds = await service.embedEach(sample, undefined, { lane: 'import', tokenIds: ids });
      for (const [i, a] of fromText.entries()) {
        const b = fromIds[i]!;
        if (a === null) {
          expect(b).toBeNull();
          continue;
        }
        expect(b).not.toBeNull();
        // a pass holds other texts either way (sorted by characters or by tokens), so padding may differ: equal to float rounding
        const worst = a.reduce((m, v, d) => Math.max(m, Math.abs(v - b[d]!)), 0);
        expect(worst, `text ${i}`).toBeLessThan(1e-5);
      }
      expect(fromText.filter((v) => v === null).length).toBe(modelId.includes('glove') ? 2 : 0);
    }, 120_000);
  }

  it('builds the batch the tokenizer builds: padded with the pad id, masked, truncated at its limit', async () => {
    const tokenizer = (await ingestTokenizer('loci/minilm-shaped-random')) as IdTokenizer & ((texts: string[], o: object) => Record<string, { data: BigInt64Array; dims: number[] }>) & { pad_token_id: number; model_max_length: number };
    const sample = ['a short one', 'a somewhat longer sentence about the ocean and its waves', 'word '.repeat(700)];
    const expected = tokenizer(sample, { padding: true, truncation: true });
    const built = batchFromIds(sample.map((t) => tokenizer.encode(t, { add_special_tokens: true })), { keys: Object.keys(expected), padTokenId: tokenizer.pad_token_id, paddingSide: 'right', maxLength: tokenizer.model_max_length });
    expect(Object.keys(built).sort()).toEqual(Object.keys(expected).sort());
    for (const key of Object.keys(expected)) {
      expect(built[key]!.dims).toEqual(expected[key]!.dims);
      expect(Array.from(built[key]!.data as BigInt64Array)).toEqual(Array.from(expected[key]!.data));
    }
  });
});
