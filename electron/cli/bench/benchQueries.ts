// Benchmark (b): query latency (p50/p95/p99) of vector, full-text and hybrid search over a store of real text
// (about 10k chunks) and over a generated store (100k chunks of generated text and random 384-d vectors).
import path from 'node:path';
import type { SearchMode } from '../../../shared/contract/library';
import { percentile } from '../../services/metrics/statistics';
import type { PreparedDocument } from '../../services/database/libraryDatabase';
import { openCliServices, temporaryDataDir } from '../cliContext';
import { realQueries, realVocabulary, seededRandom, writeRealTextFiles, type BenchSources } from './benchCorpus';

/** Hybrid latency is measured with both lists searched and fused (a calibrated collection may use full text alone). */
const BOTH_LISTS = { method: 'convex', weight: 0.5 } as const;

export interface LatencyStats {
  p50: number;
  p95: number;
  p99: number;
  queries: number;
}

export interface QueryBenchResult {
  store: string;
  chunks: number;
  /** How the store's text and vectors were made. */
  data: string;
  buildSeconds: number;
  /** Time to build the vector index (HNSW), when one was built. */
  vectorIndexSeconds: number | null;
  latencyMs: Record<SearchMode, LatencyStats>;
  /** For the generated store: a row added after the vector index was built is still found. */
  newRowsFound: boolean | null;
  /** Hybrid search including embedding the query with the real-compute model (generated store). */
  hybridWithEmbeddingMs: LatencyStats | null;
  /** Chat: Loci's overhead from Send to the request reaching Ollama (the stand-in), with this store behind it. */
  chatOverheadMs: LatencyStats | null;
}

export const stats = (values: number[]): LatencyStats => ({ p50: percentile(values, 50)!, p95: percentile(values, 95)!, p99: percentile(values, 99)!, queries: values.length });

async function measure(run: (query: string, index: number) => Promise<unknown>, queries: string[], rounds: number): Promise<number[]> {
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const [i, q] of queries.entries()) {
      const started = performance.now();
      await run(q, i);
      times.push(performance.now() - started);
    }
  }
  return times;
}

export async function benchRealStore(options: { entryUrl: string; sources: BenchSources; modelDir: string; targetChunks: number; log: (l: string) => void }): Promise<QueryBenchResult> {
  const dataDir = temporaryDataDir();
  const cli = openCliServices({
    entryUrl: options.entryUrl,
    dataDir,
    removeOnClose: true,
    settings: { embedderModelDir: options.modelDir, embedderModelId: 'loci/glove-wordpiece-100d', embedderDtype: 'q8', chunkTargetTokens: 48, chunkOverlapTokens: 0 },
  });
  try {
    const { library } = cli.services;
    // about 200 bytes of real text per 48-token chunk
    const files = writeRealTextFiles(options.sources, path.join(dataDir, 'real'), Math.ceil(options.targetChunks / 50), 50 * 200);
    options.log(`  real store: importing ${files.length} files (~${options.targetChunks} chunks)…`);
    const started = performance.now();
    const collection = (await library.collections())[0]!;
    await library.import({ collectionId: collection.id, sources: files.map((p) => ({ kind: 'path' as const, path: p })), reindexDocumentIds: [], reindexAll: false }, { signal: new AbortController().signal, emit: () => undefined });
    const database = await library.database();
    await database.maintain();
    await database.idle();
    const buildSeconds = (performance.now() - started) / 1000;
    const chunks = await database.chunkCount();
    const queries = realQueries(options.sources);
    const latencyMs = {} as Record<SearchMode, LatencyStats>;
    for (const mode of ['vector', 'fts', 'hybrid'] as const) {
      options.log(`  real store: ${mode} queries…`);
      latencyMs[mode] = stats(await measure((q) => library.search({ collectionId: collection.id, query: q, k: 10, mode, fusion: BOTH_LISTS }), queries, 2));
    }
    return {
      store: `real text, ${chunks} chunks`,
      chunks,
      data: 'real text from the fixtures (Shakespeare, SciFact, The Art of Command Line); glove-wordpiece-100d vectors; query embedding included',
      buildSeconds,
      vectorIndexSeconds: null,
      latencyMs,
      newRowsFound: null,
      hybridWithEmbeddingMs: null,
      chatOverheadMs: null,
    };
  } finally {
    await cli.close();
  }
}

export interface GeneratedStoreOptions {
  entryUrl: string;
  sources: BenchSources;
  chunks: number;
  annThreshold: number;
  modelDir: string;
  /** The real-compute model whose width (384) the generated vectors take; it embeds queries for the chat figure. */
  model: string;
  /** An Ollama (the stand-in) for the chat-overhead figure. */
  ollamaUrl: string;
  log: (l: string) => void;
}

export async function benchGeneratedStore(options: GeneratedStoreOptions): Promise<QueryBenchResult> {
  const dataDir = temporaryDataDir();
  const cli = openCliServices({
    entryUrl: options.entryUrl,
    dataDir,
    removeOnClose: true,
    settings: { embedderModelDir: options.modelDir, embedderModelId: options.model, embedderDtype: 'q8', ollamaUrl: options.ollamaUrl, defaultChatModel: 'llama3.2:3b' },
    databaseOptions: { annThreshold: options.annThreshold, maintenanceDelayMs: 60_000 },
  });
  try {
    const { library } = cli.services;
    const info = await cli.services.embedding.ready();
    const dimension = info.dimension;
    const database = await library.database();
    await database.useEmbedder(options.model, dimension);
    const collection = (await library.collections())[0]!;
    const random = seededRandom(42);
    const vocabulary = realVocabulary(options.sources);
    const gaussianUnit = (): Float32Array => {
      const v = new Float32Array(dimension);
      let norm = 0;
      for (let i = 0; i < v.length; i++) {
        const x = Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
        v[i] = x;
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      for (let i = 0; i < v.length; i++) v[i]! /= norm;
      return v;
    };
    const makeDoc = (d: number, perDoc: number, tag = ''): PreparedDocument => {
      const id = `gen-${tag}${d}`;
      let text = '';
      const chunks = Array.from({ length: perDoc }, (_, j) => {
        const words = Array.from({ length: 40 }, () => vocabulary[Math.floor(random() * vocabulary.length)]!);
        const chunkText = words.join(' ');
        const start = text.length;
        text += `${chunkText}\n`;
        return { id: `${id}:${j}`, document_id: id, collection_id: collection.id, ordinal: j, text: chunkText, page: null, heading_path: '[]', start, end: start + chunkText.length, token_count: 48, vector: gaussianUnit() };
      });
      const now = Date.now();
      return {
        document: { id, collection_id: collection.id, name: `${id}.txt`, path: `/generated/${id}.txt`, source: 'path', format: 'text', title: null, content_hash: id, size_bytes: text.length, modified_at: now, page_count: null, ocr_pages: null, chunk_count: perDoc, status: 'ready', error: null, embedder: `${options.model}@q8`, added_at: now, updated_at: now, note: null },
        text,
        chunks,
      };
    };
    const perDoc = 100;
    const docs = Math.ceil(options.chunks / perDoc);
    options.log(`  generated store: writing ${docs * perDoc} chunks…`);
    const started = performance.now();
    for (let d = 0; d < docs; d += 50) {
      await database.commitDocuments(Array.from({ length: Math.min(50, docs - d) }, (_, i) => makeDoc(d + i, perDoc)));
    }
    options.log('  generated store: building the full-text and vector indexes…');
    const indexStarted = performance.now();
    await database.maintain();
    await database.idle();
    const vectorIndexSeconds = docs * perDoc >= options.annThreshold ? (performance.now() - indexStarted) / 1000 : null;
    const buildSeconds = (performance.now() - started) / 1000;

    // rows newer than the vector index must still be found
    const late = makeDoc(0, 1, 'late-');
    await database.commitDocuments([late]);
    const hit = await library.search({ collectionId: collection.id, query: 'x', k: 1, mode: 'vector', queryVector: late.chunks[0]!.vector as Float32Array });
    const newRowsFound = hit.passages[0]?.chunkId === late.chunks[0]!.id;

    const chunks = await database.chunkCount();
    const queries = realQueries(options.sources);
    const queryVectors = queries.map(() => gaussianUnit());
    const latencyMs = {} as Record<SearchMode, LatencyStats>;
    for (const mode of ['vector', 'fts', 'hybrid'] as const) {
      options.log(`  generated store: ${mode} queries…`);
      latencyMs[mode] = stats(await measure((q, i) => library.search({ collectionId: collection.id, query: q, k: 10, mode, queryVector: queryVectors[i]!, fusion: BOTH_LISTS }), queries, 2));
    }
    options.log('  generated store: hybrid queries with query embedding…');
    const hybridWithEmbeddingMs = stats(await measure((q) => library.search({ collectionId: collection.id, query: q, k: 10, mode: 'hybrid', fusion: BOTH_LISTS }), queries, 1));

    options.log('  generated store: chat overhead (Send → request at Ollama)…');
    const overheads: number[] = [];
    for (const q of queries) {
      const conversation = cli.services.conversations.create({ title: 'bench', collectionId: collection.id, model: 'llama3.2:3b', temperature: 0, contextLength: 4096 });
      const message = await cli.services.chat.send({ conversationId: conversation.id, text: q, withoutDocuments: false }, { signal: new AbortController().signal, emit: () => undefined });
      // a question asked twice is served from the answer cache the second time: not a Send → Ollama figure
      if (message.metrics && !message.cached) overheads.push(message.metrics.overheadMs);
    }
    return {
      store: `generated, ${chunks} chunks`,
      chunks,
      data: `generated: 40 random words of real vocabulary per chunk, random unit ${dimension}-d vectors; vector/fts/hybrid rows use precomputed query vectors (embedding excluded); the last two rows embed the query with ${options.model}`,
      buildSeconds,
      vectorIndexSeconds,
      latencyMs,
      newRowsFound,
      hybridWithEmbeddingMs,
      chatOverheadMs: overheads.length > 0 ? stats(overheads) : null,
    };
  } finally {
    await cli.close();
  }
}
