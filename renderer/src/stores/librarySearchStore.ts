// The Library screen's search: the query and mode in the box, and the passages the selected collection returned,
// with their timings. Results go when another collection is selected. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/contract/errors';
import type { Passage, SearchMode } from '../../../shared/contract/library';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';
import type { LibraryStore } from './libraryStore';

export const SEARCH_RESULT_COUNT = 10;

export interface SearchResults {
  /** The query and mode these passages answer (the box may have changed since). */
  readonly query: string;
  readonly mode: SearchMode;
  readonly passages: readonly Passage[];
  readonly embedMs: number;
  readonly searchMs: number;
}

export interface LibrarySearch {
  readonly query: string;
  readonly mode: SearchMode;
  readonly searching: boolean;
  readonly results: SearchResults | null;
  readonly error: AppError | null;
}

export interface LibrarySearchState {
  readonly search: LibrarySearch;
  setSearchQuery(query: string): void;
  /** Changes the mode, and searches again when there are results. */
  setSearchMode(mode: SearchMode): void;
  runSearch(): Promise<void>;
  clearSearch(): void;
  /** Another collection is selected: its results (and a search on its way) are dropped; the query stays. */
  collectionChanged(): void;
}

export type LibrarySearchStore = StoreApi<LibrarySearchState>;

export function createLibrarySearchStore(api: LociApi, deps: { selectedCollectionId(): string | null }): LibrarySearchStore {
  let searchSeq = 0;
  return createStore<LibrarySearchState>()((set, get) => {
    const runSearch = async (): Promise<void> => {
      const { query, mode } = get().search;
      const collectionId = deps.selectedCollectionId();
      const trimmed = query.trim();
      if (!trimmed || collectionId === null) {
        set({ search: { ...get().search, results: null, error: null, searching: false } });
        return;
      }
      const seq = ++searchSeq;
      set({ search: { ...get().search, searching: true, error: null } });
      try {
        const answer = await api.call('library.search', { collectionId, query: trimmed, mode, k: SEARCH_RESULT_COUNT });
        if (seq !== searchSeq) return;
        const results: SearchResults = { query: trimmed, mode: answer.mode, passages: answer.passages, embedMs: answer.embedMs, searchMs: answer.searchMs };
        set({ search: { ...get().search, searching: false, results, error: null } });
      } catch (error) {
        if (seq !== searchSeq) return;
        set({ search: { ...get().search, searching: false, error: toAppError(error) } });
      }
    };

    return {
      search: { query: '', mode: 'hybrid', searching: false, results: null, error: null },
      setSearchQuery: (query) => set({ search: { ...get().search, query } }),
      setSearchMode(mode) {
        set({ search: { ...get().search, mode } });
        if (get().search.results || get().search.error) void runSearch();
      },
      runSearch,
      clearSearch() {
        searchSeq++;
        set({ search: { ...get().search, query: '', searching: false, results: null, error: null } });
      },
      collectionChanged() {
        searchSeq++;
        set({ search: { ...get().search, searching: false, results: null, error: null } });
      },
    };
  });
}

/** The search follows the library's selected collection. Returns a function that unwires it. */
export function wireLibrarySearch(library: Pick<LibraryStore, 'subscribe'>, search: LibrarySearchStore): () => void {
  return library.subscribe((next, previous) => {
    if (next.selectedCollectionId !== previous.selectedCollectionId) search.getState().collectionChanged();
  });
}
