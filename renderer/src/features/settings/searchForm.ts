// The "Search & answers" settings form as data: the hybrid search's balance (shown as a percentage), passages per
// answer, the score floor and relevance threshold, the prompt template, and new conversations' temperature and
// model. Renderer (and Node tests).
import type { PromptTemplateInfo } from '../../../../shared/contract/chat';
import type { Calibration } from '../../../../shared/contract/library';
import { modelLabel, type ModelInfo } from '../../../../shared/contract/models';
import type { Settings } from '../../../../shared/contract/settings';
import { numberText, patchBuilder, settingsKey, type FieldTargets, type PatchResult } from './settingsFormKit';

export interface SearchDraft {
  /** `auto`: the balance calibration measured on each collection; otherwise the slider's, by this fusion. */
  readonly fusion: Settings['retrievalFusion'];
  /** Share of meaning (vectors) against keywords, 0..100. */
  readonly meaningPercent: string;
  readonly topK: string;
  /** Empty: no floor. */
  readonly scoreFloor: string;
  /** MMR: near-duplicate passages give way to others. */
  readonly diversity: boolean;
  /** "id@version". */
  readonly promptTemplate: string;
  readonly temperature: string;
  /** Empty: the first installed model. */
  readonly defaultModel: string;
}

export type SearchField = keyof SearchDraft;

export const SEARCH_KEYS = [
  'retrievalFusion',
  'retrievalVectorWeight',
  'retrievalTopK',
  'retrievalScoreFloor',
  'retrievalDiversity',
  'promptTemplate',
  'defaultTemperature',
  'defaultChatModel',
] as const satisfies readonly (keyof Settings)[];
export const searchKey = (settings: Settings): string => settingsKey(settings, SEARCH_KEYS);

export const SEARCH_TARGETS: FieldTargets<SearchField> = {
  retrievalFusion: { field: 'fusion' },
  retrievalVectorWeight: { field: 'meaningPercent', message: 'Enter a percentage from 0 to 100' },
  retrievalTopK: { field: 'topK', message: 'Enter a whole number from 1 to 50' },
  retrievalScoreFloor: { field: 'scoreFloor', message: 'Enter a score from 0 to 1, or leave it empty for none' },
  retrievalDiversity: { field: 'diversity' },
  promptTemplate: { field: 'promptTemplate' },
  defaultTemperature: { field: 'temperature', message: 'Enter a temperature from 0 to 2' },
  defaultChatModel: { field: 'defaultModel' },
};

export function searchDraft(settings: Settings): SearchDraft {
  return {
    fusion: settings.retrievalFusion,
    meaningPercent: numberText(settings.retrievalVectorWeight * 100),
    topK: numberText(settings.retrievalTopK),
    scoreFloor: settings.retrievalScoreFloor === null ? '' : numberText(settings.retrievalScoreFloor),
    diversity: settings.retrievalDiversity,
    promptTemplate: settings.promptTemplate,
    temperature: numberText(settings.defaultTemperature),
    defaultModel: settings.defaultChatModel ?? '',
  };
}

export function searchPatch(draft: SearchDraft): PatchResult<SearchField> {
  const builder = patchBuilder<SearchField>();
  const meaning = builder.num(draft.meaningPercent, 'meaningPercent');
  return builder.result({
    retrievalFusion: draft.fusion,
    // rounded so 15% saves as 0.15, not 0.15000000000000002
    retrievalVectorWeight: Number((meaning / 100).toPrecision(12)),
    retrievalTopK: builder.num(draft.topK, 'topK', { integer: true }),
    retrievalScoreFloor: draft.scoreFloor.trim() === '' ? null : builder.num(draft.scoreFloor, 'scoreFloor'),
    retrievalDiversity: draft.diversity,
    promptTemplate: draft.promptTemplate,
    defaultTemperature: builder.num(draft.temperature, 'temperature'),
    defaultChatModel: draft.defaultModel === '' ? null : draft.defaultModel,
  });
}

/** The slider's reading: "15% meaning · 85% keywords". */
export function balanceText(meaningPercent: string): string {
  const value = Number(meaningPercent);
  if (meaningPercent.trim() === '' || !Number.isFinite(value)) return '';
  const meaning = Math.min(100, Math.max(0, Math.round(value)));
  if (meaning === 0) return 'Keywords only';
  if (meaning === 100) return 'Meaning only';
  return `${meaning}% meaning · ${100 - meaning}% keywords`;
}

export interface Option {
  readonly value: string;
  readonly label: string;
}

export const templateKey = (t: Pick<PromptTemplateInfo, 'id' | 'version'>): string => `${t.id}@${t.version}`;

/** The host's templates as "Grounded answer v1"; a saved one it no longer has stays choosable, marked. */
export function templateOptions(templates: readonly PromptTemplateInfo[] | null, current: string): Option[] {
  const options = (templates ?? []).map((t) => ({ value: templateKey(t), label: `${t.name} v${t.version}` }));
  if (!options.some((o) => o.value === current)) options.unshift({ value: current, label: templates === null ? current : `${current} (not found)` });
  return options;
}

export const FIRST_INSTALLED = 'First available model';

/** "First available model", then every engine's models by key, labelled with their engine; a saved one that is gone stays choosable, marked. */
export function modelOptions(installed: readonly Pick<ModelInfo, 'engine' | 'name' | 'key'>[] | null, current: string): Option[] {
  const options: Option[] = [{ value: '', label: FIRST_INSTALLED }, ...(installed ?? []).map((m) => ({ value: m.key, label: modelLabel(m) }))];
  if (current !== '' && !options.some((o) => o.value === current)) options.push({ value: current, label: installed === null ? modelLabel(current) : `${modelLabel(current)} (not available)` });
  return options;
}

/** The calibration line: "On this collection, hybrid finds the source passage first 71% of the time, keywords 64%, meaning 26%: hybrid uses keywords only". */
export function calibrationText(c: Calibration): string {
  const pct = (x: number): string => `${Math.round(x * 100)}%`;
  const uses = c.fusion.weight === 0 ? 'keywords only' : c.fusion.weight === 1 ? 'meaning only' : `${Math.round(c.fusion.weight * 100)}% meaning (${c.fusion.method === 'convex' ? 'score mix' : 'rank mix'})`;
  return `On this collection, hybrid finds the source passage first ${pct(c.hybrid.top1)} of the time, keywords ${pct(c.keywords.top1)}, meaning ${pct(c.meaning.top1)}: hybrid uses ${uses}. Measured on ${c.queries} test searches made from its passages, ${new Date(c.measuredAt).toLocaleString()}.`;
}
