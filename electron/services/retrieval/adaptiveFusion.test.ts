// Per-query fusion weights: hand-computed confidences and the weight's range.
import { describe, expect, it } from 'vitest';
import { adaptiveWeight, listConfidence } from './adaptiveFusion';

describe('adaptive fusion weight', () => {
  it('measures how far the top score stands out, in standard deviations of the rest', () => {
    // rest = [2, 4]: mean 3, sd 1; top 6 is 3 sd above
    expect(listConfidence([6, 2, 4])).toBeCloseTo(3, 9);
    expect(listConfidence([5, 5, 5, 5])).toBe(0);
    expect(listConfidence([9, 1])).toBe(0);
    expect(listConfidence([])).toBe(0);
    // only the top 10 count
    expect(listConfidence([6, 2, 4, 3, 3, 3, 3, 3, 3, 3, 1000])).toBeCloseTo(listConfidence([6, 2, 4, 3, 3, 3, 3, 3, 3, 3]), 9);
  });

  it('keeps the base when both lists are equally sure, and moves with the surer one within 0..2×base', () => {
    expect(adaptiveWeight([6, 2, 4], [60, 20, 40], 0.2)).toBeCloseTo(0.2, 9);
    expect(adaptiveWeight([6, 2, 4], [5, 5, 5], 0.2)).toBeCloseTo(0.4, 9);
    expect(adaptiveWeight([5, 5, 5], [6, 2, 4], 0.2)).toBe(0);
    expect(adaptiveWeight([], [], 0.2)).toBeCloseTo(0.2, 9);
    expect(adaptiveWeight([6, 2, 4], [], 0.8)).toBe(1);
  });
});
