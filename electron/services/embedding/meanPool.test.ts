// Pooling arithmetic against a plain recomputation: masked tokens ignored, unit length, zero rows reported.
import { describe, expect, it } from 'vitest';
import { meanPoolNormalized } from './meanPool';

describe('meanPoolNormalized', () => {
  it('averages the unmasked tokens of each row, normalises, and writes to the target rows', () => {
    const rows = 2;
    const seq = 3;
    const dim = 2;
    // row 0: tokens (1,0), (0,1), padding (9,9); row 1: (3,4), padding, padding
    const hidden = Float32Array.from([1, 0, 0, 1, 9, 9, 3, 4, 7, 7, 7, 7]);
    const mask = BigInt64Array.from([1n, 1n, 0n, 1n, 0n, 0n]);
    const out = new Float32Array(3 * dim);
    const usable = meanPoolNormalized(hidden, mask, rows, seq, dim, out, [2, 0]);
    expect(usable).toEqual([true, true]);
    expect(out[4]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(out[5]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(out[0]).toBeCloseTo(0.6, 6);
    expect(out[1]).toBeCloseTo(0.8, 6);
    expect(out[2]).toBe(0);
  });

  it('reports rows with no token or an all-zero sum as unusable, with zeros', () => {
    const hidden = Float32Array.from([0, 0, 0, 0, 5, 5]);
    const out = new Float32Array(6).fill(3);
    const usable = meanPoolNormalized(hidden, [1, 1, 0], 3, 1, 2, out, [0, 1, 2]);
    expect(usable).toEqual([false, false, false]);
    expect([...out]).toEqual([0, 0, 0, 0, 0, 0]);
  });
});
