// Quality aggregates on hand-built events: latest feedback wins, regenerates are weak negatives, rates by model
// and prompt version per day, and the quality alerts with their thresholds.
import { describe, expect, it } from 'vitest';
import type { MetricEvent } from '../../../shared/contract/metrics';
import { MetricEventSchema } from '../../../shared/contract/metrics';
import { feedbackByMessage, qualityAlerts, qualityReport, QUALITY_THRESHOLDS } from './qualityMetrics';

const DAY = 24 * 3_600_000;
const T0 = Date.UTC(2026, 10, 30);
let n = 0;
const event = (patch: Partial<MetricEvent> & Pick<MetricEvent, 'kind'>): MetricEvent =>
  MetricEventSchema.parse({ id: `e${n++}`, time: T0, model: 'a', collectionId: 'c', outcome: 'ok', errorType: null, errorMessage: null, latencyMs: null, ttftMs: null, tokensPerSecond: null, promptTokens: null, completionTokens: null, retrievalMs: null, embeddingMs: null, loadMs: null, overheadMs: null, cacheHit: null, items: null, ...patch });
const answer = (id: string, patch: Partial<MetricEvent> = {}): MetricEvent =>
  event({ kind: 'chat', messageId: id, promptTemplate: 'grounded-answer@3', groundedShare: 1, checkedSentences: 4, unsupportedSentences: 0, nothingRelevant: false, ...patch });
const rate = (id: string, feedback: MetricEvent['feedback'], time = T0 + 1000): MetricEvent => event({ kind: 'feedback', messageId: id, feedback, time });

describe('quality aggregates', () => {
  it('keeps the latest thumbs per answer; a clear withdraws it; a regenerate is a separate weak negative', () => {
    const state = feedbackByMessage([rate('m1', 'up', T0 + 3), rate('m1', 'down', T0 + 1), rate('m2', 'down', T0 + 1), rate('m2', 'cleared', T0 + 2), rate('m3', 'regenerate')]);
    expect(state.get('m1')).toEqual({ rating: 'up', regenerated: false });
    expect(state.get('m2')).toEqual({ rating: null, regenerated: false });
    expect(state.get('m3')).toEqual({ rating: null, regenerated: true });
  });

  it('computes the rates by model, per day, so a drift shows', () => {
    const events = [
      answer('d1-1', { groundedShare: 1, checkedSentences: 4, unsupportedSentences: 0 }),
      answer('d1-2', { groundedShare: 0.5, checkedSentences: 4, unsupportedSentences: 2 }),
      answer('d1-3', { nothingRelevant: true, groundedShare: null, checkedSentences: null, unsupportedSentences: null }),
      answer('d2-1', { time: T0 + DAY, groundedShare: 0, checkedSentences: 2, unsupportedSentences: 2 }),
      answer('b-1', { model: 'b', promptTemplate: 'grounded-answer@1' }),
      // not quality answers: old events without the fields, and failed ones
      event({ kind: 'chat' }),
      answer('err', { outcome: 'error' }),
      rate('d1-1', 'up'),
      rate('d1-2', 'down'),
      rate('d2-1', 'down', T0 + DAY + 5),
      rate('d1-3', 'regenerate'),
      event({ kind: 'security', model: 'a', errorType: 'override', items: 1 }),
    ];
    const { overall, groups } = qualityReport(events, 'model', 'day');
    expect(overall).toMatchObject({ answers: 5, up: 1, down: 2, regenerated: 1, injectionFlags: 1 });
    expect(overall.thumbsDownRate).toBeCloseTo(2 / 3);
    const a = groups.find((g) => g.key === 'a')!;
    expect(a.figures).toMatchObject({ answers: 4, up: 1, down: 2, regenerated: 1, injectionFlags: 1 });
    expect(a.figures.groundedShare).toBeCloseTo(0.5); // (1 + 0.5 + 0) / 3 checked answers
    expect(a.figures.unsupportedRate).toBeCloseTo(4 / 10);
    expect(a.figures.nothingRelevantRate).toBeCloseTo(1 / 4);
    expect(a.figures.regenerateRate).toBeCloseTo(1 / 4);
    expect(a.series.map((s) => s.start)).toEqual([T0, T0 + DAY]);
    expect(a.series[0]!.figures).toMatchObject({ answers: 3, thumbsDownRate: 0.5, groundedShare: 0.75, unsupportedRate: 2 / 8 });
    expect(a.series[1]!.figures).toMatchObject({ answers: 1, thumbsDownRate: 1, groundedShare: 0, unsupportedRate: 1 });
    expect(groups.find((g) => g.key === 'b')!.figures).toMatchObject({ answers: 1, thumbsDownRate: null, unsupportedRate: 0, injectionFlags: 0 });
  });

  it('groups by prompt version, and by week', () => {
    const events = [answer('x', { promptTemplate: 'grounded-answer@1' }), answer('y', { promptTemplate: 'grounded-answer@3', time: T0 + 3 * DAY }), answer('z', { promptTemplate: 'grounded-answer@3', time: T0 + 4 * DAY })];
    const { groups } = qualityReport(events, 'prompt', 'week');
    expect(groups.map((g) => [g.key, g.figures.answers])).toEqual([['grounded-answer@1', 1], ['grounded-answer@3', 2]]);
    expect(groups[1]!.series.every((s) => s.start % (7 * DAY) === 0)).toBe(true);
    expect(groups[1]!.series.reduce((k, s) => k + s.figures.answers, 0)).toBe(2);
  });

  it('alerts when a rate over the last N answers reaches its threshold, and states it', () => {
    const good = Array.from({ length: 10 }, (_, i) => answer(`g${i}`, { time: T0 + i }));
    expect(qualityAlerts(good, 20)).toEqual([]);
    const bad = Array.from({ length: 10 }, (_, i) => answer(`b${i}`, { time: T0 + 100 + i, checkedSentences: 4, unsupportedSentences: 2 }));
    const downs = ['b0', 'b1', 'b2', 'b3'].map((id) => rate(id, 'down', T0 + 500));
    const alerts = qualityAlerts([...good, ...bad, ...downs], 10);
    expect(alerts.map((a) => a.kind).sort()).toEqual(['thumbsDownRate', 'unsupportedRate']);
    const unsupported = alerts.find((a) => a.kind === 'unsupportedRate')!;
    expect(unsupported).toMatchObject({ model: 'a', value: 0.5, threshold: QUALITY_THRESHOLDS.unsupportedRate, window: 10 });
    expect(unsupported.message).toBe('a: unsupported sentences 50% over the last 10 answers, above the 20% threshold');
    // too few answers to judge
    expect(qualityAlerts(bad.slice(0, 4), 10)).toEqual([]);
  });
});
