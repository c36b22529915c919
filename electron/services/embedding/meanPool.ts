// Mean pooling and L2 normalisation of token embeddings into sentence vectors (runs in the embedding worker), in
// typed-array loops: row-major over contiguous memory, the attention mask read once per token, padding skipped.
// transformers.js's own mean_pooling walks the hidden state column-wise and converts every mask value from BigInt
// once per dimension, which for a cheap model costs more than the model itself.

/**
 * Pools `hidden` ([rows, seq, dim], row-major) under `mask` ([rows, seq], 0/1) and writes each normalised vector to
 * `out` at `targets[row] * dim`. A row whose tokens sum to zero (no known token) is written as zeros and reported
 * false in the returned array; a zero vector has no direction to normalise.
 */
export function meanPoolNormalized(
  hidden: Float32Array,
  mask: ArrayLike<number | bigint>,
  rows: number,
  seq: number,
  dim: number,
  out: Float32Array,
  targets: readonly number[],
): boolean[] {
  const usable: boolean[] = [];
  const acc = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    acc.fill(0);
    let count = 0;
    const maskBase = r * seq;
    const hiddenBase = r * seq * dim;
    for (let t = 0; t < seq; t++) {
      if (Number(mask[maskBase + t]) === 0) continue;
      count++;
      const base = hiddenBase + t * dim;
      for (let k = 0; k < dim; k++) acc[k]! += hidden[base + k]!;
    }
    let norm = 0;
    for (let k = 0; k < dim; k++) norm += acc[k]! * acc[k]!;
    norm = Math.sqrt(norm);
    const target = targets[r]! * dim;
    // the mean's direction is the sum's: dividing by the count is not needed before normalising
    const ok = count > 0 && Number.isFinite(norm) && norm > 1e-12;
    usable.push(ok);
    for (let k = 0; k < dim; k++) out[target + k] = ok ? acc[k]! / norm : 0;
  }
  return usable;
}
