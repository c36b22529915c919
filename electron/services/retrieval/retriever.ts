// Retrieval for the Library search box and for chat: embed the query, search vectors and full text in LanceDB,
// fuse the two rankings with the configured weight, drop overlapping passages and apply the score floor.
import { AppError } from '../../../shared/contract/errors';
import type { Passage, SearchMode } from '../../../shared/contract/library';
import type { Settings } from '../../../shared/contract/settings';
import type { EmbeddingService } from '../embedding/embeddingService';
import type { ChunkHit, LibraryStore } from '../store/libraryStore';
import { dropOverlapping, fuseRankings } from './fuseRankings';

export interface RetrievalRequest {
  collectionId: string;
  query: string;
  k: number;
  mode: SearchMode;
  /** Overrides the setting (evaluation sweeps). */
  vectorWeight?: number;
  scoreFloor?: number | null;
  /** A precomputed query vector (benchmarks over generated vectors); skips embedding the query. */
  queryVector?: Float32Array;
}

export interface RetrievalResult {
  passages: Passage[];
  embedMs: number;
  searchMs: number;
  mode: SearchMode;
}

export interface Retriever {
  retrieve(request: RetrievalRequest, signal?: AbortSignal): Promise<RetrievalResult>;
}

const headingsOf = (json: string): string[] => {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
};

export function createRetriever(deps: { store: LibraryStore; embedding: EmbeddingService; getSettings: () => Settings }): Retriever {
  return {
    async retrieve(request, signal) {
      const settings = deps.getSettings();
      let mode = request.mode;
      const meta = deps.store.indexMeta();
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
      }
      const weight = mode === 'vector' ? 1 : mode === 'fts' ? 0 : (request.vectorWeight ?? settings.retrievalVectorWeight);
      const floor = request.scoreFloor === undefined ? settings.retrievalScoreFloor : request.scoreFloor;
      const depth = Math.max(request.k * 4, 30);
      let embedMs = 0;
      let vectorHits: ChunkHit[] = [];
      let textHits: ChunkHit[] = [];

      const useVectors = weight > 0;
      if (useVectors) {
        const t0 = performance.now();
        const [vector] = request.queryVector ? [request.queryVector] : await deps.embedding.embed([request.query], signal);
        embedMs = performance.now() - t0;
        signal?.throwIfAborted();
        // the model id was checked above; a vector of another width cannot be compared with the index either
        if (meta && vector!.length !== meta.dimension) {
          throw new AppError('EMBEDDER_MISMATCH', `The library's vectors have ${meta.dimension} dimensions but the query's have ${vector!.length}. Re-index the library to search it by meaning.`, {
            indexEmbedder: meta.embedderId,
            embedder: settings.embedderModelId,
          });
        }
        const t1 = performance.now();
        [vectorHits, textHits] = await Promise.all([
          deps.store.vectorSearch(request.collectionId, vector!, depth),
          weight < 1 ? deps.store.textSearch(request.collectionId, request.query, depth) : Promise.resolve([]),
        ]);
        const searchMs = performance.now() - t1;
        return finish(searchMs);
      }
      const t1 = performance.now();
      textHits = await deps.store.textSearch(request.collectionId, request.query, depth);
      return finish(performance.now() - t1);

      function finish(searchMs: number): RetrievalResult {
        const toRanked = (hits: ChunkHit[]) => hits.map((h) => ({ key: h.row.id, item: h }));
        const vectorScores = new Map(vectorHits.map((h) => [h.row.id, h.score]));
        const textScores = new Map(textHits.map((h) => [h.row.id, h.score]));
        const fused = fuseRankings(toRanked(vectorHits), toRanked(textHits), weight).filter((f) => floor === null || f.score >= floor);
        const kept = dropOverlapping(fused, (f) => ({ documentId: f.item.row.document_id, start: f.item.row.start, end: f.item.row.end }), request.k);
        const passages: Passage[] = kept.map((f) => {
          const row = f.item.row;
          return {
            chunkId: row.id,
            documentId: row.document_id,
            documentName: deps.store.getDocument(row.document_id)?.name ?? 'Removed document',
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
        return { passages, embedMs, searchMs, mode };
      }
    },
  };
}
