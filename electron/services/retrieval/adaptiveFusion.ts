// Per-query fusion weights from the two lists' score distributions: a list whose top score stands out from the rest
// of its top 10 is trusted more for that query. Measured by `loci eval --adaptive` against calibrated convex fusion;
// not used by the app's retriever (it did not win on held-out data: see the README's Quality section).
// Plain functions; run anywhere.

/** How far the top score stands above the rest of the top `depth`, in standard deviations (0 for fewer than 3). */
export function listConfidence(scores: readonly number[], depth = 10): number {
  const top = scores.slice(0, depth);
  if (top.length < 3) return 0;
  const rest = top.slice(1);
  const mean = rest.reduce((a, b) => a + b, 0) / rest.length;
  const sd = Math.sqrt(rest.reduce((a, b) => a + (b - mean) ** 2, 0) / rest.length);
  if (!(sd > 1e-9)) return 0;
  return Math.max(0, (top[0]! - mean) / sd);
}

/**
 * The weight for one query: `base` when both lists are equally sure, up to twice `base` when only the vector list
 * is, down to 0 when only the text list is. An empty or flat list counts as unsure.
 */
export function adaptiveWeight(vectorScores: readonly number[], textScores: readonly number[], base: number): number {
  const v = listConfidence(vectorScores);
  const t = listConfidence(textScores);
  const share = v + t > 0 ? v / (v + t) : 0.5;
  return Math.min(1, Math.max(0, 2 * base * share));
}
