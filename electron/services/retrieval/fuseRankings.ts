// Weighted reciprocal rank fusion of the vector and full-text rankings, plus removal of passages that cover
// the same region of a document as a better-ranked one.

/** The usual RRF constant: damps the head of each list so one list cannot dominate by rank 1 alone. */
export const RRF_K = 60;

export interface RankedHit<T> {
  key: string;
  item: T;
}

export interface FusedHit<T> {
  key: string;
  item: T;
  /** Normalised to 0..1: 1 is rank 1 in both lists. */
  score: number;
  vectorRank: number | null;
  textRank: number | null;
}

/**
 * weight is the vector list's share (0..1); the text list gets 1 - weight. A weight of 0 or 1 reproduces the
 * single list's order exactly, so a tuned weight can never be worse than the better input on the set it was tuned on.
 */
export function fuseRankings<T>(vector: readonly RankedHit<T>[], text: readonly RankedHit<T>[], weight: number): FusedHit<T>[] {
  const w = Math.min(1, Math.max(0, weight));
  const fused = new Map<string, FusedHit<T> & { raw: number }>();
  const add = (list: readonly RankedHit<T>[], share: number, which: 'vectorRank' | 'textRank'): void => {
    list.forEach((hit, index) => {
      const entry = fused.get(hit.key) ?? { key: hit.key, item: hit.item, score: 0, raw: 0, vectorRank: null, textRank: null };
      entry[which] = index + 1;
      entry.raw += share / (RRF_K + index + 1);
      fused.set(hit.key, entry);
    });
  };
  add(vector, w, 'vectorRank');
  add(text, 1 - w, 'textRank');
  const best = 1 / (RRF_K + 1);
  return [...fused.values()]
    .sort((a, b) => b.raw - a.raw || (a.vectorRank ?? Infinity) - (b.vectorRank ?? Infinity) || (a.textRank ?? Infinity) - (b.textRank ?? Infinity))
    .map(({ raw, ...hit }) => ({ ...hit, score: raw / best }));
}

export interface Span {
  documentId: string;
  start: number;
  end: number;
}

/** Keeps items in order, dropping one that overlaps a kept item of the same document by more than half of the shorter span. */
export function dropOverlapping<T>(items: readonly T[], span: (item: T) => Span, limit: number): T[] {
  const kept: T[] = [];
  const spans: Span[] = [];
  for (const item of items) {
    if (kept.length >= limit) break;
    const s = span(item);
    const clash = spans.some((o) => {
      if (o.documentId !== s.documentId) return false;
      const overlap = Math.min(o.end, s.end) - Math.max(o.start, s.start);
      return overlap > 0.5 * Math.min(o.end - o.start, s.end - s.start);
    });
    if (clash) continue;
    kept.push(item);
    spans.push(s);
  }
  return kept;
}
