// Comparisons against the Ollama stand-in: one retrieval, identical prompts, per-column metrics that follow the
// models' speed profiles, a failing column that does not stop the others, winners, ratings and the leaderboard.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContract, ComparePatch } from '../../../shared/contract';
import type { AnswerStages } from '../../../shared/contract/chat';
import type { RpcClient } from '../../../shared/rpc/client';
import { startOllamaStandIn, type OllamaStandIn } from '../../../e2e/fixtures/ollama-standin/server';
import { DOCUMENTS_DIR } from '../../testing/sharedAssets';
import { connectTestClient, createTestCore, type TestCore, grantedSources } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

let standIn: OllamaStandIn;
let test: TestCore;
let client: RpcClient<AppContract>;

beforeAll(async () => {
  // Nominal durations: tokens per second comes from the models' profiles, not from how loaded the machine is.
  standIn = await startOllamaStandIn({ timeScale: 0.05, reportedDurations: 'nominal' });
  test = createTestCore({ ollamaUrl: standIn.url });
  client = connectTestClient(test.core);
  await client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, [path.join(DOCUMENTS_DIR, 'pdf', 'nist-sp800-145-cloud-definition.pdf')]) }, () => undefined).result;
}, 60_000);

afterAll(async () => {
  await test.cleanup();
  await standIn.close();
});

const QUESTION = 'What are the essential characteristics of the cloud model?';
/** The stages a comparison runs once for all its columns. */
const sharedStages = (s: AnswerStages): number => s.prepareMs + s.rewriteMs + s.embedMs + s.searchMs + s.fusionMs + s.packingMs;

describe('compare', () => {
  it('runs one retrieval and the identical prompt on two models; the faster profile shows more tokens per second', async () => {
    const patches: ComparePatch[] = [];
    const searchesBefore = test.core.services.metrics.events('all', 'retrieval', 1000).total;
    const comparison = await client.stream(
      'compare.run',
      { collectionId: DEFAULT_COLLECTION_ID, question: QUESTION, variants: [{ model: 'llama3.2:3b', promptTemplate: 'grounded-answer@1' }, { model: 'qwen2.5:7b', promptTemplate: 'grounded-answer@1' }] },
      (p) => patches.push(p),
    ).result;
    expect(test.core.services.metrics.events('all', 'retrieval', 1000).total).toBe(searchesBefore + 1);
    expect(comparison.mode).toBe('sequential');
    expect(comparison.columns.map((c) => c.status)).toEqual(['complete', 'complete']);
    expect(comparison.columns[0]!.prompt).toEqual(comparison.columns[1]!.prompt);
    for (const col of comparison.columns) expect(col.content).toMatch(/\[\d\]/);
    const [fast, slow] = comparison.columns.map((c) => c.metrics!);
    expect(fast!.tokensPerSecond!).toBeGreaterThan(slow!.tokensPerSecond! * 2);
    expect(comparison.columns[0]!.costUsd).toBeGreaterThan(0);
    // sequential: the second column only starts after the first finished
    const statuses = patches.flatMap((p) => p.columns.filter((c) => c.status).map((c) => `${c.index}:${c.status}`));
    expect(statuses.indexOf('0:complete')).toBeLessThan(statuses.indexOf('1:running'));
    // the streamed deltas add up to each stored answer
    for (const index of [0, 1]) expect(patches.flatMap((p) => p.columns.filter((c) => c.index === index && c.delta).map((c) => c.delta)).join('')).toBe(comparison.columns[index]!.content);
    expect(test.core.services.metrics.events('all', 'compare', 100).events.map((e) => e.model).sort()).toEqual(['ollama:llama3.2:3b', 'ollama:qwen2.5:7b']);
    // every column times its stages; retrieval and packing ran once and are the same figures on each, marked shared
    const [s0, s1] = comparison.columns.map((c) => c.metrics!.stages!);
    for (const [i, s] of [s0!, s1!].entries()) {
      const own = s.waitMs + s.failedAttemptsMs + s.firstTokenMs + s.decodeMs;
      expect(s.sharedMs).toBeCloseTo(sharedStages(s), 6);
      expect(s.sharedMs).toBeGreaterThan(0);
      // sequential: the column's own time (its metrics' total, from its start) plus the shared part (its stages and
      // the statements between them, which count in unattributedMs)
      const beyond = s.totalMs - (comparison.columns[i]!.metrics!.totalMs + s.sharedMs);
      expect(beyond).toBeGreaterThanOrEqual(-1e-6);
      expect(beyond).toBeLessThanOrEqual(s.unattributedMs + 1e-6);
      expect(Math.abs(s.sharedMs + own + s.unattributedMs - s.totalMs)).toBeLessThan(1e-6);
      expect(s.unattributedMs).toBeLessThan(5);
      expect(s.firstTokenMs).toBeCloseTo(comparison.columns[i]!.metrics!.ttftMs!, 6);
    }
    expect(s0!.fullTextSearchMs).toBeGreaterThan(0);
    expect({ embed: s0!.embedMs, search: s0!.searchMs, packing: s0!.packingMs }).toEqual({ embed: s1!.embedMs, search: s1!.searchMs, packing: s1!.packingMs });
    const events = test.core.services.metrics.events('all', 'compare', 100).events.filter((e) => e.model === 'ollama:llama3.2:3b');
    expect(events[0]!.stages).toEqual(s0);
  });

  it('compares prompt versions on the same model: same passages, different instructions', async () => {
    const comparison = await client.stream(
      'compare.run',
      { collectionId: DEFAULT_COLLECTION_ID, question: QUESTION, variants: [{ model: 'llama3.2:3b', promptTemplate: 'grounded-answer@1' }, { model: 'llama3.2:3b', promptTemplate: 'grounded-answer@2' }], mode: 'parallel' },
      () => undefined,
    ).result;
    const [a, b] = comparison.columns;
    expect(a!.prompt[0]!.content).not.toBe(b!.prompt[0]!.content);
    expect(a!.prompt.at(-1)!.content).toBe(b!.prompt.at(-1)!.content);
    expect(comparison.mode).toBe('parallel');
    // parallel: each column's stages tile Send → its last token, the shared part once at the start
    for (const col of comparison.columns) {
      const s = col.metrics!.stages!;
      expect(s.totalMs).toBe(col.metrics!.totalMs);
      expect(s.sharedMs).toBeCloseTo(sharedStages(s), 6);
      expect(Math.abs(s.sharedMs + s.waitMs + s.failedAttemptsMs + s.firstTokenMs + s.decodeMs + s.unattributedMs - s.totalMs)).toBeLessThan(1e-6);
      expect(s.unattributedMs).toBeLessThan(5);
    }
    expect(a!.metrics!.stages!.sharedMs).toBe(b!.metrics!.stages!.sharedMs);
  });

  it('marks a failing column failed with the reason while the others finish', async () => {
    standIn.setFaults([{ kind: 'unknownModel', model: 'qwen2.5:7b' }, { kind: 'cutStream', afterTokens: 2, model: 'llama3.2:3b' }]);
    try {
      const comparison = await client.stream(
        'compare.run',
        {
          collectionId: DEFAULT_COLLECTION_ID,
          question: QUESTION,
          variants: [
            { model: 'qwen2.5:7b', promptTemplate: 'grounded-answer@1' },
            { model: 'llama3.2:3b', promptTemplate: 'grounded-answer@1' },
            { model: 'llama3.2:3b', promptTemplate: 'grounded-answer@2' },
          ],
          mode: 'parallel',
        },
        () => undefined,
      ).result;
      expect(comparison.columns[0]).toMatchObject({ status: 'error', error: { code: 'MODEL_NOT_FOUND' } });
      expect(comparison.columns.slice(1).map((c) => c.status)).toEqual(['incomplete', 'incomplete']);
      expect(comparison.columns[1]!.error?.code).toBe('OLLAMA_STREAM_CUT');
    } finally {
      standIn.clearFaults();
    }
  });

  it('keeps winners and ratings, and ranks variants on the leaderboard', async () => {
    const { comparisons } = await client.call('compare.list', {});
    expect(comparisons.length).toBe(3);
    const first = comparisons.at(-1)!;
    await client.call('compare.setWinner', { id: first.id, column: 0 });
    const rated = await client.call('compare.rate', { id: first.id, column: 1, rating: 3 });
    expect(rated).toMatchObject({ winner: 0 });
    expect(rated.columns[1]!.rating).toBe(3);
    // a fresh service over the same folder sees the same state (persisted)
    expect((await client.call('compare.get', { id: first.id })).winner).toBe(0);
    const { entries } = await client.call('compare.leaderboard', {});
    const llama = entries.find((e) => e.variant.model === 'ollama:llama3.2:3b' && e.variant.promptTemplate === 'grounded-answer@1')!;
    expect(llama).toMatchObject({ wins: 1, decided: 1, winRate: 1 });
    expect(llama.count).toBe(3);
    expect(llama.medianTokensPerSecond).toBeGreaterThan(0);
    const qwen = entries.find((e) => e.variant.model === 'ollama:qwen2.5:7b')!;
    expect(qwen).toMatchObject({ wins: 0, winRate: 0, meanRating: 3 });
    await expect(client.call('compare.setWinner', { id: first.id, column: 7 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('refuses one variant, five variants and unknown prompt versions', async () => {
    const one = client.stream('compare.run', { collectionId: DEFAULT_COLLECTION_ID, question: 'q', variants: [{ model: 'llama3.2:3b', promptTemplate: 'grounded-answer@1' }] }, () => undefined);
    await expect(one.result).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const unknown = client.stream('compare.run', { collectionId: DEFAULT_COLLECTION_ID, question: 'q', variants: [{ model: 'a', promptTemplate: 'nope@9' }, { model: 'b', promptTemplate: 'grounded-answer@1' }] }, () => undefined);
    await expect(unknown.result).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
  it('blind: shuffles the columns, keeps the flag, and a tie and a win feed Elo beside wins', async () => {
    const variants = [{ model: 'llama3.2:3b', promptTemplate: 'grounded-answer@2' }, { model: 'qwen2.5:7b', promptTemplate: 'grounded-answer@2' }];
    const orders = new Set<string>();
    const runs = [];
    // 12 runs: all in one order has chance 2·2^-12
    for (let i = 0; i < 12; i++) {
      const c = await client.stream('compare.run', { collectionId: DEFAULT_COLLECTION_ID, question: 'What is rapid elasticity?', variants, blind: true }, () => undefined).result;
      expect(c.blind).toBe(true);
      orders.add(c.columns.map((col) => col.variant.model).join(','));
      runs.push(c);
    }
    expect(orders.size).toBe(2);
    const tie = await client.call('compare.setWinner', { id: runs[0]!.id, column: 'tie' });
    expect(tie).toMatchObject({ winner: null, tie: true });
    const llamaIndex = runs[1]!.columns.findIndex((col) => col.variant.model === 'ollama:llama3.2:3b');
    const won = await client.call('compare.setWinner', { id: runs[1]!.id, column: llamaIndex });
    expect(won.tie).toBeUndefined();
    const { entries } = await client.call('compare.leaderboard', {});
    const llama = entries.find((e) => e.variant.model === 'ollama:llama3.2:3b' && e.variant.promptTemplate === 'grounded-answer@2')!;
    const qwen = entries.find((e) => e.variant.model === 'ollama:qwen2.5:7b' && e.variant.promptTemplate === 'grounded-answer@2')!;
    // a tie between equals changes nothing; then one win: 1016 / 984
    expect(llama).toMatchObject({ elo: 1016, votes: 2, wins: 1, decided: 1 });
    expect(qwen).toMatchObject({ elo: 984, votes: 2, wins: 0 });
    // clearing a vote takes it out of the ratings
    await client.call('compare.setWinner', { id: runs[1]!.id, column: null });
    const after = (await client.call('compare.leaderboard', {})).entries.find((e) => e.variant.model === 'ollama:llama3.2:3b' && e.variant.promptTemplate === 'grounded-answer@2')!;
    expect(after).toMatchObject({ elo: 1000, votes: 1 });
    for (const c of runs) await client.call('compare.delete', { id: c.id });
  });

  it('a follow-up continues every column with its own earlier answer, in the same column order', async () => {
    const variants = [{ model: 'llama3.2:3b', promptTemplate: 'grounded-answer@1' }, { model: 'qwen2.5:7b', promptTemplate: 'grounded-answer@1' }];
    const first = await client.stream('compare.run', { collectionId: DEFAULT_COLLECTION_ID, question: QUESTION, variants, blind: true }, () => undefined).result;
    const same = first.columns.map((c) => c.variant);
    const next = await client.stream('compare.run', { collectionId: DEFAULT_COLLECTION_ID, question: 'Which of them is about elasticity?', variants: same, followUpOf: first.id }, () => undefined).result;
    expect(next).toMatchObject({ parentId: first.id, blind: true });
    expect(next.columns.map((c) => c.variant)).toEqual(same);
    next.columns.forEach((col, i) => {
      const history = col.prompt.slice(1, -1);
      expect(history).toEqual([
        { role: 'user', content: QUESTION },
        { role: 'assistant', content: first.columns[i]!.content },
      ]);
      expect(col.status).toBe('complete');
    });
    const { comparisons } = await client.call('compare.thread', { id: next.id });
    expect(comparisons.map((c) => c.id)).toEqual([first.id, next.id]);
    const swapped = client.stream('compare.run', { collectionId: DEFAULT_COLLECTION_ID, question: 'And?', variants: [...same].reverse(), followUpOf: first.id }, () => undefined);
    await expect(swapped.result).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
