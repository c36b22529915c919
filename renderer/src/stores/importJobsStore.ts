// The import jobs: the running import or re-index (uploads, streamed per-file progress, cancel, retry, summary), the
// imports queued behind it, and jobs the host runs by itself (resumes). Collections and documents are libraryStore's.
// Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppCapabilities } from '../../../shared/contract/app';
import { AppError } from '../../../shared/contract/errors';
import {
  applyImportProgress,
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
import type { LibraryStore } from './libraryStore';

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

export interface ImportJobsState {
  /** The running import, or the last one until dismissed. */
  readonly job: ImportJob | null;
  /** Imports asked for while another ran; they start in turn. */
  readonly queuedImports: number;

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
  /** The embedder's Retry: re-runs the last job if it failed for want of the embedder; answers whether it did. */
  retryAfterEmbedder(): boolean;
  /** Hides a finished job's panel. */
  dismissImport(): void;
  /** `library.backgroundJob`: shown as the import panel's job unless one of the user's runs. */
  backgroundJobReceived(job: BackgroundJob): void;
}

export type ImportJobsStore = StoreApi<ImportJobsState>;

export interface ImportJobsStoreDeps {
  /** The selected collection (what imports go into), and its documents to refresh when a host job lands files. */
  library: LibraryStore;
  /** The host's capabilities; null until app.info answers. */
  capabilities(): AppCapabilities | null;
  /** Files larger than this are not uploaded (Settings' maxFileSizeMb, in bytes). */
  maxFileBytes(): number;
}

const UNFINISHED: ReadonlySet<FileState> = new Set(['queued', 'parsing', 'embedding']);
export const isUnfinished = (state: FileState): boolean => UNFINISHED.has(state);

const isActive = (job: ImportJob | null): boolean => job !== null && (job.phase === 'uploading' || job.phase === 'running');

/** One job to run: where its sources come from, and what to re-index. */
interface JobRequest {
  kind: 'import' | 'reindex';
  /** Turns the user's files into sources (uploading them in the browser). */
  sources(onUpload: (progress: UploadProgress) => void): Promise<ImportSource[]>;
  reindexDocumentIds?: readonly string[];
  reindexAll?: boolean;
}

export function createImportJobsStore(api: LociApi, deps: ImportJobsStoreDeps): ImportJobsStore {
  const library = deps.library;
  return createStore<ImportJobsState>()((set, get) => {
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

    const ensureCollection = async (): Promise<string> => {
      if (library.getState().selectedCollectionId === null) await library.getState().refreshCollections();
      const id = library.getState().selectedCollectionId;
      if (id === null) throw library.getState().collectionsError ?? new AppError('NOT_FOUND', 'There is no collection to import into');
      return id;
    };

    const runJob = async (request: JobRequest): Promise<void> => {
      const id = ++jobSeq;
      cancelRequested = false;
      lastRequest = request;
      const base: ImportJob = {
        id,
        kind: request.kind,
        collectionId: library.getState().selectedCollectionId ?? '',
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
          patchJob(id, (job) => applyImportProgress(job, item)),
        );
        activeStream = stream;
        const summary = await stream.result;
        patchJob(id, (job) => ({ ...applyImportProgress(job, summary), phase: 'finished', summary }));
      } catch (error) {
        const appError = toAppError(error);
        if (appError.code === 'CANCELLED' && cancelRequested) {
          // The host answers a cancelled stream with CANCELLED rather than its summary: files it had not finished
          // are marked here; the ones it finished stay as reported (and in the documents table).
          patchJob(id, (job) => ({
            phase: 'cancelled',
            files: applyImportProgress(job, {
              files: [...job.files.values()].filter((f) => isUnfinished(f.state)).map((f) => ({ ...f, state: 'cancelled' as const, reason: 'Import cancelled' })),
              overall: emptyOverall(),
            }).files,
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
      if (isActive(get().job)) {
        queue.push(request);
        set({ queuedImports: queue.length });
        return Promise.resolve();
      }
      return runJob(request);
    };

    const uploadOptions = (onProgress: (progress: UploadProgress) => void) => ({ maxBytes: deps.maxFileBytes(), onProgress });

    const importSources = (sources: readonly ImportSource[]): Promise<void> => enqueue({ kind: 'import', sources: async () => [...sources] });

    const pickWithDialog = async (kind: PickKind): Promise<void> => {
      try {
        // main opens the dialog and answers grants for what was chosen: no path crosses back ([Note: path grants])
        const { grants } = await api.call('library.pickSources', { kind });
        if (grants.length > 0) await importSources(grants.map((g) => ({ kind: 'grant' as const, grantId: g.grantId })));
      } catch (error) {
        library.getState().actionFailed(toAppError(error));
      }
    };

    return {
      job: null,
      queuedImports: 0,

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
        if (!job || !isActive(job)) return;
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
        if (!lastRequest || isActive(get().job)) return;
        await runJob(lastRequest);
      },
      retryAfterEmbedder() {
        const job = get().job;
        const retry = job?.phase === 'failed' && job.error?.code === 'EMBEDDER_UNAVAILABLE' && lastRequest !== null;
        if (retry) void get().retryImport();
        return retry;
      },
      dismissImport() {
        if (isActive(get().job)) return;
        set({ job: null });
      },
      backgroundJobReceived(pushed) {
        const current = get().job;
        const ours = current !== null && current.kind !== 'resume' && isActive(current);
        if (ours) return; // the user's job keeps the panel; the documents table still shows what the resume lands
        const same = current !== null && current.kind === 'resume' && current.hostJobId === pushed.jobId && current.phase === 'running';
        const base: ImportJob = same
          ? current
          : { id: ++jobSeq, kind: 'resume', label: pushed.label, hostJobId: pushed.jobId, collectionId: pushed.collectionId, phase: 'running', cancelling: false, upload: null, files: new Map(), overall: null, summary: null, error: null };
        const files = applyImportProgress(base, { files: pushed.summary?.files ?? pushed.files, overall: emptyOverall() }).files;
        set({
          job: {
            ...base,
            phase: pushed.phase,
            cancelling: pushed.phase === 'running' && base.cancelling,
            files,
            overall: pushed.overall ?? base.overall,
            summary: pushed.summary,
            error: pushed.error === null ? null : new AppError('INTERNAL', pushed.error),
          },
        });
        if (pushed.phase !== 'running') void library.getState().refreshDocuments();
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
