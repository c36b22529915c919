// Retrieval for the Library search box and for chat: embed the query, search vectors and full text in LanceDB,
// fuse the two rankings (the collection's calibrated fusion, or the configured one), apply the score floor, then
// read the chosen passages and drop overlapping ones.
import { AppError } from '../../../shared/contract/errors';
import type { Passage, SearchFallback, SearchMode } from '../../../shared/contract/library';
import type { Settings } from '../../../shared/contract/settings';
import type { EmbeddingService } from '../embedding/embeddingService';
import type { StageTimer } from '../answers/stageTimer';
import type { ChunkCandidate, ChunkHit, ChunkPassageRow, LibraryDatabase } from '../database/libraryDatabase';
import { mmr } from './diversity';
import { dropOverlapping, fuse, type FusedHit, type Fusion } from './fuseRankings';
import { queryTerms } from './relevanceGate';

export interface RetrievalRequest {
  collectionId: string;
  query: string;
  k: number;
  mode: SearchMode;
  /** Overrides the vector share of the configured fusion (evaluation sweeps). */
  vectorWeight?: number;
  /** Overrides the fusion altogether (evaluation, calibration). */
  fusion?: Fusion;
  scoreFloor?: number | null;
  /** Overrides the retrievalDiversity setting (evaluation). */
  diversity?: boolean;
  /** A precomputed query vector (benchmarks, evaluation); skips embedding the query. */
  queryVector?: Float32Array;
}

export interface RetrievalResult {
  passages: Passage[];
  embedMs: number;
  searchMs: number;
  mode: SearchMode;
  /** Why the search ran as full text although meaning was asked for; null when it ran as asked. */
  fallback: SearchFallback | null;
}

export interface Retriever {
  /** `timer`, when given, records the embed, search (vector, full text) and fusion stages of an answer. */
  retrieve(request: RetrievalRequest, signal?: AbortSignal, timer?: StageTimer): Promise<RetrievalResult>;
}

/** The fusion a collection's calibration chose, or null when it has none (see ./calibration). */
export type CalibratedFusion = (collectionId: string) => Fusion | null;

const headingsOf = (json: string): string[] => {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
};

/** A vector that cannot rank anything: empty, all zeros (no known token) or with NaN/Infinity. */
export const isUsableVector = (v: Float32Array): boolean => v.length > 0 && v.every(Number.isFinite) && v.some((x) => x !== 0);

/**
 * For a query holding unspaced script (Chinese, Japanese, Thai…): its content words, space-separated, so that the
 * database matches each as a substring; null when the query holds none or no more than one such word.
 */
export function unspacedWordsQuery(query: string): string | null {
  const terms = queryTerms(query);
  const unspaced = terms.filter((t) => t.substring);
  return unspaced.length > 1 ? terms.map((t) => t.text).join(' ') : null;
}

/** The fusion hybrid search uses for this collection when the request does not say. */
export function fusionFor(settings: Settings, calibrated: Fusion | null): Fusion {
  if (settings.retrievalFusion === 'auto') return calibrated ?? UNCALIBRATED_FUSION;
  return { method: settings.retrievalFusion, weight: settings.retrievalVectorWeight };
}

/**
 * Before a collection is calibrated: full text alone. Measured on SciFact train (809 queries, full corpus) no fixed
 * weight beats full text with the static model, and random vectors can only pull it down (README, Quality).
 */
export const UNCALIBRATED_FUSION: Fusion = { method: 'convex', weight: 0 };

/** Fuses the two lists and applies the floor: every candidate, in the order passages are chosen from. */
function fusedCandidates<H extends { score: number }>(vectorHits: readonly H[], textHits: readonly H[], key: (hit: H) => string, fusion: Fusion, floor: number | null): FusedHit<H>[] {
  const toRanked = (hits: readonly H[]) => hits.map((h) => ({ key: key(h), item: h, score: h.score }));
  return fuse(toRanked(vectorHits), toRanked(textHits), fusion).filter((f) => floor === null || f.score >= floor);
}

/** Reorders for diversity when asked, then keeps the first k that do not overlap a kept one. */
function choose<H>(fused: FusedHit<H>[], row: (hit: H) => ChunkPassageRow, k: number, diversity: boolean): FusedHit<H>[] {
  const ordered = diversity ? mmr(fused, (f) => f.score, (f) => row(f.item).text, fused.length) : fused;
  return dropOverlapping(ordered, (f) => ({ documentId: row(f.item).document_id, start: row(f.item).start, end: row(f.item).end }), k);
}

/** The part after the two searches on rows already read: the evaluation's offline sweeps and calibration. */
export function selectHits(vectorHits: readonly ChunkHit[], textHits: readonly ChunkHit[], fusion: Fusion, k: number, floor: number | null, diversity = false): FusedHit<ChunkHit>[] {
  return choose(fusedCandidates(vectorHits, textHits, (h) => h.row.id, fusion, floor), (h) => h.row, k, diversity);
}

/**
 * The two lists at a depth, with their rows read in one go: the input of selectHits for evaluation's offline sweeps
 * and calibration, which try many fusions on one search. A passage in both lists is read once.
 */
export async function searchBothLists(
  database: Pick<LibraryDatabase, 'vectorCandidates' | 'textCandidates' | 'readChunks'>,
  collectionId: string,
  vector: Float32Array | undefined,
  query: string,
  depth: number,
): Promise<{ vectorHits: ChunkHit[]; textHits: ChunkHit[] }> {
  const [vectorCandidates, textCandidates] = await Promise.all([
    vector && isUsableVector(vector) ? database.vectorCandidates(collectionId, vector, depth) : Promise.resolve([]),
    database.textCandidates(collectionId, query, depth),
  ]);
  const unique = new Map([...vectorCandidates, ...textCandidates].map((c) => [c.id, c]));
  const rows = await database.readChunks([...unique.values()]);
  const withRows = (candidates: ChunkCandidate[]): ChunkHit[] => candidates.flatMap((c) => (rows.has(c.id) ? [{ row: rows.get(c.id)!, score: c.score }] : []));
  return { vectorHits: withRows(vectorCandidates), textHits: withRows(textCandidates) };
}

/** Rows read past k on the first read: overlapping passages are dropped, and a second read costs a round trip. */
const READ_AHEAD = 4;

/**
 * The same choice as selectHits, reading the rows of the fused candidates in order, a batch at a time, until k are
 * kept ([Note: lean candidates]); diversity compares every candidate's text, so it reads them all. A candidate whose
 * row is gone (removed since the search) is skipped.
 */
export async function selectCandidates(
  vectorHits: readonly ChunkCandidate[],
  textHits: readonly ChunkCandidate[],
  fusion: Fusion,
  k: number,
  floor: number | null,
  diversity: boolean,
  readRows: (candidates: readonly ChunkCandidate[]) => Promise<ReadonlyMap<string, ChunkPassageRow>>,
): Promise<{ hit: FusedHit<ChunkCandidate>; row: ChunkPassageRow }[]> {
  const fused = fusedCandidates(vectorHits, textHits, (c) => c.id, fusion, floor);
  const rows = new Map<string, ChunkPassageRow>();
  let read = 0;
  for (;;) {
    const next = diversity ? fused.length : Math.min(fused.length, read === 0 ? k + READ_AHEAD : read + k);
    if (next > read) for (const [id, row] of await readRows(fused.slice(read, next).map((f) => f.item))) rows.set(id, row);
    read = next;
    const chosen = choose(
      fused.slice(0, read).filter((f) => rows.has(f.item.id)),
      (c) => rows.get(c.id)!,
      k,
      diversity,
    );
    if (chosen.length >= k || read >= fused.length) return chosen.map((hit) => ({ hit, row: rows.get(hit.item.id)! }));
  }
}

/** How deep each list is searched for k passages. */
export const searchDepth = (k: number): number => Math.max(k * 4, 30);

export function createRetriever(deps: { database: LibraryDatabase; embedding: EmbeddingService; getSettings: () => Settings; calibrated?: CalibratedFusion }): Retriever {
  return {
    async retrieve(request, signal, timer) {
      const settings = deps.getSettings();
      let mode = request.mode;
      let fallback: SearchFallback | null = null;
      const meta = deps.database.indexMeta();
      // [Note: embedder switch] an index built by another embedder cannot be searched by meaning until it is
      // re-indexed: vector search says so, hybrid search falls back to keywords (and never loads the new model to refuse)
      if (meta && !request.queryVector && meta.embedderId !== settings.embedderModelId && mode !== 'fts') {
        if (mode === 'vector') {
          throw new AppError('EMBEDDER_MISMATCH', `The library was indexed with ${meta.embedderId}, but the embedder is now ${settings.embedderModelId}. Re-index the library to search it by meaning.`, {
            indexEmbedder: meta.embedderId,
            embedder: settings.embedderModelId,
          });
        }
        mode = 'fts';
        fallback = 'embedder-changed';
      }
      const configured = request.fusion ?? fusionFor(settings, deps.calibrated?.(request.collectionId) ?? null);
      const fusion: Fusion = mode === 'vector' ? { method: 'rrf', weight: 1 } : mode === 'fts' ? { method: 'rrf', weight: 0 } : { ...configured, weight: request.vectorWeight ?? configured.weight };
      const floor = request.scoreFloor === undefined ? settings.retrievalScoreFloor : request.scoreFloor;
      const depth = searchDepth(request.k);
      let embedMs = 0;

      let vector: Float32Array | null = null;
      if (fusion.weight > 0) {
        const t0 = performance.now();
        vector = request.queryVector ?? (await deps.embedding.embed([request.query], signal))[0] ?? null;
        const t0End = performance.now();
        embedMs = t0End - t0;
        timer?.span('embed', t0, t0End);
        signal?.throwIfAborted();
        // a query of only unknown tokens (emoji, a script the model never saw) has no direction: rank by keywords
        if (!vector || !isUsableVector(vector)) {
          vector = null;
          mode = 'fts';
          fallback = 'query-vector-unusable';
        } else if (meta && vector.length !== meta.dimension) {
          // the model id was checked above; a vector of another width cannot be compared with the index either
          throw new AppError('EMBEDDER_MISMATCH', `The library's vectors have ${meta.dimension} dimensions but the query's have ${vector.length}. Re-index the library to search it by meaning.`, {
            indexEmbedder: meta.embedderId,
            embedder: settings.embedderModelId,
          });
        }
      }
      const effective: Fusion = vector ? fusion : { method: 'rrf', weight: 0 };
      const t1 = performance.now();
      const timed = <T>(stage: 'vectorSearch' | 'fullTextSearch', step: () => Promise<T>): Promise<T> => (timer ? timer.time(stage, step) : step());
      const [vectorHits, firstTextHits] = await Promise.all([
        vector ? timed('vectorSearch', () => deps.database.vectorCandidates(request.collectionId, vector, depth)) : Promise.resolve([]),
        effective.weight < 1 ? timed('fullTextSearch', () => deps.database.textCandidates(request.collectionId, request.query, depth)) : Promise.resolve([]),
      ]);
      let textHits = firstTextHits;
      // a sentence in a script written without spaces rarely appears verbatim: search its content words instead
      if (textHits.length === 0 && effective.weight < 1) {
        const spaced = unspacedWordsQuery(request.query);
        if (spaced) textHits = await timed('fullTextSearch', () => deps.database.textCandidates(request.collectionId, spaced, depth));
      }
      const t2 = performance.now();
      const searchMs = t2 - t1;
      timer?.span('search', t1, t2);

      const vectorScores = new Map(vectorHits.map((h) => [h.id, h.score]));
      const textScores = new Map(textHits.map((h) => [h.id, h.score]));
      // fusion's span holds reading the chosen passages too ([Note: lean candidates])
      const chosen = await selectCandidates(vectorHits, textHits, effective, request.k, floor, request.diversity ?? settings.retrievalDiversity, (c) => deps.database.readChunks(c));
      const passages: Passage[] = chosen.map(({ hit: f, row }) => {
        return {
          chunkId: row.id,
          documentId: row.document_id,
          documentName: deps.database.getDocument(row.document_id)?.name ?? 'Removed document',
          ordinal: row.ordinal,
          text: row.text,
          page: row.page,
          headingPath: headingsOf(row.heading_path),
          start: row.start,
          end: row.end,
          score: f.score,
          vectorScore: vectorScores.get(row.id) ?? null,
          textScore: textScores.get(row.id) ?? null,
        };
      });
      timer?.span('fusion', t2, performance.now());
      return { passages, embedMs, searchMs, mode, fallback };
    },
  };
}
