// The Reliability & budgets form: drafts from settings, patches that keep what the form does not show.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../../shared/contract/settings';
import { resilienceDraft, resiliencePatch } from './resilienceForm';

describe('resilience form', () => {
  it('round-trips the defaults, empty limits as null', () => {
    const draft = resilienceDraft(DEFAULT_SETTINGS);
    expect(draft).toMatchObject({ fallbackModels: '', maxAnswerTokens: '', dailyTokens: '', atLimit: 'warn', retryAttempts: '3' });
    const result = resiliencePatch(draft, DEFAULT_SETTINGS);
    expect(result.errors).toBeNull();
    expect(result.patch).toMatchObject({ fallbackModels: [], maxAnswerTokens: null, retry: DEFAULT_SETTINGS.retry, breaker: DEFAULT_SETTINGS.breaker, budgets: DEFAULT_SETTINGS.budgets });
  });

  it('parses the list and limits, keeps unshown values, and names a bad field', () => {
    const draft = { ...resilienceDraft(DEFAULT_SETTINGS), fallbackModels: ' ollama:llama3.2:3b, builtin:stories260K ,', dailyTokens: '10000', atLimit: 'block' as const };
    const { patch } = resiliencePatch(draft, DEFAULT_SETTINGS);
    expect(patch).toMatchObject({ fallbackModels: ['ollama:llama3.2:3b', 'builtin:stories260K'], budgets: { daily: { tokens: 10_000, costUsd: null, generationSec: null }, atLimit: 'block', warnAtShare: 0.8 } });
    expect(resiliencePatch({ ...draft, maxConcurrent: '1.5' }, DEFAULT_SETTINGS).errors).toEqual({ maxConcurrent: 'Enter a whole number' });
  });
});
