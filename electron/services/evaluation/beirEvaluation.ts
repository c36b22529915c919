// `loci eval --beir`: indexes a BEIR corpus through the normal import pipeline, runs every judged query in each
// retrieval mode (and optionally sweeps of fusions), and scores the runs with the BEIR metrics, per query too.
import fs from 'node:fs';
import path from 'node:path';
import type { Passage, SearchMode } from '../../../shared/contract/library';
import type { LibraryService } from '../library/libraryService';
import { percentile } from '../metrics/statistics';
import { adaptiveWeight } from '../retrieval/adaptiveFusion';
import type { Fusion } from '../retrieval/fuseRankings';
import { searchBothLists, searchDepth, selectHits } from '../retrieval/retriever';
import type { BeirDataset } from './beirDataset';
import { ndcgAtK, scoreRun, type RetrievalScores } from './retrievalMetrics';

export interface EvalConfig {
  label: string;
  mode: SearchMode;
  /** For hybrid: the fusion to run; without it, what Loci runs for this collection (settings or calibration). */
  fusion?: Fusion;
  /** Overrides the retrievalDiversity setting (MMR). */
  diversity?: boolean;
  /** For hybrid: convex fusion at a per-query weight around this base (adaptiveFusion.ts), from the same two searches. */
  adaptiveBase?: number;
}

export interface EvalRow extends RetrievalScores {
  label: string;
  mode: SearchMode;
  fusion: Fusion | null;
  /** Queries whose nDCG@10 is above, equal to and below full text's. */
  versusFullText: { wins: number; ties: number; losses: number };
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  latencyP99Ms: number | null;
}

export interface EvalReport {
  corpusDocuments: number;
  indexedDocuments: number;
  chunks: number;
  indexSeconds: number;
  rows: EvalRow[];
}

/** Corpus ids become file names; anything unsafe in a name is encoded so the mapping is reversible. */
const fileNameFor = (id: string): string => `${encodeURIComponent(id).replaceAll('.', '%2E')}.txt`;
export const idFromFileName = (name: string): string => decodeURIComponent(name.replace(/\.txt$/, ''));

export async function indexBeirCorpus(
  dataset: BeirDataset,
  library: LibraryService,
  workDir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ collectionId: string; indexed: number; chunks: number; seconds: number }> {
  const corpusDir = path.join(workDir, 'beir-corpus');
  fs.mkdirSync(corpusDir, { recursive: true });
  // files already there with the same text keep their timestamps, so a reused data dir re-imports nothing
  const wanted = new Set<string>();
  for (const doc of dataset.corpus) {
    const file = path.join(corpusDir, fileNameFor(doc.id));
    const text = doc.title ? `${doc.title}\n\n${doc.text}` : doc.text;
    wanted.add(path.basename(file));
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  }
  for (const name of fs.readdirSync(corpusDir)) if (!wanted.has(name)) fs.rmSync(path.join(corpusDir, name));
  const collection = (await library.collections()).find((c) => c.name === 'BEIR evaluation') ?? (await library.createCollection('BEIR evaluation'));
  const started = performance.now();
  const summary = await library.import(
    { collectionId: collection.id, sources: [{ kind: 'path', path: corpusDir }], reindexDocumentIds: [], reindexAll: false },
    { signal: new AbortController().signal, emit: (p) => onProgress?.(p.overall.filesDone, p.overall.filesTotal) },
  );
  const failed = summary.files.filter((f) => f.state === 'failed' || f.state === 'skipped');
  if (failed.length > 0) throw new Error(`${failed.length} corpus documents could not be indexed, e.g. ${failed[0]!.name}: ${failed[0]!.reason}`);
  // queries run against a settled index (full-text index merged), so every mode sees the same statistics
  await (await library.database()).maintain();
  const docs = await library.documents(collection.id);
  return { collectionId: collection.id, indexed: docs.length, chunks: docs.reduce((n, d) => n + d.chunkCount, 0), seconds: (performance.now() - started) / 1000 };
}

/** Passages → documents, each at the rank of its best passage. */
const toDocumentRanking = (names: readonly string[]): string[] => [...new Set(names.map(idFromFileName))];

const K = 100;

/**
 * Rows for `configs`. A config without a fusion goes through library.search exactly as the app runs it (and is
 * timed); a config with one is computed from the same two searches, fetched once per query, through the
 * retriever's own fusion code (selectHits), so sweeps cost no extra searches.
 */
export async function evaluateRetrieval(
  dataset: BeirDataset,
  library: LibraryService,
  collectionId: string,
  configs: readonly EvalConfig[],
  embed: (texts: string[]) => Promise<Float32Array[]>,
  onProgress?: (label: string, done: number, total: number) => void,
  /** Sees the passages of every search that runs as the app runs it (the packing check reads them). */
  onPassages?: (config: EvalConfig, queryId: string, passages: readonly Passage[]) => void,
): Promise<EvalRow[]> {
  const queryIds = [...dataset.qrels.keys()].filter((q) => dataset.queries.has(q));
  const qrels = new Map([...dataset.qrels].filter(([q]) => dataset.queries.has(q)));
  const database = await library.database();
  const runs = new Map<string, Map<string, string[]>>(configs.map((c) => [c.label, new Map()]));
  const latencies = new Map<string, number[]>(configs.map((c) => [c.label, []]));
  const isSwept = (c: EvalConfig): boolean => c.mode === 'hybrid' && (c.fusion !== undefined || c.adaptiveBase !== undefined);
  const swept = configs.filter(isSwept);
  const live = configs.filter((c) => !isSwept(c));
  for (const [i, queryId] of queryIds.entries()) {
    const query = dataset.queries.get(queryId)!;
    for (const config of live) {
      const started = performance.now();
      const { passages } = await library.search({ collectionId, query, k: K, mode: config.mode, scoreFloor: null, ...(config.diversity === undefined ? {} : { diversity: config.diversity }) });
      latencies.get(config.label)!.push(performance.now() - started);
      runs.get(config.label)!.set(queryId, toDocumentRanking(passages.map((p) => p.documentName)));
      onPassages?.(config, queryId, passages);
    }
    if (swept.length > 0) {
      // the two lists at the depth the retriever searches them, then the retriever's own fusion per config
      const [vector] = await embed([query]);
      const depth = searchDepth(K);
      const { vectorHits, textHits } = await searchBothLists(database, collectionId, vector, query, depth);
      for (const config of swept) {
        const fusion: Fusion =
          config.adaptiveBase !== undefined ? { method: 'convex', weight: adaptiveWeight(vectorHits.map((h) => h.score), textHits.map((h) => h.score), config.adaptiveBase) } : config.fusion!;
        const hits = selectHits(vectorHits, textHits, fusion, K, null);
        runs.get(config.label)!.set(queryId, toDocumentRanking(hits.map((h) => database.getDocument(h.item.row.document_id)?.name ?? '')));
      }
    }
    onProgress?.('queries', i + 1, queryIds.length);
  }
  const ftsRun = [...runs.entries()].find(([label]) => configs.find((c) => c.label === label)?.mode === 'fts')?.[1];
  return configs.map((config) => {
    const run = runs.get(config.label)!;
    const versus = { wins: 0, ties: 0, losses: 0 };
    if (ftsRun) {
      for (const [q, judged] of qrels) {
        const delta = ndcgAtK(run.get(q) ?? [], judged, 10) - ndcgAtK(ftsRun.get(q) ?? [], judged, 10);
        if (delta > 1e-9) versus.wins++;
        else if (delta < -1e-9) versus.losses++;
        else versus.ties++;
      }
    }
    const times = latencies.get(config.label)!;
    return {
      label: config.label,
      mode: config.mode,
      fusion: config.fusion ?? null,
      ...scoreRun(run, qrels),
      versusFullText: versus,
      latencyP50Ms: times.length ? percentile(times, 50) : null,
      latencyP95Ms: times.length ? percentile(times, 95) : null,
      latencyP99Ms: times.length ? percentile(times, 99) : null,
    };
  });
}
