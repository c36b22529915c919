// Elo from pairwise votes: hand-computed values, ties as half, order and determinism.
import { describe, expect, it } from 'vitest';
import { ELO_START, eloRatings, expectedScore } from './elo';

describe('elo', () => {
  it('moves two equal players by K/2 on a win', () => {
    const r = eloRatings([{ id: '1', createdAt: 1, keys: ['a', 'b'], winner: 0 }]);
    expect(r.get('a')).toBeCloseTo(1016, 10);
    expect(r.get('b')).toBeCloseTo(984, 10);
  });

  it('leaves equal players equal on a tie, and moves unequal ones toward each other', () => {
    const tie = eloRatings([{ id: '1', createdAt: 1, keys: ['a', 'b'], winner: null }]);
    expect(tie.get('a')).toBe(ELO_START);
    expect(tie.get('b')).toBe(ELO_START);
    const r = eloRatings([
      { id: '1', createdAt: 1, keys: ['a', 'b'], winner: 0 },
      { id: '2', createdAt: 2, keys: ['a', 'b'], winner: null },
    ]);
    // after the win a=1016, b=984; the tie: a expected 1/(1+10^(-32/400)) ≈ 0.5460 → a loses 32·0.0460
    const ea = expectedScore(1016, 984);
    expect(r.get('a')).toBeCloseTo(1016 + 32 * (0.5 - ea), 10);
    expect(r.get('b')).toBeCloseTo(984 - 32 * (0.5 - ea), 10);
    expect(r.get('a')! + r.get('b')!).toBeCloseTo(2000, 10);
  });

  it('counts a winner of three columns as two wins, from the ratings before the vote', () => {
    const r = eloRatings([{ id: '1', createdAt: 1, keys: ['a', 'b', 'c'], winner: 1 }]);
    expect(r.get('b')).toBeCloseTo(1032, 10);
    expect(r.get('a')).toBeCloseTo(984, 10);
    expect(r.get('c')).toBeCloseTo(984, 10);
    // column order inside a vote does not matter
    const swapped = eloRatings([{ id: '1', createdAt: 1, keys: ['c', 'b', 'a'], winner: 1 }]);
    expect(swapped).toEqual(r);
  });

  it('is deterministic: votes apply in time order whatever order they are given in', () => {
    const votes = [
      { id: 'x', createdAt: 3, keys: ['a', 'b'], winner: 1 },
      { id: 'y', createdAt: 1, keys: ['a', 'b'], winner: 0 },
      { id: 'z', createdAt: 2, keys: ['b', 'c'], winner: null },
    ];
    const r1 = eloRatings(votes);
    const r2 = eloRatings([...votes].reverse());
    expect(r2).toEqual(r1);
    // and the order matters in Elo: applying the later loss first gives other numbers
    const reordered = eloRatings(votes.map((v) => (v.id === 'x' ? { ...v, createdAt: 0 } : v)));
    expect(reordered.get('a')).not.toBeCloseTo(r1.get('a')!, 6);
  });

  it('ignores a vote for a column that does not exist', () => {
    expect(eloRatings([{ id: '1', createdAt: 1, keys: ['a', 'b'], winner: 5 }]).size).toBe(0);
  });
});
