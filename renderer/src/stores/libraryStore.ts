// The library domain: collections (the selected one remembered), that collection's documents, the embedder's
// state, and the import job (uploads, streamed per-file progress, cancel, summary); search is librarySearchStore's.
// Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppCapabilities } from '../../../shared/contract/app';
import { AppError } from '../../../shared/contract/errors';
import {
  DEFAULT_COLLECTION_ID,
  type Collection,
  type DocumentInfo,
  type EmbedderStatus,
  type FileProgress,
  type FileState,
  type ImportOverall,
  type ImportProgress,
  type ImportSource,
  type ImportSummary,
  type PickKind,
} from '../../../shared/contract/library';
import type { BackgroundJob } from '../../../shared/contract/sources';
import type { DroppedItem, UploadProgress } from '../api/fileImport';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

/** An import job's phase: the upload (browser) before the host's own phases. */
export type ImportPhase = 'uploading' | BackgroundJob['phase'];

export interface ImportJob {
  /** Increases with every job, so a row keyed by it starts fresh. */
  readonly id: number;
  /** `resume`: the host resumed an import the app was stopped in (pushed as library.backgroundJob). */
  readonly kind: 'import' | 'reindex' | 'resume';
  /** What the panel says for a host-started job ("Resuming 340 files"), else null. */
  readonly label?: string | null;
  /** The host's id of a host-started job (what sources.cancelJob takes), else null. */
  readonly hostJobId?: string | null;
  readonly collectionId: string;
  readonly phase: ImportPhase;
  /** Cancel was pressed; the host has not answered yet. */
  readonly cancelling: boolean;
  /** Bytes sent so far while the browser uploads the files (null on the desktop, where main reads paths). */
  readonly upload: UploadProgress | null;
  /** Every file the job reported, by fileId in first-seen order. A new Map whenever a file changes; unchanged
   * files keep their object, so a memoised row skips them. */
  readonly files: ReadonlyMap<string, FileProgress>;
  /** The host's overall figures, null until the first item. */
  readonly overall: ImportOverall | null;
  readonly summary: ImportSummary | null;
  /** Why the job failed (phase `failed`). */
  readonly error: AppError | null;
}

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
  /** The running import, or the last one until dismissed. */
  readonly job: ImportJob | null;
  /** Imports asked for while another ran; they start in turn. */
  readonly queuedImports: number;
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

  /** "Add files" / "Add folder": opens the native dialog when the host has one and imports what was picked;
   * otherwise answers 'input' and the caller opens its hidden file input, whose files go to importFiles. */
  addFromPicker(kind: PickKind): 'dialog' | 'input';
  /** Files from an <input type="file">. */
  importFiles(files: readonly File[]): Promise<void>;
  /** What was dropped on the window (captured synchronously in the drop handler). */
  importDrop(items: readonly DroppedItem[]): Promise<void>;
  /** Imports sources into the selected collection. */
  startImport(sources: readonly ImportSource[]): Promise<void>;
  /**
   * Serve mode with --allow-dir: asks the host to grant a path inside its allowed folders, then imports the grant.
   * Answers the refusal (FORBIDDEN, NOT_FOUND, …) for the form, or null once the import is queued.
   */
  importHostPath(target: string): Promise<AppError | null>;
  reindex(documentIds: readonly string[]): Promise<void>;
  /** Re-indexes every document of every collection (after the embedder changed). */
  reindexAll(): Promise<void>;
  /** Stops the running job (finished files stay) and drops the queued ones. */
  cancelImport(): void;
  /** Runs the last failed job again. */
  retryImport(): Promise<void>;
  /** Hides a finished job's panel. */
  dismissImport(): void;


  /** `library.changed`: documents or collections changed. */
  changed(collectionId: string | null): void;
  /** `library.embedderStatusChanged`. */
  embedderStatusReceived(status: EmbedderStatus): void;
  /** `library.backgroundJob`: shown as the import panel's job unless one of the user's runs. */
  backgroundJobReceived(job: BackgroundJob): void;
}

export type LibraryStore = StoreApi<LibraryState>;

export interface LibraryStoreDeps {
  /** The host's capabilities; null until app.info answers. */
  capabilities(): AppCapabilities | null;
  /** Files larger than this are not uploaded (Settings' maxFileSizeMb, in bytes). */
  maxFileBytes(): number;
  /** Where the selected collection is remembered; localStorage in the page, none in Node tests. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
}

export const SELECTED_COLLECTION_KEY = 'loci.library.collection';

const UNFINISHED: ReadonlySet<FileState> = new Set(['queued', 'parsing', 'embedding']);
export const isUnfinished = (state: FileState): boolean => UNFINISHED.has(state);

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

const mergeFiles = (files: ReadonlyMap<string, FileProgress>, changed: readonly FileProgress[]): Map<string, FileProgress> => {
  const next = new Map(files);
  for (const file of changed) next.set(file.fileId, file);
  return next;
};

/** One job to run: where its sources come from, and what to re-index. */
interface JobRequest {
  kind: 'import' | 'reindex';
  /** Turns the user's files into sources (uploading them in the browser). */
  sources(onUpload: (progress: UploadProgress) => void): Promise<ImportSource[]>;
  reindexDocumentIds?: readonly string[];
  reindexAll?: boolean;
}

const defaultStorage = (): Pick<Storage, 'getItem' | 'setItem'> | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage can be disabled in a browser
  }
};

export function createLibraryStore(api: LociApi, deps: LibraryStoreDeps): LibraryStore {
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
    let jobSeq = 0;
    let activeStream: { cancel(): void } | null = null;
    let cancelRequested = false;
    let lastRequest: JobRequest | null = null;
    const queue: JobRequest[] = [];

    const patchJob = (id: number, patch: Partial<ImportJob> | ((job: ImportJob) => Partial<ImportJob>)): void => {
      const job = get().job;
      if (!job || job.id !== id) return;
      set({ job: { ...job, ...(typeof patch === 'function' ? patch(job) : patch) } });
    };

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

    const ensureCollection = async (): Promise<string> => {
      if (get().selectedCollectionId === null) await refreshCollections();
      const id = get().selectedCollectionId;
      if (id === null) throw get().collectionsError ?? new AppError('NOT_FOUND', 'There is no collection to import into');
      return id;
    };

    const runJob = async (request: JobRequest): Promise<void> => {
      const id = ++jobSeq;
      cancelRequested = false;
      lastRequest = request;
      const base: ImportJob = {
        id,
        kind: request.kind,
        collectionId: get().selectedCollectionId ?? '',
        phase: 'uploading',
        cancelling: false,
        upload: null,
        files: new Map(),
        overall: null,
        summary: null,
        error: null,
      };
      set({ job: base });
      try {
        const collectionId = await ensureCollection();
        patchJob(id, { collectionId });
        const sources = await request.sources((upload) => {
          // [Note: cancelling an upload] The importer has no signal; throwing from its progress callback stops
          // its loop before the next piece, and the rejection below ends the job as cancelled.
          if (cancelRequested) throw new AppError('CANCELLED', 'Cancelled');
          patchJob(id, { upload });
        });
        if (cancelRequested) throw new AppError('CANCELLED', 'Cancelled');
        const reindexDocumentIds = [...(request.reindexDocumentIds ?? [])];
        const reindexAll = request.reindexAll ?? false;
        if (sources.length === 0 && reindexDocumentIds.length === 0 && !reindexAll) {
          patchJob(id, { phase: 'finished', summary: { files: [], cancelled: false, overall: emptyOverall() } });
          return;
        }
        patchJob(id, { phase: 'running' });
        const stream = api.stream('library.import', { collectionId, sources, reindexDocumentIds, reindexAll }, (item: ImportProgress) =>
          patchJob(id, (job) => ({ files: mergeFiles(job.files, item.files), overall: item.overall })),
        );
        activeStream = stream;
        const summary = await stream.result;
        patchJob(id, (job) => ({ phase: 'finished', summary, overall: summary.overall, files: mergeFiles(job.files, summary.files) }));
      } catch (error) {
        const appError = toAppError(error);
        if (appError.code === 'CANCELLED' && cancelRequested) {
          // The host answers a cancelled stream with CANCELLED rather than its summary: files it had not finished
          // are marked here; the ones it finished stay as reported (and in the documents table).
          patchJob(id, (job) => ({
            phase: 'cancelled',
            files: mergeFiles(
              job.files,
              [...job.files.values()].filter((f) => isUnfinished(f.state)).map((f) => ({ ...f, state: 'cancelled' as const, reason: 'Import cancelled' })),
            ),
          }));
        } else {
          patchJob(id, { phase: 'failed', error: appError });
        }
      } finally {
        activeStream = null;
        patchJob(id, { cancelling: false });
        const next = queue.shift();
        set({ queuedImports: queue.length });
        if (next) void runJob(next);
      }
    };

    const enqueue = (request: JobRequest): Promise<void> => {
      const job = get().job;
      if (job && (job.phase === 'uploading' || job.phase === 'running')) {
        queue.push(request);
        set({ queuedImports: queue.length });
        return Promise.resolve();
      }
      return runJob(request);
    };

    const uploadOptions = (onProgress: (progress: UploadProgress) => void) => ({ maxBytes: deps.maxFileBytes(), onProgress });

    const importSources = (sources: readonly ImportSource[]): Promise<void> =>
      enqueue({ kind: 'import', sources: async () => [...sources] });

    const pickWithDialog = async (kind: PickKind): Promise<void> => {
      try {
        // main opens the dialog and answers grants for what was chosen: no path crosses back ([Note: path grants])
        const { grants } = await api.call('library.pickSources', { kind });
        if (grants.length > 0) await importSources(grants.map((g) => ({ kind: 'grant' as const, grantId: g.grantId })));
      } catch (error) {
        set({ actionError: toAppError(error) });
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
          const job = get().job;
          const retryJob = job?.phase === 'failed' && job.error?.code === 'EMBEDDER_UNAVAILABLE' && lastRequest !== null;
          // an import that failed for want of the model runs again; otherwise the host is asked to load it
          if (retryJob) void get().retryImport();
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

      addFromPicker(kind) {
        if (!deps.capabilities()?.nativeFileDialog) return 'input';
        void pickWithDialog(kind);
        return 'dialog';
      },
      importFiles: (files) => enqueue({ kind: 'import', sources: (onUpload) => api.files.sourcesFromFiles(files, uploadOptions(onUpload)) }),
      importDrop: (items) => enqueue({ kind: 'import', sources: (onUpload) => api.files.sourcesFromDrop(items, uploadOptions(onUpload)) }),
      startImport: importSources,
      async importHostPath(target) {
        try {
          const grant = await api.call('library.grantAllowedPath', { path: target.trim() });
          void importSources([{ kind: 'grant', grantId: grant.grantId }]);
          return null;
        } catch (error) {
          return toAppError(error);
        }
      },
      reindex: (documentIds) => (documentIds.length === 0 ? Promise.resolve() : enqueue({ kind: 'reindex', sources: async () => [], reindexDocumentIds: [...documentIds] })),
      reindexAll: () => enqueue({ kind: 'reindex', sources: async () => [], reindexAll: true }),
      cancelImport() {
        queue.length = 0;
        set({ queuedImports: 0 });
        const job = get().job;
        if (!job || (job.phase !== 'uploading' && job.phase !== 'running')) return;
        patchJob(job.id, { cancelling: true });
        if (job.kind === 'resume') {
          // the host's own job: its last backgroundJob event (phase cancelled) ends it
          if (!job.hostJobId) return;
          api.call('sources.cancelJob', { jobId: job.hostJobId }).then(
            ({ cancelled }) => {
              if (!cancelled) patchJob(job.id, { cancelling: false });
            },
            (error: unknown) => patchJob(job.id, { cancelling: false, error: toAppError(error) }),
          );
          return;
        }
        cancelRequested = true;
        activeStream?.cancel();
      },
      async retryImport() {
        const job = get().job;
        if (!lastRequest || (job && (job.phase === 'uploading' || job.phase === 'running'))) return;
        await runJob(lastRequest);
      },
      dismissImport() {
        const job = get().job;
        if (job && (job.phase === 'uploading' || job.phase === 'running')) return;
        set({ job: null });
      },

      changed(collectionId) {
        void refreshCollections();
        if (collectionId === null || collectionId === get().selectedCollectionId) void refreshDocuments();
      },
      embedderStatusReceived(status) {
        embedderVersion++;
        set({ embedder: status, embedderError: null });
      },
      backgroundJobReceived(pushed) {
        const current = get().job;
        const ours = current !== null && current.kind !== 'resume' && (current.phase === 'uploading' || current.phase === 'running');
        if (ours) return; // the user's job keeps the panel; the documents table still shows what the resume lands
        const same = current !== null && current.kind === 'resume' && current.hostJobId === pushed.jobId && current.phase === 'running';
        const base: ImportJob = same
          ? current
          : { id: ++jobSeq, kind: 'resume', label: pushed.label, hostJobId: pushed.jobId, collectionId: pushed.collectionId, phase: 'running', cancelling: false, upload: null, files: new Map(), overall: null, summary: null, error: null };
        set({
          job: {
            ...base,
            phase: pushed.phase,
            cancelling: pushed.phase === 'running' && base.cancelling,
            files: mergeFiles(base.files, pushed.summary?.files ?? pushed.files),
            overall: pushed.overall ?? base.overall,
            summary: pushed.summary,
            error: pushed.error === null ? null : new AppError('INTERNAL', pushed.error),
          },
        });
        if (pushed.phase !== 'running') void refreshDocuments();
      },
    };
  });
}

const emptyOverall = (): ImportOverall => ({
  filesTotal: 0,
  filesDone: 0,
  filesFailed: 0,
  filesSkipped: 0,
  chunks: 0,
  chunksPerSecond: 0,
  etaSeconds: null,
  elapsedMs: 0,
});
