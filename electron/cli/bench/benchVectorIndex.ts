// Benchmark (f): vector index candidates on one generated table (CLI, plain Node, LanceDB directly): for each index
// type and parameters, build time, recall@10 against a flat (exact) search, and latency with and without the
// collection filter. This is the measurement the database's index choice (database/maintenance.ts) was made from.
import * as lancedb from '@lancedb/lancedb';
import { chunksToArrow } from '../../services/database/chunksToArrow';
import { chunksSchema, vectorSearchFilter, type StoredChunkRow } from '../../services/database/tableSchemas';
import { seededRandom } from './benchCorpus';
import { clusteredVectors, recallAtK } from './clusteredVectors';
import { stats, type LatencyStats } from './benchQueries';
import { temporaryDataDir } from '../cliContext';

export interface IndexCandidate {
  name: string;
  index: () => lancedb.Index;
  /** Search-time parameters. */
  nprobes?: number;
  refineFactor?: number;
}

export interface IndexCandidateResult {
  name: string;
  nprobes: number | null;
  refineFactor: number | null;
  buildSeconds: number;
  recallAt10: number;
  filteredMs: LatencyStats;
  unfilteredMs: LatencyStats;
}

export interface VectorIndexBenchResult {
  rows: number;
  dimension: number;
  data: string;
  candidates: IndexCandidateResult[];
}

export const COLLECTIONS = ['default', 'other'];

/** Writes `rows` generated chunks (90% in the first collection, 10% in the second) to a new chunks table. */
export async function writeGeneratedChunks(table: lancedb.Table, rows: number, dimension: number, random: () => number, vectors: () => Float32Array, log: (l: string) => void): Promise<void> {
  const schema = chunksSchema(dimension);
  const batch = 10_000;
  for (let start = 0; start < rows; start += batch) {
    const n = Math.min(batch, rows - start);
    const chunkRows: StoredChunkRow[] = Array.from({ length: n }, (_, i) => {
      const id = start + i;
      return { id: `c${id}`, document_id: `d${Math.floor(id / 100)}`, collection_id: random() < 0.9 ? COLLECTIONS[0]! : COLLECTIONS[1]!, ordinal: id % 100, text: '', page: null, heading_path: '[]', start: 0, end: 0, token_count: 48, vector: vectors(), has_vector: true };
    });
    const arrow = chunksToArrow(chunkRows, schema);
    if (!arrow) throw new Error('could not build the Arrow batch');
    await table.add(arrow);
    if ((start / batch) % 20 === 0) log(`    wrote ${start + n} rows`);
  }
}

export async function benchVectorIndex(options: { rows: number; dimension: number; queries: number; candidates: IndexCandidate[]; log: (l: string) => void }): Promise<VectorIndexBenchResult> {
  const dir = temporaryDataDir();
  const db = await lancedb.connect(dir);
  const random = seededRandom(7);
  const gen = clusteredVectors(random, options.dimension, 1000, 0.8);
  const table = await db.createEmptyTable('chunks', chunksSchema(options.dimension));
  options.log(`  index candidates: writing ${options.rows} rows…`);
  await writeGeneratedChunks(table, options.rows, options.dimension, random, gen.next, options.log);
  await table.optimize();
  await table.createIndex('collection_id', { config: lancedb.Index.bitmap() });
  await table.createIndex('has_vector', { config: lancedb.Index.bitmap() });
  const queries = Array.from({ length: options.queries }, () => gen.next());
  const filter = vectorSearchFilter(COLLECTIONS[0]!);
  const ids = (rows: Record<string, unknown>[]): string[] => rows.map((r) => String(r.id));
  options.log('  index candidates: exact (flat) neighbours…');
  const exact: string[][] = [];
  for (const q of queries) exact.push(ids(await table.vectorSearch(q).distanceType('cosine').where(filter).bypassVectorIndex().select(['id', '_distance']).limit(10).toArray()));
  const results: IndexCandidateResult[] = [];
  for (const candidate of options.candidates) {
    options.log(`  index candidates: ${candidate.name}: building…`);
    const started = performance.now();
    await table.createIndex('vector', { config: candidate.index(), replace: true });
    const buildSeconds = (performance.now() - started) / 1000;
    const search = (q: Float32Array, filtered: boolean): lancedb.VectorQuery => {
      let query = table.vectorSearch(q).distanceType('cosine').select(['id', '_distance']).limit(10);
      if (filtered) query = query.where(filter);
      if (candidate.nprobes) query = query.nprobes(candidate.nprobes);
      if (candidate.refineFactor) query = query.refineFactor(candidate.refineFactor);
      return query;
    };
    const approximate: string[][] = [];
    const filteredTimes: number[] = [];
    const unfilteredTimes: number[] = [];
    // alternate filtered and unfiltered so drift in machine load hits both alike
    for (let round = 0; round < 2; round++) {
      for (const q of queries) {
        let t = performance.now();
        const hits = ids(await search(q, true).toArray());
        filteredTimes.push(performance.now() - t);
        if (round === 0) approximate.push(hits);
        t = performance.now();
        await search(q, false).toArray();
        unfilteredTimes.push(performance.now() - t);
      }
    }
    const result = { name: candidate.name, nprobes: candidate.nprobes ?? null, refineFactor: candidate.refineFactor ?? null, buildSeconds, recallAt10: recallAtK(exact, approximate, 10), filteredMs: stats(filteredTimes), unfilteredMs: stats(unfilteredTimes) };
    options.log(`    built in ${buildSeconds.toFixed(1)} s; recall@10 ${result.recallAt10.toFixed(3)}; filtered p95 ${result.filteredMs.p95.toFixed(1)} ms, unfiltered p95 ${result.unfilteredMs.p95.toFixed(1)} ms`);
    results.push(result);
  }
  db.close();
  return { rows: options.rows, dimension: options.dimension, data: `generated: ${options.rows} unit ${options.dimension}-d vectors around 1,000 random topic centroids (noise norm 0.8), 90% in one collection, 10% in another; ${options.queries} held-out queries from the same distribution, filtered to the larger collection`, candidates: results };
}

/**
 * The candidates compared, at a partition size that stays the same as the table grows (about 4,000 rows a partition,
 * so a query probes the same amount of data at 100k and 1M rows). Training is sampled (64 vectors a partition, 20
 * k-means iterations): the defaults (256, 50) cost minutes more on a shared 2-core machine for no recall measured here.
 */
export function defaultCandidates(rows: number): IndexCandidate[] {
  const p = Math.max(8, Math.round(rows / 4096));
  const training = { sampleRate: 64, maxIterations: 20 };
  return [
    { name: `IVF_PQ p=${p} sub=48, nprobes 20, refine 4`, index: () => lancedb.Index.ivfPq({ distanceType: 'cosine', numPartitions: p, numSubVectors: 48, ...training }), nprobes: 20, refineFactor: 4 },
    { name: `IVF_RQ p=${p}, nprobes 20, refine 4`, index: () => lancedb.Index.ivfRq({ distanceType: 'cosine', numPartitions: p, ...training }), nprobes: 20, refineFactor: 4 },
    { name: `IVF_HNSW_SQ p=${Math.max(1, Math.round(p / 8))}, nprobes 4`, index: () => lancedb.Index.hnswSq({ distanceType: 'cosine', numPartitions: Math.max(1, Math.round(p / 8)), ...training }), nprobes: 4 },
  ];
}
