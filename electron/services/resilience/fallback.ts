// Fallback models for chat: the order models are tried in (the chosen one, then Settings' list), and whether a
// failure lets the next one answer. Compare never falls back. Plain functions; main side.
import type { AppError } from '../../../shared/contract/errors';
import { parseModelKey } from '../../../shared/contract/models';
import { fallbackNote, fallbackReasonOf, type AnswerFallback } from '../../../shared/contract/resilience';

/** The chosen model first, then the fallbacks in order, each once. */
export function fallbackChain(chosen: string, fallbacks: readonly string[]): string[] {
  return [...new Set([chosen, ...fallbacks])];
}

/** The next model may answer only when nothing reached the user and the failure was not the user's Stop or a budget. */
export function shouldFallBack(outcome: { content: string; error: Pick<AppError, 'code'> | null }): boolean {
  if (outcome.error === null || outcome.content.length > 0) return false;
  return outcome.error.code !== 'CANCELLED' && outcome.error.code !== 'BUDGET_EXCEEDED';
}

/** What the answer says about who answered and why, from the models skipped before `answered`. */
export function describeFallback(requested: string, answered: string, skipped: readonly { model: string; error: Pick<AppError, 'code'> & { details?: unknown } }[]): AnswerFallback {
  const items = skipped.map((s) => ({ model: s.model, reason: fallbackReasonOf(s.error.code, s.error.details), code: s.error.code }));
  return {
    requestedModel: requested,
    skipped: items,
    note: fallbackNote(parseModelKey(answered).name, items.map((i) => ({ name: parseModelKey(i.model).name, reason: i.reason }))),
  };
}
