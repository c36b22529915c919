// Auto routing (any process, pure): the tier a question goes to, from its difficulty score and the user's tiers,
// with the reason shown beside the answer. See [Note: Auto model] in shared/contract/chat.ts.
import type { AnswerRoute } from '../../../shared/contract/chat';
import type { RoutingTier } from '../../../shared/contract/settings';
import type { Difficulty } from './questionDifficulty';

/** Tiers from the one every question starts at (lowest `fromScore`) up; equal thresholds keep the user's order. */
export const orderedTiers = (tiers: readonly RoutingTier[]): RoutingTier[] => [...tiers].sort((a, b) => a.fromScore - b.fromScore);

/** The tier that answers: the highest whose `fromScore` the score reaches, else the lowest. Null when there are none. */
export function routeQuestion(tiers: readonly RoutingTier[], difficulty: Difficulty): { tier: RoutingTier; route: AnswerRoute } | null {
  const ordered = orderedTiers(tiers);
  if (ordered.length === 0) return null;
  const reached = ordered.filter((t) => difficulty.score >= t.fromScore);
  const tier = reached.at(-1) ?? ordered[0]!;
  const why = difficulty.signals.length > 0 ? difficulty.signals.map((s) => `${s.label} +${s.points}`).join(', ') : 'short, single question';
  const threshold = reached.length > 0 ? `≥ ${tier.fromScore}` : `below every threshold`;
  return { tier, route: { tier: tier.name, score: difficulty.score, reason: `score ${difficulty.score} (${why}) ${threshold}` } };
}

/** A stable identity of the tier set, part of the answer cache key of Auto answers. */
export const tiersIdentity = (tiers: readonly RoutingTier[]): string => `auto:${orderedTiers(tiers).map((t) => `${t.name}=${t.model}@${t.fromScore}`).join('|')}`;
