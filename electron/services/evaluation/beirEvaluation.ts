// `loci eval --beir`: indexes a BEIR corpus through the normal import pipeline, runs every judged query in each
// retrieval mode (and optionally a sweep of fusion weights), and scores the runs with the BEIR metrics.
import fs from 'node:fs';
import path from 'node:path';
import type { SearchMode } from '../../../shared/contract/library';
import type { LibraryService } from '../library/libraryService';
import { percentile } from '../metrics/statistics';
import type { BeirDataset } from './beirDataset';
import { scoreRun, type RetrievalScores } from './retrievalMetrics';

export interface EvalConfig {
  label: string;
  mode: SearchMode;
  vectorWeight?: number;
}

export interface EvalRow extends RetrievalScores {
  label: string;
  mode: SearchMode;
  vectorWeight: number | null;
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
const idFromFileName = (name: string): string => decodeURIComponent(name.replace(/\.txt$/, ''));

export async function indexBeirCorpus(
  dataset: BeirDataset,
  library: LibraryService,
  workDir: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ collectionId: string; indexed: number; chunks: number; seconds: number }> {
  const corpusDir = path.join(workDir, 'beir-corpus');
  fs.rmSync(corpusDir, { recursive: true, force: true });
  fs.mkdirSync(corpusDir, { recursive: true });
  for (const doc of dataset.corpus) fs.writeFileSync(path.join(corpusDir, fileNameFor(doc.id)), doc.title ? `${doc.title}\n\n${doc.text}` : doc.text);
  const collection = (await library.collections()).find((c) => c.name === 'BEIR evaluation') ?? (await library.createCollection('BEIR evaluation'));
  const started = performance.now();
  const summary = await library.import(
    { collectionId: collection.id, sources: [{ kind: 'path', path: corpusDir }], reindexDocumentIds: [], reindexAll: false },
    { signal: new AbortController().signal, emit: (p) => onProgress?.(p.overall.filesDone, p.overall.filesTotal) },
  );
  const failed = summary.files.filter((f) => f.state === 'failed' || f.state === 'skipped');
  if (failed.length > 0) throw new Error(`${failed.length} corpus documents could not be indexed, e.g. ${failed[0]!.name}: ${failed[0]!.reason}`);
  // queries run against a settled index (full-text index merged), so every mode sees the same statistics
  await (await library.store()).maintain();
  const docs = await library.documents(collection.id);
  return { collectionId: collection.id, indexed: docs.length, chunks: docs.reduce((n, d) => n + d.chunkCount, 0), seconds: (performance.now() - started) / 1000 };
}

export async function evaluateRetrieval(
  dataset: BeirDataset,
  library: LibraryService,
  collectionId: string,
  configs: readonly EvalConfig[],
  onProgress?: (label: string, done: number, total: number) => void,
): Promise<EvalRow[]> {
  const queryIds = [...dataset.qrels.keys()].filter((q) => dataset.queries.has(q));
  const rows: EvalRow[] = [];
  for (const config of configs) {
    const run = new Map<string, string[]>();
    const latencies: number[] = [];
    for (const [i, queryId] of queryIds.entries()) {
      const started = performance.now();
      const { passages } = await library.search({
        collectionId,
        query: dataset.queries.get(queryId)!,
        k: 200,
        mode: config.mode,
        ...(config.vectorWeight !== undefined ? { vectorWeight: config.vectorWeight } : {}),
        scoreFloor: null,
      });
      latencies.push(performance.now() - started);
      // passages → documents, each at the rank of its best passage
      const ranking: string[] = [];
      for (const p of passages) {
        const id = idFromFileName(p.documentName);
        if (!ranking.includes(id)) ranking.push(id);
      }
      run.set(queryId, ranking);
      onProgress?.(config.label, i + 1, queryIds.length);
    }
    rows.push({
      label: config.label,
      mode: config.mode,
      vectorWeight: config.mode === 'hybrid' ? (config.vectorWeight ?? null) : null,
      ...scoreRun(run, new Map([...dataset.qrels].filter(([q]) => dataset.queries.has(q)))),
      latencyP50Ms: percentile(latencies, 50),
      latencyP95Ms: percentile(latencies, 95),
      latencyP99Ms: percentile(latencies, 99),
    });
  }
  return rows;
}
