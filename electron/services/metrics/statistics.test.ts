// Exact percentiles (nearest rank) and medians against known distributions.
import { describe, expect, it } from 'vitest';
import { mean, median, percentile } from './statistics';

describe('statistics', () => {
  it('nearest-rank percentiles of 1..100 are the values themselves', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // unsorted on purpose
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 1)).toBe(1);
  });

  it('handles small samples and ties exactly', () => {
    expect(percentile([5], 99)).toBe(5);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 51)).toBe(3);
    expect(percentile([7, 7, 7, 100], 75)).toBe(7);
    expect(percentile([7, 7, 7, 100], 76)).toBe(100);
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 0)).toThrow(RangeError);
  });

  it('p95 of a long-tailed latency sample', () => {
    // 950 fast requests at 10 ms, 50 slow at 1000 ms: p95 is the last fast one, p96 a slow one
    const values = [...Array<number>(950).fill(10), ...Array<number>(50).fill(1000)];
    expect(percentile(values, 95)).toBe(10);
    expect(percentile(values, 95.1)).toBe(1000);
  });

  it('median and mean', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean([])).toBeNull();
  });
});
