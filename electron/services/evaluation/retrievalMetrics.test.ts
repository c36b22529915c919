// BEIR / trec_eval metric definitions on hand-computed cases.
import { describe, expect, it } from 'vitest';
import { mrrAtK, ndcgAtK, recallAtK, scoreRun } from './retrievalMetrics';

const judged = (entries: Record<string, number>): Map<string, number> => new Map(Object.entries(entries));

describe('retrieval metrics', () => {
  it('nDCG@k with binary relevance', () => {
    // DCG = 1/log2(2) + 1/log2(4) = 1.5; IDCG = 1 + 1/log2(3) = 1.63093
    expect(ndcgAtK(['d1', 'd2', 'd3'], judged({ d1: 1, d3: 1 }), 10)).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3)), 10);
    expect(ndcgAtK(['d1', 'd3'], judged({ d1: 1, d3: 1 }), 10)).toBe(1);
    expect(ndcgAtK(['x', 'y'], judged({ d1: 1 }), 10)).toBe(0);
  });

  it('nDCG@k with graded relevance uses the grade as gain (trec_eval), and cuts at k', () => {
    // DCG = 1 + 2/log2(3); IDCG = 2 + 1/log2(3)
    expect(ndcgAtK(['d1', 'd2'], judged({ d1: 1, d2: 2 }), 10)).toBeCloseTo((1 + 2 / Math.log2(3)) / (2 + 1 / Math.log2(3)), 10);
    // the relevant document at rank 3 falls outside k = 2; the ideal list is cut at k too
    expect(ndcgAtK(['a', 'b', 'd1'], judged({ d1: 1 }), 2)).toBe(0);
    expect(ndcgAtK(['a', 'd1'], judged({ d1: 1, d2: 1, d3: 1 }), 2)).toBeCloseTo(1 / Math.log2(3) / (1 + 1 / Math.log2(3)), 10);
  });

  it('Recall@k and MRR@k', () => {
    expect(recallAtK(['a', 'd1', 'b', 'd2'], judged({ d1: 1, d2: 1, d3: 1 }), 3)).toBeCloseTo(1 / 3, 10);
    expect(recallAtK(['a', 'd1', 'b', 'd2'], judged({ d1: 1, d2: 1, d3: 1 }), 100)).toBeCloseTo(2 / 3, 10);
    expect(mrrAtK(['a', 'b', 'd1'], judged({ d1: 1 }), 10)).toBeCloseTo(1 / 3, 10);
    expect(mrrAtK(['a', 'b', 'd1'], judged({ d1: 1 }), 2)).toBe(0);
    expect(recallAtK(['a'], judged({ z: 0 }), 10)).toBe(0);
  });

  it('averages over judged queries; a query with no run scores 0', () => {
    const qrels = new Map([
      ['q1', judged({ d1: 1 })],
      ['q2', judged({ d2: 1 })],
    ]);
    const scores = scoreRun(new Map([['q1', ['d1']]]), qrels);
    expect(scores).toEqual({ ndcg10: 0.5, recall10: 0.5, recall100: 0.5, mrr10: 0.5, queries: 2 });
  });
});
