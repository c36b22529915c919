// The "Answer cache & Auto" settings form as data: the cache on or off, its similarity threshold (as a percentage)
// and size; Auto's tiers (name, model, the difficulty score from which it answers). Renderer (and Node tests).
import type { Settings } from '../../../../shared/contract/settings';
import { numberText, patchBuilder, settingsKey, type FieldTarget, type PatchResult } from './settingsFormKit';

export interface TierDraft {
  readonly name: string;
  /** A model key; '' until one is chosen. */
  readonly model: string;
  readonly fromScore: string;
}

export interface CacheRoutingDraft {
  readonly cacheEnabled: boolean;
  /** 0..100; 100: exact matches only. */
  readonly similarityPercent: string;
  readonly maxEntries: string;
  readonly tiers: readonly TierDraft[];
}

export type CacheRoutingField = 'similarityPercent' | 'maxEntries' | `tier${number}.${'name' | 'model' | 'fromScore'}`;

export const CACHE_ROUTING_KEYS = ['answerCache', 'autoRouting'] as const satisfies readonly (keyof Settings)[];
export const cacheRoutingKey = (settings: Settings): string => settingsKey(settings, CACHE_ROUTING_KEYS);

/** Where the host's issues show: `answerCache.minSimilarity` → the threshold, `autoRouting.tiers.1.model` → tier 1's model. */
export function cacheRoutingTarget(path: string): FieldTarget<CacheRoutingField> | undefined {
  if (path.startsWith('answerCache.minSimilarity')) return { field: 'similarityPercent', message: 'Enter a similarity from 90 to 100%' };
  if (path.startsWith('answerCache.maxEntries')) return { field: 'maxEntries', message: 'Enter a whole number from 10 to 10,000' };
  const tier = /^autoRouting\.tiers\.(\d+)\.(name|model|fromScore)/.exec(path);
  if (tier) return { field: `tier${Number(tier[1])}.${tier[2] as 'name' | 'model' | 'fromScore'}` };
  return undefined;
}

export function cacheRoutingDraft(settings: Settings): CacheRoutingDraft {
  return {
    cacheEnabled: settings.answerCache.enabled,
    similarityPercent: numberText(settings.answerCache.minSimilarity * 100),
    maxEntries: numberText(settings.answerCache.maxEntries),
    tiers: settings.autoRouting.tiers.map((t) => ({ name: t.name, model: t.model, fromScore: numberText(t.fromScore) })),
  };
}

export function cacheRoutingPatch(draft: CacheRoutingDraft): PatchResult<CacheRoutingField> {
  const builder = patchBuilder<CacheRoutingField>();
  const similarity = builder.num(draft.similarityPercent, 'similarityPercent');
  const tiers = draft.tiers.map((t, i) => {
    if (t.model === '') builder.errors[`tier${i}.model`] ??= 'Choose a model';
    return { name: t.name.trim(), model: t.model, fromScore: builder.num(t.fromScore, `tier${i}.fromScore`, { integer: true }) };
  });
  return builder.result({
    answerCache: { enabled: draft.cacheEnabled, minSimilarity: Number((similarity / 100).toPrecision(12)), maxEntries: builder.num(draft.maxEntries, 'maxEntries', { integer: true }) },
    autoRouting: { tiers },
  });
}

/** A new tier: "small" first (from score 0), "large" from 2, then "tier N" a step above the last. */
export function nextTier(tiers: readonly TierDraft[]): TierDraft {
  if (tiers.length === 0) return { name: 'small', model: '', fromScore: '0' };
  const last = Number(tiers.at(-1)!.fromScore);
  return { name: tiers.length === 1 ? 'large' : `tier ${tiers.length + 1}`, model: '', fromScore: String(Number.isFinite(last) ? last + 2 : 2) };
}
