// Chat feedback beside Compare's votes on the leaderboard (pure): per variant (model + prompt version), the answers
// whose latest thumbs is up or down, and the answers regenerated (a weak negative), from `feedback` metric events.
import type { LeaderboardEntry } from '../../../shared/contract/compare';
import type { MetricEvent } from '../../../shared/contract/metrics';
import { feedbackByMessage } from '../metrics/qualityMetrics';

const VARIANT = /^[a-z0-9-]+@\d+$/;

export function withChatFeedback(entries: readonly LeaderboardEntry[], events: readonly MetricEvent[]): LeaderboardEntry[] {
  const variantOf = new Map<string, { model: string; promptTemplate: string }>();
  for (const e of events) if (e.kind === 'feedback' && e.messageId && e.model && e.promptTemplate && VARIANT.test(e.promptTemplate)) variantOf.set(e.messageId, { model: e.model, promptTemplate: e.promptTemplate });
  const tally = new Map<string, { model: string; promptTemplate: string; up: number; down: number; regenerated: number }>();
  for (const [messageId, state] of feedbackByMessage(events)) {
    const variant = variantOf.get(messageId);
    if (!variant) continue;
    const key = `${variant.model}|${variant.promptTemplate}`;
    const t = tally.get(key) ?? { ...variant, up: 0, down: 0, regenerated: 0 };
    if (state.rating === 'up') t.up++;
    if (state.rating === 'down') t.down++;
    if (state.regenerated) t.regenerated++;
    tally.set(key, t);
  }
  const out = entries.map((e) => {
    const key = `${e.variant.model}|${e.variant.promptTemplate}`;
    const t = tally.get(key);
    tally.delete(key);
    return { ...e, chatUp: t?.up ?? 0, chatDown: t?.down ?? 0, chatRegenerated: t?.regenerated ?? 0 };
  });
  // variants rated in chat but never compared come last
  for (const t of tally.values()) {
    out.push({ variant: { model: t.model, promptTemplate: t.promptTemplate }, count: 0, decided: 0, wins: 0, winRate: null, medianTtftMs: null, medianTokensPerSecond: null, meanRating: null, chatUp: t.up, chatDown: t.down, chatRegenerated: t.regenerated });
  }
  return out;
}
