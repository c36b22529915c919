// The embedding service: finds the configured model on disk (or fetches it when allowed), runs it in a worker
// thread, and embeds batches of text for import and search. Nothing CPU-heavy happens on the calling thread.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/contract/errors';
import type { EmbedderRuntimeStatus } from '../../../shared/contract/library';
import type { Settings } from '../../../shared/contract/settings';
import type { Logger } from '../logging/logger';
import type { WorkerEntry } from '../workers/workerEntries';
import type { EmbedderLoadConfig, EmbedLane, FromEmbeddingWorker, ToEmbeddingWorker } from './embeddingProtocol';
import { createListeners } from '../events/listeners';

export interface EmbedderInfo {
  modelId: string;
  dtype: string;
  dimension: number;
  maxTokens: number;
  /** How the same model's tokenizer can be loaded elsewhere (the ingest worker). */
  source: Pick<EmbedderLoadConfig, 'localModelPath' | 'allowRemote' | 'cacheDir'>;
  /** The model's tokenizer (embedding/tokenIds): ids computed by a tokenizer with this fingerprint can be given. */
  tokenizerFingerprint?: string;
}

export interface EmbedOptions {
  /** 'query' (the default) goes ahead of queued 'import' requests; see [Note: query lane]. */
  lane?: EmbedLane;
  /**
   * Each text's ids, special tokens included, in the tokenizer of `EmbedderInfo.tokenizerFingerprint`: the worker
   * builds its input from them instead of tokenizing the texts ([Note: tokenize once]). One per text, in order.
   */
  tokenIds?: readonly Int32Array[];
}

export interface EmbeddingService {
  status(): EmbedderRuntimeStatus;
  /** Loads the model if needed. Fails with EMBEDDER_UNAVAILABLE, saying how to fix it. */
  ready(): Promise<EmbedderInfo>;
  /**
   * One normalised vector per text, in order, or null for a text the model has no meaning vector for (see
   * [Note: unembeddable text]). What is stored uses this.
   */
  embedEach(texts: readonly string[], signal?: AbortSignal, options?: EmbedOptions): Promise<(Float32Array | null)[]>;
  /**
   * One vector per text, in order; a text with no meaning vector gets all zeros, which vector search matches with
   * nothing (for queries; prefer embedEach to tell the case apart).
   */
  embed(texts: readonly string[], signal?: AbortSignal, options?: EmbedOptions): Promise<Float32Array[]>;
  onStatus(listener: (status: EmbedderRuntimeStatus) => void): () => void;
  /** Drops the loaded model (settings changed); the next call loads the new one. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

export interface EmbeddingServiceOptions {
  worker: WorkerEntry;
  dataDir: string;
  getSettings: () => Settings;
  /** Folders searched after the user's own (e.g. one bundled into the app's resources). */
  bundledModelDirs?: readonly string[];
  logger: Logger;
  batchSize?: number;
}

/**
 * Texts per forward pass. Batches are sorted by length, so they pad little; past 8 the bigger matrices stop paying on
 * two cores (measured with `loci bench`: import at 100% of the raw embedder with 8, 90-95% with 32).
 */
const DEFAULT_BATCH_SIZE = 8;

const WEIGHT_FILES: Record<string, string> = {
  fp32: 'model.onnx',
  fp16: 'model_fp16.onnx',
  q8: 'model_quantized.onnx',
  int8: 'model_int8.onnx',
  uint8: 'model_uint8.onnx',
  q4: 'model_q4.onnx',
};

/** The first folder that holds the model's config and the weights for this dtype. */
export function findModelDir(dirs: readonly string[], modelId: string, dtype: string): string | null {
  for (const dir of dirs) {
    const modelDir = path.join(dir, modelId);
    if (fs.existsSync(path.join(modelDir, 'config.json')) && fs.existsSync(path.join(modelDir, 'onnx', (Object.hasOwn(WEIGHT_FILES, dtype) ? WEIGHT_FILES[dtype] : undefined) ?? 'model.onnx'))) return dir;
  }
  return null;
}

export function createEmbeddingService(options: EmbeddingServiceOptions): EmbeddingService {
  const log = options.logger.child('embedding');
  const listeners = createListeners<[EmbedderRuntimeStatus]>();
  const downloadCache = path.join(options.dataDir, 'models');
  let worker: Worker | null = null;
  let loading: Promise<EmbedderInfo> | null = null;
  let info: EmbedderInfo | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: (Float32Array | null)[]) => void; reject: (e: Error) => void; count: number }>();
  let status: EmbedderRuntimeStatus = (() => {
    const s = options.getSettings();
    return { state: 'idle', modelId: s.embedderModelId, dtype: s.embedderDtype, location: null, dimension: null, maxTokens: null, progress: null, message: null };
  })();

  const setStatus = (patch: Partial<EmbedderRuntimeStatus>): void => {
    status = { ...status, ...patch };
    listeners.emit(status);
  };

  const failAll = (message: string): void => {
    for (const p of pending.values()) p.reject(new AppError('EMBEDDER_UNAVAILABLE', message));
    pending.clear();
  };

  const stopWorker = async (): Promise<void> => {
    const w = worker;
    worker = null;
    info = null;
    loading = null;
    if (!w) return;
    // see [Note: stopping] in the worker: it finishes the pass it is running, then goes
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      const onMessage = (message: FromEmbeddingWorker): void => {
        if (message.type !== 'stopped') return;
        clearTimeout(timer);
        resolve();
      };
      w.on('message', onMessage);
      w.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      w.postMessage({ type: 'stop' } satisfies ToEmbeddingWorker);
    });
    await w.terminate();
  };

  const startLoad = (): Promise<EmbedderInfo> => {
    const settings = options.getSettings();
    const { embedderModelId: modelId, embedderDtype: dtype } = settings;
    const searchDirs = [settings.embedderModelDir, ...(options.bundledModelDirs ?? []), downloadCache].filter((d): d is string => typeof d === 'string');
    const localModelPath = findModelDir(searchDirs, modelId, dtype);
    if (!localModelPath && !settings.allowModelDownload) {
      const message = `The embedding model ${modelId} (${dtype}) is not on this computer and downloading is turned off. Put the model folder at ${path.join(downloadCache, modelId)}, choose a model folder in Settings, or allow the download.`;
      setStatus({ state: 'unavailable', modelId, dtype, message, location: null });
      return Promise.reject(new AppError('EMBEDDER_UNAVAILABLE', message));
    }
    const config: EmbedderLoadConfig = { modelId, dtype, localModelPath, allowRemote: localModelPath === null && settings.allowModelDownload, cacheDir: downloadCache, batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE };
    setStatus({ state: localModelPath ? 'loading' : 'downloading', modelId, dtype, location: localModelPath ? path.join(localModelPath, modelId) : null, progress: null, message: null, dimension: null, maxTokens: null });

    const w = new Worker(options.worker.url, { workerData: options.worker.workerData, name: 'loci-embedding' });
    worker = w;
    return new Promise<EmbedderInfo>((resolve, reject) => {
      const onMessage = (message: FromEmbeddingWorker): void => {
        switch (message.type) {
          case 'download':
            setStatus({ state: 'downloading', progress: Math.max(0, Math.min(100, message.progress)) });
            return;
          case 'loaded':
            info = { modelId, dtype, dimension: message.dimension, maxTokens: message.maxTokens, source: { localModelPath: config.localModelPath ?? downloadCache, allowRemote: false, cacheDir: downloadCache }, tokenizerFingerprint: message.tokenizerFingerprint };
            setStatus({ state: 'ready', dimension: message.dimension, maxTokens: message.maxTokens, progress: null, location: status.location ?? path.join(downloadCache, modelId) });
            log.info('embedder ready', { modelId, dtype, dimension: message.dimension });
            resolve(info);
            return;
          case 'load-failed': {
            const text = message.offline
              ? `The embedding model ${modelId} is not on this computer and could not be downloaded (no connection to the model hub). Connect to the internet and retry, or put the model folder at ${path.join(downloadCache, modelId)} or choose a model folder in Settings.`
              : `The embedding model ${modelId} could not be loaded: ${message.message}`;
            setStatus({ state: message.offline ? 'unavailable' : 'error', message: text, progress: null });
            void stopWorker();
            reject(new AppError('EMBEDDER_UNAVAILABLE', text));
            return;
          }
          case 'embedded': {
            const p = pending.get(message.id);
            pending.delete(message.id);
            if (!p) return;
            const missing = new Set(message.missing);
            const vectors: (Float32Array | null)[] = [];
            for (let i = 0; i < p.count; i++) vectors.push(missing.has(i) ? null : message.vectors.subarray(i * message.dimension, (i + 1) * message.dimension));
            p.resolve(vectors);
            return;
          }
          case 'stopped':
            return;
          case 'embed-failed': {
            const p = pending.get(message.id);
            pending.delete(message.id);
            log.warn('embedding failed', { error: message.message, texts: p?.count });
            p?.reject(new AppError('INTERNAL', 'The embedding model failed on this text. Try again; if it keeps failing, the log has the details.', { cause: message.message }));
            return;
          }
        }
      };
      w.on('message', onMessage);
      w.on('error', (error) => {
        log.error('embedding worker crashed', { error });
        setStatus({ state: 'error', message: `The embedding worker stopped: ${error.message}` });
        failAll(`The embedding worker stopped: ${error.message}`);
        if (worker === w) {
          worker = null;
          info = null;
          loading = null;
        }
        reject(new AppError('EMBEDDER_UNAVAILABLE', `The embedding worker stopped: ${error.message}`));
      });
      w.on('exit', () => {
        if (worker === w) {
          worker = null;
          info = null;
          loading = null;
          failAll('The embedding worker exited');
        }
      });
      w.postMessage({ type: 'load', config } satisfies ToEmbeddingWorker);
    });
  };

  const ready = (): Promise<EmbedderInfo> => {
    if (info) return Promise.resolve(info);
    loading ??= startLoad().catch((error: unknown) => {
      loading = null;
      throw error;
    });
    return loading;
  };

  const cancelled = (): AppError => new AppError('CANCELLED', 'Cancelled');
  const embedEach = async (texts: readonly string[], signal?: AbortSignal, embedOptions: EmbedOptions = {}): Promise<(Float32Array | null)[]> => {
    if (texts.length === 0) return [];
    const tokenIds = embedOptions.tokenIds;
    if (tokenIds && tokenIds.length !== texts.length) throw new AppError('INTERNAL', 'Token ids were given for some texts only');
    await ready();
    if (signal?.aborted) throw cancelled();
    const w = worker;
    if (!w) throw new AppError('EMBEDDER_UNAVAILABLE', status.message ?? 'The embedding model is not loaded');
    const id = nextId++;
    return new Promise<(Float32Array | null)[]>((resolve, reject) => {
      // a cancel settles at once: the worker drops the passes not yet run, and the one running is abandoned
      const onAbort = (): void => {
        if (!pending.delete(id)) return;
        w.postMessage({ type: 'cancel', id } satisfies ToEmbeddingWorker);
        reject(cancelled());
      };
      const settle = <T>(fn: (v: T) => void) => (v: T): void => {
        signal?.removeEventListener('abort', onAbort);
        fn(v);
      };
      pending.set(id, { resolve: settle(resolve), reject: settle(reject), count: texts.length });
      signal?.addEventListener('abort', onAbort, { once: true });
      w.postMessage({ type: 'embed', id, texts: [...texts], lane: embedOptions.lane ?? 'query', ...(tokenIds ? { tokenIds: [...tokenIds] } : {}) } satisfies ToEmbeddingWorker);
    });
  };

  return {
    status: () => status,
    ready,
    embedEach,
    async embed(texts, signal, embedOptions) {
      const vectors = await embedEach(texts, signal, embedOptions);
      return vectors.map((v) => v ?? new Float32Array(info?.dimension ?? 0));
    },
    onStatus: listeners.add,
    reset: async () => {
      failAll('The embedding model changed');
      await stopWorker();
      const s = options.getSettings();
      setStatus({ state: 'idle', modelId: s.embedderModelId, dtype: s.embedderDtype, location: null, dimension: null, maxTokens: null, progress: null, message: null });
    },
    dispose: async () => {
      failAll('Loci is shutting down');
      await stopWorker();
    },
  };
}
