// Aggregates over metric events: per model and overall, time buckets for charts, and threshold alerts.
// Pure functions of the events and the settings, so they are tested against known distributions.
import type { AnswerStages } from '../../../shared/contract/chat';
import type { CacheSummary, MetricAggregate, MetricAlert, MetricBucket, MetricEvent, MetricRange } from '../../../shared/contract/metrics';
import type { Settings } from '../../../shared/contract/settings';
import { cloudCostUsd, energyKWh, referencePrice } from './costModel';
import { mean, median, percentile } from './statistics';

const HOUR = 3_600_000;
export const RANGE_MS: Record<Exclude<MetricRange, 'all'>, number> = { hour: HOUR, day: 24 * HOUR, week: 7 * 24 * HOUR };

/** Answer events: what latency, tokens and cost are about. */
export const isAnswer = (e: MetricEvent): boolean => e.kind === 'chat' || e.kind === 'compare';

export function rangeStart(range: MetricRange, now: number, events: readonly MetricEvent[]): number {
  if (range !== 'all') return now - RANGE_MS[range];
  return events.length > 0 ? Math.min(...events.map((e) => e.time)) : now - HOUR;
}

/** About 48 buckets over the range, on round boundaries (1 min, 5 min, 15 min, 1 h, 6 h, 1 day…). */
export function bucketSize(from: number, to: number): number {
  const steps = [60_000, 300_000, 900_000, HOUR, 3 * HOUR, 6 * HOUR, 24 * HOUR, 7 * 24 * HOUR];
  const span = Math.max(1, to - from);
  return steps.find((s) => span / s <= 60) ?? steps.at(-1)!;
}

/** Time spent generating (latency less retrieval and embedding), ms. */
export const generationMs = (e: MetricEvent): number | null => (e.latencyMs === null ? null : Math.max(0, e.latencyMs - (e.retrievalMs ?? 0) - (e.embeddingMs ?? 0)));

/** The mean of each stage over the answers that timed theirs. */
export function meanStages(events: readonly MetricEvent[]): { stages: AnswerStages | null; count: number } {
  const staged = events.flatMap((e) => (e.stages ? [e.stages] : []));
  if (staged.length === 0) return { stages: null, count: 0 };
  const keys = Object.keys(staged[0]!) as (keyof AnswerStages)[];
  const stages = Object.fromEntries(keys.map((k) => [k, staged.reduce((sum, s) => sum + s[k], 0) / staged.length])) as AnswerStages;
  return { stages, count: staged.length };
}

const nums = (values: (number | null)[]): number[] => values.filter((v): v is number => v !== null && Number.isFinite(v));

export function aggregate(events: readonly MetricEvent[], model: string | null, settings: Settings): MetricAggregate {
  const price = referencePrice(settings);
  const finished = events.filter((e) => e.outcome !== 'cancelled');
  const errors = events.filter((e) => e.outcome === 'error');
  // a Map, not a plain object: an error type read from the log may be any string, `constructor` included
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(e.errorType ?? 'UNKNOWN', (counts.get(e.errorType ?? 'UNKNOWN') ?? 0) + 1);
  const errorsByType: Record<string, number> = Object.fromEntries(counts);
  const ok = events.filter((e) => e.outcome === 'ok');
  const staged = meanStages(ok);
  const latencies = nums(ok.map((e) => e.latencyMs));
  const ttfts = nums(ok.map((e) => e.ttftMs));
  const tps = nums(ok.map((e) => e.tokensPerSecond));
  const promptTokens = events.reduce((n, e) => n + (e.promptTokens ?? 0), 0);
  const completionTokens = events.reduce((n, e) => n + (e.completionTokens ?? 0), 0);
  const cloud = price ? cloudCostUsd(promptTokens, completionTokens, price) : 0;
  const energy = settings.energyEstimate.enabled ? energyKWh(events.reduce((n, e) => n + (generationMs(e) ?? 0), 0), settings.energyEstimate.watts) : null;
  const energyCost = energy === null ? null : energy * settings.energyEstimate.pricePerKWh;
  return {
    model,
    count: events.length,
    errors: errors.length,
    cancelled: events.length - finished.length,
    errorRate: finished.length === 0 ? 0 : errors.length / finished.length,
    errorsByType,
    latencyMs: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) },
    ttftMs: { p50: percentile(ttfts, 50), p95: percentile(ttfts, 95), p99: percentile(ttfts, 99) },
    tokensPerSecond: { mean: mean(tps), median: median(tps) },
    promptTokens,
    completionTokens,
    cloudCostUsd: cloud,
    energyKWh: energy,
    energyCostUsd: energyCost,
    savingsUsd: cloud - (energyCost ?? 0),
    retrievalMsMean: mean(nums(ok.map((e) => (e.retrievalMs === null && e.embeddingMs === null ? null : (e.retrievalMs ?? 0) + (e.embeddingMs ?? 0))))),
    generationMsMean: mean(nums(ok.map(generationMs))),
    stagesMsMean: staged.stages,
    stagedAnswers: staged.count,
  };
}

export function series(events: readonly MetricEvent[], from: number, to: number, bucketMs: number, settings: Settings): MetricBucket[] {
  const start = Math.floor(from / bucketMs) * bucketMs;
  const buckets: MetricEvent[][] = [];
  for (let t = start; t <= to; t += bucketMs) buckets.push([]);
  for (const e of events) {
    const i = Math.floor((e.time - start) / bucketMs);
    if (i >= 0 && i < buckets.length) buckets[i]!.push(e);
  }
  return buckets.map((bucket, i) => {
    const a = aggregate(bucket, null, settings);
    return {
      start: start + i * bucketMs,
      count: a.count,
      errors: a.errors,
      latencyP50Ms: a.latencyMs.p50,
      latencyP95Ms: a.latencyMs.p95,
      retrievalMsMean: a.retrievalMsMean,
      generationMsMean: a.generationMsMean,
      cloudCostUsd: a.cloudCostUsd,
      energyCostUsd: a.energyCostUsd,
    };
  });
}

/** How a figure stands against the user's threshold (alerts fire at or above it). */
export const overThreshold = (value: number, threshold: number): string => (value > threshold ? 'above your' : 'at your');

const seconds = (ms: number): string => (ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${Math.round(ms)} ms`);

/** Over each model's last `window` answers (any age): error rate and p95 latency against the thresholds. */
export function alerts(events: readonly MetricEvent[], settings: Settings): MetricAlert[] {
  const { window, errorRate, p95LatencyMs } = settings.alerts;
  const byModel = new Map<string, MetricEvent[]>();
  for (const e of events) {
    if (!isAnswer(e) || e.model === null || e.outcome === 'cancelled') continue;
    const list = byModel.get(e.model) ?? [];
    list.push(e);
    byModel.set(e.model, list);
  }
  const out: MetricAlert[] = [];
  for (const [model, list] of byModel) {
    const recent = list.sort((a, b) => a.time - b.time).slice(-window);
    // a judgement needs a sample: at least a quarter of the window, and never fewer than 5
    if (recent.length < Math.max(5, Math.ceil(window / 4))) continue;
    const rate = recent.filter((e) => e.outcome === 'error').length / recent.length;
    if (rate >= errorRate) {
      out.push({ model, kind: 'errorRate', value: rate, threshold: errorRate, window: recent.length, message: `${model}: ${Math.round(rate * 100)}% of the last ${recent.length} answers failed, ${overThreshold(rate, errorRate)} ${Math.round(errorRate * 100)}% threshold` });
    }
    const p95 = percentile(nums(recent.filter((e) => e.outcome === 'ok').map((e) => e.latencyMs)), 95);
    if (p95 !== null && p95 >= p95LatencyMs) {
      out.push({ model, kind: 'p95Latency', value: p95, threshold: p95LatencyMs, window: recent.length, message: `${model}: p95 answer time ${seconds(p95)} over the last ${recent.length} answers, ${overThreshold(p95, p95LatencyMs)} ${seconds(p95LatencyMs)} threshold` });
    }
  }
  return out;
}

/** The answer cache's figures: chat answers it was consulted for (cacheHit true or false), and what its hits saved. */
export function cacheSummary(events: readonly MetricEvent[]): CacheSummary {
  const looked = events.filter((e) => e.kind === 'chat' && e.cacheHit !== null && e.outcome === 'ok');
  const hits = looked.filter((e) => e.cacheHit === true);
  const hitLatency = nums(hits.map((e) => e.latencyMs));
  const freshTtft = nums(events.filter((e) => e.kind === 'chat' && e.cacheHit !== true && e.outcome === 'ok').map((e) => e.ttftMs));
  return {
    lookups: looked.length,
    hits: hits.length,
    hitRate: looked.length === 0 ? null : hits.length / looked.length,
    savedMs: hits.reduce((n, e) => n + (e.savedMs ?? 0), 0),
    savedTokens: hits.reduce((n, e) => n + (e.savedTokens ?? 0), 0),
    hitLatencyMs: { p50: percentile(hitLatency, 50), p95: percentile(hitLatency, 95), p99: percentile(hitLatency, 99) },
    freshTtftMs: { p50: percentile(freshTtft, 50), p95: percentile(freshTtft, 95), p99: percentile(freshTtft, 99) },
  };
}
