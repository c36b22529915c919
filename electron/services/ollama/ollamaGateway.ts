// The one door to Ollama: probes, model listing, context lengths, pulls, deletes and streamed answers through the
// real `ollama` client; it owns the clients, the URL and the caches, and types every error.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Ollama, type ProgressResponse } from 'ollama';
import type { OllamaStatus } from '../../../shared/contract/ollama';
import { modelKey, type ModelDetails, type ModelInfo, type PullProgress, type RunningModel } from '../../../shared/contract/models';
import { AppError } from '../../../shared/contract/errors';
import type { AnswerStreamOutcome, AnswerStreamRequest } from '../engines/modelEngine';
import { streamOllamaChat, type StreamScope } from './ollamaChatStream';
import { toOllamaError } from './ollamaErrors';

export interface OllamaGatewayOptions {
  /** The current Ollama base URL (read on every call, so a settings change takes effect at once). */
  getUrl: () => string;
  /** Time limit for short requests (probe, list, show, delete), in ms. */
  requestTimeoutMs?: number;
}

export interface OllamaGateway {
  probe(url?: string): Promise<OllamaStatus>;
  listModels(signal?: AbortSignal): Promise<ModelInfo[]>;
  runningModels(): Promise<RunningModel[]>;
  deleteModel(name: string): Promise<void>;
  /** /api/show, reduced to what the UI shows; every text checked and cut (Ollama's bytes are untrusted). */
  showModel(name: string): Promise<ModelDetails>;
  /** Asks Ollama to unload the model now: a generate request with no prompt and keep_alive 0. */
  unloadModel(name: string): Promise<void>;
  pullModel(name: string, signal: AbortSignal, onProgress: (progress: PullProgress) => void): Promise<void>;
  /** The model's context window from /api/show (cached per digest through the model list); null when unknown. */
  contextLength(name: string): Promise<number | null>;
  /** One streamed chat answer at the current URL; never throws (see ModelEngine.streamAnswer). */
  streamAnswer(request: AnswerStreamRequest): Promise<AnswerStreamOutcome>;
}

const infoNumber = (info: unknown, suffix: string): number | null => {
  const entries: Iterable<[string, unknown]> =
    info instanceof Map ? (info as Map<string, unknown>).entries() : Object.entries((info ?? {}) as Record<string, unknown>);
  for (const [key, value] of entries) if (key.endsWith(suffix) && typeof value === 'number') return value;
  return null;
};

const MAX_TEXT = 20_000;
/** A text field from Ollama: a non-empty string, cut to what the contract allows; anything else is null. */
const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.slice(0, MAX_TEXT) : null);

/** model_info keys worth a line, in this order (suffix match: `llama.context_length`). */
const INFO_FACTS: ReadonlyArray<[string, string, (v: unknown) => string | null]> = [
  ['general.architecture', 'Architecture', (v) => (typeof v === 'string' ? v : null)],
  ['general.parameter_count', 'Parameters', (v) => (typeof v === 'number' && v > 0 ? v.toLocaleString('en-US') : null)],
  ['.context_length', 'Context length', (v) => (typeof v === 'number' && v > 0 ? `${Math.round(v).toLocaleString('en-US')} tokens` : null)],
  ['.embedding_length', 'Embedding length', (v) => (typeof v === 'number' && v > 0 ? Math.round(v).toLocaleString('en-US') : null)],
];

/** The facts /api/show gives: its details block, then the model_info keys above. */
export function showFacts(shown: { details?: unknown; model_info?: unknown }): Array<{ label: string; value: string }> {
  const facts: Array<{ label: string; value: string }> = [];
  const details = (shown.details ?? {}) as Record<string, unknown>;
  const push = (label: string, value: string | null): void => {
    if (value) facts.push({ label, value: value.slice(0, 500) });
  };
  push('Format', text(details['format']));
  push('Family', text(details['family']));
  push('Parameter size', text(details['parameter_size']));
  push('Quantization', text(details['quantization_level']));
  const entries: Array<[string, unknown]> =
    shown.model_info instanceof Map ? [...(shown.model_info as Map<string, unknown>).entries()] : Object.entries((shown.model_info ?? {}) as Record<string, unknown>);
  for (const [suffix, label, format] of INFO_FACTS) {
    const entry = entries.find(([key]) => (suffix.startsWith('.') ? key.endsWith(suffix) : key === suffix));
    if (entry) push(label, format(entry[1]));
  }
  return facts;
}

const isoDate = (value: unknown): string => {
  const date = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(date.getTime()) ? new Date(0).toISOString() : date.toISOString();
};

export function createOllamaGateway(options: OllamaGatewayOptions): OllamaGateway {
  const timeoutMs = options.requestTimeoutMs ?? 5000;
  const timedFetch: typeof fetch = (input, init) => fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs) });
  // [Note: one streaming client] One client per URL serves every streamed answer. The client makes its own abort
  // controller per request, which it exposes only once the response has arrived; the answer's signal and the moment
  // its request leaves reach this client's fetch through an async-local scope instead.
  const streamScope = new AsyncLocalStorage<StreamScope>();
  const scopedFetch: typeof fetch = (input, init) => {
    const scope = streamScope.getStore();
    scope?.onRequest();
    const signals = [init?.signal, scope?.signal].filter((s): s is AbortSignal => s instanceof AbortSignal);
    return fetch(input, { ...init, ...(signals.length > 0 ? { signal: AbortSignal.any(signals) } : {}) });
  };
  const runInScope = <T>(scope: StreamScope, fn: () => Promise<T>): Promise<T> => streamScope.run(scope, fn);
  const clients = new Map<string, { quick: Ollama; streaming: Ollama }>();
  const clientsFor = (url: string): { quick: Ollama; streaming: Ollama } => {
    let entry = clients.get(url);
    if (!entry) {
      entry = { quick: new Ollama({ host: url, fetch: timedFetch }), streaming: new Ollama({ host: url, fetch: scopedFetch }) };
      clients.set(url, entry);
    }
    return entry;
  };
  // context length comes from /api/show; a model's digest pins it, so look it up once per digest
  const contextLengthByDigest = new Map<string, number | null>();
  // and by URL and name, filled by every listing, so an answer asks for no second list
  const contextLengthByName = new Map<string, number | null>();
  // chat asks for the model list on every question; a short-lived cache keeps that off the hot path
  let listCache: { url: string; at: number; models: ModelInfo[] } | null = null;
  const LIST_CACHE_MS = 10_000;
  // a list that was in flight when the models changed must not write its stale answer back
  let listGeneration = 0;
  const invalidateList = (): void => {
    listCache = null;
    listGeneration++;
  };

  const withUrl = async <T>(fn: (client: Ollama, url: string) => Promise<T>, model?: string): Promise<T> => {
    const url = options.getUrl();
    try {
      return await fn(clientsFor(url).quick, url);
    } catch (error) {
      throw toOllamaError(error, url, { model });
    }
  };

  const gateway: OllamaGateway = {
    async probe(urlOverride) {
      const url = urlOverride ?? options.getUrl();
      const started = performance.now();
      try {
        const { quick } = clientsFor(url);
        const { version } = await quick.version();
        const { models } = await quick.list();
        return { state: 'ready', url, version, modelCount: models.length, checkedAt: Date.now(), latencyMs: Math.round(performance.now() - started), error: null };
      } catch (error) {
        const appError = toOllamaError(error, url);
        const state = appError.code === 'OLLAMA_UNREACHABLE' ? 'unreachable' : 'error';
        return { state, url, version: null, modelCount: null, checkedAt: Date.now(), latencyMs: null, error: appError.toData() };
      }
    },

    listModels: (signal) =>
      withUrl(async (client, url) => {
        if (listCache && listCache.url === url && Date.now() - listCache.at < LIST_CACHE_MS) return listCache.models;
        const generation = listGeneration;
        const { models } = await client.list();
        const infos = await Promise.all(
          models.map(async (m): Promise<ModelInfo> => {
            signal?.throwIfAborted();
            let contextLength = contextLengthByDigest.get(m.digest);
            if (contextLength === undefined) {
              const shown = await client.show({ model: m.name }).catch(() => null);
              contextLength = shown ? infoNumber(shown.model_info, '.context_length') : null;
              if (shown) contextLengthByDigest.set(m.digest, contextLength);
            }
            return {
              engine: 'ollama',
              name: m.name,
              key: modelKey({ engine: 'ollama', name: m.name }),
              sizeBytes: m.size,
              digest: m.digest,
              family: m.details?.family || null,
              parameterSize: m.details?.parameter_size || null,
              quantization: m.details?.quantization_level || null,
              contextLength: contextLength !== null && contextLength > 0 ? Math.round(contextLength) : null,
              modifiedAt: isoDate(m.modified_at),
              origin: 'ollama',
              fileName: null,
              requiredMemoryBytes: null,
              fitsInMemory: null,
              problem: null,
              removable: true,
            };
          }),
        );
        for (const info of infos) contextLengthByName.set(`${url}|${info.name}`, info.contextLength);
        if (generation === listGeneration) listCache = { url, at: Date.now(), models: infos };
        return infos;
      }),

    runningModels: () =>
      withUrl(async (client) => {
        const { models } = await client.ps();
        return models.map((m) => ({ engine: 'ollama' as const, name: m.name, key: modelKey({ engine: 'ollama', name: m.name }), sizeBytes: m.size, sizeVramBytes: m.size_vram ?? 0, expiresAt: m.expires_at ? isoDate(m.expires_at) : null }));
      }),

    deleteModel: (name) =>
      withUrl(async (client) => {
        invalidateList();
        try {
          await client.delete({ model: name });
        } finally {
          invalidateList();
        }
      }, name),

    showModel: (name) =>
      withUrl(async (client) => {
        const shown = await client.show({ model: name });
        const capabilities = Array.isArray((shown as { capabilities?: unknown }).capabilities) ? (shown as { capabilities: unknown[] }).capabilities : [];
        return {
          engine: 'ollama' as const,
          name,
          key: modelKey({ engine: 'ollama', name }),
          facts: showFacts(shown),
          template: text(shown.template),
          parameters: text(shown.parameters),
          license: text(shown.license),
          modelfile: text(shown.modelfile),
          capabilities: capabilities.filter((c): c is string => typeof c === 'string').slice(0, 20).map((c) => c.slice(0, 60)),
        };
      }, name),

    unloadModel: (name) =>
      withUrl(async (client) => {
        await client.generate({ model: name, prompt: '', keep_alive: 0, stream: false });
      }, name),

    async pullModel(name, signal, onProgress) {
      const url = options.getUrl();
      const { streaming } = clientsFor(url);
      signal.throwIfAborted();
      invalidateList();
      let received = false;
      let iterator: (AsyncIterable<ProgressResponse> & { abort(): void }) | null = null;
      const onAbort = (): void => iterator?.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const parts = await streaming.pull({ model: name, stream: true });
        iterator = parts;
        let succeeded = false;
        for await (const part of parts) {
          received = true;
          const total = typeof part.total === 'number' && part.total > 0 ? part.total : null;
          const completed = typeof part.completed === 'number' ? part.completed : null;
          onProgress({
            status: part.status,
            digest: part.digest || null,
            totalBytes: total,
            completedBytes: completed,
            percent: total !== null && completed !== null ? Math.min(100, (completed / total) * 100) : null,
          });
          if (part.status === 'success') succeeded = true;
        }
        if (signal.aborted) throw new AppError('CANCELLED', 'Pull cancelled');
        invalidateList();
        if (!succeeded) throw new AppError('OLLAMA_STREAM_CUT', `The pull of "${name}" ended before Ollama reported success`, { url });
      } catch (error) {
        if (signal.aborted) throw new AppError('CANCELLED', 'Pull cancelled');
        invalidateList();
        const appError = toOllamaError(error, url, { midStream: received });
        // a registry miss arrives as a plain error message, not a 404
        if (appError.code === 'OLLAMA_ERROR' && /file does not exist|manifest/i.test(appError.message)) {
          throw new AppError('MODEL_NOT_FOUND', `Ollama's registry has no model named "${name}"`, { url, model: name });
        }
        throw appError;
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },

    async contextLength(name) {
      const url = options.getUrl();
      const known = contextLengthByName.get(`${url}|${name}`);
      if (known !== undefined) return known;
      const shown = await clientsFor(url).quick.show({ model: name }).catch(() => null);
      const length = shown ? infoNumber(shown.model_info, '.context_length') : null;
      const value = length !== null && length > 0 ? Math.round(length) : null;
      if (shown) contextLengthByName.set(`${url}|${name}`, value);
      return value;
    },

    streamAnswer(request) {
      const url = options.getUrl();
      return streamOllamaChat(clientsFor(url).streaming, url, request, runInScope);
    },
  };
  return gateway;
}
