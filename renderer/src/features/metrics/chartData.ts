// The summary reshaped for the charts and their tables: one point per time bucket, one per model. Renderer (and Node tests).
import type { MetricAggregate, MetricSummary } from '../../../../shared/contract/metrics';
import { formatBucketTime } from './metricsFormat';

export interface BucketPoint {
  readonly start: number;
  /** The x-axis label. */
  readonly label: string;
  readonly count: number;
  /** Answers that did not fail (including stopped ones), stacked under the errors. */
  readonly ok: number;
  readonly errors: number;
  readonly latencyP50Ms: number | null;
  readonly latencyP95Ms: number | null;
  readonly retrievalMsMean: number | null;
  readonly generationMsMean: number | null;
  readonly cloudCostUsd: number;
  readonly energyCostUsd: number | null;
}

export function bucketPoints(summary: Pick<MetricSummary, 'series' | 'bucketMs' | 'from' | 'to'>): BucketPoint[] {
  const span = summary.to - summary.from;
  return summary.series.map((bucket) => ({
    start: bucket.start,
    label: formatBucketTime(bucket.start, summary.bucketMs, span),
    count: bucket.count,
    ok: bucket.count - bucket.errors,
    errors: bucket.errors,
    latencyP50Ms: bucket.latencyP50Ms,
    latencyP95Ms: bucket.latencyP95Ms,
    retrievalMsMean: bucket.retrievalMsMean,
    generationMsMean: bucket.generationMsMean,
    cloudCostUsd: bucket.cloudCostUsd,
    energyCostUsd: bucket.energyCostUsd,
  }));
}

/** The rows a table lists: buckets with answers in them (an empty bucket has no numbers to read). */
export const bucketsWithAnswers = (points: readonly BucketPoint[]): BucketPoint[] => points.filter((p) => p.count > 0);

export interface ModelPoint {
  readonly model: string;
  readonly count: number;
  readonly ttftP50Ms: number | null;
  readonly tokensPerSecondMedian: number | null;
  readonly retrievalMsMean: number | null;
  readonly generationMsMean: number | null;
}

export function modelPoints(byModel: readonly MetricAggregate[]): ModelPoint[] {
  return byModel.map((a) => ({
    model: a.model ?? 'unknown',
    count: a.count,
    ttftP50Ms: a.ttftMs.p50,
    tokensPerSecondMedian: a.tokensPerSecond.median,
    retrievalMsMean: a.retrievalMsMean,
    generationMsMean: a.generationMsMean,
  }));
}

