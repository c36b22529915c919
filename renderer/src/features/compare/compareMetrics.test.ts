import { describe, expect, it } from 'vitest';
import type { AnswerMetrics } from '../../../../shared/contract/chat';
import type { ComparisonColumn } from '../../../../shared/contract/compare';
import { sampleAnswerMetrics } from '../../../../shared/testing/sampleComparison';
import { formatUsd, templateLabel } from './compareFormat';
import { bestColumns, countWords, isColdLoad, metricValue } from './compareMetrics';

type Col = Pick<ComparisonColumn, 'status' | 'metrics' | 'costUsd' | 'content'>;

const metrics = (patch: Partial<AnswerMetrics>): AnswerMetrics =>
  sampleAnswerMetrics({ model: 'm', embedMs: null, retrievalMs: null, overheadMs: 0, ttftMs: 100, tokensPerSecond: 50, totalMs: 1_000, ...patch });

const col = (patch: Partial<AnswerMetrics>, extra: Partial<Col> = {}): Col => ({ status: 'complete', metrics: metrics(patch), costUsd: 0.002, content: 'An answer [1]', ...extra });

const asArrays = (best: ReturnType<typeof bestColumns>): Record<string, number[]> => Object.fromEntries(Object.entries(best).map(([k, v]) => [k, [...v].sort()]));

describe('bestColumns', () => {
  it('takes the lowest first token, latency, prompt tokens and cost, and the highest speed; never load or length', () => {
    const best = asArrays(
      bestColumns([
        col({ ttftMs: 40, tokensPerSecond: 120, totalMs: 400, loadMs: 300, promptTokens: 800 }, { costUsd: 0.003 }),
        col({ ttftMs: 120, tokensPerSecond: 30, totalMs: 1_600, loadMs: 2, promptTokens: 760 }, { costUsd: 0.002 }),
      ]),
    );
    expect(best).toEqual({ ttft: [0], tps: [0], latency: [0], promptTokens: [1], completionTokens: [], load: [], cost: [1], length: [] });
  });

  it('lets ties share the best, but a tie across every column is no one’s', () => {
    const best = bestColumns([col({ ttftMs: 40 }), col({ ttftMs: 40 }), col({ ttftMs: 90 })]);
    expect([...best.ttft]).toEqual([0, 1]);
    expect(best.tps.size).toBe(0); // all 50 tok/s
  });

  it('leaves out failed, stopped and unmeasured columns, and needs two to compare', () => {
    const best = bestColumns([
      col({ tokensPerSecond: 10 }),
      col({ tokensPerSecond: 500 }, { status: 'incomplete' }),
      { status: 'error', metrics: null, costUsd: null, content: '' },
      col({ tokensPerSecond: null }),
    ]);
    expect(best.tps.size).toBe(0);
    expect(bestColumns([col({ ttftMs: 10 }), col({ ttftMs: 20 }), col({ ttftMs: 5 }, { status: 'running' })]).ttft).toEqual(new Set([0]));
  });
});

describe('column figures', () => {
  it('reads each metric’s raw number', () => {
    const c = col({ ttftMs: 41, tokensPerSecond: 99.5, totalMs: 812, loadMs: 3, promptTokens: 700, completionTokens: 33 }, { costUsd: 0.0012, content: 'abc def' });
    expect([metricValue(c, 'ttft'), metricValue(c, 'tps'), metricValue(c, 'latency'), metricValue(c, 'load'), metricValue(c, 'cost'), metricValue(c, 'length')]).toEqual([41, 99.5, 812, 3, 0.0012, 7]);
    expect(metricValue({ ...c, metrics: null }, 'length')).toBeNull();
  });

  it('counts words and tells cold loads from warm ones', () => {
    expect(countWords('Cloud computing is a model [1]. It’s on-demand, 24/7.')).toBe(10);
    expect(countWords('')).toBe(0);
    expect(isColdLoad(300)).toBe(true);
    expect(isColdLoad(4)).toBe(false);
  });

  it('writes money and prompt versions', () => {
    expect(formatUsd(0.001234)).toBe('$0.0012');
    expect(formatUsd(0.5)).toBe('$0.50');
    expect(formatUsd(12.3)).toBe('$12.30');
    expect(formatUsd(null)).toBe('—');
    expect(templateLabel('grounded-answer@2', [{ id: 'grounded-answer', version: 2, name: 'Grounded answer (concise)', description: '' }])).toBe('Grounded answer (concise) v2');
    expect(templateLabel('other@1', null)).toBe('other@1');
  });
});
