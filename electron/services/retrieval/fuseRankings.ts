// Fusion of the vector and full-text rankings (weighted reciprocal rank fusion, or a convex combination of
// min-max normalised scores), plus removal of passages that cover the same region of a document as a better one.

/** The usual RRF constant: damps the head of each list so one list cannot dominate by rank 1 alone. */
export const RRF_K = 60;

export interface RankedHit<T> {
  key: string;
  item: T;
  /** The list's own score (cosine, BM25): used by convex fusion, ignored by rank fusion. */
  score?: number;
}

export type FusionMethod = 'rrf' | 'convex';

export interface Fusion {
  method: FusionMethod;
  /** The vector list's share, 0..1. */
  weight: number;
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

/** Min-max normalised within the list, so BM25 and cosine are on one 0..1 scale; a flat list scores 1. */
function normalised<T>(list: readonly RankedHit<T>[]): number[] {
  const scores = list.map((h, i) => (Number.isFinite(h.score) ? h.score! : list.length - i));
  const max = Math.max(...scores);
  const min = Math.min(...scores);
  return scores.map((s) => (max > min ? (s - min) / (max - min) : 1));
}

/**
 * Convex fusion: weight × normalised vector score + (1 - weight) × normalised text score (0 when a list missed it).
 * Weight 0 or 1 keeps that list's order first (the other list's items follow at 0).
 */
export function fuseScores<T>(vector: readonly RankedHit<T>[], text: readonly RankedHit<T>[], weight: number): FusedHit<T>[] {
  const w = Math.min(1, Math.max(0, weight));
  const fused = new Map<string, FusedHit<T>>();
  const add = (list: readonly RankedHit<T>[], share: number, which: 'vectorRank' | 'textRank'): void => {
    const norm = normalised(list);
    list.forEach((hit, index) => {
      const entry = fused.get(hit.key) ?? { key: hit.key, item: hit.item, score: 0, vectorRank: null, textRank: null };
      entry[which] = index + 1;
      entry.score += share * norm[index]!;
      fused.set(hit.key, entry);
    });
  };
  add(vector, w, 'vectorRank');
  add(text, 1 - w, 'textRank');
  const first: 'vectorRank' | 'textRank' = w > 0.5 ? 'vectorRank' : 'textRank';
  const second: 'vectorRank' | 'textRank' = first === 'vectorRank' ? 'textRank' : 'vectorRank';
  return [...fused.values()].sort((a, b) => b.score - a.score || (a[first] ?? Infinity) - (b[first] ?? Infinity) || (a[second] ?? Infinity) - (b[second] ?? Infinity));
}

export function fuse<T>(vector: readonly RankedHit<T>[], text: readonly RankedHit<T>[], fusion: Fusion): FusedHit<T>[] {
  return fusion.method === 'convex' ? fuseScores(vector, text, fusion.weight) : fuseRankings(vector, text, fusion.weight);
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
