// Settings' "Reliability & budgets" form as data: fallback models, the longest answer, the generation cap, retries,
// breaker numbers and daily/monthly budgets. Renderer (and Node tests).
import type { Settings } from '../../../../shared/contract/settings';
import { numberText, patchBuilder, settingsKey, type FieldTargets, type PatchResult } from './settingsFormKit';

export interface ResilienceDraft {
  /** Model keys, comma-separated, in order. */
  readonly fallbackModels: string;
  /** Empty: the engine's own limit. */
  readonly maxAnswerTokens: string;
  readonly maxConcurrent: string;
  readonly retryAttempts: string;
  readonly breakerThreshold: string;
  readonly breakerCooldownSec: string;
  /** Empty: no limit. */
  readonly dailyTokens: string;
  readonly dailyCostUsd: string;
  readonly monthlyTokens: string;
  readonly monthlyCostUsd: string;
  readonly atLimit: Settings['budgets']['atLimit'];
}
export type ResilienceField = keyof ResilienceDraft;

const KEYS = ['fallbackModels', 'maxAnswerTokens', 'maxConcurrentGenerations', 'retry', 'breaker', 'budgets'] as const satisfies readonly (keyof Settings)[];
export const resilienceKey = (settings: Settings): string => settingsKey(settings, KEYS);

export const RESILIENCE_TARGETS: FieldTargets<ResilienceField> = {
  fallbackModels: { field: 'fallbackModels', message: 'Enter model keys like ollama:llama3.2:3b, separated by commas (at most 10)' },
  maxAnswerTokens: { field: 'maxAnswerTokens', message: 'Enter a whole number from 16 to 131072, or leave it empty' },
  maxConcurrentGenerations: { field: 'maxConcurrent', message: 'Enter a whole number from 1 to 32' },
  retry: { field: 'retryAttempts', message: 'Enter a whole number from 1 to 10' },
  breaker: { field: 'breakerThreshold', message: 'Enter a whole number of failures from 1 to 100, and a cool-down from 1 s' },
  budgets: { field: 'dailyTokens', message: 'Budgets are numbers of 0 or more, or empty for no limit' },
};

const opt = (v: number | null): string => (v === null ? '' : numberText(v));

export function resilienceDraft(s: Settings): ResilienceDraft {
  return {
    fallbackModels: s.fallbackModels.join(', '),
    maxAnswerTokens: opt(s.maxAnswerTokens),
    maxConcurrent: numberText(s.maxConcurrentGenerations),
    retryAttempts: numberText(s.retry.maxAttempts),
    breakerThreshold: numberText(s.breaker.failureThreshold),
    breakerCooldownSec: numberText(s.breaker.cooldownSec),
    dailyTokens: opt(s.budgets.daily.tokens),
    dailyCostUsd: opt(s.budgets.daily.costUsd),
    monthlyTokens: opt(s.budgets.monthly.tokens),
    monthlyCostUsd: opt(s.budgets.monthly.costUsd),
    atLimit: s.budgets.atLimit,
  };
}

/** The patch; nested settings the form does not show (retry delays, generation-time budgets) keep their values. */
export function resiliencePatch(draft: ResilienceDraft, current: Settings): PatchResult<ResilienceField> {
  const b = patchBuilder<ResilienceField>();
  const optNum = (text: string, field: ResilienceField, integer = false): number | null => (text.trim() === '' ? null : b.num(text, field, { integer }));
  return b.result({
    fallbackModels: draft.fallbackModels.split(',').map((k) => k.trim()).filter(Boolean),
    maxAnswerTokens: optNum(draft.maxAnswerTokens, 'maxAnswerTokens', true),
    maxConcurrentGenerations: b.num(draft.maxConcurrent, 'maxConcurrent', { integer: true }),
    retry: { ...current.retry, maxAttempts: b.num(draft.retryAttempts, 'retryAttempts', { integer: true }) },
    breaker: { ...current.breaker, failureThreshold: b.num(draft.breakerThreshold, 'breakerThreshold', { integer: true }), cooldownSec: b.num(draft.breakerCooldownSec, 'breakerCooldownSec') },
    budgets: {
      ...current.budgets,
      daily: { ...current.budgets.daily, tokens: optNum(draft.dailyTokens, 'dailyTokens', true), costUsd: optNum(draft.dailyCostUsd, 'dailyCostUsd') },
      monthly: { ...current.budgets.monthly, tokens: optNum(draft.monthlyTokens, 'monthlyTokens', true), costUsd: optNum(draft.monthlyCostUsd, 'monthlyCostUsd') },
      atLimit: draft.atLimit,
    },
  });
}
