// App and connection status: app info, Ollama's reachability, and whether the host connection is gone. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppInfo } from '../../../shared/contract/app';
import type { AppError } from '../../../shared/contract/errors';
import type { OllamaStatus } from '../../../shared/contract/ollama';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

export interface StatusState {
  /** Null until `app.info` answers. */
  readonly appInfo: AppInfo | null;
  readonly appInfoError: AppError | null;
  /** The latest Ollama status; `checking` with an empty url until main first answers. */
  readonly ollama: OllamaStatus;
  /** True while a re-probe the user asked for (Retry) runs. */
  readonly ollamaRefreshing: boolean;
  /** Why the last Retry could not even ask main (the status itself carries Ollama's own error). */
  readonly ollamaRefreshError: AppError | null;
  /** Set once the connection to the host (main process or serve host) is lost: its reason. */
  readonly connectionLost: string | null;
  /** Loads app info and the last known Ollama status. */
  load(): Promise<void>;
  /** Probes Ollama now (the Retry button). */
  refreshOllama(): Promise<void>;
  /** Probes a URL without saving it (Settings' "Test connection"). Rejects with the AppError for a malformed URL. */
  testOllamaUrl(url: string): Promise<OllamaStatus>;
  /** A status pushed by main (`ollama.statusChanged`). */
  ollamaStatusReceived(status: OllamaStatus): void;
  /** The api reported the connection closed. */
  disconnected(reason: string): void;
}

export type StatusStore = StoreApi<StatusState>;

export const INITIAL_OLLAMA_STATUS: OllamaStatus = {
  state: 'checking',
  url: '',
  version: null,
  modelCount: null,
  checkedAt: 0,
  latencyMs: null,
  error: null,
};

export interface StatusStoreOptions {
  /** Keep `ollamaRefreshing` on at least this long, ms: a refused connection answers in a blink, and a button that
   * flickers for 2 ms does not tell anyone that Loci looked again. */
  minRefreshMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function createStatusStore(api: LociApi, options: StatusStoreOptions = {}): StatusStore {
  const minRefreshMs = options.minRefreshMs ?? 400;
  return createStore<StatusState>()((set, get) => {
    // Answers and pushed events can cross on the wire; the later probe wins.
    const applyOllama = (status: OllamaStatus): void => {
      if (status.checkedAt >= get().ollama.checkedAt) set({ ollama: status });
    };
    return {
      appInfo: null,
      appInfoError: null,
      ollama: INITIAL_OLLAMA_STATUS,
      ollamaRefreshing: false,
      ollamaRefreshError: null,
      connectionLost: null,
      async load() {
        const [info, status] = await Promise.allSettled([api.call('app.info', {}), api.call('ollama.status', {})]);
        if (info.status === 'fulfilled') set({ appInfo: info.value, appInfoError: null });
        else set({ appInfoError: toAppError(info.reason) });
        if (status.status === 'fulfilled') applyOllama(status.value);
      },
      async refreshOllama() {
        if (get().ollamaRefreshing) return;
        set({ ollamaRefreshing: true, ollamaRefreshError: null });
        const started = Date.now();
        try {
          applyOllama(await api.call('ollama.status', { refresh: true }));
        } catch (error) {
          set({ ollamaRefreshError: toAppError(error) });
        } finally {
          const remaining = minRefreshMs - (Date.now() - started);
          if (remaining > 0) await sleep(remaining);
          set({ ollamaRefreshing: false });
        }
      },
      async testOllamaUrl(url) {
        try {
          return await api.call('ollama.testUrl', { url });
        } catch (error) {
          throw toAppError(error);
        }
      },
      ollamaStatusReceived: applyOllama,
      disconnected: (reason) => set({ connectionLost: reason }),
    };
  });
}
