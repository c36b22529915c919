// Elo ratings from the stored comparison votes, recomputed from scratch (deterministic: the same votes give the same
// ratings). Plain Node, pure.
/**
 * [Note: Elo from votes] A vote on a comparison of n columns is n-1 pairwise results for a winner (it beats each
 * other column) or n(n-1)/2 draws for a tie (each counts as half a win). Votes apply in time order (then by id);
 * within one vote every pair uses the ratings from before that vote, so the column order does not matter.
 * Standard Elo: expected = 1 / (1 + 10^((Rb - Ra) / 400)), R' = R + K (score - expected), K = 32, start 1000.
 */
export interface EloVote {
  id: string;
  createdAt: number;
  /** One key per column (a variant may not appear twice). */
  keys: readonly string[];
  /** The winning column, or null for a tie. */
  winner: number | null;
}

export const ELO_START = 1000;
export const ELO_K = 32;

export const expectedScore = (ra: number, rb: number): number => 1 / (1 + 10 ** ((rb - ra) / 400));

/** Ratings for every key that appears in a vote. */
export function eloRatings(votes: readonly EloVote[], k = ELO_K): Map<string, number> {
  const ratings = new Map<string, number>();
  const rating = (key: string): number => ratings.get(key) ?? ELO_START;
  const ordered = [...votes].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const vote of ordered) {
    const before = new Map(vote.keys.map((key) => [key, rating(key)]));
    const change = new Map(vote.keys.map((key) => [key, 0]));
    const play = (a: string, b: string, scoreA: number): void => {
      const ea = expectedScore(before.get(a)!, before.get(b)!);
      change.set(a, change.get(a)! + k * (scoreA - ea));
      change.set(b, change.get(b)! + k * (1 - scoreA - (1 - ea)));
    };
    if (vote.winner !== null) {
      const winner = vote.keys[vote.winner];
      if (winner === undefined) continue;
      for (const other of vote.keys) if (other !== winner) play(winner, other, 1);
    } else {
      for (let i = 0; i < vote.keys.length; i++) for (let j = i + 1; j < vote.keys.length; j++) play(vote.keys[i]!, vote.keys[j]!, 0.5);
    }
    for (const [key, delta] of change) ratings.set(key, before.get(key)! + delta);
  }
  return ratings;
}
