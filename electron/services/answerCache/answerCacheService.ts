// The answer cache as chat uses it (services process): the key of a request, a lookup that embeds the question in
// the query lane, storing a finished answer, and invalidation when the library says a collection changed.
import type { Settings } from '../../../shared/contract/settings';
import type { Logger } from '../logging/logger';
import type { AnswerCache, CacheHit, NewCacheEntry } from './answerCache';
import { answerKey, answerSettingsOf, type AnswerKeyParts } from './answerCacheKey';

/** The least time between two invalidations of one collection, ms. */
const INVALIDATE_SPACING_MS = 1000;

export interface AnswerCacheServiceDeps {
  cache: AnswerCache;
  getSettings: () => Settings;
  /** The question's embedding with the collection's embedder (query lane), or null when it has none. */
  embedQuestion: (text: string, signal?: AbortSignal) => Promise<Float32Array | null>;
  /** The collection's content version (answerCacheKey.collectionVersion), or null when it does not exist. */
  collectionVersion: (collectionId: string) => Promise<string | null>;
  logger: Logger;
}

export interface CacheKey {
  key: string;
  collectionId: string;
  collectionVersion: string;
}

export interface AnswerCacheService {
  /** The key of a first-turn question, or null when the cache is off (or the collection is gone). */
  keyFor(parts: Omit<AnswerKeyParts, 'collectionVersion' | 'settings'>): Promise<CacheKey | null>;
  /** The cached answer, if any, and the question's embedding (null on an exact hit, or when the embedder gave none). */
  lookup(key: CacheKey, question: string, signal?: AbortSignal): Promise<{ hit: CacheHit | null; vector: Float32Array | null }>;
  /** Keeps a finished answer; `vector`: the question's embedding when the lookup made it (else it is made here). */
  store(key: CacheKey, entry: Omit<NewCacheEntry, 'key' | 'collectionId' | 'collectionVersion' | 'vector'>, vector: Float32Array | null, signal?: AbortSignal): Promise<void>;
  /** A collection's documents changed (null: any collection may have): its stale entries go. */
  collectionChanged(collectionId: string | null): Promise<void>;
  dispose(): Promise<void>;
}

export function createAnswerCacheService(deps: AnswerCacheServiceDeps): AnswerCacheService {
  const log = deps.logger.child('answer-cache');
  const embed = async (text: string, signal?: AbortSignal): Promise<Float32Array | null> => {
    try {
      return await deps.embedQuestion(text, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      // no embedding only means no similarity match: the exact match and the answer itself go on
      log.warn('could not embed the question for the answer cache', { error });
      return null;
    }
  };
  // [Note: invalidation off the hot path] The library says "changed" after every commit of an import (one every
  // ~100 ms while a folder of small files syncs), and a collection's version digests all its documents, on the main
  // thread. Stale entries are never served (the version is in the key), so dropping them may wait: a collection
  // without cached answers costs nothing, and one with some is digested at most once per INVALIDATE_SPACING_MS, every
  // change meanwhile sharing that run.
  const lastRun = new Map<string, number>();
  const queued = new Map<string, { run: Promise<void>; now: () => void }>();
  const invalidateNow = async (id: string): Promise<void> => {
    lastRun.set(id, performance.now());
    if (!deps.cache.collections().includes(id)) return;
    const removed = deps.cache.invalidate(id, await deps.collectionVersion(id));
    if (removed > 0) log.info('answer cache entries invalidated', { collectionId: id, removed });
  };
  const invalidateSoon = (id: string): Promise<void> => {
    const waiting = queued.get(id);
    if (waiting) return waiting.run;
    const wait = Math.max(0, (lastRun.get(id) ?? -Infinity) + INVALIDATE_SPACING_MS - performance.now());
    let now!: () => void;
    const run = new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      now = () => {
        clearTimeout(timer);
        resolve();
      };
    }).then(() => {
      queued.delete(id);
      return invalidateNow(id);
    });
    queued.set(id, { run, now });
    return run;
  };
  return {
    async keyFor(parts) {
      const settings = deps.getSettings();
      if (!settings.answerCache.enabled) return null;
      const version = await deps.collectionVersion(parts.collectionId);
      if (version === null) return null;
      return { key: answerKey({ ...parts, collectionVersion: version, settings: answerSettingsOf(settings) }), collectionId: parts.collectionId, collectionVersion: version };
    },
    async lookup(key, question, signal) {
      const { minSimilarity } = deps.getSettings().answerCache;
      const exact = deps.cache.lookup({ key: key.key, question, vector: null, minSimilarity });
      if (exact) return { hit: exact, vector: null };
      // 1: exact matches only (no similarity match at all)
      if (minSimilarity >= 1) return { hit: null, vector: null };
      const vector = await embed(question, signal);
      return { hit: vector ? deps.cache.lookup({ key: key.key, question, vector, minSimilarity }) : null, vector };
    },
    async store(key, entry, vector, signal) {
      const settings = deps.getSettings();
      if (!settings.answerCache.enabled) return;
      // the collection may have changed while the answer was written: such an answer is not kept
      if ((await deps.collectionVersion(key.collectionId)) !== key.collectionVersion) return;
      const v = vector ?? (await embed(entry.question, signal));
      deps.cache.put({ ...entry, key: key.key, collectionId: key.collectionId, collectionVersion: key.collectionVersion, vector: v }, settings.answerCache.maxEntries);
    },
    async collectionChanged(collectionId) {
      const ids = collectionId === null ? deps.cache.collections() : [collectionId];
      await Promise.all(ids.map(invalidateSoon));
    },
    dispose: async () => {
      // invalidations still waiting run now, so that what is on disk has no stale entries
      const waiting = [...queued.values()];
      waiting.forEach((q) => q.now());
      await Promise.all(waiting.map((q) => q.run.catch(() => undefined)));
      await deps.cache.flush();
    },
  };
}
