// Benchmark (e): searches while an import runs, with the MiniLM-shaped model (real encoder compute): the time from a
// search request (query embedded, hybrid search) to its result, one search after another, and how long a Cancel of
// the running import takes to settle.
import path from 'node:path';
import { openCliServices, temporaryDataDir } from '../cliContext';
import { realQueries, writeRealTextFiles, type BenchSources } from './benchCorpus';
import { percentile } from '../../services/metrics/statistics';

export interface QueryLaneBenchResult {
  model: string;
  searches: number;
  /** Searches that finished while the import was still running (the others are not counted). */
  duringImport: number;
  /** Imports run to time the searches (another starts when one ends before enough searches were timed). */
  imports: number;
  /** Chunks the import landed while the searches ran: the import was embedding all along. */
  chunksLandedDuringSearches: number;
  searchMs: { p50: number; p95: number; p99: number; max: number };
  cancelMs: number;
  target: { searchP95Ms: number; cancelMs: number };
  met: boolean;
}

export interface QueryLaneBenchOptions {
  entryUrl: string;
  sources: BenchSources;
  modelDir: string;
  model: string;
  files: number;
  searches: number;
  log: (line: string) => void;
}

export async function benchQueryLane(options: QueryLaneBenchOptions): Promise<QueryLaneBenchResult> {
  const dataDir = temporaryDataDir();
  const cli = openCliServices({
    entryUrl: options.entryUrl,
    dataDir,
    removeOnClose: true,
    settings: { embedderModelDir: options.modelDir, embedderModelId: options.model, embedderDtype: 'q8', chunkTargetTokens: 240, chunkOverlapTokens: 40 },
  });
  try {
    const { library } = cli.services;
    const collection = await library.createCollection('lane');
    const seed = writeRealTextFiles(options.sources, path.join(dataDir, 'seed'), 4, 3000);
    const none = { signal: new AbortController().signal, emit: () => undefined };
    await library.import({ collectionId: collection.id, sources: seed.map((p) => ({ kind: 'path' as const, path: p })), reindexDocumentIds: [], reindexAll: false }, none);
    const queries = realQueries(options.sources);

    const files = writeRealTextFiles(options.sources, path.join(dataDir, 'files'), options.files, 4000);
    let landed = 0;
    const importFiles = (collectionId: string, signal: AbortSignal): Promise<unknown> =>
      library.import({ collectionId, sources: files.map((p) => ({ kind: 'path' as const, path: p })), reindexDocumentIds: [], reindexAll: false }, { signal, emit: (p) => (landed = p.overall.chunks) });
    options.log(`  ${options.model}: ${options.searches} searches during imports of ${files.length} files…`);
    const times: number[] = [];
    let landedDuring = 0;
    let imports = 0;
    let i = 0;
    // an import that ends before enough searches were timed is followed by another (into a new collection), so that
    // the figure is always over at least `searches` searches that ran while an import was embedding
    while (times.length < options.searches && imports < 6) {
      imports++;
      const target = imports === 1 ? collection : await library.createCollection(`lane-${imports}`);
      landed = 0;
      let importing = true;
      const running = importFiles(target.id, new AbortController().signal).finally(() => (importing = false));
      // searches start once the import's first chunks have landed (it is embedding), and come 100 ms apart, as a
      // user's would, so that they fall at random points of the import's forward passes
      while (landed === 0 && importing) await new Promise((resolve) => setTimeout(resolve, 20));
      const landedBefore = landed;
      for (; times.length < options.searches && importing; i++) {
        const started = performance.now();
        await library.search({ collectionId: collection.id, query: queries[i % queries.length]!, k: 10, mode: 'hybrid' });
        if (importing) times.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      landedDuring += landed - landedBefore;
      await running;
    }

    options.log(`  ${options.model}: cancelling a running import…`);
    const again = await library.createCollection('lane-cancel');
    const controller = new AbortController();
    const cancelled = library.import({ collectionId: again.id, sources: files.map((p) => ({ kind: 'path' as const, path: p })), reindexDocumentIds: [], reindexAll: false }, { signal: controller.signal, emit: () => undefined }).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const abortAt = performance.now();
    controller.abort();
    await cancelled;
    const cancelMs = performance.now() - abortAt;

    const searchMs = { p50: percentile(times, 50) ?? 0, p95: percentile(times, 95) ?? 0, p99: percentile(times, 99) ?? 0, max: times.length > 0 ? Math.max(...times) : 0 };
    const target = { searchP95Ms: 300, cancelMs: 1000 };
    return { model: options.model, searches: times.length, duringImport: times.length, imports, chunksLandedDuringSearches: landedDuring, searchMs, cancelMs, target, met: times.length >= 50 && searchMs.p95 <= target.searchP95Ms && cancelMs <= target.cancelMs };
  } finally {
    await cli.close();
  }
}
