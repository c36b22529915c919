// Installed Ollama models (read-only for now; pulling and deleting come with the Models issue). Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/contract/errors';
import type { ModelInfo } from '../../../shared/contract/ollama';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

export interface ModelsState {
  /** Null until the first list answers. */
  readonly installed: readonly ModelInfo[] | null;
  readonly loading: boolean;
  /** Why the last list failed (OLLAMA_UNREACHABLE while Ollama is down). */
  readonly error: AppError | null;
  /** Lists installed models again; concurrent calls share one request. */
  refresh(): Promise<void>;
}

export type ModelsStore = StoreApi<ModelsState>;

export function createModelsStore(api: LociApi): ModelsStore {
  let inflight: Promise<void> | null = null;
  return createStore<ModelsState>()((set) => ({
    installed: null,
    loading: false,
    error: null,
    refresh() {
      inflight ??= (async () => {
        set({ loading: true });
        try {
          const { models } = await api.call('models.list', {});
          set({ installed: models, error: null });
        } catch (error) {
          set({ error: toAppError(error) });
        } finally {
          set({ loading: false });
          inflight = null;
        }
      })();
      return inflight;
    },
  }));
}
