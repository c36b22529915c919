// The figures a comparison column shows, and which column has the best of each. Pure functions. Renderer (and Node tests).
import type { ComparisonColumn } from '../../../../shared/contract/compare';
import { COLD_LOAD_MIN_MS } from '../../ui/answers/answerFormat';

export const METRIC_KEYS = ['ttft', 'tps', 'latency', 'promptTokens', 'completionTokens', 'load', 'cost', 'length'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/**
 * Which way is better. Answer length and completion tokens have no better side (a longer answer is not a better
 * one), and load time says whether the model happened to be in memory already, not how good the variant is: these
 * are never highlighted. The same prompt in fewer tokens is cheaper and leaves more context.
 */
export const METRIC_DIRECTION: Record<MetricKey, 'lower' | 'higher' | null> = {
  ttft: 'lower',
  tps: 'higher',
  latency: 'lower',
  promptTokens: 'lower',
  completionTokens: null,
  load: null,
  cost: 'lower',
  length: null,
};

/** Words as a reader counts them: runs of letters or digits. */
export const countWords = (text: string): number => text.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;

/** A column's raw figure for one metric (ms, tokens/s, tokens, USD, characters), or null when it has none. */
export function metricValue(column: Pick<ComparisonColumn, 'metrics' | 'costUsd' | 'content'>, key: MetricKey): number | null {
  const m = column.metrics;
  switch (key) {
    case 'ttft':
      return m?.ttftMs ?? null;
    case 'tps':
      return m?.tokensPerSecond ?? null;
    case 'latency':
      return m?.totalMs ?? null;
    case 'promptTokens':
      return m?.promptTokens ?? null;
    case 'completionTokens':
      return m?.completionTokens ?? null;
    case 'load':
      return m?.loadMs ?? null;
    case 'cost':
      return column.costUsd;
    case 'length':
      return m ? column.content.length : null;
  }
}

/** [Note: cold load] the rule Chat uses: Ollama reports a few ms of load even when the model was in memory. */
export const isColdLoad = (loadMs: number): boolean => loadMs >= COLD_LOAD_MIN_MS;

/**
 * For each metric, the indexes of the columns holding its best value (ties share it). Only complete answers take
 * part (a stopped or failed one is short and quick for the wrong reason), and only when at least two of them
 * measured the metric and they differ: a best needs something to beat. Ties for the best value share it.
 */
export function bestColumns(columns: readonly Pick<ComparisonColumn, 'status' | 'metrics' | 'costUsd' | 'content'>[]): Record<MetricKey, ReadonlySet<number>> {
  const result = {} as Record<MetricKey, ReadonlySet<number>>;
  for (const key of METRIC_KEYS) {
    const direction = METRIC_DIRECTION[key];
    const candidates: Array<{ index: number; value: number }> = [];
    columns.forEach((column, index) => {
      const value = column.status === 'complete' ? metricValue(column, key) : null;
      if (value !== null && Number.isFinite(value)) candidates.push({ index, value });
    });
    if (!direction || candidates.length < 2) {
      result[key] = new Set();
      continue;
    }
    const best = direction === 'lower' ? Math.min(...candidates.map((c) => c.value)) : Math.max(...candidates.map((c) => c.value));
    const winners = candidates.filter((c) => c.value === best).map((c) => c.index);
    // a tie across every column is no one's best
    result[key] = new Set(winners.length < candidates.length ? winners : []);
  }
  return result;
}
