// Every engine's models (Ollama's and the built-in engine's GGUF files), the ones loaded in memory, every Ollama
// pull wherever it was started (Models, Chat's first-run offer, a missing model's answer: streamed progress, cancel,
// dismiss), added GGUF files (uploaded, or the desktop's dialog) and removals.
// Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { AppError } from '../../../shared/contract/errors';
import { ModelNameSchema, parseModelKey, type EngineState, type ModelDetails, type ModelInfo, type PullProgress, type RunningModel } from '../../../shared/contract/models';
import type { LociApi, LociStream } from '../api/lociApi';
import { createUploadImporter } from '../api/fileImport';
import { toAppError } from '../lib/errors';

export type PullState = 'running' | 'done' | 'failed' | 'cancelled';

/** Bytes of one layer of a pull, by digest. */
export interface PullLayer {
  readonly totalBytes: number;
  readonly completedBytes: number;
}

/** One model pull, listed until dismissed. */
export interface ModelPull {
  /** Increases with every pull, so a row keyed by it starts fresh. */
  readonly id: number;
  readonly name: string;
  readonly state: PullState;
  /** Cancel was pressed; the host has not answered yet. */
  readonly cancelling: boolean;
  /** The latest status line from Ollama ("pulling manifest", "pulling 1a2b3c4d5e6f", "verifying sha256 digest"). */
  readonly status: string | null;
  /** The latest progress item as Ollama sent it (its current layer), null until the first. */
  readonly progress: PullProgress | null;
  /** Every layer seen so far, in first-seen order. */
  readonly layers: ReadonlyMap<string, PullLayer>;
  /** Sums over the layers seen so far; null until a layer reports its size. */
  readonly totalBytes: number | null;
  readonly completedBytes: number | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  /** Why it failed (state `failed`): MODEL_NOT_FOUND, OLLAMA_UNREACHABLE, OLLAMA_STREAM_CUT, OLLAMA_ERROR… */
  readonly error: AppError | null;
}

/** A GGUF file on its way to the built-in engine. */
export interface ModelAdding {
  readonly name: string;
  readonly phase: 'uploading' | 'reading';
  readonly bytesSent: number;
  readonly bytesTotal: number;
}

/** One model's details view: asked for once per opening, kept until the model changes. */
export type ModelDetailsView =
  | { readonly state: 'loading' }
  | { readonly state: 'loaded'; readonly details: ModelDetails }
  | { readonly state: 'failed'; readonly error: AppError };

export interface ModelsState {
  /** Every engine's models; null until the first list answers. */
  readonly installed: readonly ModelInfo[] | null;
  /** Each engine's state from the last list (Ollama unavailable while it is not running); null until then. */
  readonly engines: readonly EngineState[] | null;
  /** The GGUF file being added, or null. */
  readonly adding: ModelAdding | null;
  /** Why the last add failed. */
  readonly addError: AppError | null;
  readonly loading: boolean;
  /** Why the last list failed (OLLAMA_UNREACHABLE while Ollama is down). */
  readonly error: AppError | null;
  /** Models loaded in memory (/api/ps); null until the first answer. */
  readonly running: readonly RunningModel[] | null;
  readonly runningError: AppError | null;
  /** Every pull, oldest first (started here or from Chat); finished ones stay until dismissed. */
  readonly pulls: readonly ModelPull[];
  /** Models being deleted. */
  readonly deleting: ReadonlySet<string>;
  /** The model whose details are open (by key), or null. */
  readonly detailsKey: string | null;
  readonly details: ModelDetailsView | null;
  /** Models being unloaded, by key. */
  readonly unloading: ReadonlySet<string>;
  /** Why the last unload failed. */
  readonly unloadError: AppError | null;

  /** Lists installed and loaded models again. A call made while a list is on its way runs once more after it
   * (what changed in between is not lost); calls made meanwhile share that one. */
  refresh(): Promise<void>;
  /** Starts pulling a model and returns its pull id. Throws an AppError (INVALID_INPUT) for a malformed name or a
   * model already being pulled; Ollama's own failures land on the pull (state `failed`). */
  pull(name: string): number;
  /** Pulls a model (joining a pull of it already running) and resolves with the pull once it has finished, in
   * whatever state (done, failed, cancelled). Rejects only for a malformed name (INVALID_INPUT). */
  pullUntilFinished(name: string): Promise<ModelPull>;
  /** Stops a running pull; nothing is installed. */
  cancelPull(id: number): void;
  /** Hides a finished pull. */
  dismissPull(id: number): void;
  /** Removes a model by key (Ollama deletes it; the built-in engine forgets the file). Rejects with the AppError. */
  deleteModel(key: string): Promise<void>;
  /** Opens a model's details (asks the engine); the same key again closes them. */
  toggleDetails(key: string): Promise<void>;
  closeDetails(): void;
  /** Frees a loaded model's memory now, then lists the loaded models again. */
  unload(key: string): Promise<void>;
  /** Uploads a GGUF file to the built-in engine (both modes: the browser's file or a dropped one). */
  addFile(file: File): Promise<void>;
  /** Desktop: main's file dialog picks a GGUF file, used where it is. */
  addFromDialog(): Promise<void>;
}

export type ModelsStore = StoreApi<ModelsState>;

/** A pull's figures after one more progress item: per-layer bytes, summed over the layers seen so far. */
export function applyPullProgress(pull: ModelPull, progress: PullProgress): ModelPull {
  let layers = pull.layers;
  if (progress.digest && progress.totalBytes !== null) {
    const before = layers.get(progress.digest);
    const completedBytes = progress.completedBytes ?? before?.completedBytes ?? 0;
    const next = new Map(layers);
    next.set(progress.digest, { totalBytes: progress.totalBytes, completedBytes: Math.min(completedBytes, progress.totalBytes) });
    layers = next;
  }
  let totalBytes: number | null = null;
  let completedBytes: number | null = null;
  for (const layer of layers.values()) {
    totalBytes = (totalBytes ?? 0) + layer.totalBytes;
    completedBytes = (completedBytes ?? 0) + layer.completedBytes;
  }
  return { ...pull, status: progress.status, progress, layers, totalBytes, completedBytes };
}

/** The latest pull of a model by Ollama name (a later pull of the same model replaces an earlier one on screen). */
export const selectLatestPull = (state: Pick<ModelsState, 'pulls'>, name: string): ModelPull | null => state.pulls.findLast((p) => p.name === name) ?? null;

/** 0..100 over the layers seen so far, or null before any layer reported its size. */
export const pullPercent = (pull: Pick<ModelPull, 'totalBytes' | 'completedBytes'>): number | null =>
  pull.totalBytes && pull.completedBytes !== null ? Math.min(100, (pull.completedBytes / pull.totalBytes) * 100) : null;

export function createModelsStore(api: LociApi): ModelsStore {
  let inflight: Promise<void> | null = null;
  let again: Promise<void> | null = null;
  let nextPullId = 1;
  const handles = new Map<number, LociStream<unknown>>();
  /** Running pulls, settling with the finished pull (before the list is asked again). */
  const finishing = new Map<number, Promise<ModelPull>>();

  return createStore<ModelsState>()((set, get) => {
    const listOnce = async (): Promise<void> => {
      set({ loading: true });
      const [list, running] = await Promise.allSettled([api.call('models.list', {}), api.call('models.running', {})]);
      if (list.status === 'fulfilled') {
        const ollama = list.value.engines.find((e) => e.engine === 'ollama');
        set({ installed: list.value.models, engines: list.value.engines, error: ollama?.state === 'unavailable' && ollama.error ? AppError.from(ollama.error) : null });
      }
      else set({ error: toAppError(list.reason) });
      if (running.status === 'fulfilled') set({ running: running.value.models, runningError: null });
      else set({ runningError: toAppError(running.reason) });
      set({ loading: false });
    };

    const patchPull = (id: number, patch: (pull: ModelPull) => ModelPull): void => {
      set({ pulls: get().pulls.map((p) => (p.id === id ? patch(p) : p)) });
    };

    const finish = async (id: number, handle: LociStream<unknown>): Promise<ModelPull> => {
      try {
        await handle.result;
        patchPull(id, (p) => ({ ...p, state: 'done', cancelling: false, finishedAt: Date.now(), completedBytes: p.totalBytes }));
      } catch (error) {
        const appError = toAppError(error);
        const cancelled = appError.code === 'CANCELLED';
        patchPull(id, (p) => ({ ...p, state: cancelled ? 'cancelled' : 'failed', cancelling: false, finishedAt: Date.now(), error: cancelled ? null : appError }));
      } finally {
        handles.delete(id);
        finishing.delete(id);
      }
      return get().pulls.find((p) => p.id === id)!;
    };

    const runPull = async (id: number, name: string): Promise<void> => {
      const handle = api.stream('models.pull', { name }, (progress) => patchPull(id, (p) => applyPullProgress(p, progress)));
      handles.set(id, handle);
      const finished = finish(id, handle);
      finishing.set(id, finished);
      await finished;
      // whatever the outcome, the installed list is what Ollama now says
      await get().refresh();
    };

    const uploader = createUploadImporter({
      begin: async (name, size) => (await api.call('uploads.begin', { name, size })).uploadId,
      append: async (uploadId, data) => void (await api.call('uploads.append', { uploadId, data })),
    });

    const adding = async (name: string, work: () => Promise<void>): Promise<void> => {
      if (get().adding) throw new AppError('CONFLICT', 'A model file is being added already');
      set({ adding: { name, phase: 'uploading', bytesSent: 0, bytesTotal: 0 }, addError: null });
      try {
        await work();
      } catch (error) {
        set({ addError: toAppError(error) });
      } finally {
        set({ adding: null });
      }
      await get().refresh();
    };

    return {
      installed: null,
      engines: null,
      adding: null,
      addError: null,
      loading: false,
      error: null,
      running: null,
      runningError: null,
      pulls: [],
      deleting: new Set(),
      detailsKey: null,
      details: null,
      unloading: new Set(),
      unloadError: null,

      async toggleDetails(key) {
        if (get().detailsKey === key) return get().closeDetails();
        set({ detailsKey: key, details: { state: 'loading' } });
        try {
          const details = await api.call('models.show', parseModelKey(key));
          if (get().detailsKey === key) set({ details: { state: 'loaded', details } });
        } catch (error) {
          if (get().detailsKey === key) set({ details: { state: 'failed', error: toAppError(error) } });
        }
      },

      closeDetails() {
        set({ detailsKey: null, details: null });
      },

      async unload(key) {
        set({ unloading: new Set(get().unloading).add(key), unloadError: null });
        try {
          await api.call('models.unload', parseModelKey(key));
          const running = get().running;
          if (running) set({ running: running.filter((m) => m.key !== key) });
        } catch (error) {
          set({ unloadError: toAppError(error) });
        } finally {
          const unloading = new Set(get().unloading);
          unloading.delete(key);
          set({ unloading });
        }
        await get().refresh();
      },

      refresh() {
        if (!inflight) {
          inflight = listOnce().finally(() => {
            inflight = null;
          });
          return inflight;
        }
        again ??= inflight.then(() => {
          again = null;
          return get().refresh();
        });
        return again;
      },

      pull(rawName) {
        const parsed = ModelNameSchema.safeParse(rawName);
        if (!parsed.success) throw new AppError('INVALID_INPUT', parsed.error.issues[0]?.message ?? 'Enter a model name');
        const name = parsed.data;
        if (get().pulls.some((p) => p.state === 'running' && p.name === name)) throw new AppError('INVALID_INPUT', `${name} is already being pulled`);
        const id = nextPullId++;
        const pull: ModelPull = {
          id,
          name,
          state: 'running',
          cancelling: false,
          status: null,
          progress: null,
          layers: new Map(),
          totalBytes: null,
          completedBytes: null,
          startedAt: Date.now(),
          finishedAt: null,
          error: null,
        };
        set({ pulls: [...get().pulls, pull] });
        void runPull(id, name);
        return id;
      },

      async pullUntilFinished(name) {
        const running = get().pulls.find((p) => p.state === 'running' && p.name === name.trim());
        const id = running ? running.id : get().pull(name);
        return finishing.get(id) ?? get().pulls.find((p) => p.id === id)!;
      },

      cancelPull(id) {
        const handle = handles.get(id);
        if (!handle) return;
        patchPull(id, (p) => ({ ...p, cancelling: true }));
        handle.cancel();
      },

      dismissPull(id) {
        set({ pulls: get().pulls.filter((p) => p.id !== id || p.state === 'running') });
      },

      async deleteModel(key) {
        set({ deleting: new Set(get().deleting).add(key) });
        try {
          await api.call('models.delete', parseModelKey(key));
          const installed = get().installed;
          if (installed) set({ installed: installed.filter((m) => m.key !== key) });
          if (get().detailsKey === key) get().closeDetails();
        } catch (error) {
          throw toAppError(error);
        } finally {
          const deleting = new Set(get().deleting);
          deleting.delete(key);
          set({ deleting });
        }
        await get().refresh();
      },

      addFile: (file) =>
        adding(file.name, async () => {
          if (!/\.gguf$/i.test(file.name)) throw new AppError('INVALID_INPUT', 'Only GGUF model files (.gguf) can be added');
          const [source] = await uploader.sourcesFromFiles([file], {
            maxBytes: Number.MAX_SAFE_INTEGER,
            onProgress: (p) => set({ adding: { name: file.name, phase: 'uploading', bytesSent: p.bytesSent, bytesTotal: p.bytesTotal } }),
          });
          if (!source || source.kind !== 'upload') throw new AppError('INVALID_INPUT', 'That file cannot be added');
          set({ adding: { name: file.name, phase: 'reading', bytesSent: file.size, bytesTotal: file.size } });
          await api.call('models.addFile', { source: { kind: 'upload', uploadId: source.uploadId } });
        }),

      addFromDialog: () =>
        adding('a GGUF file', async () => {
          set({ adding: { name: 'a GGUF file', phase: 'reading', bytesSent: 0, bytesTotal: 0 } });
          await api.call('models.addFile', { source: { kind: 'dialog' } });
        }),
    };
  });
}
