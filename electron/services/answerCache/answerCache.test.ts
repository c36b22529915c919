// The answer cache's keys, matching, bound, persistence and invalidation, on a temporary file (no model needed).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/contract/settings';
import type { AnswerMetrics } from '../../../shared/contract/chat';
import { createLogger } from '../logging/logger';
import { makeTempDir } from '../../testing/testCore';
import { openAnswerCache, type NewCacheEntry } from './answerCache';
import { answerKey, answerSettingsOf, collectionVersion, type AnswerKeyParts } from './answerCacheKey';
import { guardTokens, normaliseQuestion } from './normaliseQuestion';

const logger = createLogger({ consoleLevel: 'silent' });
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const tempFile = (): string => {
  const dir = makeTempDir('loci-cache-');
  dirs.push(dir);
  return path.join(dir, 'answer-cache', 'answers.json');
};

const doc = (id: string, updatedAt = 1) => ({ id, status: 'ready' as const, chunkCount: 3, updatedAt, embedder: 'loci/glove@q8' });
const embedder = { embedderId: 'loci/glove', dimension: 100, dtype: 'q8' };
const parts = (over: Partial<AnswerKeyParts> = {}): AnswerKeyParts => ({
  collectionId: 'default',
  collectionVersion: collectionVersion([doc('a'), doc('b')], embedder),
  model: 'ollama:llama3.2:3b',
  promptTemplate: 'grounded-answer@3',
  temperature: 0.2,
  systemPrompt: null,
  topK: 6,
  contextLength: null,
  settings: answerSettingsOf(DEFAULT_SETTINGS),
  ...over,
});
const metrics: AnswerMetrics = { model: 'ollama:llama3.2:3b', embedMs: 1, retrievalMs: 2, overheadMs: 3, ttftMs: 40, tokensPerSecond: 20, totalMs: 900, loadMs: 0, promptTokens: 300, completionTokens: 50, outcome: 'ok', doneReason: 'stop' };
const entry = (id: string, question: string, vector: number[] | null, over: Partial<NewCacheEntry> = {}): NewCacheEntry => ({
  id,
  key: 'k1',
  collectionId: 'default',
  collectionVersion: 'v1',
  question,
  vector: vector ? Float32Array.from(vector) : null,
  answeredAt: 1000,
  model: 'ollama:llama3.2:3b',
  promptTemplate: { id: 'grounded-answer', version: 3 },
  content: `answer ${id} [1]`,
  passages: [],
  prompt: [{ role: 'user', content: question }],
  grounding: null,
  metrics,
  route: null,
  ...over,
});

describe('normalised questions', () => {
  it('ignores case, spacing, Unicode form and punctuation, but not numbers', () => {
    expect(normaliseQuestion('  What is the   CLOUD model?! ')).toBe(normaliseQuestion('what is the cloud model'));
    expect(normaliseQuestion('Ｗhat is “PaaS”?')).toBe('what is paas');
    expect(normaliseQuestion('Is 3.5 more than 1,000?')).toBe('is 3.5 more than 1,000');
    expect(normaliseQuestion('Who won in 2015?')).not.toBe(normaliseQuestion('Who won in 2016?'));
  });
  it('guards numbers and negations', () => {
    expect(guardTokens('Who won in 2015?')).not.toBe(guardTokens('Who won in 2016?'));
    expect(guardTokens('Does it scale?')).not.toBe(guardTokens("Doesn't it scale?"));
    expect(guardTokens('Does it scale?')).toBe(guardTokens('does IT scale'));
  });
});

describe('answer keys', () => {
  it('change with everything that changes an answer, and only that', () => {
    const base = answerKey(parts());
    expect(answerKey(parts())).toBe(base);
    expect(answerKey(parts({ collectionId: 'other' }))).not.toBe(base);
    expect(answerKey(parts({ model: 'ollama:qwen2.5:7b' }))).not.toBe(base);
    expect(answerKey(parts({ promptTemplate: 'grounded-answer@2' }))).not.toBe(base);
    expect(answerKey(parts({ temperature: 0.7 }))).not.toBe(base);
    expect(answerKey(parts({ contextLength: 4096 }))).not.toBe(base);
    expect(answerKey(parts({ systemPrompt: 'Answer in French.' }))).not.toBe(base);
    expect(answerKey(parts({ topK: 3 }))).not.toBe(base);
    expect(answerKey(parts({ settings: answerSettingsOf({ ...DEFAULT_SETTINGS, retrievalTopK: 3 }) }))).not.toBe(base);
    expect(answerKey(parts({ settings: answerSettingsOf({ ...DEFAULT_SETTINGS, passageGuard: 'flag' }) }))).not.toBe(base);
    expect(answerKey(parts({ settings: answerSettingsOf({ ...DEFAULT_SETTINGS, groundingVerifyWithModel: true }) }))).not.toBe(base);
    // the vector weight is unused under calibrated fusion, so it does not split the cache then
    expect(answerKey(parts({ settings: answerSettingsOf({ ...DEFAULT_SETTINGS, retrievalVectorWeight: 0.9 }) }))).toBe(base);
    // settings that do not change an answer leave the key alone
    expect(answerKey(parts({ settings: answerSettingsOf({ ...DEFAULT_SETTINGS, theme: 'dark', ocrEnabled: true }) }))).toBe(base);
  });

  it('a collection version changes on import, re-index, removal and embedder change, not on order', () => {
    const v = collectionVersion([doc('a'), doc('b')], embedder);
    expect(collectionVersion([doc('b'), doc('a')], embedder)).toBe(v);
    expect(collectionVersion([doc('a'), doc('b'), doc('c')], embedder)).not.toBe(v); // import
    expect(collectionVersion([doc('a', 2), doc('b')], embedder)).not.toBe(v); // re-index rewrites updatedAt
    expect(collectionVersion([doc('a')], embedder)).not.toBe(v); // remove
    expect(collectionVersion([doc('a'), doc('b')], { ...embedder, dtype: 'fp32' })).not.toBe(v); // embedder
    expect(collectionVersion([doc('a'), doc('b')], null)).not.toBe(v);
    expect(collectionVersion([{ ...doc('a'), status: 'failed' }, doc('b')], embedder)).not.toBe(v);
  });
});

describe('the answer cache', () => {
  it('matches the exact question first, then by similarity above the threshold, within one key', () => {
    const cache = openAnswerCache({ file: tempFile(), logger });
    cache.put(entry('m1', 'What is PaaS?', [1, 0, 0]), 100);
    cache.put(entry('m2', 'Define platform as a service', [0.9, 0.1, 0]), 100);
    expect(cache.lookup({ key: 'k1', question: 'what is paas', vector: null, minSimilarity: 0.99 })).toMatchObject({ match: 'exact', similarity: 1, entry: { id: 'm1' } });
    // nearest vector above the threshold
    const similar = cache.lookup({ key: 'k1', question: 'Explain platform-as-a-service', vector: Float32Array.from([0.91, 0.1, 0]), minSimilarity: 0.99 });
    expect(similar).toMatchObject({ match: 'similar', entry: { id: 'm2' } });
    expect(similar!.similarity).toBeGreaterThan(0.99);
    // below the threshold, another key, or other numbers: no hit
    expect(cache.lookup({ key: 'k1', question: 'Something else', vector: Float32Array.from([0, 1, 0]), minSimilarity: 0.99 })).toBeNull();
    expect(cache.lookup({ key: 'k2', question: 'What is PaaS?', vector: Float32Array.from([1, 0, 0]), minSimilarity: 0.99 })).toBeNull();
    cache.put(entry('m3', 'Who won in 2015?', [0, 0, 1]), 100);
    expect(cache.lookup({ key: 'k1', question: 'Who won in 2016?', vector: Float32Array.from([0, 0, 1]), minSimilarity: 0.99 })).toBeNull();
  });

  it('keeps one answer per question, at most maxEntries (least recently used out), across restarts', async () => {
    const file = tempFile();
    const cache = openAnswerCache({ file, logger, now: (() => { let t = 0; return () => ++t; })() });
    cache.put(entry('m1', 'q one', [1, 0]), 2);
    cache.put(entry('m2', 'q two', [0, 1]), 2);
    expect(cache.lookup({ key: 'k1', question: 'q one', vector: null, minSimilarity: 0.99 })?.entry.id).toBe('m1'); // m1 used last
    cache.put(entry('m3', 'q three', [1, 1]), 2);
    expect(cache.size()).toBe(2);
    expect(cache.lookup({ key: 'k1', question: 'q two', vector: null, minSimilarity: 0.99 })).toBeNull();
    // a new answer to the same question replaces the old one
    cache.put(entry('m4', 'Q one?', [1, 0]), 2);
    expect(cache.size()).toBe(2);
    await cache.flush();
    const reopened = openAnswerCache({ file, logger });
    expect(reopened.size()).toBe(2);
    const hit = reopened.lookup({ key: 'k1', question: 'q three', vector: Float32Array.from([1, 1]), minSimilarity: 0.99 });
    expect(hit?.entry.id).toBe('m3');
    expect(reopened.lookup({ key: 'k1', question: 'another', vector: Float32Array.from([1, 0.001]), minSimilarity: 0.99 })?.entry.id).toBe('m4');
  });

  it('drops a collection’s entries whose version is stale, and all of a deleted collection', () => {
    const cache = openAnswerCache({ file: tempFile(), logger });
    cache.put(entry('m1', 'q one', null, { collectionVersion: 'v1' }), 100);
    cache.put(entry('m2', 'q two', null, { collectionId: 'other', collectionVersion: 'w1' }), 100);
    expect(cache.invalidate('default', 'v1')).toBe(0);
    expect(cache.invalidate('default', 'v2')).toBe(1);
    expect(cache.collections()).toEqual(['other']);
    expect(cache.invalidate('other', null)).toBe(1);
    expect(cache.size()).toBe(0);
  });

  it('starts empty from an unreadable file, and drops a bad entry alone', async () => {
    const file = tempFile();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{not json');
    expect(openAnswerCache({ file, logger }).size()).toBe(0);
    const cache = openAnswerCache({ file, logger });
    cache.put(entry('m1', 'q one', [1]), 10);
    await cache.flush();
    const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as { version: 1; entries: unknown[] };
    raw.entries.push({ id: 'broken' });
    fs.writeFileSync(file, JSON.stringify(raw));
    expect(openAnswerCache({ file, logger }).size()).toBe(1);
  });
});
