// The answer cache service's invalidation as an import's commits drive it: a collection with no cached answers is
// never digested, a burst of changes shares one digest, and the stale entries still go (temporary file, no model).
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/contract/settings';
import type { AnswerMetrics } from '../../../shared/contract/chat';
import { createLogger } from '../logging/logger';
import { makeTempDir } from '../../testing/testCore';
import { openAnswerCache, type NewCacheEntry } from './answerCache';
import { createAnswerCacheService } from './answerCacheService';

const logger = createLogger({ consoleLevel: 'silent' });
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const metrics: AnswerMetrics = { model: 'm', embedMs: 1, retrievalMs: 2, overheadMs: 3, ttftMs: 40, tokensPerSecond: 20, totalMs: 900, loadMs: 0, promptTokens: 300, completionTokens: 50, outcome: 'ok', doneReason: 'stop' };
const entry = (id: string, collectionId: string, collectionVersion: string): NewCacheEntry => ({
  id,
  key: `k-${id}`,
  collectionId,
  collectionVersion,
  question: `question ${id}`,
  vector: null,
  answeredAt: 1000,
  model: 'm',
  promptTemplate: { id: 'grounded-answer', version: 3 },
  content: `answer ${id}`,
  passages: [],
  prompt: [{ role: 'user', content: `question ${id}` }],
  grounding: null,
  metrics,
  route: null,
});

function setup() {
  const dir = makeTempDir('loci-cache-service-');
  dirs.push(dir);
  const cache = openAnswerCache({ file: path.join(dir, 'answers.json'), logger });
  const versions = new Map<string, string>([
    ['a', 'a1'],
    ['b', 'b1'],
  ]);
  const digested: string[] = [];
  const service = createAnswerCacheService({
    cache,
    getSettings: () => DEFAULT_SETTINGS,
    embedQuestion: async () => null,
    collectionVersion: async (id) => {
      digested.push(id);
      return versions.get(id) ?? null;
    },
    logger,
  });
  return { cache, versions, digested, service };
}

describe('answer cache invalidation', () => {
  it('does not digest a collection that has no cached answers', async () => {
    const { cache, digested, service } = setup();
    cache.put(entry('e1', 'a', 'a1'), 100);
    await Promise.all(Array.from({ length: 20 }, () => service.collectionChanged('b')));
    expect(digested).toEqual([]);
    expect(cache.size()).toBe(1);
    await service.dispose();
  });

  it('drops stale entries, one digest for a burst of changes', async () => {
    const { cache, versions, digested, service } = setup();
    cache.put(entry('e1', 'a', 'a1'), 100);
    cache.put(entry('e2', 'b', 'b1'), 100);
    versions.set('a', 'a2');
    await service.collectionChanged('a');
    expect(cache.size()).toBe(1);
    expect(digested).toEqual(['a']);
    // a burst (an import's commits): the calls share one run, which still sees the latest version
    cache.put(entry('e3', 'a', 'a2'), 100);
    const burst = Array.from({ length: 10 }, () => service.collectionChanged('a'));
    versions.set('a', 'a3');
    await Promise.all(burst);
    expect(digested).toEqual(['a', 'a']);
    expect(cache.size()).toBe(1);
    expect(cache.collections()).toEqual(['b']);
    await service.dispose();
  });

  it('runs a waiting invalidation at dispose', async () => {
    const { cache, versions, service } = setup();
    cache.put(entry('e1', 'a', 'a1'), 100);
    await service.collectionChanged('a');
    versions.set('a', 'a2');
    const waiting = service.collectionChanged('a');
    await service.dispose();
    await waiting;
    expect(cache.size()).toBe(0);
  });
});
