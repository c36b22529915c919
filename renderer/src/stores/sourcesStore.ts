// The folder sources of the selected collection: their states as pushed by the host, and pause / resume / rescan /
// remove. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/contract/errors';
import type { SourceInfo } from '../../../shared/contract/sources';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

export interface SourcesState {
  readonly collectionId: string | null;
  /** Sources of that collection, oldest first; null until they load. */
  readonly sources: readonly SourceInfo[] | null;
  /** The last list or action that failed, until the next succeeds or it is dismissed. */
  readonly error: AppError | null;
  /** Sources with an action in flight. */
  readonly busyIds: ReadonlySet<string>;
  load(collectionId: string | null): Promise<void>;
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  rescan(id: string): Promise<void>;
  remove(id: string, removeDocuments: boolean): Promise<void>;
  dismissError(): void;
  /** `sources.changed`. */
  received(id: string, collectionId: string, source: SourceInfo | null): void;
}

export type SourcesStore = StoreApi<SourcesState>;

export function createSourcesStore(api: LociApi): SourcesStore {
  return createStore<SourcesState>()((set, get) => {
    let loadSeq = 0;
    const upsert = (source: SourceInfo): void => {
      const list = get().sources ?? [];
      const i = list.findIndex((s) => s.id === source.id);
      set({ sources: i < 0 ? [...list, source] : list.map((s) => (s.id === source.id ? source : s)) });
    };
    const act = async (id: string, run: () => Promise<SourceInfo | null>): Promise<void> => {
      set({ busyIds: new Set([...get().busyIds, id]) });
      try {
        const source = await run();
        if (source && source.collectionId === get().collectionId) upsert(source);
        set({ error: null });
      } catch (error) {
        set({ error: toAppError(error) });
      } finally {
        const busy = new Set(get().busyIds);
        busy.delete(id);
        set({ busyIds: busy });
      }
    };
    return {
      collectionId: null,
      sources: null,
      error: null,
      busyIds: new Set(),
      load: async (collectionId) => {
        const seq = ++loadSeq;
        if (collectionId !== get().collectionId) set({ collectionId, sources: null });
        if (collectionId === null) return;
        try {
          const { sources } = await api.call('sources.list', { collectionId });
          if (seq === loadSeq) set({ sources, error: null });
        } catch (error) {
          if (seq === loadSeq) set({ error: toAppError(error) });
        }
      },
      pause: (id) => act(id, () => api.call('sources.pause', { id })),
      resume: (id) => act(id, () => api.call('sources.resume', { id })),
      rescan: (id) => act(id, () => api.call('sources.rescan', { id })),
      remove: (id, removeDocuments) =>
        act(id, async () => {
          await api.call('sources.remove', { id, removeDocuments });
          set({ sources: (get().sources ?? []).filter((s) => s.id !== id) });
          return null;
        }),
      dismissError: () => set({ error: null }),
      received: (id, collectionId, source) => {
        if (collectionId !== get().collectionId || get().sources === null) return;
        if (source === null) set({ sources: (get().sources ?? []).filter((s) => s.id !== id) });
        else upsert(source);
      },
    };
  });
}
