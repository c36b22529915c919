// The library domain: collections (the selected one remembered), the window of that collection's documents the
// table shows (the host sorts, filters and counts; pages are fetched as the table scrolls to them) and the embedder's
// state; import jobs are importJobsStore's, search is librarySearchStore's. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/contract/errors';
import { DEFAULT_COLLECTION_ID, type Collection, type DocumentInfo, type DocumentSort, type DocumentSortKey, type EmbedderStatus } from '../../../shared/contract/library';
import { DEFAULT_SORT, nextSort } from '../../../shared/library/documentOrder';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

export interface LibraryState {
  /** Null until the first list answers. */
  readonly collections: readonly Collection[] | null;
  readonly collectionsError: AppError | null;
  readonly selectedCollectionId: string | null;
  /** The order and filter the loaded rows answer (the filter as the host was last asked, trimmed). */
  readonly documentQuery: DocumentQuery;
  /** The filter as typed; the host is asked after a short pause. */
  readonly documentFilter: string;
  /** How many documents of the selected collection match the filter; null until the first window answers. */
  readonly documentTotal: number | null;
  /** Loaded rows: page index → that page's rows (DOCUMENT_PAGE_SIZE each) in the query's order. */
  readonly documentPages: ReadonlyMap<number, readonly DocumentInfo[]>;
  readonly documentsError: AppError | null;
  /** Checked rows of the documents table; kept across sorts, filters and refreshes. */
  readonly selectedDocumentIds: ReadonlySet<string>;
  /** With a filter and a selection: the ids of every row the filter matches (to count the selected ones hidden by it). */
  readonly matchingDocumentIds: ReadonlySet<string> | null;
  readonly embedder: EmbedderStatus | null;
  readonly embedderError: AppError | null;
  /** True while Retry asks for the embedder's state. */
  readonly embedderChecking: boolean;
  /** The last document action that failed (remove, reveal, pick), until dismissed. */
  readonly actionError: AppError | null;

  /** Collections, the selected collection's documents and the embedder's state. */
  load(): Promise<void>;
  refreshCollections(): Promise<void>;
  /** Fetches the rows in view again now (the loaded pages elsewhere are dropped), and the total. */
  refreshDocuments(): Promise<void>;
  /** The table shows rows first..last (indexes in the query's order): fetches the pages they are on that are not loaded. */
  showDocumentRows(first: number, last: number): void;
  /** A header click: the same column flips direction, another starts in its natural direction. */
  sortDocumentsBy(key: DocumentSortKey): void;
  setDocumentFilter(text: string): void;
  /** Asks for the embedder's state again (Retry); also re-runs a job that failed because the embedder was missing. */
  retryEmbedder(): Promise<void>;
  selectCollection(id: string): Promise<void>;
  /** Creates and selects a collection. Rejects with the AppError (INVALID_INPUT for a bad name). */
  createCollection(name: string): Promise<Collection>;
  /** Rejects with the AppError. */
  renameCollection(id: string, name: string): Promise<Collection>;
  /** Rejects with the AppError (CONFLICT for the default collection). */
  deleteCollection(id: string): Promise<void>;

  setDocumentsSelected(ids: readonly string[], selected: boolean): void;
  /** "Select all shown": every row the filter matches, loaded or not. */
  setAllShownDocumentsSelected(selected: boolean): Promise<void>;
  clearDocumentSelection(): void;
  removeDocuments(ids: readonly string[]): Promise<void>;
  /** Shows the file in the OS file manager (desktop only). */
  revealDocument(id: string): Promise<void>;
  dismissActionError(): void;

  /** A document action that failed elsewhere (picking files for an import), shown as the action error. */
  actionFailed(error: AppError): void;

  /** `library.changed`: documents or collections changed. A burst of them is one refresh after a short pause. */
  changed(collectionId: string | null): void;
  /** `library.embedderStatusChanged`. */
  embedderStatusReceived(status: EmbedderStatus): void;
}

export type LibraryStore = StoreApi<LibraryState>;

export interface LibraryStoreDeps {
  /** The embedder's Retry re-runs an import that failed for want of it (the import jobs store); answers whether it did. */
  retryFailedImport?(): boolean;
  /** Where the selected collection is remembered; localStorage in the page, none in Node tests. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** How long a change event waits for more before the refresh; tests shorten it. */
  changeDelayMs?: number;
  /** How long the typed filter waits for more typing before the host is asked. */
  filterDelayMs?: number;
}

export interface DocumentQuery {
  readonly sort: DocumentSort;
  readonly filter: string;
}

/** Rows a page holds: a few screenfuls, so scrolling asks seldom and every answer stays small. */
export const DOCUMENT_PAGE_SIZE = 200;
/** The most rows one window asks for (the contract's limit). */
const MAX_WINDOW = 1000;
/** A sync commits every few hundred ms: events within this are one refresh. */
const CHANGE_DELAY_MS = 250;
const FILTER_DELAY_MS = 150;

/** The row at an index of the query's order, or undefined while its page loads. */
export const documentAt = (state: Pick<LibraryState, 'documentPages'>, index: number): DocumentInfo | undefined =>
  state.documentPages.get(Math.floor(index / DOCUMENT_PAGE_SIZE))?.[index % DOCUMENT_PAGE_SIZE];

/** How many selected rows the filter matches (what "select all shown" compares with the total). */
export function selectedShownCount(state: Pick<LibraryState, 'selectedDocumentIds' | 'matchingDocumentIds' | 'documentQuery' | 'documentPages'>): number {
  const selected = state.selectedDocumentIds;
  if (state.documentQuery.filter === '' || selected.size === 0) return selected.size;
  if (state.matchingDocumentIds) return [...selected].filter((id) => state.matchingDocumentIds!.has(id)).length;
  // until the ids arrive: the selected rows among those loaded
  let count = 0;
  for (const page of state.documentPages.values()) for (const d of page) if (selected.has(d.id)) count++;
  return count;
}


export const SELECTED_COLLECTION_KEY = 'loci.library.collection';

/** Runs `task` once at a time; a call while it runs schedules one more run and shares its promise. */
function serialised(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await task();
        } while (again);
      } finally {
        running = null;
      }
    })();
    return running;
  };
}

const defaultStorage = (): Pick<Storage, 'getItem' | 'setItem'> | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage can be disabled in a browser
  }
};

export function createLibraryStore(api: LociApi, deps: LibraryStoreDeps = {}): LibraryStore {
  const storage = deps.storage === undefined ? defaultStorage() : deps.storage;
  const remembered = (): string | null => {
    try {
      return storage?.getItem(SELECTED_COLLECTION_KEY) ?? null;
    } catch {
      return null;
    }
  };
  const remember = (id: string): void => {
    try {
      storage?.setItem(SELECTED_COLLECTION_KEY, id);
    } catch {
      // a full or disabled storage only loses the preference
    }
  };

  return createStore<LibraryState>()((set, get) => {
    // Bumped by every pushed embedder status: an answer to a request sent before it is older and dropped.
    let embedderVersion = 0;
    const pickCollection = (collections: readonly Collection[]): string | null => {
      const current = get().selectedCollectionId;
      const ids = new Set(collections.map((c) => c.id));
      for (const candidate of [current, remembered(), DEFAULT_COLLECTION_ID]) if (candidate && ids.has(candidate)) return candidate;
      return collections[0]?.id ?? null;
    };

    const refreshCollections = serialised(async () => {
      try {
        const { collections } = await api.call('library.collections', {});
        const before = get().selectedCollectionId;
        const selected = pickCollection(collections);
        set({ collections, collectionsError: null, selectedCollectionId: selected });
        if (selected !== before) {
          resetDocuments();
          void refreshDocuments();
        }
      } catch (error) {
        set({ collectionsError: toAppError(error) });
      }
    });

    // [Note: windowed documents] the table never holds every row: it asks for the pages around what is in view
    // (DOCUMENT_PAGE_SIZE rows each), the host sorts, filters and counts. `queryVersion` is bumped by anything that
    // makes loaded pages meaningless (another collection, sort or filter): an answer to an older query is dropped.
    let queryVersion = 0;
    let view = { first: 0, last: DOCUMENT_PAGE_SIZE - 1 };
    const loading = new Set<number>();
    let changeTimer: ReturnType<typeof setTimeout> | null = null;
    let documentsChanged = false;
    let filterTimer: ReturnType<typeof setTimeout> | null = null;

    const resetDocuments = (patch: Partial<LibraryState> = {}): void => {
      queryVersion++;
      loading.clear();
      view = { first: 0, last: DOCUMENT_PAGE_SIZE - 1 };
      set({ documentTotal: null, documentPages: new Map(), documentsError: null, matchingDocumentIds: null, ...patch });
    };

    /** Rows [offset, offset + limit) of the current query; null when the query changed meanwhile (the answer is stale). */
    const fetchRows = async (offset: number, limit: number): Promise<{ documents: DocumentInfo[]; total: number; collectionId: string } | null> => {
      const collectionId = get().selectedCollectionId;
      if (collectionId === null) return null;
      const version = queryVersion;
      const { sort, filter } = get().documentQuery;
      try {
        const answer = await api.call('library.documents', { collectionId, window: { offset, limit, sort, filter } });
        return version === queryVersion ? { ...answer, collectionId } : null;
      } catch (error) {
        const appError = toAppError(error);
        if (version !== queryVersion) return null;
        set({ documentsError: appError });
        // deleted elsewhere: pick another collection
        if (appError.code === 'NOT_FOUND') void refreshCollections();
        return null;
      }
    };

    const pagesOf = (first: number, last: number): number[] => {
      const pages: number[] = [];
      for (let p = Math.floor(Math.max(0, first) / DOCUMENT_PAGE_SIZE); p <= Math.floor(Math.max(0, last) / DOCUMENT_PAGE_SIZE); p++) pages.push(p);
      return pages.slice(0, MAX_WINDOW / DOCUMENT_PAGE_SIZE);
    };

    const splitPages = (firstPage: number, rows: readonly DocumentInfo[], pageCount: number): [number, readonly DocumentInfo[]][] =>
      Array.from({ length: pageCount }, (_, i) => [firstPage + i, rows.slice(i * DOCUMENT_PAGE_SIZE, (i + 1) * DOCUMENT_PAGE_SIZE)] as [number, readonly DocumentInfo[]]);

    /** Loads the pages in view that are neither loaded nor on their way, as one window. */
    const loadMissing = async (): Promise<void> => {
      const missing = pagesOf(view.first, view.last).filter((p) => !get().documentPages.has(p) && !loading.has(p));
      if (missing.length === 0) return;
      const version = queryVersion;
      const firstPage = missing[0]!;
      const pageCount = missing[missing.length - 1]! - firstPage + 1;
      for (let p = firstPage; p < firstPage + pageCount; p++) loading.add(p);
      const answer = await fetchRows(firstPage * DOCUMENT_PAGE_SIZE, pageCount * DOCUMENT_PAGE_SIZE);
      if (version !== queryVersion) return;
      for (let p = firstPage; p < firstPage + pageCount; p++) loading.delete(p);
      if (!answer) return;
      const pages = new Map(get().documentPages);
      for (const [p, rows] of splitPages(firstPage, answer.documents, pageCount)) pages.set(p, rows);
      set({ documentPages: pages, documentTotal: answer.total, documentsError: null });
    };

    /** The pages in view again, as one window; every other page is dropped (it may be stale), the total replaced. */
    const refreshDocuments = serialised(async () => {
      if (get().selectedCollectionId === null) return;
      const version = queryVersion;
      const pages = pagesOf(view.first, view.last);
      const firstPage = pages[0]!;
      const answer = await fetchRows(firstPage * DOCUMENT_PAGE_SIZE, pages.length * DOCUMENT_PAGE_SIZE);
      if (!answer || version !== queryVersion) return;
      loading.clear();
      set({ documentPages: new Map(splitPages(firstPage, answer.documents, pages.length)), documentTotal: answer.total, documentsError: null, matchingDocumentIds: null });
      // the view may have moved while it was asked (or the rows shrank below it)
      void loadMissing();
      if (get().selectedDocumentIds.size > 0) void syncSelection();
    });

    /**
     * With a selection: the ids the filter matches. Without a filter they are every document, and the selection drops
     * rows removed elsewhere; with one, they count the selected rows the filter hides.
     */
    const syncSelection = serialised(async () => {
      const collectionId = get().selectedCollectionId;
      if (collectionId === null || get().selectedDocumentIds.size === 0) return;
      const version = queryVersion;
      const { sort, filter } = get().documentQuery;
      try {
        const { ids } = await api.call('library.documentIds', { collectionId, filter, sort });
        if (version !== queryVersion) return;
        const matching = new Set(ids);
        if (filter !== '') {
          set({ matchingDocumentIds: matching });
          return;
        }
        const selected = get().selectedDocumentIds;
        const kept = [...selected].filter((id) => matching.has(id));
        if (kept.length !== selected.size) set({ selectedDocumentIds: new Set(kept) });
      } catch {
        // the counts stay an estimate from the loaded rows; the next refresh asks again
      }
    });

    /** Sort or filter changed: the loaded rows mean nothing now; the rows at the top load again. */
    const requery = (query: DocumentQuery): void => {
      // the old total stays until the answer: the table (and the filter being typed in) stays mounted
      resetDocuments({ documentQuery: query, documentTotal: get().documentTotal });
      void loadMissing();
      if (query.filter !== '' && get().selectedDocumentIds.size > 0) void syncSelection();
    };

    const refreshEmbedder = async (reload = false): Promise<void> => {
      const version = embedderVersion;
      try {
        const status = await api.call('library.embedderStatus', { refresh: reload });
        if (version === embedderVersion) set({ embedder: status, embedderError: null });
      } catch (error) {
        set({ embedderError: toAppError(error) });
      }
    };

    return {
      collections: null,
      collectionsError: null,
      selectedCollectionId: null,
      documentQuery: { sort: DEFAULT_SORT, filter: '' },
      documentFilter: '',
      documentTotal: null,
      documentPages: new Map(),
      documentsError: null,
      selectedDocumentIds: new Set(),
      matchingDocumentIds: null,
      embedder: null,
      embedderError: null,
      embedderChecking: false,
      actionError: null,

      async load() {
        await Promise.all([refreshCollections(), refreshEmbedder()]);
      },
      refreshCollections,
      refreshDocuments,
      showDocumentRows(first, last) {
        view = { first, last: Math.max(first, last) };
        void loadMissing();
      },
      sortDocumentsBy(key) {
        requery({ ...get().documentQuery, sort: nextSort(get().documentQuery.sort, key) });
      },
      setDocumentFilter(text) {
        set({ documentFilter: text });
        if (filterTimer !== null) clearTimeout(filterTimer);
        filterTimer = setTimeout(() => {
          filterTimer = null;
          const filter = get().documentFilter.trim();
          if (filter !== get().documentQuery.filter) requery({ ...get().documentQuery, filter });
        }, deps.filterDelayMs ?? FILTER_DELAY_MS);
      },
      async retryEmbedder() {
        if (get().embedderChecking) return;
        set({ embedderChecking: true });
        try {
          // an import that failed for want of the model runs again; otherwise the host is asked to load it
          const retryJob = deps.retryFailedImport?.() ?? false;
          await refreshEmbedder(!retryJob);
        } finally {
          set({ embedderChecking: false });
        }
      },
      async selectCollection(id) {
        if (id === get().selectedCollectionId) return;
        remember(id);
        set({ selectedCollectionId: id, selectedDocumentIds: new Set() });
        resetDocuments();
        await refreshDocuments();
      },
      async createCollection(name) {
        try {
          const collection = await api.call('library.createCollection', { name });
          set({ collections: [...(get().collections ?? []).filter((c) => c.id !== collection.id), collection] });
          await get().selectCollection(collection.id);
          void refreshCollections();
          return collection;
        } catch (error) {
          throw toAppError(error);
        }
      },
      async renameCollection(id, name) {
        try {
          const collection = await api.call('library.renameCollection', { id, name });
          set({ collections: (get().collections ?? []).map((c) => (c.id === id ? collection : c)) });
          return collection;
        } catch (error) {
          throw toAppError(error);
        }
      },
      async deleteCollection(id) {
        try {
          await api.call('library.deleteCollection', { id });
        } catch (error) {
          throw toAppError(error);
        }
        const rest = (get().collections ?? []).filter((c) => c.id !== id);
        set({ collections: rest });
        if (get().selectedCollectionId === id) {
          const next = rest.find((c) => c.id === DEFAULT_COLLECTION_ID) ?? rest[0];
          if (next) await get().selectCollection(next.id);
        }
        await refreshCollections();
      },

      setDocumentsSelected(ids, selected) {
        const next = new Set(get().selectedDocumentIds);
        for (const id of ids) {
          if (selected) next.add(id);
          else next.delete(id);
        }
        set({ selectedDocumentIds: next });
        if (selected && get().documentQuery.filter !== '' && get().matchingDocumentIds === null) void syncSelection();
      },
      async setAllShownDocumentsSelected(selected) {
        const collectionId = get().selectedCollectionId;
        if (collectionId === null) return;
        const { sort, filter } = get().documentQuery;
        if (!selected && filter === '') {
          set({ selectedDocumentIds: new Set() });
          return;
        }
        try {
          const { ids } = await api.call('library.documentIds', { collectionId, filter, sort });
          if (get().selectedCollectionId !== collectionId) return;
          get().setDocumentsSelected(ids, selected);
          if (filter !== '') set({ matchingDocumentIds: new Set(ids) });
        } catch (error) {
          set({ actionError: toAppError(error) });
        }
      },
      clearDocumentSelection: () => set({ selectedDocumentIds: new Set() }),
      async removeDocuments(ids) {
        if (ids.length === 0) return;
        try {
          await api.call('library.removeDocuments', { ids: [...ids] });
          const gone = new Set(ids);
          set({ selectedDocumentIds: new Set([...get().selectedDocumentIds].filter((id) => !gone.has(id))), actionError: null });
        } catch (error) {
          set({ actionError: toAppError(error) });
        }
        await Promise.all([refreshDocuments(), refreshCollections()]);
      },
      async revealDocument(id) {
        try {
          await api.call('library.reveal', { documentId: id });
        } catch (error) {
          set({ actionError: toAppError(error) });
        }
      },
      dismissActionError: () => set({ actionError: null }),
      actionFailed: (error) => set({ actionError: error }),

      changed(collectionId) {
        // a sync commits every few hundred ms: the events of a burst are one refresh of the counts and the rows in view
        if (collectionId === null || collectionId === get().selectedCollectionId) documentsChanged = true;
        if (changeTimer !== null) return;
        changeTimer = setTimeout(() => {
          changeTimer = null;
          const documents = documentsChanged;
          documentsChanged = false;
          void refreshCollections();
          if (documents) void refreshDocuments();
        }, deps.changeDelayMs ?? CHANGE_DELAY_MS);
      },
      embedderStatusReceived(status) {
        embedderVersion++;
        set({ embedder: status, embedderError: null });
      },
    };
  });
}
