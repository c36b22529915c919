// Generated embedding-like vectors for the scale benchmarks (CLI, plain Node): unit vectors drawn around a fixed set of
// topic centroids, so nearest neighbours mean something the way they do for real embeddings.
//
// [Note: why clustered] Independent random unit vectors in 384 dimensions are all about equally far apart (their
// cosine similarities concentrate near 0), so "the 10 nearest" is decided by noise and no partitioned index can find it
// without scanning most partitions; real embeddings crowd around topics. The recall figure is only meaningful on
// vectors with that structure, so the 1M store draws its vectors this way and says so in its output.

export interface ClusteredVectors {
  dimension: number;
  /** A unit vector near one of the topics (the topic picked at random). */
  next: () => Float32Array;
}

/** A deterministic generator: `topics` centroids, each vector = centroid + isotropic noise of norm ~`spread`, normalised. */
export function clusteredVectors(random: () => number, dimension: number, topics: number, spread: number): ClusteredVectors {
  const gaussian = (): number => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const normalise = (v: Float32Array): Float32Array => {
    let norm = 0;
    for (let i = 0; i < v.length; i++) norm += v[i]! * v[i]!;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < v.length; i++) v[i]! /= norm;
    return v;
  };
  const centroids = Array.from({ length: topics }, () => normalise(Float32Array.from({ length: dimension }, gaussian)));
  const sigma = spread / Math.sqrt(dimension);
  return {
    dimension,
    next: () => {
      const c = centroids[Math.floor(random() * topics)]!;
      const v = new Float32Array(dimension);
      for (let i = 0; i < dimension; i++) v[i] = c[i]! + sigma * gaussian();
      return normalise(v);
    },
  };
}

/** Recall@k of `approximate` against `exact` id lists, averaged over queries. */
export function recallAtK(exact: string[][], approximate: string[][], k: number): number {
  let sum = 0;
  for (const [i, truth] of exact.entries()) {
    const want = new Set(truth.slice(0, k));
    const got = (approximate[i] ?? []).slice(0, k).filter((id) => want.has(id)).length;
    sum += want.size === 0 ? 1 : got / want.size;
  }
  return exact.length === 0 ? 1 : sum / exact.length;
}
