// Every Settings form, fed the wrong values a person might type, answers in plain words: no schema text
// ("Too small: expected number to be >=5"), no paths, no "Row 2".
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../../shared/contract/settings';
import { costsFieldOf, draftFromSettings, newPriceRow, patchFromDraft } from './costsAlertsForm';
import { RESILIENCE_TARGETS, resilienceDraft, resilienceKey, resiliencePatch } from './resilienceForm';
import { validateDraft } from '../../stores/settingsDraftStore';
import { cacheRoutingDraft, cacheRoutingKey, cacheRoutingPatch, cacheRoutingTarget } from './cacheRoutingForm';
import { EMBEDDING_TARGETS, embeddingDraft, embeddingKey, embeddingPatch } from './embeddingForm';
import { ENGINES_TARGETS, enginesDraft, enginesKey, enginesPatch } from './enginesForm';
import { APPEARANCE_FORM, OLLAMA_FORM, TRUST_FORM } from './generalForms';
import { LIBRARY_TARGETS, libraryDraft, libraryKey, libraryPatch } from './libraryForm';
import { SEARCH_TARGETS, searchDraft, searchKey, searchPatch } from './searchForm';
import { plainIssue } from './plainIssue';
import type { SettingsFormSpec } from './settingsFormKit';

const FORMS: Record<string, SettingsFormSpec<object, string>> = {
  ollama: OLLAMA_FORM,
  appearance: APPEARANCE_FORM,
  trust: TRUST_FORM,
  library: { key: libraryKey, draft: libraryDraft, patch: libraryPatch, targets: LIBRARY_TARGETS },
  engines: { key: enginesKey, draft: enginesDraft, patch: enginesPatch, targets: ENGINES_TARGETS },
  embedding: { key: embeddingKey, draft: embeddingDraft, patch: embeddingPatch, targets: EMBEDDING_TARGETS },
  search: { key: searchKey, draft: searchDraft, patch: searchPatch, targets: SEARCH_TARGETS },
  cacheRouting: { key: cacheRoutingKey, draft: cacheRoutingDraft, patch: cacheRoutingPatch, targets: cacheRoutingTarget },
  resilience: { key: resilienceKey, draft: resilienceDraft, patch: resiliencePatch, targets: RESILIENCE_TARGETS },
  costs: { key: () => '', draft: draftFromSettings, patch: patchFromDraft, targets: costsFieldOf },
};

const BAD_TEXT = ['', 'x', '-5', '0', '0.5', '1e12', '12abc', ' ', 'a'.repeat(3000), 'http://', 'ftp://x'];
// schema words, paths and placeholders that must never reach a person
const RAW = /expected|too small|too big|invalid input|>=|<=|\bnan\b|undefined|\[object|row \d|cloudPrices|\.\d+\./i;

function messages(spec: SettingsFormSpec<object, string>, draft: object, settings: Settings): string[] {
  const result = validateDraft(spec, draft, settings);
  return [...Object.values(result.errors), ...(result.general ? [result.general] : [])].filter((m): m is string => typeof m === 'string');
}

describe('Settings validation in plain words', () => {
  for (const [name, spec] of Object.entries(FORMS)) {
    it(`${name}: every refusal of a typed value is plain`, () => {
      const base = spec.draft(DEFAULT_SETTINGS) as Record<string, unknown>;
      const seen: string[] = [];
      for (const [field, value] of Object.entries(base)) {
        if (typeof value !== 'string') continue;
        for (const bad of BAD_TEXT) seen.push(...messages(spec, { ...base, [field]: bad }, DEFAULT_SETTINGS));
      }
      for (const message of seen) expect(message, `${name}: “${message}”`).not.toMatch(RAW);
    });
  }

  it('costs: a price row with bad values is refused by its cells, in plain words', () => {
    const base = draftFromSettings(DEFAULT_SETTINGS);
    for (const bad of BAD_TEXT) {
      const row = { ...newPriceRow(), name: bad, inputPerMillion: bad, outputPerMillion: '-1' };
      for (const message of messages(FORMS.costs!, { ...base, prices: [...base.prices, row] }, DEFAULT_SETTINGS)) expect(message).not.toMatch(RAW);
    }
  });

  it('turns the schema’s common texts into plain words', () => {
    for (const raw of ['Too small: expected number to be >=5', 'Too big: expected number to be <=3650', 'Too big: expected string to have <=2048 characters', 'Invalid input: expected number, received NaN']) {
      expect(plainIssue(raw)).not.toMatch(RAW);
    }
  });
});
