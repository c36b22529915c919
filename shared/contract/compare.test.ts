// The compare stream's patch functions: merging (what the host's coalescing does) and applying (what the store does).
import { describe, expect, it } from 'vitest';
import { applyComparePatch, mergeComparePatch, type ComparePatch, type Comparison } from './compare';
import { sampleComparison } from '../testing/sampleComparison';

const comparison = (id = 'cmp-1'): Comparison => sampleComparison({ id });

describe('applyComparePatch', () => {
  it('is null until a comparison arrives, then applies column patches over it', () => {
    expect(applyComparePatch(null, { columns: [{ index: 0, delta: 'x' }] })).toBeNull();
    const started = applyComparePatch(null, { comparison: comparison(), columns: [{ index: 1, status: 'running' }] });
    expect(started?.columns[1]).toMatchObject({ status: 'running', content: '' });
    const next = applyComparePatch(started, { columns: [{ index: 1, delta: 'Cloud' }, { index: 7, delta: 'ignored' }] });
    expect(next?.columns[1]).toMatchObject({ status: 'running', content: 'Cloud' });
    expect(next?.columns[0]).toBe(started?.columns[0]);
    expect(next?.columns).toHaveLength(2);
  });

  it('a later comparison replaces the current one', () => {
    const current = applyComparePatch(comparison('old'), { columns: [{ index: 0, delta: 'old text' }] });
    expect(applyComparePatch(current, { comparison: comparison('new'), columns: [] })).toMatchObject({ id: 'new', columns: [{ content: '' }, { content: '' }] });
  });

  it('merging two patches then applying equals applying both in turn', () => {
    const pairs: [ComparePatch, ComparePatch][] = [
      [{ comparison: comparison(), columns: [] }, { columns: [{ index: 0, status: 'running', delta: 'Cloud ' }] }],
      [{ columns: [{ index: 0, delta: 'Cloud ' }] }, { columns: [{ index: 0, delta: 'computing' }, { index: 1, status: 'running' }] }],
      [{ columns: [{ index: 1, delta: 'a', status: 'running' }] }, { columns: [{ index: 1, status: 'complete', costUsd: 0.002, error: null }] }],
      [{ columns: [{ index: 0, delta: 'x' }] }, { columns: [] }],
      [{ comparison: comparison(), columns: [{ index: 1, delta: 'y' }] }, { columns: [{ index: 1, delta: 'z' }] }],
    ];
    for (const [p, q] of pairs) {
      for (const current of [null, comparison('cur')]) {
        expect(applyComparePatch(current, mergeComparePatch(p, q))).toEqual(applyComparePatch(applyComparePatch(current, p), q));
      }
    }
  });
});
