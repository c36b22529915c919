// Index maintenance policy for the chunks table (runs in the process that owns the store): reads LanceDB's own index
// and fragment statistics, decides what is due (fold new rows into the full-text and vector indexes, compact small
// fragments, create the vector index once the table is big enough) and does it. The store decides when to call it.
import * as lancedb from '@lancedb/lancedb';

export interface ChunkIndexState {
  rows: number;
  /** Null when there is no full-text index on `text`. */
  ftsUnindexed: number | null;
  /** Null when there is no vector index on `vector`. */
  vectorUnindexed: number | null;
  fragments: number;
  smallFragments: number;
}

export interface MaintenancePolicy {
  /** Rows from which a vector index is created (below it a flat scan is fast enough). */
  annThreshold: number;
  /** Small fragments tolerated before compaction (each one is a file a scan opens). */
  maxSmallFragments: number;
}

export const DEFAULT_MAX_SMALL_FRAGMENTS = 16;

export interface MaintenancePlan {
  /** `optimize`: compacts fragments and folds unindexed rows into every existing index (incremental, no rebuild). */
  optimize: boolean;
  createVectorIndex: boolean;
}

/** Reads the state from LanceDB: row count, the indexes' unindexed rows, fragment counts. */
export async function inspectChunks(table: lancedb.Table): Promise<ChunkIndexState> {
  const [rows, indices, stats] = await Promise.all([table.countRows(), table.listIndices(), table.stats()]);
  const unindexed = async (column: string): Promise<number | null> => {
    const index = indices.find((i) => i.columns.includes(column));
    if (!index) return null;
    return (await table.indexStats(index.name))?.numUnindexedRows ?? null;
  };
  return {
    rows,
    ftsUnindexed: await unindexed('text'),
    vectorUnindexed: await unindexed('vector'),
    fragments: stats.fragmentStats.numFragments,
    smallFragments: stats.fragmentStats.numSmallFragments,
  };
}

/**
 * A vector index's partitions are sized for the rows it was built over (ROWS_PER_PARTITION each); later rows are folded
 * into those partitions. Past this many times those rows it is built again, so partitions stay near their size whether
 * a library grew in one long import (maintenance runs during it) or in many. Doubling keeps the total build work
 * within about twice that of the last build.
 */
export const VECTOR_INDEX_REBUILD_GROWTH = 2;

/**
 * Which build of `vectorIndexFor` made an index, recorded beside it (index-meta.json). Raised whenever what it builds
 * changes, so that an older index is built again at the next maintenance rather than searched with parameters made
 * for another one (VECTOR_SEARCH's shallow re-rank needs 4-bit codes). 2: IVF_RQ with 4 bits a dimension; before it,
 * 1-bit IVF_RQ or HNSW_SQ (unrecorded).
 */
export const VECTOR_INDEX_RECIPE = 2;

/** What is recorded about the existing vector index: the rows it was built over and its recipe (null: not recorded). */
export interface RecordedVectorIndex {
  rows: number | null;
  recipe: number | null;
}

const CURRENT_UNSIZED: RecordedVectorIndex = { rows: null, recipe: VECTOR_INDEX_RECIPE };

/**
 * What is due for this state. `recorded.rows`: the rows the existing vector index was built over (null when not known,
 * e.g. an index from before it was recorded: its size is not held against it). An index of another recipe, or of an
 * unrecorded one, is built again. Pure, so the policy is tested without a database.
 */
export function planMaintenance(state: ChunkIndexState, policy: MaintenancePolicy, recorded: RecordedVectorIndex = CURRENT_UNSIZED): MaintenancePlan {
  const hasIndex = state.vectorUnindexed !== null;
  const outgrown = hasIndex && recorded.rows !== null && state.rows >= VECTOR_INDEX_REBUILD_GROWTH * recorded.rows;
  const otherRecipe = hasIndex && recorded.recipe !== VECTOR_INDEX_RECIPE;
  const createVectorIndex = (!hasIndex && state.rows >= policy.annThreshold) || outgrown || otherRecipe;
  const optimize = (state.ftsUnindexed ?? 0) > 0 || (state.vectorUnindexed ?? 0) > 0 || state.smallFragments > policy.maxSmallFragments;
  return { optimize, createVectorIndex };
}

export const isDue = (plan: MaintenancePlan): boolean => plan.optimize || plan.createVectorIndex;

/** LanceDB's word for a commit that lost a race with another one and can simply be run again. */
export const isRetryableConflict = (error: unknown): boolean => /retryable commit conflict/i.test(error instanceof Error ? error.message : String(error));

/**
 * Runs a maintenance commit again when a write committed first and preempted it (a compaction loses to an update of
 * the fragments it rewrote). Writes never wait for maintenance, so under a steady stream of them a few attempts may be
 * needed; after the last the error goes up and the next scheduled maintenance tries again.
 */
export async function retryPreempted<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryableConflict(error)) throw error;
    }
  }
}

/** Compacts and folds unindexed rows into the existing indexes when due; returns the state it found and what it did. */
export async function optimizeIfDue(table: lancedb.Table, policy: MaintenancePolicy): Promise<{ before: ChunkIndexState; plan: MaintenancePlan }> {
  const before = await inspectChunks(table);
  const plan = planMaintenance(before, policy);
  if (plan.optimize) await retryPreempted(() => table.optimize({ cleanupOlderThan: new Date(Date.now() - 5 * 60_000) }));
  return { before, plan };
}

/**
 * [Note: vector index choice] IVF_RQ (RaBitQ codes in IVF partitions of about 4,096 rows), chosen by measurement
 * (`loci bench --only index-candidates`, README Performance): at 100k generated 384-d rows it built in 1.6 s where
 * IVF_PQ took 214 s (training the PQ codebooks) and the single-graph HNSW_SQ this store used before took 71 s (and had
 * not finished at 1M rows after 25 minutes). Codes of 4 bits a dimension rather than RaBitQ's default 1: on the
 * generated million-row store they rank well enough that re-ranking 2 × the candidates with the full vectors recalls
 * as much as 20 × did with 1 bit (recall@10 1.000 at the retriever's depth at 1M and 100k; 1 × still 0.999-1.000),
 * and fetching those full vectors was most of a query's time (vector search p50 28.5 → 19.8 ms at 4 ×; 4 × → 2 ×:
 * 13.6 → 11.8 ms on the same kept store); the build was faster too (47 s against 70-90 s). Narrow
 * vectors (the 100-d static model) get IVF_FLAT. The partition size is fixed, so a query probes the same amount of
 * data at any table size.
 */
export const ROWS_PER_PARTITION = 4096;

/** RaBitQ's bits per dimension (see the note above). */
export const RQ_BITS = 4;

/** Below this width RaBitQ ranks too coarsely (its error shrinks with the width): IVF_FLAT. */
export const MIN_QUANTISED_DIMENSION = 128;

export function vectorIndexFor(rows: number, dimension: number): lancedb.Index {
  const options = { distanceType: 'cosine' as const, numPartitions: Math.max(1, Math.round(rows / ROWS_PER_PARTITION)), sampleRate: 64, maxIterations: 20 };
  return dimension < MIN_QUANTISED_DIMENSION ? lancedb.Index.ivfFlat(options) : lancedb.Index.ivfRq({ ...options, numBits: RQ_BITS });
}

/** Search-time parameters for the index above: partitions probed, and candidates re-ranked by full vectors (× k). */
export const VECTOR_SEARCH = { nprobes: 20, refineFactor: 2 };

/**
 * Creates the vector index once the table passes the threshold, and builds it again when the table has outgrown it.
 * Run outside the store's write queue: imports and searches go on against the previous version meanwhile. Returns
 * the rows it was built over, or null when nothing was due.
 */
export async function createVectorIndexIfDue(table: lancedb.Table, policy: MaintenancePolicy, recorded: RecordedVectorIndex): Promise<number | null> {
  const state = await inspectChunks(table);
  const plan = planMaintenance(state, policy, recorded);
  if (!plan.createVectorIndex) return null;
  const vectorField = (await table.schema()).fields.find((f) => f.name === 'vector');
  const dimension = (vectorField?.type as { listSize?: number } | undefined)?.listSize ?? MIN_QUANTISED_DIMENSION;
  await retryPreempted(() => table.createIndex('vector', { config: vectorIndexFor(state.rows, dimension), replace: true }));
  return state.rows;
}

/**
 * Bitmap indexes on the columns every vector search filters on (the collection, whether a chunk has a vector), once
 * the table is past the threshold: the prefilter then reads bitmaps instead of scanning the columns. `optimize` keeps
 * them up to date like the other indexes. Returns the columns it indexed.
 */
export async function createFilterIndexesIfDue(table: lancedb.Table, policy: MaintenancePolicy): Promise<string[]> {
  const [rows, indices] = await Promise.all([table.countRows(), table.listIndices()]);
  if (rows < policy.annThreshold) return [];
  const missing = ['collection_id', 'has_vector'].filter((column) => !indices.some((i) => i.columns.length === 1 && i.columns[0] === column));
  for (const column of missing) await retryPreempted(() => table.createIndex(column, { config: lancedb.Index.bitmap(), replace: true }));
  return missing;
}
