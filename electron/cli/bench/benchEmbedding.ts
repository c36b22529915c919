// Benchmark (a): the raw embedder (the transformers.js pipeline alone, in this thread, on pre-chunked text, at batch
// sizes 1, 8 and 32) against the whole import pipeline on the same text, for one model.
import path from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import { openCliServices, temporaryDataDir } from '../cliContext';
import { writeRealTextFiles, type BenchSources } from './benchCorpus';

export interface EmbeddingBenchResult {
  model: string;
  dtype: string;
  dimension: number;
  files: number;
  chunks: number;
  rawChunksPerSecond: Record<'batch1' | 'batch8' | 'batch32', number>;
  importChunksPerSecond: number;
  importSeconds: number;
  /** Import throughput over the best raw figure. */
  ratio: number;
  target: number;
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
  target: number;
  log: (line: string) => void;
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

    const files = writeRealTextFiles(options.sources, path.join(dataDir, 'bench-files'), options.files, options.fileBytes);
    const collection = await library.createCollection('bench');
    options.log(`  ${options.model}: importing ${files.length} files…`);
    const summary = await library.import(
      { collectionId: collection.id, sources: files.map((p) => ({ kind: 'path' as const, path: p })), reindexDocumentIds: [], reindexAll: false },
      { signal: new AbortController().signal, emit: () => undefined },
    );
    const importSeconds = summary.overall.elapsedMs / 1000;
    const chunks = summary.overall.chunks;
    const importChunksPerSecond = chunks / importSeconds;

    // the same chunk texts, embedded by the bare pipeline in this thread
    const texts = await (await library.store()).chunkTexts(collection.id);
    env.allowRemoteModels = false;
    env.localModelPath = options.modelDir;
    const extractor = await pipeline('feature-extraction', options.model, { dtype: options.dtype as 'q8' });
    await extractor(texts.slice(0, 2), { pooling: 'mean', normalize: true }); // warm-up
    const raw = { batch1: 0, batch8: 0, batch32: 0 };
    for (const batch of [1, 8, 32] as const) {
      options.log(`  ${options.model}: raw pipeline, batch ${batch}…`);
      const started = performance.now();
      for (let i = 0; i < texts.length; i += batch) {
        const out = await extractor(texts.slice(i, i + batch), { pooling: 'mean', normalize: true });
        out.dispose?.();
      }
      raw[`batch${batch}`] = texts.length / ((performance.now() - started) / 1000);
    }
    await extractor.dispose();
    const bestRaw = Math.max(raw.batch1, raw.batch8, raw.batch32);
    const ratio = importChunksPerSecond / bestRaw;
    return {
      model: options.model,
      dtype: options.dtype,
      dimension: info.dimension,
      files: files.length,
      chunks,
      rawChunksPerSecond: raw,
      importChunksPerSecond,
      importSeconds,
      ratio,
      target: options.target,
      met: ratio >= options.target,
    };
  } finally {
    await cli.close();
  }
}
