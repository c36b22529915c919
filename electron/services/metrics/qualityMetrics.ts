// Answer quality aggregates over metric events (pure): per group (model or prompt version) and per day or week,
// the thumbs-down rate (latest feedback per answer), regenerates, grounded share, unsupported-sentence rate,
// "nothing relevant" rate and injection flags; and the quality alerts over each model's last N answers.
import type { FeedbackRating } from '../../../shared/contract/feedback';
import type { MetricAlert, MetricEvent } from '../../../shared/contract/metrics';
import type { QualityBucket, QualityFigures, QualityGroup, QualityGroupBy } from '../../../shared/contract/quality';

const DAY = 24 * 3_600_000;
export const BUCKET_MS: Record<QualityBucket, number> = { day: DAY, week: 7 * DAY };

/** Fixed thresholds for the quality alerts (a rate at or above one, over the last N answers, raises it). */
export const QUALITY_THRESHOLDS = { thumbsDownRate: 0.3, unsupportedRate: 0.2, nothingRelevantRate: 0.5 } as const;

/** A chat answer recorded with quality fields (events from before they existed lack `nothingRelevant`). */
export const isQualityAnswer = (e: MetricEvent): boolean => e.kind === 'chat' && e.outcome === 'ok' && typeof e.nothingRelevant === 'boolean';

interface FeedbackState {
  rating: FeedbackRating | null;
  regenerated: boolean;
}

/** The latest thumbs per answer (a later "cleared" withdraws it) and whether it was regenerated. */
export function feedbackByMessage(events: readonly MetricEvent[]): Map<string, FeedbackState> {
  const out = new Map<string, FeedbackState>();
  for (const e of [...events].filter((x) => x.kind === 'feedback' && x.messageId).sort((a, b) => a.time - b.time)) {
    const state = out.get(e.messageId!) ?? { rating: null, regenerated: false };
    if (e.feedback === 'regenerate') state.regenerated = true;
    else if (e.feedback === 'up' || e.feedback === 'down') state.rating = e.feedback;
    else if (e.feedback === 'cleared') state.rating = null;
    out.set(e.messageId!, state);
  }
  return out;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

export function qualityFigures(answers: readonly MetricEvent[], feedback: ReadonlyMap<string, FeedbackState>, injectionFlags: number): QualityFigures {
  let up = 0;
  let down = 0;
  let regenerated = 0;
  let shareSum = 0;
  let shareCount = 0;
  let checked = 0;
  let unsupported = 0;
  let nothing = 0;
  for (const a of answers) {
    const f = a.messageId ? feedback.get(a.messageId) : undefined;
    if (f?.rating === 'up') up++;
    if (f?.rating === 'down') down++;
    if (f?.regenerated) regenerated++;
    if (typeof a.groundedShare === 'number') {
      shareSum += a.groundedShare;
      shareCount++;
    }
    checked += a.checkedSentences ?? 0;
    unsupported += a.unsupportedSentences ?? 0;
    if (a.nothingRelevant) nothing++;
  }
  return {
    answers: answers.length,
    up,
    down,
    thumbsDownRate: ratio(down, up + down),
    regenerated,
    regenerateRate: ratio(regenerated, answers.length),
    groundedShare: ratio(shareSum, shareCount),
    unsupportedRate: ratio(unsupported, checked),
    nothingRelevantRate: ratio(nothing, answers.length),
    injectionFlags,
  };
}

const keyOf = (e: MetricEvent, groupBy: QualityGroupBy): string | null => (groupBy === 'model' ? e.model : (e.promptTemplate ?? null));

/**
 * Quality per group and per bucket (UTC days, or weeks of 7 days from the epoch's Thursday) over the events of a
 * range. Feedback is joined to its answer by message id, whenever it was given; flags count by model only.
 */
export function qualityReport(events: readonly MetricEvent[], groupBy: QualityGroupBy, bucket: QualityBucket): { overall: QualityFigures; groups: QualityGroup[] } {
  const feedback = feedbackByMessage(events);
  const answers = events.filter(isQualityAnswer);
  const flags = events.filter((e) => e.kind === 'security');
  const size = BUCKET_MS[bucket];
  const keys = [...new Set(answers.map((e) => keyOf(e, groupBy)))].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
  const flagsFor = (list: readonly MetricEvent[], key: string | null): number => (groupBy === 'model' ? list.filter((f) => f.model === key).length : 0);
  const groups = keys.map((key): QualityGroup => {
    const mine = answers.filter((e) => keyOf(e, groupBy) === key);
    const starts = [...new Set(mine.map((e) => Math.floor(e.time / size) * size))].sort((a, b) => a - b);
    return {
      key,
      figures: qualityFigures(mine, feedback, flagsFor(flags, key)),
      series: starts.map((start) => {
        const inBucket = (e: MetricEvent): boolean => e.time >= start && e.time < start + size;
        return { start, figures: qualityFigures(mine.filter(inBucket), feedback, flagsFor(flags.filter(inBucket), key)) };
      }),
    };
  });
  return { overall: qualityFigures(answers, feedback, flags.length), groups };
}

const pct = (v: number): string => `${Math.round(v * 100)}%`;

/** Over each model's last `window` quality answers: a rate at or above its threshold raises an alert that states it. */
export function qualityAlerts(events: readonly MetricEvent[], window: number): MetricAlert[] {
  const feedback = feedbackByMessage(events);
  const byModel = new Map<string, MetricEvent[]>();
  for (const e of events) {
    if (!isQualityAnswer(e) || e.model === null) continue;
    byModel.set(e.model, [...(byModel.get(e.model) ?? []), e]);
  }
  const out: MetricAlert[] = [];
  for (const [model, list] of byModel) {
    const recent = [...list].sort((a, b) => a.time - b.time).slice(-window);
    // as for the error alerts: a judgement needs at least a quarter of the window, and never fewer than 5
    if (recent.length < Math.max(5, Math.ceil(window / 4))) continue;
    const f = qualityFigures(recent, feedback, 0);
    const n = recent.length;
    const check = (kind: 'thumbsDownRate' | 'unsupportedRate' | 'nothingRelevantRate', value: number | null, what: string): void => {
      const threshold = QUALITY_THRESHOLDS[kind];
      if (value !== null && value >= threshold) out.push({ model, kind, value, threshold, window: n, message: `${model}: ${what} ${pct(value)} over the last ${n} answers, ${value > threshold ? 'above the' : 'at the'} ${pct(threshold)} threshold` });
    };
    // thumbs need a few ratings to mean anything
    if (f.up + f.down >= 3) check('thumbsDownRate', f.thumbsDownRate, 'thumbs down on');
    check('unsupportedRate', f.unsupportedRate, 'unsupported sentences');
    check('nothingRelevantRate', f.nothingRelevantRate, '"nothing relevant" on');
  }
  return out;
}
