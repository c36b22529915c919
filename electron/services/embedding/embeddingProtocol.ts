// Messages between the embedding service (main thread) and its worker.

export interface EmbedderLoadConfig {
  modelId: string;
  dtype: string;
  /** Folder holding <modelId>/..., or null to fetch it (into cacheDir). */
  localModelPath: string | null;
  allowRemote: boolean;
  cacheDir: string;
  /** Texts per forward pass. */
  batchSize: number;
}

/** Queries (search, chat, compare) go before queued import batches; see [Note: query lane]. */
export type EmbedLane = 'query' | 'import';

export type ToEmbeddingWorker =
  | { type: 'load'; config: EmbedderLoadConfig }
  /** `tokenIds`: each text's ids in the worker's own tokenizer (the sender checked its fingerprint); see [Note: tokenize once]. */
  | { type: 'embed'; id: number; texts: string[]; lane: EmbedLane; tokenIds?: Int32Array[] }
  /** Drops the request's passes not yet run; its result is never sent. */
  | { type: 'cancel'; id: number }
  /** Drops every queued pass and answers `stopped` once the pass running (if any) has returned. */
  | { type: 'stop' };

export type FromEmbeddingWorker =
  | { type: 'loaded'; dimension: number; maxTokens: number; tokenizerFingerprint: string }
  | { type: 'load-failed'; message: string; offline: boolean }
  | { type: 'download'; file: string; progress: number }
  /** `missing`: indices of texts the model has no meaning vector for (their rows are zeros, never NaN). */
  | { type: 'embedded'; id: number; vectors: Float32Array; dimension: number; missing: number[] }
  | { type: 'embed-failed'; id: number; message: string }
  | { type: 'stopped' };

/** Sequence limits that a model's config does not state (sentence-transformers truncates at 256 word pieces). */
export const KNOWN_MAX_TOKENS: Readonly<Record<string, number>> = {
  'Xenova/all-MiniLM-L6-v2': 256,
  'sentence-transformers/all-MiniLM-L6-v2': 256,
  'loci/minilm-shaped-random': 256,
};
