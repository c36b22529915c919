// Queries over the library database's chunks table (plain Node): vector search, keyword search (BM25 with phrases,
// loosened when nothing matches, and verbatim runs of unspaced scripts first), reading the chosen passages, counts
// and samples. Reads only.
import type * as lancedb from '@lancedb/lancedb';
import { AppError } from '../../../shared/contract/errors';
import type { Logger } from '../logging/logger';
import { buildFullTextQuery, loosened, parseUserQuery, type ParsedQuery } from './fullTextIndex';
import { VECTOR_SEARCH } from './maintenance';
import { CHUNK_COLUMNS, plainChunk } from './rowMapping';
import { sqlIn, sqlString, vectorSearchFilter, type ChunkRow } from './tableSchemas';

export interface ChunkHit {
  row: Omit<ChunkRow, 'vector'>;
  /** Cosine similarity for vector hits, BM25 for text hits. */
  score: number;
}

/**
 * [Note: lean candidates] A search's hit before its passage is read. Reading the text and the other columns of every
 * candidate cost about 3 ms in each of the two searches at 1M rows (40 random reads each), and a hybrid query keeps
 * 10 of its 80 candidates: the searches return ids, the table's row address and the score, and only the passages
 * chosen after fusion are read (readChunks).
 */
export interface ChunkCandidate {
  id: string;
  /** LanceDB's `_rowid`: where the row is in the table version that was searched. */
  rowId: bigint;
  /** Cosine similarity for vector hits, BM25 for text hits. */
  score: number;
}

/** A chunk as a passage needs it: every stored column but the vector. */
export type ChunkPassageRow = Omit<ChunkRow, 'vector'>;

/** The database's current state the queries read (it changes: the chunks table is made and dropped, the index rebuilt). */
export interface QuerySource {
  chunks(): lancedb.Table | null;
  /** The recipe version of the full-text index on disk, and whether there is one. */
  ftsVersion(): number;
  ftsReady(): boolean;
  /** The share of the table's chunks that belong to this collection (0-1), or null when not known. */
  collectionShare(collectionId: string): number | null;
  log: Logger;
}

/**
 * [Note: postfilter] The collection filter evaluated before the vector search (LanceDB's prefilter, over bitmap
 * indexes) cost a constant 5-8 ms at 1M rows, 1.4-1.5× the unfiltered search once 4-bit codes made the search itself
 * fast. For a collection holding most of the library, filtering the nearest rows of the whole table afterwards gives
 * the same rows for less: ask for enough more that k should survive (k / share, plus a margin), and when fewer do,
 * search again with the prefilter. A collection under half the library always prefilters (over-fetching for it would
 * cost more than the filter saves). The filter after the search is applied here, on the collection and has-vector
 * columns the search returns, not by LanceDB's own postfilter, which cost about 1 ms more at 1M (11.2 against 10.2 ms,
 * unfiltered 9.1). Keyword search does the same: BM25's statistics are the whole index's either way.
 */
export const POSTFILTER_MIN_SHARE = 0.5;

/** How many of the whole table's nearest rows to ask for so that about k of a collection with this share survive. */
export const postfilterLimit = (k: number, share: number): number => Math.ceil((k / share) * 1.1) + 8;

/**
 * The vector search a filter after the search runs: at least postfilterLimit rows, and as many re-ranked with their
 * full vectors as an unfiltered search of k re-ranks (refineFactor × k), all of them returned. Re-ranking
 * refineFactor × the over-fetched rows cost 1.26× the unfiltered search at 100k (57 rows × 2 against 40 × 2);
 * 80 rows × 1 cost 1.06×, with the same recall@10 (1.000 at 1M, 0.998 at 100k) and recall@40 0.991-0.999.
 */
export function postfilterVectorSearch(k: number, share: number): { limit: number; refineFactor: number } {
  const reranked = VECTOR_SEARCH.refineFactor * k;
  const limit = Math.max(postfilterLimit(k, share), reranked);
  return { limit, refineFactor: Math.max(1, Math.floor(reranked / limit)) };
}

export interface ChunkQueries {
  /** The vector search without reading the passages ([Note: lean candidates]). */
  vectorCandidates(collectionId: string, vector: Float32Array, k: number): Promise<ChunkCandidate[]>;
  /** The keyword search without reading the passages. */
  textCandidates(collectionId: string, query: string, k: number): Promise<ChunkCandidate[]>;
  /** The rows of these candidates, by id; one that no longer exists (removed since the search) is left out. */
  readChunks(candidates: readonly ChunkCandidate[]): Promise<Map<string, ChunkPassageRow>>;
  chunkCount(collectionId?: string): Promise<number>;
  chunkTexts(collectionId: string): Promise<string[]>;
  sampleChunks(collectionId: string, n: number): Promise<Omit<ChunkRow, 'vector'>[]>;
}

/**
 * Passages holding the typed substring first (by how many runs they hold, then BM25), then the other BM25 hits;
 * scores are made non-increasing so that score-based fusion sees the same order.
 */
function mergeSubstringHits(bm25: ChunkCandidate[], substring: ChunkCandidate[], k: number): ChunkCandidate[] {
  if (substring.length === 0) return bm25;
  const bm25Score = new Map(bm25.map((h) => [h.id, h.score]));
  const top = bm25[0]?.score ?? 1;
  const first = substring
    .map((h) => ({ hit: h, runs: h.score, bm25: bm25Score.get(h.id) ?? 0 }))
    .sort((a, b) => b.runs - a.runs || b.bm25 - a.bm25)
    .map((h) => ({ ...h.hit, score: top + h.runs + h.bm25 / (top + 1) }));
  const seen = new Set(first.map((h) => h.id));
  return [...first, ...bm25.filter((h) => !seen.has(h.id))].slice(0, k);
}

/** What a search reads of each candidate: the collection (and for vectors, whether the row has one) is for filtering after the search ([Note: postfilter]). */
const TEXT_CANDIDATE_COLUMNS = ['id', 'collection_id'];
const VECTOR_CANDIDATE_COLUMNS = [...TEXT_CANDIDATE_COLUMNS, 'has_vector'];

const candidate = (raw: Record<string, unknown>, score: number): ChunkCandidate => ({ id: String(raw.id), rowId: BigInt(raw._rowid as bigint | number), score });

/** The nearest rows of the whole table, with the database's search parameters and columns. */
export function nearestChunksQuery(table: lancedb.Table, vector: Float32Array, limit: number, refineFactor = VECTOR_SEARCH.refineFactor): lancedb.VectorQuery {
  return table.vectorSearch(vector).distanceType('cosine').nprobes(VECTOR_SEARCH.nprobes).refineFactor(refineFactor).select([...VECTOR_CANDIDATE_COLUMNS, '_distance']).withRowId().limit(limit);
}

/** The vector query in a collection filtered before the search (LanceDB's prefilter). */
export function prefilteredVectorQuery(table: lancedb.Table, vector: Float32Array, collectionId: string, limit: number): lancedb.VectorQuery {
  return nearestChunksQuery(table, vector, limit).where(vectorSearchFilter(collectionId));
}

/** The keyword query's best rows of the whole table, with the database's columns. */
export function keywordCandidatesQuery(table: lancedb.Table, query: lancedb.FullTextQuery, limit: number): lancedb.Query {
  return table.query().fullTextSearch(query).select([...TEXT_CANDIDATE_COLUMNS, '_score']).withRowId().limit(limit);
}

/**
 * The collection's best k of the whole table's best `limit` rows, found by `search` ([Note: postfilter]), or null when
 * too few of them are the collection's and the filter has to run before the search.
 */
async function filteredAfter(search: (limit: number) => Promise<Record<string, unknown>[]>, keep: (raw: Record<string, unknown>) => boolean, k: number, limit: number): Promise<Record<string, unknown>[] | null> {
  const rows = await search(limit);
  const kept = rows.filter(keep);
  // fewer rows than asked for: every match in the table is here, so none of the collection's is missing
  return kept.length >= k || rows.length < limit ? kept.slice(0, k) : null;
}

const filtersAfter = (share: number | null): share is number => share !== null && share >= POSTFILTER_MIN_SHARE;

export function createChunkQueries(source: QuerySource): ChunkQueries {
  const textQuery = async (table: lancedb.Table, collectionId: string, parsed: ParsedQuery, k: number): Promise<ChunkCandidate[]> => {
    const query = buildFullTextQuery(parsed, 'text', source.ftsVersion() >= 2);
    if (!query) return [];
    const share = source.collectionShare(collectionId);
    const after = filtersAfter(share) ? await filteredAfter((limit) => keywordCandidatesQuery(table, query, limit).toArray(), (raw) => raw.collection_id === collectionId, k, postfilterLimit(k, share)) : null;
    const rows =
      after ??
      (await keywordCandidatesQuery(table, query, k).where(`collection_id = ${sqlString(collectionId)}`).toArray());
    return rows.map((raw) => candidate(raw, Number(raw._score)));
  };

  /** Chunks holding a run of unspaced script verbatim: word segmentation can cut a substring the user typed. */
  const substringHits = async (table: lancedb.Table, collectionId: string, runs: string[], k: number): Promise<ChunkCandidate[]> => {
    if (runs.length === 0) return [];
    // runs hold only letters of those scripts, so no LIKE wildcard or quote can reach the filter
    const like = runs.map((r) => `text LIKE ${sqlString(`%${r}%`)}`).join(' OR ');
    const rows = await table.query().where(`collection_id = ${sqlString(collectionId)} AND (${like})`).select(['id', 'text']).withRowId().limit(k).toArray();
    return rows.map((raw: Record<string, unknown>) => {
      const text = String(raw.text);
      return candidate(raw, runs.filter((r) => text.includes(r)).length);
    });
  };

  const vectorCandidates: ChunkQueries['vectorCandidates'] = async (collectionId, vector, k) => {
    const table = source.chunks();
    if (!table) return [];
    const share = source.collectionShare(collectionId);
    const plan = filtersAfter(share) ? postfilterVectorSearch(k, share) : null;
    const after = plan ? await filteredAfter((limit) => nearestChunksQuery(table, vector, limit, plan.refineFactor).toArray(), (raw) => raw.collection_id === collectionId && raw.has_vector === true, k, plan.limit) : null;
    const rows = after ?? (await prefilteredVectorQuery(table, vector, collectionId, k).toArray());
    return rows.map((raw) => candidate(raw, 1 - Number(raw._distance)));
  };

  const textCandidates: ChunkQueries['textCandidates'] = async (collectionId, query, k) => {
    const table = source.chunks();
    if (!table) return [];
    const parsed = parseUserQuery(query);
    try {
      let hits = await textQuery(table, collectionId, parsed, k);
      if (hits.length === 0 && parsed.phrases.length > 0) hits = await textQuery(table, collectionId, loosened(parsed), k);
      return mergeSubstringHits(hits, await substringHits(table, collectionId, parsed.unspacedRuns, k), k);
    } catch (error) {
      // no FTS index yet (first import still settling) is not an error for the user
      if (/index/i.test((error as Error).message) && !source.ftsReady()) return [];
      source.log.warn('full-text search failed', { error: (error as Error).message });
      throw new AppError('STORE_ERROR', 'The keyword search could not run on this query');
    }
  };

  const readChunks: ChunkQueries['readChunks'] = async (candidates) => {
    const table = source.chunks();
    const rows = new Map<string, ChunkPassageRow>();
    if (!table || candidates.length === 0) return rows;
    const add = (raws: Record<string, unknown>[]): void => {
      for (const raw of raws) rows.set(String(raw.id), plainChunk(raw));
    };
    const wanted = new Set(candidates.map((c) => c.id));
    try {
      // a row address from before a compaction can name another row, or none: only rows with the searched id count
      add((await table.takeRowIds(candidates.map((c) => c.rowId)).select([...CHUNK_COLUMNS]).toArray()).filter((raw: Record<string, unknown>) => wanted.has(String(raw.id))));
    } catch (error) {
      source.log.info('reading passages by row address failed; reading them by id', { error: (error as Error).message });
    }
    const missing = candidates.filter((c) => !rows.has(c.id));
    // maintenance compacted the table between the search and this read: the slower lookup by id (rare)
    if (missing.length > 0) add(await table.query().where(`id IN ${sqlIn(missing.map((c) => c.id))}`).select([...CHUNK_COLUMNS]).toArray());
    return rows;
  };

  return {
    vectorCandidates,
    textCandidates,
    readChunks,

    chunkTexts: async (collectionId) => {
      const table = source.chunks();
      if (!table) return [];
      const rows = await table.query().where(`collection_id = ${sqlString(collectionId)}`).select(['text']).toArray();
      return rows.map((r: Record<string, unknown>) => String(r.text));
    },

    sampleChunks: async (collectionId, n) => {
      const table = source.chunks();
      if (!table || n <= 0) return [];
      const ids = (await table.query().where(`collection_id = ${sqlString(collectionId)}`).select(['id']).toArray()).map((r: Record<string, unknown>) => String(r.id)).sort();
      const step = Math.max(1, ids.length / n);
      const picked = [...new Set(Array.from({ length: Math.min(n, ids.length) }, (_, i) => ids[Math.floor(i * step)]!))];
      if (picked.length === 0) return [];
      const rows = await table.query().where(`id IN ${sqlIn(picked)}`).select([...CHUNK_COLUMNS]).toArray();
      return rows.map((raw: Record<string, unknown>) => plainChunk(raw)).sort((a, b) => (a.id < b.id ? -1 : 1));
    },

    chunkCount: async (collectionId) => {
      const table = source.chunks();
      return table ? table.countRows(collectionId ? `collection_id = ${sqlString(collectionId)}` : undefined) : 0;
    },
  };
}
