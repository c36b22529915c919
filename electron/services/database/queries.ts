// Queries over the library database's chunks table (plain Node): vector search, keyword search (BM25 with phrases,
// loosened when nothing matches, and verbatim runs of unspaced scripts first), counts and samples. Reads only.
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
 * cost more than the filter saves).
 */
export const POSTFILTER_MIN_SHARE = 0.5;

/** How many of the whole table's nearest rows to ask for so that about k of a collection with this share survive. */
export const postfilterLimit = (k: number, share: number): number => Math.ceil((k / share) * 1.1) + 8;

export interface ChunkQueries {
  vectorSearch(collectionId: string, vector: Float32Array, k: number): Promise<ChunkHit[]>;
  textSearch(collectionId: string, query: string, k: number): Promise<ChunkHit[]>;
  chunkCount(collectionId?: string): Promise<number>;
  chunkTexts(collectionId: string): Promise<string[]>;
  sampleChunks(collectionId: string, n: number): Promise<Omit<ChunkRow, 'vector'>[]>;
}

/**
 * Passages holding the typed substring first (by how many runs they hold, then BM25), then the other BM25 hits;
 * scores are made non-increasing so that score-based fusion sees the same order.
 */
function mergeSubstringHits(bm25: ChunkHit[], substring: ChunkHit[], k: number): ChunkHit[] {
  if (substring.length === 0) return bm25;
  const bm25Score = new Map(bm25.map((h) => [h.row.id, h.score]));
  const top = bm25[0]?.score ?? 1;
  const first = substring
    .map((h) => ({ row: h.row, runs: h.score, bm25: bm25Score.get(h.row.id) ?? 0 }))
    .sort((a, b) => b.runs - a.runs || b.bm25 - a.bm25)
    .map((h) => ({ row: h.row, score: top + h.runs + h.bm25 / (top + 1) }));
  const seen = new Set(first.map((h) => h.row.id));
  return [...first, ...bm25.filter((h) => !seen.has(h.row.id))].slice(0, k);
}

/** The nearest rows of the whole table, with the database's search parameters and columns. */
export function nearestChunksQuery(table: lancedb.Table, vector: Float32Array, limit: number): lancedb.VectorQuery {
  return table.vectorSearch(vector).distanceType('cosine').nprobes(VECTOR_SEARCH.nprobes).refineFactor(VECTOR_SEARCH.refineFactor).select([...CHUNK_COLUMNS, '_distance']).limit(limit);
}

/** The vector query the database runs in a collection: filtered before the search, or after it ([Note: postfilter]). */
export function collectionVectorQuery(table: lancedb.Table, vector: Float32Array, collectionId: string, limit: number, filterAfter: boolean): lancedb.VectorQuery {
  const query = nearestChunksQuery(table, vector, limit).where(vectorSearchFilter(collectionId));
  return filterAfter ? query.postfilter() : query;
}

export function createChunkQueries(source: QuerySource): ChunkQueries {
  const textQuery = async (table: lancedb.Table, collectionId: string, parsed: ParsedQuery, k: number): Promise<ChunkHit[]> => {
    const query = buildFullTextQuery(parsed, 'text', source.ftsVersion() >= 2);
    if (!query) return [];
    const rows = await table
      .query()
      .fullTextSearch(query)
      .where(`collection_id = ${sqlString(collectionId)}`)
      .select([...CHUNK_COLUMNS, '_score'])
      .limit(k)
      .toArray();
    return rows.map((raw: Record<string, unknown>) => ({ row: plainChunk(raw), score: Number(raw._score) }));
  };

  /** Chunks holding a run of unspaced script verbatim: word segmentation can cut a substring the user typed. */
  const substringHits = async (table: lancedb.Table, collectionId: string, runs: string[], k: number): Promise<ChunkHit[]> => {
    if (runs.length === 0) return [];
    // runs hold only letters of those scripts, so no LIKE wildcard or quote can reach the filter
    const like = runs.map((r) => `text LIKE ${sqlString(`%${r}%`)}`).join(' OR ');
    const rows = await table.query().where(`collection_id = ${sqlString(collectionId)} AND (${like})`).select([...CHUNK_COLUMNS]).limit(k).toArray();
    return rows.map((raw: Record<string, unknown>) => {
      const row = plainChunk(raw);
      return { row, score: runs.filter((r) => row.text.includes(r)).length };
    });
  };

  return {
    vectorSearch: async (collectionId, vector, k) => {
      const table = source.chunks();
      if (!table) return [];
      const hits = (rows: Record<string, unknown>[]): ChunkHit[] => rows.map((raw) => ({ row: plainChunk(raw), score: 1 - Number(raw._distance) }));
      const share = source.collectionShare(collectionId);
      if (share !== null && share >= POSTFILTER_MIN_SHARE) {
        const rows = await collectionVectorQuery(table, vector, collectionId, postfilterLimit(k, share), true).toArray();
        if (rows.length >= k) return hits(rows).sort((a, b) => b.score - a.score).slice(0, k);
      }
      return hits(await collectionVectorQuery(table, vector, collectionId, k, false).toArray());
    },

    textSearch: async (collectionId, query, k) => {
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
    },

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
