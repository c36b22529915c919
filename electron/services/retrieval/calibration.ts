// Self-calibration of hybrid search on the user's own collection (runs in the services process, in small async
// steps: searches are LanceDB's native calls and embedding runs in the embedding worker). Pseudo-queries are
// built from sampled passages whose source is known; each fusion is scored on finding that source, and the
// collection gets the best one, or full text alone unless a fusion clearly beats it.
import type { LibraryDatabase } from '../database/libraryDatabase';
import type { ChunkRow } from '../database/tableSchemas';
import type { Fusion } from './fuseRankings';
import { searchBothLists, searchDepth, selectHits } from './retriever';

export interface ModeRates {
  /** Share of pseudo-queries whose source passage came first. */
  top1: number;
  /** Mean reciprocal rank of the source passage within the top 10. */
  mrr10: number;
}

export interface CalibrationResult {
  collectionId: string;
  embedderId: string;
  /** Chunks in the collection when it was measured (a large change calls for a new calibration). */
  chunkCount: number;
  measuredAt: number;
  queries: number;
  fusion: Fusion;
  keywords: ModeRates;
  meaning: ModeRates;
  hybrid: ModeRates;
}

/** Candidates; convex weight 0 is full text alone, weight 1 vectors alone. */
export const CALIBRATION_CANDIDATES: readonly Fusion[] = [
  ...[0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1].map((weight) => ({ method: 'convex' as const, weight })),
  ...[0.1, 0.2, 0.3, 0.5].map((weight) => ({ method: 'rrf' as const, weight })),
];

/** A fusion must beat full text by this much MRR@10 on the pseudo-queries to be chosen (noise of ~150 queries). */
export const CALIBRATION_MARGIN = 0.02;

const words = new Intl.Segmenter('und', { granularity: 'word' });
const sentences = new Intl.Segmenter('und', { granularity: 'sentence' });

/** A small deterministic generator: the same library gives the same pseudo-queries. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

export interface PseudoQuery {
  text: string;
  /** The sentence it came from: any passage holding it is the source. */
  sentence: string;
}

/**
 * From one passage: a sentence of 8-60 words, reduced to about 40% of its words (in order, at most 10), so that it reads like
 * a keyword query rather than a copy of the text.
 */
export function pseudoQueryFrom(chunk: Pick<ChunkRow, 'text'>, random: () => number): PseudoQuery | null {
  const candidates = [...sentences.segment(chunk.text)]
    .map((s) => s.segment.trim())
    .map((sentence) => ({ sentence, tokens: [...words.segment(sentence)].filter((w) => w.isWordLike).map((w) => w.segment) }))
    .filter((c) => c.tokens.length >= 8 && c.tokens.length <= 60);
  if (candidates.length === 0) return null;
  const pick = candidates[Math.floor(random() * candidates.length)]!;
  const kept = pick.tokens.filter(() => random() < 0.4).slice(0, 10);
  if (kept.length < 3) return null;
  return { text: kept.join(' '), sentence: pick.sentence };
}

export interface CalibrationDeps {
  database: Pick<LibraryDatabase, 'sampleChunks' | 'vectorCandidates' | 'textCandidates' | 'readChunks' | 'chunkCount'>;
  embed(texts: string[], signal?: AbortSignal): Promise<Float32Array[]>;
}

const K = 10;
const rate = (ranks: readonly number[]): ModeRates => ({
  top1: ranks.length ? ranks.filter((r) => r === 1).length / ranks.length : 0,
  mrr10: ranks.length ? ranks.reduce((sum, r) => sum + (r > 0 && r <= K ? 1 / r : 0), 0) / ranks.length : 0,
});

/** Measures every candidate on up to `samples` pseudo-queries; null when the collection has too little text. */
export async function calibrateCollection(
  deps: CalibrationDeps,
  collectionId: string,
  embedderId: string,
  options: { samples?: number; signal?: AbortSignal } = {},
): Promise<CalibrationResult | null> {
  const samples = options.samples ?? 150;
  const chunkCount = await deps.database.chunkCount(collectionId);
  const chunks = await deps.database.sampleChunks(collectionId, samples);
  const random = rng(chunkCount * 7919 + chunks.length);
  // word segmentation of 150 passages takes 100 ms and more at once: a step per passage keeps the event loop free
  // (bench (f) measured the contract's round trip stalling on it while a folder synced)
  const queries: PseudoQuery[] = [];
  for (const chunk of chunks) {
    options.signal?.throwIfAborted();
    const query = pseudoQueryFrom(chunk, random);
    if (query) queries.push(query);
    await new Promise((resolve) => setImmediate(resolve));
  }
  if (queries.length < 10) return null;
  const ranks = CALIBRATION_CANDIDATES.map(() => [] as number[]);
  const batch = 16;
  for (let i = 0; i < queries.length; i += batch) {
    options.signal?.throwIfAborted();
    const slice = queries.slice(i, i + batch);
    const vectors = await deps.embed(slice.map((q) => q.text), options.signal);
    for (const [j, query] of slice.entries()) {
      const vector = vectors[j];
      const { vectorHits, textHits } = await searchBothLists(deps.database, collectionId, vector, query.text, searchDepth(K));
      CALIBRATION_CANDIDATES.forEach((fusion, c) => {
        const hits = selectHits(vectorHits, textHits, fusion, K, null);
        ranks[c]!.push(hits.findIndex((h) => h.item.row.text.includes(query.sentence)) + 1);
      });
      // a step per query: the event loop stays free for the user's own calls
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  const rates = ranks.map(rate);
  const keywords = rates[0]!;
  const meaning = rates[CALIBRATION_CANDIDATES.findIndex((f) => f.method === 'convex' && f.weight === 1)]!;
  let best = 0;
  rates.forEach((r, c) => {
    if (r.mrr10 > rates[best]!.mrr10 + 1e-12) best = c;
  });
  const chosen = rates[best]!.mrr10 >= keywords.mrr10 + CALIBRATION_MARGIN ? best : 0;
  return { collectionId, embedderId, chunkCount, measuredAt: Date.now(), queries: queries.length, fusion: CALIBRATION_CANDIDATES[chosen]!, keywords, meaning, hybrid: rates[chosen]! };
}
