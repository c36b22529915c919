// Benchmark `loci bench --scale 1m|100k` (CLI, plain Node; not in CI): a generated store of that many chunks written
// through the database as an import writes, its indexes built by the database's own maintenance, then write and index
// times, peak memory, size on disk, vector / full-text / hybrid latency, the recall of the approximate vector search
// against a flat one, the cost of the collection filter, and a row added after the index still found.
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import type { SearchMode } from '../../../shared/contract/library';
import type { PreparedDocument } from '../../services/database/libraryDatabase';
import { ROWS_PER_PARTITION, RQ_BITS, VECTOR_SEARCH } from '../../services/database/maintenance';
import { keywordCandidatesQuery, nearestChunksQuery, POSTFILTER_MIN_SHARE, postfilterVectorSearch, prefilteredVectorQuery } from '../../services/database/queries';
import { vectorSearchFilter } from '../../services/database/tableSchemas';
import { openCliServices, temporaryDataDir } from '../cliContext';
import { realQueries, realVocabulary, seededRandom, type BenchSources } from './benchCorpus';
import { stats, type LatencyStats } from './benchQueries';
import { clusteredVectors, recallAtK } from './clusteredVectors';

const BOTH_LISTS = { method: 'convex', weight: 0.5 } as const;

export interface ScaleBenchResult {
  chunks: number;
  data: string;
  writeSeconds: number;
  /** The database's maintenance after the writes: full-text index, vector index, filter indexes, compaction. */
  indexSeconds: number;
  /** When each index appeared during the build (seconds from its start). */
  indexProgress: { seconds: number; indexes: string[]; rssMb: number }[];
  vectorIndex: { type: string; partitions: number; nprobes: number; refineFactor: number };
  peakRssMb: number;
  diskMb: number;
  /** With the index partitions in LanceDB's cache (after the cold pass). */
  latencyMs: Record<SearchMode, LatencyStats>;
  /** The first searches after the build, each loading the partitions it touches. */
  coldLatencyMs: Record<SearchMode, LatencyStats>;
  /** Recall@10 of the database's vector search against a flat (exact) search, same filter, held-out queries. */
  recallAt10: number;
  /** The same with other search parameters (LanceDB directly), to show what the choice trades. */
  recallAlternatives: { nprobes: number; refineFactor: number; recallAt10: number; p95Ms: number }[];
  recallQueries: number;
  /** p50/p95 of the same vector and full-text queries with and without the collection filter (LanceDB directly). */
  filter: {
    vector: { filtered: LatencyStats; prefiltered: LatencyStats; unfiltered: LatencyStats; ratioP50: number; ratioP95: number };
    fullText: { filtered: LatencyStats; unfiltered: LatencyStats; ratioP50: number; ratioP95: number };
  };
  newRowsFound: boolean;
}

const rssMb = (): number => process.memoryUsage().rss / 2 ** 20;

function du(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? du(p) : fs.statSync(p).size;
  }
  return total;
}

export async function benchScale(options: { entryUrl: string; sources: BenchSources; modelDir: string; model: string; chunks: number; log: (l: string) => void }): Promise<ScaleBenchResult> {
  const { log } = options;
  // LOCI_BENCH_KEEP_STORE=<empty dir> keeps the generated store there, to try search parameters on it afterwards
  const keepDir = process.env.LOCI_BENCH_KEEP_STORE;
  if (keepDir) fs.mkdirSync(keepDir, { recursive: true });
  const dataDir = keepDir ?? temporaryDataDir();
  const cli = openCliServices({
    entryUrl: options.entryUrl,
    dataDir,
    removeOnClose: !keepDir,
    settings: { embedderModelDir: options.modelDir, embedderModelId: options.model, embedderDtype: 'q8' },
    // maintenance only when asked, so that the write and the index build are timed apart
    databaseOptions: { annThreshold: 20_000, maintenanceDelayMs: 3_600_000 },
  });
  try {
    const { library } = cli.services;
    const dimension = (await cli.services.embedding.ready()).dimension;
    const database = await library.database();
    await database.useEmbedder(options.model, dimension);
    const main = (await library.collections())[0]!;
    const other = await library.createCollection('Other');
    const random = seededRandom(42);
    const vocabulary = realVocabulary(options.sources);
    const vectors = clusteredVectors(seededRandom(4242), dimension, 1000, 0.8);
    const makeDoc = (d: number, perDoc: number, tag = ''): PreparedDocument => {
      const id = `gen-${tag}${d}`;
      // one document in ten in the second collection: the filter has something to leave out
      const collectionId = d % 10 === 9 ? other.id : main.id;
      let text = '';
      const chunks = Array.from({ length: perDoc }, (_, j) => {
        const chunkText = Array.from({ length: 40 }, () => vocabulary[Math.floor(random() * vocabulary.length)]!).join(' ');
        const start = text.length;
        text += `${chunkText}\n`;
        return { id: `${id}:${j}`, document_id: id, collection_id: collectionId, ordinal: j, text: chunkText, page: null, heading_path: '[]', start, end: start + chunkText.length, token_count: 48, vector: vectors.next() };
      });
      const now = Date.now();
      return {
        document: { id, collection_id: collectionId, name: `${id}.txt`, path: `/generated/${id}.txt`, source: 'path', format: 'text', title: null, content_hash: id, size_bytes: text.length, modified_at: now, page_count: null, ocr_pages: null, chunk_count: perDoc, status: 'ready', error: null, embedder: `${options.model}@q8`, added_at: now, updated_at: now, note: null },
        text,
        chunks,
      };
    };

    const perDoc = 100;
    const docs = Math.ceil(options.chunks / perDoc);
    log(`  scale: writing ${docs * perDoc} chunks (${docs} documents)…`);
    const writeStarted = performance.now();
    let lastLog = writeStarted;
    for (let d = 0; d < docs; d += 50) {
      await database.commitDocuments(Array.from({ length: Math.min(50, docs - d) }, (_, i) => makeDoc(d + i, perDoc)));
      if (performance.now() - lastLog > 30_000) {
        lastLog = performance.now();
        log(`    ${(d + 50) * perDoc} chunks written, ${((lastLog - writeStarted) / 1000).toFixed(0)} s, rss ${rssMb().toFixed(0)} MB`);
      }
    }
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    log(`  scale: written in ${writeSeconds.toFixed(1)} s; building the indexes (the database's maintenance)…`);

    // progress of the build: LanceDB reports none, so a second connection lists the indexes as they are committed
    const db = await lancedb.connect(path.join(dataDir, 'library'));
    const table = await db.openTable('chunks');
    const indexProgress: ScaleBenchResult['indexProgress'] = [];
    const indexStarted = performance.now();
    let seen = '';
    const poll = setInterval(() => {
      void table
        .listIndices()
        .then(async (indices) => {
          await table.checkoutLatest();
          const names = indices.map((i) => `${i.indexType}(${i.columns.join(',')})`);
          const seconds = (performance.now() - indexStarted) / 1000;
          if (names.join() !== seen || indexProgress.length === 0 || seconds - indexProgress.at(-1)!.seconds > 60) {
            seen = names.join();
            indexProgress.push({ seconds, indexes: names, rssMb: rssMb() });
            log(`    ${seconds.toFixed(0)} s: indexes [${names.join(', ') || 'none yet'}], rss ${rssMb().toFixed(0)} MB`);
          }
        })
        .catch(() => undefined);
    }, 5000);
    await database.maintain();
    await database.idle();
    clearInterval(poll);
    const indexSeconds = (performance.now() - indexStarted) / 1000;
    await table.checkoutLatest();
    const finalIndexes = (await table.listIndices()).map((i) => `${i.indexType}(${i.columns.join(',')})`);
    indexProgress.push({ seconds: indexSeconds, indexes: finalIndexes, rssMb: rssMb() });
    log(`  scale: indexes built in ${indexSeconds.toFixed(1)} s: ${finalIndexes.join(', ')}`);
    const diskMb = du(path.join(dataDir, 'library')) / 2 ** 20;

    const queries = realQueries(options.sources);
    const queryVectors = queries.map(() => vectors.next());
    if (keepDir) fs.writeFileSync(path.join(keepDir, 'bench-queries.json'), JSON.stringify({ collectionId: main.id, queries, vectors: queryVectors.map((v) => [...v]) }));
    const latencyMs = {} as Record<SearchMode, LatencyStats>;
    const coldLatencyMs = {} as Record<SearchMode, LatencyStats>;
    // the first searches after opening load the index partitions they touch into LanceDB's cache: they are timed
    // apart (cold, with vectors of their own), then the queries are timed again on the loaded cache
    const warmUpVectors = queries.map(() => vectors.next());
    const timeModes = async (into: Record<SearchMode, LatencyStats>, qv: Float32Array[], label: string): Promise<void> => {
      for (const mode of ['vector', 'fts', 'hybrid'] as const) {
        const times: number[] = [];
        for (const [i, q] of queries.entries()) {
          const t = performance.now();
          await library.search({ collectionId: main.id, query: q, k: 10, mode, queryVector: qv[i]!, fusion: BOTH_LISTS });
          times.push(performance.now() - t);
        }
        into[mode] = stats(times);
        log(`    ${label} ${mode}: p50 ${into[mode].p50.toFixed(1)} / p95 ${into[mode].p95.toFixed(1)} / p99 ${into[mode].p99.toFixed(1)} ms`);
      }
    };
    log('  scale: the first searches after the build (cold cache)…');
    await timeModes(coldLatencyMs, warmUpVectors, 'cold');
    log('  scale: the same questions again with held-out vectors (loaded cache)…');
    await timeModes(latencyMs, queryVectors, 'warm');

    log('  scale: recall@10 against a flat search…');
    const recallQueries = queryVectors.slice(0, 100);
    const filter = vectorSearchFilter(main.id);
    const ids = (rows: Record<string, unknown>[]): string[] => rows.map((r) => String(r.id));
    const exact: string[][] = [];
    for (const v of recallQueries) exact.push(ids(await table.vectorSearch(v).distanceType('cosine').where(filter).bypassVectorIndex().select(['id', '_distance']).limit(10).toArray()));
    const viaStore: string[][] = [];
    for (const v of recallQueries) viaStore.push((await library.search({ collectionId: main.id, query: 'x', k: 10, mode: 'vector', queryVector: v, scoreFloor: null })).passages.map((p) => p.chunkId));
    const recallAt10 = recallAtK(exact, viaStore, 10);
    log(`    the database's search (nprobes ${VECTOR_SEARCH.nprobes}, refine ${VECTOR_SEARCH.refineFactor}): ${recallAt10.toFixed(3)}`);
    const recallAlternatives: ScaleBenchResult['recallAlternatives'] = [];
    for (const [nprobes, refineFactor] of [[20, 1], [20, 2], [10, 4], [40, 4], [20, 20]] as const) {
      const got: string[][] = [];
      const times: number[] = [];
      for (const v of recallQueries) {
        const t = performance.now();
        // at the retriever's depth (4 × k), as the database searches: the re-rank depth is refine × that limit
        got.push(ids(await table.vectorSearch(v).distanceType('cosine').nprobes(nprobes).refineFactor(refineFactor).where(filter).select(['id', '_distance']).limit(40).toArray()).slice(0, 10));
        times.push(performance.now() - t);
      }
      recallAlternatives.push({ nprobes, refineFactor, recallAt10: recallAtK(exact, got, 10), p95Ms: stats(times).p95 });
      log(`    nprobes ${nprobes}, refine ${refineFactor}: ${recallAlternatives.at(-1)!.recallAt10.toFixed(3)} (p95 ${recallAlternatives.at(-1)!.p95Ms.toFixed(1)} ms)`);
    }

    log('  scale: the collection filter (same queries with and without it, alternating)…');
    const vFiltered: number[] = [];
    const vPrefiltered: number[] = [];
    const vUnfiltered: number[] = [];
    const tFiltered: number[] = [];
    const tUnfiltered: number[] = [];
    const timeIt = async (into: number[], run: () => Promise<unknown>): Promise<void> => {
      const t = performance.now();
      await run();
      into.push(performance.now() - t);
    };
    // the collection's share decides how the database filters ([Note: postfilter]); the same query, as it runs it
    const share = (await database.chunkCount(main.id)) / (await database.chunkCount());
    const filterAfter = share >= POSTFILTER_MIN_SHARE;
    const plan = postfilterVectorSearch(40, share);
    log(`    the collection holds ${(100 * share).toFixed(0)}% of the rows: the database filters ${filterAfter ? `after the search (limit ${plan.limit}, refine ${plan.refineFactor})` : 'before it'}`);
    for (const [i, q] of queries.entries()) {
      const v = queryVectors[i]!;
      const words = q.toLowerCase().match(/[a-z]{3,}/g)?.slice(0, 6).join(' ') ?? 'cell';
      // the database's columns and parameters in all three, so that they differ only in the filter; the first of the
      // three loads the partitions the other two then find in the cache: rotate who goes first
      const vectorRuns: [number[], () => Promise<unknown>][] = [
        [vUnfiltered, () => nearestChunksQuery(table, v, 40).toArray()],
        [vFiltered, () => database.vectorCandidates(main.id, v, 40)],
        [vPrefiltered, () => prefilteredVectorQuery(table, v, main.id, 40).toArray()],
      ];
      for (let r = 0; r < 3; r++) {
        const [into, run] = vectorRuns[(i + r) % 3]!;
        await timeIt(into, run);
      }
      await timeIt(tUnfiltered, () => keywordCandidatesQuery(table, new lancedb.MatchQuery(words, 'text'), 40).toArray());
      await timeIt(tFiltered, () => database.textCandidates(main.id, words, 40));
    }
    const ratio = (a: LatencyStats, b: LatencyStats): { ratioP50: number; ratioP95: number } => ({ ratioP50: a.p50 / b.p50, ratioP95: a.p95 / b.p95 });
    const vf = stats(vFiltered);
    const vu = stats(vUnfiltered);
    const tf = stats(tFiltered);
    const tu = stats(tUnfiltered);
    const filterResult = { vector: { filtered: vf, prefiltered: stats(vPrefiltered), unfiltered: vu, ...ratio(vf, vu) }, fullText: { filtered: tf, unfiltered: tu, ...ratio(tf, tu) } };
    log(`    vector: the database's filtered query p50 ${vf.p50.toFixed(1)} / p95 ${vf.p95.toFixed(1)} ms (LanceDB prefilter ${filterResult.vector.prefiltered.p50.toFixed(1)} / ${filterResult.vector.prefiltered.p95.toFixed(1)}), unfiltered ${vu.p50.toFixed(1)} / ${vu.p95.toFixed(1)} ms (p50 ratio ${filterResult.vector.ratioP50.toFixed(2)}); full text: filtered ${tf.p50.toFixed(1)} / ${tf.p95.toFixed(1)}, unfiltered ${tu.p50.toFixed(1)} / ${tu.p95.toFixed(1)} (p50 ratio ${filterResult.fullText.ratioP50.toFixed(2)})`);

    // a row added after the index was built is searched too (LanceDB scans the unindexed rows)
    const late = makeDoc(0, 1, 'late-');
    await database.commitDocuments([late]);
    const hit = await library.search({ collectionId: late.document.collection_id, query: 'x', k: 1, mode: 'vector', queryVector: late.chunks[0]!.vector as Float32Array, scoreFloor: null });
    const newRowsFound = hit.passages[0]?.chunkId === late.chunks[0]!.id;
    db.close();
    return {
      chunks: await database.chunkCount(),
      data: `generated like the 100k store (40 random words of real vocabulary per chunk, 100 chunks a document, one document in ten in a second collection), but with ${dimension}-d unit vectors around 1,000 random topic centroids (noise norm 0.8) instead of independent random ones, so that nearest neighbours and recall mean something; queries: the ${queries.length} SciFact and XQuAD questions with held-out vectors from the same distribution`,
      writeSeconds,
      indexSeconds,
      indexProgress,
      vectorIndex: { type: `IVF_RQ, ${RQ_BITS} bits a dimension`, partitions: Math.max(1, Math.round(docs * perDoc / ROWS_PER_PARTITION)), ...VECTOR_SEARCH },
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      diskMb,
      latencyMs,
      coldLatencyMs,
      recallAt10,
      recallAlternatives,
      recallQueries: recallQueries.length,
      filter: filterResult,
      newRowsFound,
    };
  } finally {
    await cli.close();
  }
}
