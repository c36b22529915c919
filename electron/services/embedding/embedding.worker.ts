// Embedding worker: runs transformers.js feature extraction (mean pooling, normalised) off the main thread.
// Receives its configuration in its first message; never imports electron.
import fs from 'node:fs';
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { KNOWN_MAX_TOKENS, type EmbedderLoadConfig, type FromEmbeddingWorker, type ToEmbeddingWorker } from './embeddingProtocol';

const port = parentPort;
if (!port) throw new Error('embedding.worker must run in a worker thread');
const send = (message: FromEmbeddingWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

let extractor: FeatureExtractionPipeline | null = null;
let config: EmbedderLoadConfig | null = null;
let dimension = 0;

/**
 * [Note: ONNX threads] A model with no encoder layers (a static word-vector model) is a table lookup: its cost is the
 * tokenizer, in this thread, and a second ONNX thread would only take the core the parser and the writer need
 * (measured: 71% → 86% of the raw throughput). Transformer encoders keep ONNX's default, every core.
 */
function sessionOptionsFor(config: EmbedderLoadConfig): { intraOpNumThreads: number; interOpNumThreads: number } | null {
  if (!config.localModelPath) return null;
  try {
    const modelConfig = JSON.parse(fs.readFileSync(path.join(config.localModelPath, config.modelId, 'config.json'), 'utf8')) as { num_hidden_layers?: number };
    return modelConfig.num_hidden_layers === 0 ? { intraOpNumThreads: 1, interOpNumThreads: 1 } : null;
  } catch {
    return null;
  }
}

async function load(next: EmbedderLoadConfig): Promise<void> {
  config = next;
  env.allowLocalModels = next.localModelPath !== null;
  if (next.localModelPath) env.localModelPath = next.localModelPath;
  env.allowRemoteModels = next.allowRemote;
  env.cacheDir = next.cacheDir;
  env.useFSCache = true;
  const sessionOptions = sessionOptionsFor(next);
  try {
    extractor = await pipeline('feature-extraction', next.modelId, {
      dtype: next.dtype as 'q8',
      ...(sessionOptions ? { session_options: sessionOptions } : {}),
      progress_callback: (info: { status?: string; file?: string; progress?: number }) => {
        // transformers.js reports progress for local reads too; only a fetch is a download worth showing
        if (next.allowRemote && info.status === 'progress' && info.file) send({ type: 'download', file: info.file, progress: info.progress ?? 0 });
      },
    });
    const probe = await extractor(['dimension probe'], { pooling: 'mean', normalize: true });
    dimension = probe.dims[probe.dims.length - 1] ?? 0;
    const modelConfig = extractor.model.config as unknown as { max_position_embeddings?: number };
    const tokenizerMax = (extractor.tokenizer as unknown as { model_max_length?: number }).model_max_length;
    const limits = [Object.hasOwn(KNOWN_MAX_TOKENS, next.modelId) ? KNOWN_MAX_TOKENS[next.modelId] : undefined, modelConfig.max_position_embeddings, tokenizerMax, 512].filter(
      (v): v is number => typeof v === 'number' && v > 0 && v < 1e6,
    );
    send({ type: 'loaded', dimension, maxTokens: Math.min(...limits) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    send({ type: 'load-failed', message, offline: /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|network|allowRemoteModels|local_files_only|not found locally/i.test(message) });
  }
}

/**
 * [Note: unembeddable text] A text whose tokens the model has no vectors for (Persian, Korean or Chinese text for a
 * static English word-vector model, a lone symbol) pools to all zeros, which normalising turns into NaN. Such a vector
 * means nothing and LanceDB refuses it, so every vector is checked here: finite, and of unit length as normalising
 * makes any meaningful one. The caller is told which texts have none.
 */
function isUsableVector(vector: Float32Array): boolean {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) {
    const x = vector[i]!;
    if (!Number.isFinite(x)) return false;
    sum += x * x;
  }
  return Math.abs(sum - 1) < 1e-2;
}

/** Embeds in batches, longest-first within the request so each batch pads little; returns vectors in input order. */
async function embed(id: number, texts: string[]): Promise<void> {
  if (!extractor || !config) {
    send({ type: 'embed-failed', id, message: 'The embedding model is not loaded' });
    return;
  }
  try {
    const order = texts.map((_, i) => i).sort((a, b) => texts[b]!.length - texts[a]!.length);
    const out = new Float32Array(texts.length * dimension);
    const missing: number[] = [];
    for (let i = 0; i < order.length; i += config.batchSize) {
      const slice = order.slice(i, i + config.batchSize);
      const tensor = await extractor(slice.map((j) => texts[j]!), { pooling: 'mean', normalize: true });
      const data = tensor.data as Float32Array;
      slice.forEach((j, row) => {
        const vector = data.subarray(row * dimension, (row + 1) * dimension);
        if (isUsableVector(vector)) out.set(vector, j * dimension);
        else missing.push(j);
      });
      tensor.dispose?.();
    }
    send({ type: 'embedded', id, vectors: out, dimension, missing: missing.sort((a, b) => a - b) }, [out.buffer]);
  } catch (error) {
    send({ type: 'embed-failed', id, message: error instanceof Error ? error.message : String(error) });
  }
}

// one message at a time: ONNX runs one batch at a time anyway, and ordering keeps the protocol simple
let queue: Promise<void> = Promise.resolve();
port.on('message', (message: ToEmbeddingWorker) => {
  queue = queue.then(() => (message.type === 'load' ? load(message.config) : embed(message.id, message.texts)));
});
