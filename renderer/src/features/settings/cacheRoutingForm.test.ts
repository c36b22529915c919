// The answer cache and Auto tiers form: drafts from settings, patches back, and where the host's issues show.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SettingsPatchSchema } from '../../../../shared/contract/settings';
import { cacheRoutingDraft, cacheRoutingPatch, cacheRoutingTarget, nextTier } from './cacheRoutingForm';

describe('cache and Auto form', () => {
  it('round-trips the settings, the threshold as a percentage', () => {
    const settings = { ...DEFAULT_SETTINGS, autoRouting: { tiers: [{ name: 'small', model: 'ollama:llama3.2:3b', fromScore: 0 }] } };
    const draft = cacheRoutingDraft(settings);
    expect(draft.similarityPercent).toBe('98.5');
    const result = cacheRoutingPatch(draft);
    expect(result.patch).toEqual({ answerCache: DEFAULT_SETTINGS.answerCache, autoRouting: settings.autoRouting });
    expect(SettingsPatchSchema.safeParse(result.patch).success).toBe(true);
  });
  it('names what is wrong, by field', () => {
    const draft = { ...cacheRoutingDraft(DEFAULT_SETTINGS), maxEntries: '1.5', tiers: [{ name: 'small', model: '', fromScore: 'x' }] };
    expect(cacheRoutingPatch(draft).errors).toEqual({ maxEntries: 'Enter a whole number', 'tier0.model': 'Choose a model', 'tier0.fromScore': 'Enter a number' });
    expect(cacheRoutingTarget('answerCache.minSimilarity')?.field).toBe('similarityPercent');
    expect(cacheRoutingTarget('autoRouting.tiers.1.model')?.field).toBe('tier1.model');
    expect(cacheRoutingTarget('theme')).toBeUndefined();
  });
  it('suggests small, then large a step up', () => {
    const first = nextTier([]);
    expect(first).toEqual({ name: 'small', model: '', fromScore: '0' });
    expect(nextTier([first])).toEqual({ name: 'large', model: '', fromScore: '2' });
  });
});
