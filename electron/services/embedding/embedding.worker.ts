// Embedding worker: runs the transformers.js model (tokenizer + ONNX) off the main thread, pools and normalises the
// token embeddings, and schedules forward passes from two lanes (queries first). Configured by its first message.
import path from 'node:path';
import { parentPort } from 'node:worker_threads';
import { env, pipeline, type FeatureExtractionPipeline, type Tensor } from '@huggingface/transformers';
import { z } from 'zod';
import { readJsonFile } from '../dataFiles/readJsonFile';
import { KNOWN_MAX_TOKENS, type EmbedderLoadConfig, type EmbedLane, type FromEmbeddingWorker, type ToEmbeddingWorker } from './embeddingProtocol';
import { meanPoolNormalized } from './meanPool';
import { batchFromIds, tokenizerFingerprint, type BatchShape, type IdTokenizer } from './tokenIds';

const port = parentPort;
if (!port) throw new Error('embedding.worker must run in a worker thread');
const send = (message: FromEmbeddingWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

let extractor: FeatureExtractionPipeline | null = null;
let config: EmbedderLoadConfig | null = null;
let dimension = 0;
let batchShape: BatchShape | null = null;
/**
 * Texts per forward pass. A query waits for the pass running when it arrives (see [Note: query lane]), so an encoder's
 * passes are short: 2 MiniLM chunks are about 55 ms at the 36 chunks/s of a quiet machine (passes of 8 under load
 * gave a search p95 of 435 ms), and raw throughput barely depends on the batch size (loci bench: 36.5 at 1, 33.1 at 8).
 * A static model's passes are a few milliseconds, so it keeps the configured size.
 */
const ENCODER_PASS_SIZE = 2;
let passSize = 8;

/**
 * [Note: ONNX threads] A model with no encoder layers (a static word-vector model) is a table lookup: its cost is the
 * tokenizer, in this thread, and a second ONNX thread would only take the core the parser and the writer need
 * (measured: 71% → 86% of the raw throughput). Transformer encoders keep ONNX's default, every core.
 */
/** The one field of the model's config.json read here (the rest is transformers.js's). */
const ModelConfigSchema = z.object({ num_hidden_layers: z.number().int().nonnegative().optional() });

function sessionOptionsFor(config: EmbedderLoadConfig): { intraOpNumThreads: number; interOpNumThreads: number } | null {
  if (!config.localModelPath) return null;
  // a config that cannot be read keeps ONNX's default; loading the model then says what is wrong with the folder
  const modelConfig = readJsonFile(path.join(config.localModelPath, config.modelId, 'config.json'), ModelConfigSchema);
  return modelConfig.state === 'ok' && modelConfig.value.num_hidden_layers === 0 ? { intraOpNumThreads: 1, interOpNumThreads: 1 } : null;
}

async function load(next: EmbedderLoadConfig): Promise<void> {
  config = next;
  env.allowLocalModels = next.localModelPath !== null;
  if (next.localModelPath) env.localModelPath = next.localModelPath;
  env.allowRemoteModels = next.allowRemote;
  env.cacheDir = next.cacheDir;
  env.useFSCache = true;
  const sessionOptions = sessionOptionsFor(next);
  passSize = sessionOptions ? next.batchSize : Math.min(next.batchSize, ENCODER_PASS_SIZE);
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
    // [Note: tokenize once] how the tokenizer builds a batch, to build the same one from ids computed elsewhere
    const tokenizer = extractor.tokenizer as unknown as IdTokenizer & { pad_token_id?: number; padding_side?: string };
    batchShape = {
      keys: Object.keys(extractor.tokenizer(['probe'], { padding: true, truncation: true })),
      padTokenId: tokenizer.pad_token_id ?? 0,
      paddingSide: tokenizer.padding_side === 'left' ? 'left' : 'right',
      maxLength: typeof tokenizerMax === 'number' && tokenizerMax > 0 ? tokenizerMax : Number.POSITIVE_INFINITY,
    };
    send({ type: 'loaded', dimension, maxTokens: Math.min(...limits), tokenizerFingerprint: tokenizerFingerprint(tokenizer) });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    send({ type: 'load-failed', message, offline: /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|network|allowRemoteModels|local_files_only|not found locally/i.test(message) });
  }
}

/**
 * [Note: unembeddable text] A text whose tokens the model has no vectors for (Persian, Korean or Chinese text for a
 * static English word-vector model, a lone symbol) pools to all zeros, which has no direction. Such a vector means
 * nothing and LanceDB refuses it, so pooling reports it (meanPool.ts) and the caller is told which texts have none.
 */

/** One request, embedded a forward pass at a time so that another lane can go between two passes. */
interface Job {
  id: number;
  texts: string[];
  /** Each text's ids in this model's tokenizer, when the sender had them ([Note: tokenize once]). */
  tokenIds: Int32Array[] | null;
  /** Indices longest first: each pass pads little. */
  order: number[];
  next: number;
  out: Float32Array;
  missing: number[];
}

// [Note: query lane] a query waits at most for the forward pass in progress, never for queued import batches: the
// scheduler takes the next pass from the query lane first. A cancelled request's remaining passes are dropped.
const lanes: Record<EmbedLane, Job[]> = { query: [], import: [] };
let pumping: Promise<void> | null = null;
let loading: Promise<void> = Promise.resolve();

async function runPass(job: Job): Promise<void> {
  // sized here, not on arrival: a request can arrive while the model (and so its dimension) is still loading
  if (job.out.length !== job.texts.length * dimension) job.out = new Float32Array(job.texts.length * dimension);
  const slice = job.order.slice(job.next, job.next + passSize);
  job.next += slice.length;
  const inputs = job.tokenIds && batchShape ? batchFromIds(slice.map((j) => job.tokenIds![j]!), batchShape) : extractor!.tokenizer(slice.map((j) => job.texts[j]!), { padding: true, truncation: true });
  const outputs = (await extractor!.model(inputs)) as Record<string, Tensor | undefined>;
  const hidden = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
  if (!hidden) throw new Error('the model returned no token embeddings');
  const [rows, seq, dim] = hidden.dims as [number, number, number];
  const usable = meanPoolNormalized(hidden.data as Float32Array, (inputs.attention_mask).data as ArrayLike<number | bigint>, rows, seq, dim, job.out, slice);
  usable.forEach((ok, row) => {
    if (!ok) job.missing.push(slice[row]!);
  });
  for (const t of Object.values(outputs)) t?.dispose?.();
}

function pump(): Promise<void> {
  pumping ??= drain().finally(() => (pumping = null));
  return pumping;
}

async function drain(): Promise<void> {
  await loading;
  for (;;) {
    const lane = lanes.query.length > 0 ? lanes.query : lanes.import;
    const job = lane[0];
    if (!job) return;
    if (!extractor || !config) {
      lane.shift();
      send({ type: 'embed-failed', id: job.id, message: 'The embedding model is not loaded' });
      continue;
    }
    try {
      await runPass(job);
    } catch (error) {
      lane.splice(lane.indexOf(job), 1);
      send({ type: 'embed-failed', id: job.id, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    // cancelled while its pass ran: already removed from its lane
    if (job.next < job.order.length || !lane.includes(job)) continue;
    lane.splice(lane.indexOf(job), 1);
    send({ type: 'embedded', id: job.id, vectors: job.out, dimension, missing: job.missing.sort((a, b) => a - b) }, [job.out.buffer as ArrayBuffer]);
  }
}

port.on('message', (message: ToEmbeddingWorker) => {
  switch (message.type) {
    case 'load':
      loading = loading.then(() => load(message.config));
      return;
    case 'embed': {
      const texts = message.texts;
      const tokenIds = message.tokenIds?.length === texts.length ? message.tokenIds : null;
      // by token count when the ids are known, else by characters
      const size = tokenIds ? (i: number): number => tokenIds[i]!.length : (i: number): number => texts[i]!.length;
      const order = texts.map((_, i) => i).sort((a, b) => size(b) - size(a));
      lanes[message.lane].push({ id: message.id, texts, tokenIds, order, next: 0, out: new Float32Array(texts.length * dimension), missing: [] });
      void pump();
      return;
    }
    case 'stop':
      // [Note: stopping] terminating the thread while ONNX runs a pass aborts the process, so the pass finishes first
      lanes.query.length = 0;
      lanes.import.length = 0;
      void Promise.all([loading, pumping]).then(() => send({ type: 'stopped' }));
      return;
    case 'cancel':
      for (const lane of Object.values(lanes)) {
        const i = lane.findIndex((j) => j.id === message.id);
        if (i >= 0) lane.splice(i, 1);
      }
      return;
  }
});
