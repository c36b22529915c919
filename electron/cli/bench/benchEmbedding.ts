// Benchmark (a): Loci's whole import against the raw embedder (the transformers.js pipeline alone, in this thread, on
// the same chunk texts) and against a plain baseline (the same pipeline in batches of 32 on the calling thread, then
// a LanceDB add and a full-text index), for one model. [Note: noise] each round runs the three back to back, in an
// order that alternates between rounds, and ratios are taken within a round and quoted as medians, so a change of
// machine load between two measurements moves one round's ratio, not the figure.
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { openCliServices, temporaryDataDir } from '../cliContext';
import { writeAbstractFiles, writeRealTextFiles, type BenchSources } from './benchCorpus';

export interface EmbeddingBenchResult {
  model: string;
  corpus: 'slices' | 'abstracts';
  dtype: string;
  dimension: number;
  files: number;
  chunks: number;
  rounds: number;
  /** Medians over the rounds. */
  rawChunksPerSecond: Record<'batch1' | 'batch8' | 'batch32', number>;
  importChunksPerSecond: number;
  baselineChunksPerSecond: number;
  importSeconds: number;
  /** Median over rounds of import over the round's best raw figure. */
  ratio: number;
  /** Median over rounds of import over the round's plain baseline. */
  baselineRatio: number;
  perRound: { import: number; rawBest: number; baseline: number }[];
  target: number;
  baselineTarget: number | null;
  met: boolean;
}

export interface EmbeddingBenchOptions {
  entryUrl: string;
  sources: BenchSources;
  modelDir: string;
  model: string;
  dtype: string;
  files: number;
  fileBytes: number;
  /** 'slices': files of about fileBytes of real text; 'abstracts': one SciFact abstract a file (natural lengths). */
  corpus?: 'slices' | 'abstracts';
  rounds: number;
  target: number;
  baselineTarget: number | null;
  log: (line: string) => void;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

async function rawThroughput(extractor: FeatureExtractionPipeline, texts: string[], batch: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < texts.length; i += batch) {
    const out = await extractor(texts.slice(i, i + batch), { pooling: 'mean', normalize: true });
    out.dispose?.();
  }
  return texts.length / ((performance.now() - started) / 1000);
}

/** What someone would write without Loci: embed in batches of 32 on this thread, add to LanceDB, index the text. */
async function plainBaseline(extractor: FeatureExtractionPipeline, texts: string[], dir: string): Promise<number> {
  fs.rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  const rows: { id: number; text: string; vector: number[] }[] = [];
  for (let i = 0; i < texts.length; i += 32) {
    const out = await extractor(texts.slice(i, i + 32), { pooling: 'mean', normalize: true });
    const list = out.tolist() as number[][];
    list.forEach((vector, j) => rows.push({ id: i + j, text: texts[i + j]!, vector }));
    out.dispose?.();
  }
  const db = await lancedb.connect(dir);
  const table = await db.createTable('chunks', rows);
  await table.createIndex('text', { config: lancedb.Index.fts() });
  const seconds = (performance.now() - started) / 1000;
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return texts.length / seconds;
}

export async function benchEmbedding(options: EmbeddingBenchOptions): Promise<EmbeddingBenchResult> {
  const dataDir = temporaryDataDir();
  const cli = openCliServices({
    entryUrl: options.entryUrl,
    dataDir,
    removeOnClose: true,
    settings: { embedderModelDir: options.modelDir, embedderModelId: options.model, embedderDtype: options.dtype as 'q8', chunkTargetTokens: 240, chunkOverlapTokens: 40 },
  });
  try {
    const { library, embedding } = cli.services;
    const info = await embedding.ready();
    // warm the ingest worker (tokenizer load) outside the measurement
    const warm = await library.createCollection('warm-up');
    const warmFiles = writeRealTextFiles(options.sources, path.join(dataDir, 'warm'), 2, 2000);
    await library.import({ collectionId: warm.id, sources: warmFiles.map((p) => ({ kind: 'path' as const, path: p })), reindexDocumentIds: [], reindexAll: false }, { signal: new AbortController().signal, emit: () => undefined });
    await library.backgroundIdle();
    const files = options.corpus === 'abstracts' ? writeAbstractFiles(options.sources, path.join(dataDir, 'bench-files'), options.files) : writeRealTextFiles(options.sources, path.join(dataDir, 'bench-files'), options.files, options.fileBytes);

    env.allowRemoteModels = false;
    env.localModelPath = options.modelDir;
    const extractor = await pipeline('feature-extraction', options.model, { dtype: options.dtype as 'q8' });
    await extractor(['warm up the pipeline', 'and its session'], { pooling: 'mean', normalize: true });

    let texts: string[] | null = null;
    let chunks = 0;
    let importSeconds = 0;
    const rounds: { import: number; raw: Record<'batch1' | 'batch8' | 'batch32', number>; baseline: number }[] = [];
    for (let round = 0; round < options.rounds; round++) {
      const doImport = async (): Promise<number> => {
        // a fresh collection each round: every round imports the same files as new documents
        const collection = await library.createCollection(`bench-${round}`);
        options.log(`  ${options.model} round ${round + 1}/${options.rounds}: importing ${files.length} files…`);
        const summary = await library.import({ collectionId: collection.id, sources: files.map((p) => ({ kind: 'path' as const, path: p })), reindexDocumentIds: [], reindexAll: false }, { signal: new AbortController().signal, emit: () => undefined });
        chunks = summary.overall.chunks;
        importSeconds = summary.overall.elapsedMs / 1000;
        texts ??= await (await library.database()).chunkTexts(collection.id);
        // the import starts a calibration of the collection in the background (queries through the same embedder):
        // it runs to its end here, not inside whatever this round measures next
        await library.backgroundIdle();
        return chunks / importSeconds;
      };
      const doRaw = async (): Promise<Record<'batch1' | 'batch8' | 'batch32', number>> => {
        options.log(`  ${options.model} round ${round + 1}: raw pipeline…`);
        return { batch1: await rawThroughput(extractor, texts!, 1), batch8: await rawThroughput(extractor, texts!, 8), batch32: await rawThroughput(extractor, texts!, 32) };
      };
      const doBaseline = async (): Promise<number> => {
        options.log(`  ${options.model} round ${round + 1}: plain baseline…`);
        return plainBaseline(extractor, texts!, path.join(dataDir, 'baseline'));
      };
      // the first round imports first (it provides the texts); later rounds alternate the order
      if (round % 2 === 0) {
        const imported = await doImport();
        const raw = await doRaw();
        rounds.push({ import: imported, raw, baseline: await doBaseline() });
      } else {
        const baseline = await doBaseline();
        const raw = await doRaw();
        rounds.push({ import: await doImport(), raw, baseline });
      }
      // the database's maintenance of the round's rows happens between rounds, not inside the next measurement
      await (await library.database()).maintain();
    }
    await extractor.dispose();
    const best = (r: Record<'batch1' | 'batch8' | 'batch32', number>): number => Math.max(r.batch1, r.batch8, r.batch32);
    const ratio = median(rounds.map((r) => r.import / best(r.raw)));
    const baselineRatio = median(rounds.map((r) => r.import / r.baseline));
    return {
      model: options.model,
      corpus: options.corpus ?? 'slices',
      dtype: options.dtype,
      dimension: info.dimension,
      files: files.length,
      chunks,
      rounds: rounds.length,
      rawChunksPerSecond: { batch1: median(rounds.map((r) => r.raw.batch1)), batch8: median(rounds.map((r) => r.raw.batch8)), batch32: median(rounds.map((r) => r.raw.batch32)) },
      importChunksPerSecond: median(rounds.map((r) => r.import)),
      baselineChunksPerSecond: median(rounds.map((r) => r.baseline)),
      importSeconds,
      ratio,
      baselineRatio,
      perRound: rounds.map((r) => ({ import: r.import, rawBest: best(r.raw), baseline: r.baseline })),
      target: options.target,
      baselineTarget: options.baselineTarget,
      met: ratio >= options.target && (options.baselineTarget === null || baselineRatio >= options.baselineTarget),
    };
  } finally {
    await cli.close();
  }
}

/** How a result is named in the tables: the model, and the files when they are not the usual slices. */
export const embeddingLabel = (e: Pick<EmbeddingBenchResult, 'model' | 'corpus'>): string => (e.corpus === 'abstracts' ? `${e.model}, one abstract a file` : e.model);
