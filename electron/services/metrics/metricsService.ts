// The metrics service: records one event per measured operation, and answers summaries, raw events, exports and
// alerts for a range. Retention prunes old events at start-up and daily.
import { AnswerStagesSchema, type AnswerStages } from '../../../shared/contract/chat';
import type { MetricAlert, MetricEvent, MetricKind, MetricRange, MetricSummary } from '../../../shared/contract/metrics';
import { MetricEventSchema } from '../../../shared/contract/metrics';
import type { QualityBucket, QualityGroupBy, QualityReport } from '../../../shared/contract/quality';
import type { Settings } from '../../../shared/contract/settings';
import { aggregate, alerts, bucketSize, cacheSummary, isAnswer, rangeStart, series } from './aggregateMetrics';
import { referencePrice } from './costModel';
import type { MetricsLog, NewMetricEvent } from './metricsLog';
import { qualityAlerts, qualityReport } from './qualityMetrics';
import { createListeners } from '../events/listeners';

export interface MetricsService {
  record(event: NewMetricEvent): MetricEvent;
  /** Every retained event, oldest first (budget use is computed from them). */
  allEvents(): readonly MetricEvent[];
  summary(range: MetricRange): MetricSummary;
  /** Answer quality for a range by model or prompt version, per day or week. */
  quality(range: MetricRange, groupBy: QualityGroupBy, bucket: QualityBucket): QualityReport;
  events(range: MetricRange, kind: MetricKind | undefined, limit: number): { events: MetricEvent[]; total: number };
  exportRange(range: MetricRange, format: 'csv' | 'json'): { filename: string; mimeType: string; content: string; count: number };
  clear(): number;
  currentAlerts(): MetricAlert[];
  /** Fires (at most every half second) after events are recorded. */
  onChanged(listener: (alerts: MetricAlert[]) => void): () => void;
  dispose(): Promise<void>;
}

const DAY = 24 * 3_600_000;
const COLUMNS = (Object.keys(MetricEventSchema.shape) as (keyof MetricEvent)[]).filter((c) => c !== 'stages');
/** An answer's stages, one column each (`stages.embedMs`, …): a spreadsheet cannot read a nested object. */
const STAGE_COLUMNS = Object.keys(AnswerStagesSchema.shape) as (keyof AnswerStages)[];

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(Math.round(value * 1000) / 1000) : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(events: readonly MetricEvent[]): string {
  const rows = events.map((e) => [...COLUMNS.map((c) => (c === 'time' ? new Date(e.time).toISOString() : csvCell(e[c]))), ...STAGE_COLUMNS.map((c) => csvCell(e.stages?.[c]))].join(','));
  return `${[...COLUMNS, ...STAGE_COLUMNS.map((c) => `stages.${c}`)].join(',')}\n${rows.join('\n')}${rows.length ? '\n' : ''}`;
}

/** Chat answers a fallback gave, by the model asked for and why, as a share of the answers that model was asked for. */
export function fallbackRates(events: readonly MetricEvent[]): MetricSummary['fallbacks'] {
  const asked = new Map<string, number>();
  const fell = new Map<string, { model: string; reason: NonNullable<MetricEvent['fallbackReason']>; count: number }>();
  for (const e of events) {
    if (e.kind !== 'chat') continue;
    const requested = e.requestedModel ?? e.model;
    if (requested === null) continue;
    asked.set(requested, (asked.get(requested) ?? 0) + 1);
    if (e.requestedModel && e.fallbackReason) {
      const key = `${e.requestedModel}\u0000${e.fallbackReason}`;
      const entry = fell.get(key) ?? { model: e.requestedModel, reason: e.fallbackReason, count: 0 };
      entry.count++;
      fell.set(key, entry);
    }
  }
  return [...fell.values()].map((f) => ({ ...f, rate: f.count / (asked.get(f.model) ?? f.count) })).sort((a, b) => b.count - a.count);
}

export function createMetricsService(deps: { log: MetricsLog; getSettings: () => Settings; now?: () => number }): MetricsService {
  const now = deps.now ?? Date.now;
  const listeners = createListeners<[MetricAlert[]]>();
  let notifyTimer: ReturnType<typeof setTimeout> | null = null;
  const prune = (): void => {
    deps.log.prune(now() - deps.getSettings().metricsRetentionDays * DAY);
  };
  prune();
  const pruneTimer = setInterval(prune, DAY);
  pruneTimer.unref?.();

  const inRange = (range: MetricRange): { from: number; to: number; events: MetricEvent[] } => {
    const all = deps.log.all();
    const to = now();
    const from = rangeStart(range, to, all);
    return { from, to, events: all.filter((e) => e.time >= from && e.time <= to) };
  };
  const currentAlerts = (): MetricAlert[] => [...alerts(deps.log.all(), deps.getSettings()), ...qualityAlerts(deps.log.all(), deps.getSettings().alerts.window)];

  return {
    record(event) {
      const recorded = deps.log.append(event);
      notifyTimer ??= setTimeout(() => {
        notifyTimer = null;
        listeners.emit(currentAlerts());
      }, 500);
      return recorded;
    },
    allEvents: () => deps.log.all(),
    summary(range) {
      const settings = deps.getSettings();
      const { from, to, events } = inRange(range);
      // a cache hit spent no model time: it is counted by the cache's figures, not in any model's
      const answers = events.filter((e) => isAnswer(e) && e.cacheHit !== true);
      const tiers = [...new Set(answers.map((e) => e.tier).filter((t): t is string => typeof t === 'string'))].sort();
      const models = [...new Set(answers.map((e) => e.model).filter((m): m is string => m !== null))].sort();
      const bucketMs = bucketSize(from, to);
      const countsByKind: Record<string, number> = {};
      for (const e of events) countsByKind[e.kind] = (countsByKind[e.kind] ?? 0) + 1;
      const price = referencePrice(settings);
      return {
        range,
        from,
        to,
        bucketMs,
        overall: aggregate(answers, null, settings),
        byModel: models.map((m) => aggregate(answers.filter((e) => e.model === m), m, settings)),
        byTier: tiers.map((t) => aggregate(answers.filter((e) => e.tier === t), t, settings)),
        cache: cacheSummary(events),
        series: series(answers, from, to, bucketMs, settings),
        countsByKind,
        costReference: price,
        alerts: currentAlerts(),
        fallbacks: fallbackRates(events),
      };
    },
    quality(range, groupBy, bucket) {
      return { range, groupBy, bucket, ...qualityReport(inRange(range).events, groupBy, bucket) };
    },
    events(range, kind, limit) {
      const { events } = inRange(range);
      const matching = kind ? events.filter((e) => e.kind === kind) : events;
      return { events: matching.slice(-limit).reverse(), total: matching.length };
    },
    exportRange(range, format) {
      const { events } = inRange(range);
      const stamp = new Date(now()).toISOString().slice(0, 19).replace(/[:T]/g, '-');
      return format === 'csv'
        ? { filename: `loci-metrics-${range}-${stamp}.csv`, mimeType: 'text/csv', content: toCsv(events), count: events.length }
        : { filename: `loci-metrics-${range}-${stamp}.json`, mimeType: 'application/json', content: JSON.stringify({ range, exportedAt: new Date(now()).toISOString(), events }, null, 2), count: events.length };
    },
    clear() {
      const cleared = deps.log.clear();
      listeners.emit([]);
      return cleared;
    },
    currentAlerts,
    onChanged: listeners.add,
    async dispose() {
      clearInterval(pruneTimer);
      if (notifyTimer) clearTimeout(notifyTimer);
      await deps.log.flush();
    },
  };
}
