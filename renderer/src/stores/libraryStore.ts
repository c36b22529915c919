// The library domain: collections (the selected one remembered), that collection's documents and the embedder's
// state; import jobs are importJobsStore's, search is librarySearchStore's. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/contract/errors';
import { DEFAULT_COLLECTION_ID, type Collection, type DocumentInfo, type EmbedderStatus } from '../../../shared/contract/library';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

export interface LibraryState {
  /** Null until the first list answers. */
  readonly collections: readonly Collection[] | null;
  readonly collectionsError: AppError | null;
  readonly selectedCollectionId: string | null;
  /** Documents of the selected collection, newest first; null until they load. */
  readonly documents: readonly DocumentInfo[] | null;
  readonly documentsError: AppError | null;
  /** Checked rows of the documents table. */
  readonly selectedDocumentIds: ReadonlySet<string>;
  readonly embedder: EmbedderStatus | null;
  readonly embedderError: AppError | null;
  /** True while Retry asks for the embedder's state. */
  readonly embedderChecking: boolean;
  /** The last document action that failed (remove, reveal, pick), until dismissed. */
  readonly actionError: AppError | null;

  /** Collections, the selected collection's documents and the embedder's state. */
  load(): Promise<void>;
  refreshCollections(): Promise<void>;
  refreshDocuments(): Promise<void>;
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
  clearDocumentSelection(): void;
  removeDocuments(ids: readonly string[]): Promise<void>;
  /** Shows the file in the OS file manager (desktop only). */
  revealDocument(id: string): Promise<void>;
  dismissActionError(): void;

  /** A document action that failed elsewhere (picking files for an import), shown as the action error. */
  actionFailed(error: AppError): void;

  /** `library.changed`: documents or collections changed. */
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
          set({ documents: null, documentsError: null, selectedDocumentIds: new Set() });
          void refreshDocuments();
        }
      } catch (error) {
        set({ collectionsError: toAppError(error) });
      }
    });

    const refreshDocuments = serialised(async () => {
      const collectionId = get().selectedCollectionId;
      if (collectionId === null) return;
      try {
        const { documents } = await api.call('library.documents', { collectionId });
        if (get().selectedCollectionId !== collectionId) return; // switched meanwhile; the switch loads its own
        const present = new Set(documents.map((d) => d.id));
        const selectedIds = get().selectedDocumentIds;
        const kept = [...selectedIds].filter((id) => present.has(id));
        set({ documents, documentsError: null, ...(kept.length === selectedIds.size ? {} : { selectedDocumentIds: new Set(kept) }) });
      } catch (error) {
        const appError = toAppError(error);
        if (get().selectedCollectionId !== collectionId) return;
        set({ documentsError: appError });
        // deleted elsewhere: pick another collection
        if (appError.code === 'NOT_FOUND') void refreshCollections();
      }
    });

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
      documents: null,
      documentsError: null,
      selectedDocumentIds: new Set(),
      embedder: null,
      embedderError: null,
      embedderChecking: false,
      job: null,
      queuedImports: 0,
      actionError: null,

      async load() {
        await Promise.all([refreshCollections(), refreshEmbedder()]);
      },
      refreshCollections,
      refreshDocuments,
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
        set({
          selectedCollectionId: id,
          documents: null,
          documentsError: null,
          selectedDocumentIds: new Set(),
        });
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
      },
      clearDocumentSelection: () => set({ selectedDocumentIds: new Set() }),
      async removeDocuments(ids) {
        if (ids.length === 0) return;
        try {
          await api.call('library.removeDocuments', { ids: [...ids] });
          const gone = new Set(ids);
          set({
            documents: get().documents?.filter((d) => !gone.has(d.id)) ?? null,
            selectedDocumentIds: new Set([...get().selectedDocumentIds].filter((id) => !gone.has(id))),
            actionError: null,
          });
        } catch (error) {
          set({ actionError: toAppError(error) });
        }
        await refreshDocuments();
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
        void refreshCollections();
        if (collectionId === null || collectionId === get().selectedCollectionId) void refreshDocuments();
      },
      embedderStatusReceived(status) {
        embedderVersion++;
        set({ embedder: status, embedderError: null });
      },
    };
  });
}
