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

/** What is due for this state. Pure, so the policy is tested without a database. */
export function planMaintenance(state: ChunkIndexState, policy: MaintenancePolicy): MaintenancePlan {
  const createVectorIndex = state.vectorUnindexed === null && state.rows >= policy.annThreshold;
  const optimize = (state.ftsUnindexed ?? 0) > 0 || (state.vectorUnindexed ?? 0) > 0 || state.smallFragments > policy.maxSmallFragments;
  return { optimize, createVectorIndex };
}

export const isDue = (plan: MaintenancePlan): boolean => plan.optimize || plan.createVectorIndex;

/** Compacts and folds unindexed rows into the existing indexes when due; returns the state it found and what it did. */
export async function optimizeIfDue(table: lancedb.Table, policy: MaintenancePolicy): Promise<{ before: ChunkIndexState; plan: MaintenancePlan }> {
  const before = await inspectChunks(table);
  const plan = planMaintenance(before, policy);
  if (plan.optimize) await table.optimize({ cleanupOlderThan: new Date(Date.now() - 5 * 60_000) });
  return { before, plan };
}

/**
 * Creates the vector index (HNSW over scalar-quantised vectors) once the table passes the threshold. Run outside the
 * store's write queue: imports and searches go on against the previous version meanwhile. Returns whether it built one.
 */
export async function createVectorIndexIfDue(table: lancedb.Table, policy: MaintenancePolicy): Promise<boolean> {
  const plan = planMaintenance(await inspectChunks(table), policy);
  if (!plan.createVectorIndex) return false;
  await table.createIndex('vector', { config: lancedb.Index.hnswSq({ distanceType: 'cosine', numPartitions: 1 }), replace: true });
  return true;
}
