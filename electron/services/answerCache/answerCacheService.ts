// The answer cache as chat uses it (services process): the key of a request, a lookup that embeds the question in
// the query lane, storing a finished answer, and invalidation when the library says a collection changed.
import type { Settings } from '../../../shared/contract/settings';
import type { Logger } from '../logging/logger';
import type { AnswerCache, CacheHit, NewCacheEntry } from './answerCache';
import { answerKey, answerSettingsOf, type AnswerKeyParts } from './answerCacheKey';

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
      for (const id of ids) {
        const removed = deps.cache.invalidate(id, await deps.collectionVersion(id));
        if (removed > 0) log.info('answer cache entries invalidated', { collectionId: id, removed });
      }
    },
    dispose: () => deps.cache.flush(),
  };
}
