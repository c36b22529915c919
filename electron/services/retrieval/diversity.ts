// Maximal marginal relevance over a fused ranking (services process, pure): keeps near-duplicate passages (tables
// of contents, repeated headers and footers) from filling the top k. Similarity between passages is lexical
// (cosine of word counts), which is what makes such passages duplicates, and needs no stored vectors.

const words = new Intl.Segmenter('und', { granularity: 'word' });

/** Word counts of a passage, lowercased. */
export function termCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of words.segment(text.toLowerCase())) if (s.isWordLike) counts.set(s.segment, (counts.get(s.segment) ?? 0) + 1);
  return counts;
}

export function cosine(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [w, x] of a) {
    na += x * x;
    const y = b.get(w);
    if (y) dot += x * y;
  }
  for (const y of b.values()) nb += y * y;
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** Relevance's share against novelty (the usual even split). */
export const MMR_LAMBDA = 0.5;

/**
 * Reorders `items` (best first, with a score) by MMR: each next pick maximises λ·relevance − (1−λ)·(max similarity
 * to the picks so far), relevance being the fused score (0..1, 1 = first in both lists). Returns the first `limit`.
 */
export function mmr<T>(items: readonly T[], score: (item: T) => number, text: (item: T) => string, limit: number, lambda = MMR_LAMBDA): T[] {
  if (items.length <= 1) return items.slice(0, limit);
  const rel = items.map(score);
  const vecs = items.map((i) => termCounts(text(i)));
  const maxSim = items.map(() => 0);
  const left = new Set(items.map((_, i) => i));
  const picked: number[] = [];
  while (picked.length < limit && left.size > 0) {
    let best = -1;
    let bestValue = -Infinity;
    for (const i of left) {
      const value = lambda * rel[i]! - (1 - lambda) * maxSim[i]!;
      if (value > bestValue + 1e-12) {
        best = i;
        bestValue = value;
      }
    }
    picked.push(best);
    left.delete(best);
    for (const i of left) maxSim[i] = Math.max(maxSim[i]!, cosine(vecs[i]!, vecs[best]!));
  }
  return picked.map((i) => items[i]!);
}
