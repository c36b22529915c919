// Folder sources: imported folders remembered per collection (<data dir>/sources/), watched while Loci runs,
// rescanned at start, paused, resumed or removed; and the resume of imports a quit or crash interrupted.
// Plain Node, main thread: it stats and coordinates; reading, parsing and embedding stay in the import's workers.
// [Note: folder sources] Every change goes through library.import (one import at a time, the same isolation and
// atomicity), library.removeDocuments, or library.relocateDocument for a file that moved with the same content.
// [Note: serve-mode sources] Serve mode watches only folders inside its --allow-dir folders, and every import of a
// source is confined to the allowed folder that holds it, as an --allow-dir grant is.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError, toAppErrorData } from '../../../shared/contract/errors';
import type { DocumentInfo, FileProgress, ImportSummary } from '../../../shared/contract/library';
import type { BackgroundJob, SourceInfo, SourceState } from '../../../shared/contract/sources';
import type { PathGrants, ResolvedGrant } from '../grants/pathGrants';
import { collectFiles } from '../ingest/collectFiles';
import type { LibraryService } from '../library/libraryService';
import { createListeners } from '../events/listeners';
import type { Logger } from '../logging/logger';
import { openJsonFileStore } from '../dataFiles/jsonFileStore';
import { watchFolder, type ChangeBatch, type FolderWatcher } from './folderWatcher';
import { isInsideFolder, planSync, sameStat, sha256OfFile, statNamedPaths, type DiskFile } from './folderSync';
import type { WorkerEntry } from '../workers/workerEntries';
import type { ImportPlanStore } from './importPlans';

const SourceRecordSchema = z.object({
  id: z.string(),
  collectionId: z.string(),
  /** The folder's real path. */
  root: z.string(),
  /** The allowed folder (serve mode's --allow-dir) it was granted from, or null. */
  confineTo: z.string().nullable(),
  paused: z.boolean(),
  createdAt: z.number(),
  lastSyncAt: z.number().nullable(),
  lastSyncSummary: z.string().nullable(),
});
type SourceRecord = z.infer<typeof SourceRecordSchema>;

export interface SourcesServiceOptions {
  /** Quiet time before a batch of changes syncs, ms. */
  debounceMs?: number;
  /** How long a file's size must be stable before it is read, ms. */
  settleMs?: number;
  /** How long a vanished file waits for a new file to claim it as moved before its document goes, ms. */
  goneGraceMs?: number;
  usePolling?: boolean;
}

export interface SourcesServiceDeps {
  dataDir: string;
  library: LibraryService;
  grants: PathGrants;
  plans: ImportPlanStore;
  /** The folder watcher worker ([Note: watcher off the main thread]). */
  watcherWorker: WorkerEntry;
  logger: Logger;
  /** Desktop and CLI: any folder the user chose. Serve mode: only folders inside the --allow-dir folders. */
  watchAnyFolder: boolean;
  options?: SourcesServiceOptions;
}

export interface SourcesService {
  /** Resumes interrupted imports, rescans every source and starts watching. Call once. */
  start(): Promise<void>;
  list(collectionId: string): Promise<SourceInfo[]>;
  /** A granted folder becomes a source and syncs. */
  add(collectionId: string, grantId: string): Promise<SourceInfo>;
  /** A folder by path (the CLI, which is the user). */
  addPath(collectionId: string, folder: string): Promise<SourceInfo>;
  /** A folder grant that library.import is importing: remembered now, watched once that import ends. */
  adoptImported(collectionId: string, grant: ResolvedGrant, imported: Promise<{ readonly cancelled: boolean }>): void;
  pause(id: string): Promise<SourceInfo>;
  resume(id: string): Promise<SourceInfo>;
  rescan(id: string): Promise<SourceInfo>;
  remove(id: string, removeDocuments: boolean): Promise<void>;
  /** Cancels a running host-started job (a resume); false when no such job runs. */
  cancelJob(jobId: string): boolean;
  /** Resolves when no sync runs or waits (tests, benchmarks). */
  idle(): Promise<void>;
  onChanged(listener: (id: string, collectionId: string, source: SourceInfo | null) => void): () => void;
  onBackgroundJob(listener: (job: BackgroundJob) => void): () => void;
  dispose(): Promise<void>;
}

interface Runtime {
  record: SourceRecord;
  state: SourceState;
  pending: number;
  problem: string | null;
  watcher: FolderWatcher | null;
  chain: Promise<void>;
  queued: number;
  abort: AbortController;
  /** Documents whose file vanished in a watch batch, kept a moment for a move to claim them. */
  earlierGone: Map<string, { doc: DocumentInfo; since: number }>;
  graceTimer: ReturnType<typeof setTimeout> | null;
  lastEmit: number;
  emitTimer: ReturnType<typeof setTimeout> | null;
}

const EMIT_INTERVAL_MS = 250;
/** How long a full sync waits for the watcher's initial scan before it walks the folder anyway, ms. */
const WATCH_READY_TIMEOUT_MS = 60_000;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function createSourcesService(deps: SourcesServiceDeps): SourcesService {
  const log = deps.logger.child('sources');
  const options = deps.options ?? {};
  const goneGraceMs = options.goneGraceMs ?? 1500;
  const records = openJsonFileStore(path.join(deps.dataDir, 'sources'), SourceRecordSchema, (r) => r.id);
  const runtimes = new Map<string, Runtime>();
  const changed = createListeners<[id: string, collectionId: string, source: SourceInfo | null]>();
  const jobChanged = createListeners<[job: BackgroundJob]>();
  let started = false;
  let disposed = false;
  let resuming: Promise<void> = Promise.resolve();

  const info = (rt: Runtime): SourceInfo => ({
    id: rt.record.id,
    collectionId: rt.record.collectionId,
    name: path.basename(rt.record.root) || rt.record.root,
    path: rt.record.root,
    state: rt.state,
    pending: rt.state === 'syncing' ? rt.pending : 0,
    lastSyncAt: rt.record.lastSyncAt,
    lastSyncSummary: rt.record.lastSyncSummary,
    problem: rt.problem,
    createdAt: rt.record.createdAt,
  });
  const emitNow = (rt: Runtime): void => {
    if (rt.emitTimer) clearTimeout(rt.emitTimer);
    rt.emitTimer = null;
    rt.lastEmit = Date.now();
    const source = info(rt);
    changed.emit(source.id, source.collectionId, source);
  };
  /** State changes go at once; pending counts at most every EMIT_INTERVAL_MS, the last always. */
  const emit = (rt: Runtime, throttled = false): void => {
    if (!throttled) return emitNow(rt);
    if (rt.emitTimer) return;
    rt.emitTimer = setTimeout(() => emitNow(rt), Math.max(0, rt.lastEmit + EMIT_INTERVAL_MS - Date.now()));
    rt.emitTimer.unref?.();
  };
  const setState = (rt: Runtime, state: SourceState, patch: { pending?: number; problem?: string | null } = {}): void => {
    rt.state = state;
    if (patch.pending !== undefined) rt.pending = patch.pending;
    if (patch.problem !== undefined) rt.problem = patch.problem;
    emit(rt);
  };
  const save = (rt: Runtime): void => {
    if (runtimes.has(rt.record.id)) records.put(rt.record.id, rt.record);
  };

  /** The allowed folder a path must stay inside, null when none applies, or undefined when this host may not read it. */
  const confinementFor = (real: string, recorded: string | null): string | null | undefined => {
    if (recorded !== null && deps.grants.allowedRoots.includes(recorded) && isInsideFolder(real, recorded)) return recorded;
    const root = deps.grants.allowedRoots.find((r) => isInsideFolder(real, r));
    if (root !== undefined) return root;
    return deps.watchAnyFolder ? null : undefined;
  };

  const runtimeOf = (id: string): Runtime => {
    const rt = runtimes.get(id);
    if (!rt) throw new AppError('NOT_FOUND', 'That folder is no longer a source of this collection', { id });
    return rt;
  };

  const enqueue = (rt: Runtime, work: () => Promise<void>): Promise<void> => {
    rt.queued++;
    const next = rt.chain.then(work).catch((error: unknown) => {
      log.error('a source sync failed', { error, source: rt.record.id });
      rt.problem = toAppErrorData(error).message;
      if (runtimes.has(rt.record.id) && rt.state === 'syncing') setState(rt, rt.record.paused ? 'paused' : 'watching');
    }).finally(() => {
      rt.queued--;
    });
    rt.chain = next;
    return next;
  };

  const stopWatching = async (rt: Runtime): Promise<void> => {
    const w = rt.watcher;
    rt.watcher = null;
    await w?.close().catch((error: unknown) => log.warn('closing a watcher failed', { error }));
  };

  /**
   * [Note: watch before the walk] A full sync starts the watcher and waits for its initial scan before it walks the
   * folder: a change after that moment is an event, one before it is seen by the walk. Started after the sync (as it
   * once was), the watcher missed every edit made while the sync ran and, on a busy machine, for seconds after it
   * said 'watching' (chokidar's scan of a big folder had not reached the edited file's folder yet).
   */
  const startWatching = async (rt: Runtime): Promise<void> => {
    if (rt.watcher || disposed || rt.record.paused || !runtimes.has(rt.record.id)) return;
    const watcher = watchFolder({
      root: rt.record.root,
      worker: deps.watcherWorker,
      ...(options.debounceMs !== undefined ? { debounceMs: options.debounceMs } : {}),
      ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
      ...(options.usePolling ? { usePolling: true } : {}),
      onBatch: (batch) => enqueue(rt, () => syncOnce(rt, batch)),
      onError: (error) => log.warn('watcher error', { error, source: rt.record.id }),
    });
    rt.watcher = watcher;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tooLong = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), WATCH_READY_TIMEOUT_MS);
      timer.unref?.();
    });
    const ready = await Promise.race([watcher.ready.then(() => true), tooLong]);
    clearTimeout(timer);
    // the sync goes on either way: the walk still sees everything, and the watcher delivers once it is ready
    if (!ready) log.warn('the folder watcher is not ready yet; syncing anyway', { source: rt.record.id, waitedMs: WATCH_READY_TIMEOUT_MS });
  };

  /** One sync: a full rescan (batch null) or the paths a watch batch named. */
  const syncOnce = async (rt: Runtime, batch: ChangeBatch | null): Promise<void> => {
    if (disposed || !runtimes.has(rt.record.id) || rt.record.paused) return;
    const { record } = rt;
    const database = await deps.library.database();
    if (!database.hasCollection(record.collectionId)) {
      log.info('the collection of a source is gone; forgetting the source', { source: record.id });
      await forget(rt);
      return;
    }
    const real = await fs.promises.realpath(record.root).catch(() => null);
    const confineTo = real === null ? undefined : confinementFor(real, record.confineTo);
    if (real !== null && confineTo === undefined) {
      await stopWatching(rt);
      setState(rt, 'notAllowed', { problem: 'This host may not read this folder (start serve mode with an --allow-dir that contains it)' });
      return;
    }
    const rootStat = real === null ? null : await fs.promises.stat(real).catch(() => null);
    if (rootStat === null || !rootStat.isDirectory()) {
      // an unplugged drive must not empty the collection: documents stay until the folder is back
      await stopWatching(rt);
      setState(rt, 'missing', { problem: 'The folder is missing or cannot be read; its documents stay in the library until it is back' });
      return;
    }
    setState(rt, 'syncing', { pending: 0, problem: null });
    if (batch === null) await startWatching(rt);

    const documents = database.documentsOf(record.collectionId).filter((d) => d.source === 'path' && isInsideFolder(d.path, record.root));
    let files: DiskFile[];
    const gonePaths = new Set<string>();
    if (batch === null) {
      const found = await collectFiles([record.root], rt.abort.signal);
      files = found.files.map((f) => ({ path: f.path, sizeBytes: f.sizeBytes, modifiedAt: f.modifiedAt }));
      const present = new Set(files.map((f) => f.path));
      for (const d of documents) if (!present.has(d.path)) gonePaths.add(d.path);
      rt.earlierGone.clear();
    } else {
      const named = await statNamedPaths(batch.paths, record.root);
      files = named.files;
      for (const p of named.gone) gonePaths.add(p);
      for (const dir of batch.newDirs) {
        const found = await collectFiles([dir], rt.abort.signal).catch(() => ({ files: [] }));
        for (const f of found.files) files.push({ path: f.path, sizeBytes: f.sizeBytes, modifiedAt: f.modifiedAt });
      }
      for (const dir of batch.goneDirs) for (const d of documents) if (isInsideFolder(d.path, dir)) gonePaths.add(d.path);
    }
    const plan = await planSync({
      documents,
      files,
      gonePaths,
      earlierGone: [...rt.earlierGone.values()].map((g) => g.doc),
      contentHashOf: (id) => database.contentHashOf(id),
      // the hash reads the file: only inside the allowed folder, as the import would
      hashFile: async (file) => {
        const realFile = await fs.promises.realpath(file).catch(() => null);
        if (realFile === null || (confineTo !== null && confineTo !== undefined && !isInsideFolder(realFile, confineTo))) return null;
        return sha256OfFile(realFile).catch(() => null);
      },
    });

    const now = Date.now();
    for (const m of plan.moves) rt.earlierGone.delete(m.documentId);
    let toRemove: DocumentInfo[];
    if (batch === null) {
      toRemove = plan.gone;
    } else {
      for (const doc of plan.gone) if (!rt.earlierGone.has(doc.id)) rt.earlierGone.set(doc.id, { doc, since: now });
      toRemove = [...rt.earlierGone.values()].filter((g) => now - g.since >= goneGraceMs).map((g) => g.doc);
      for (const doc of toRemove) rt.earlierGone.delete(doc.id);
    }
    rt.pending = plan.toImport.length + plan.moves.length + toRemove.length;
    emit(rt, true);

    for (const m of plan.moves) {
      await deps.library.relocateDocument(m.documentId, { path: m.path, name: m.name, modifiedAt: m.modifiedAt, sizeBytes: m.sizeBytes });
      rt.pending--;
    }
    if (toRemove.length > 0) await deps.library.removeDocuments(toRemove.map((d) => d.id));
    rt.pending -= toRemove.length;
    emit(rt, true);

    let summary: ImportSummary | null = null;
    if (plan.toImport.length > 0) {
      const importing = plan.toImport.length;
      summary = await deps.library.import(
        { collectionId: record.collectionId, sources: plan.toImport.map((f) => ({ kind: 'path' as const, path: f.path, confineTo: confineTo ?? null })), reindexDocumentIds: [], reindexAll: false },
        {
          signal: rt.abort.signal,
          emit: (progress) => {
            rt.pending = Math.max(0, importing - progress.overall.filesDone);
            emit(rt, true);
          },
        },
      );
      // touched but not changed: the index takes the new times, so the next rescan does not read it again
      const byPath = new Map(plan.toImport.map((f) => [f.path, f]));
      for (const f of summary.files) {
        const disk = byPath.get(f.path);
        const doc = f.state === 'unchanged' && f.documentId ? database.getDocument(f.documentId) : null;
        if (disk && doc && !sameStat(doc, disk)) await deps.library.relocateDocument(doc.id, { path: doc.path, name: doc.name, modifiedAt: disk.modifiedAt, sizeBytes: disk.sizeBytes });
      }
    }

    const changedFiles = summary?.files.filter((f) => f.state === 'done').length ?? 0;
    const failed = summary?.overall.filesFailed ?? 0;
    const parts = [
      changedFiles > 0 ? `${plural(changedFiles, 'file')} indexed` : null,
      plan.moves.length > 0 ? `${plan.moves.length} moved` : null,
      toRemove.length > 0 ? `${toRemove.length} removed` : null,
      failed > 0 ? `${failed} failed` : null,
    ].filter((p): p is string => p !== null);
    if (!runtimes.has(record.id)) return;
    record.lastSyncAt = Date.now();
    if (parts.length > 0 || batch === null) record.lastSyncSummary = parts.length > 0 ? parts.join(', ') : 'Up to date';
    save(rt);
    setState(rt, record.paused ? 'paused' : 'watching', { pending: 0, problem: summary?.cancelled ? null : failed > 0 ? `${plural(failed, 'file')} could not be indexed; see the documents table` : null });
    // vanished files not claimed by a move go once their grace has passed
    if (rt.earlierGone.size > 0 && !rt.graceTimer) {
      rt.graceTimer = setTimeout(() => {
        rt.graceTimer = null;
        void enqueue(rt, () => syncOnce(rt, { paths: new Set(), goneDirs: new Set(), newDirs: new Set() }));
      }, goneGraceMs);
      rt.graceTimer.unref?.();
    }
  };

  const forget = async (rt: Runtime): Promise<void> => {
    runtimes.delete(rt.record.id);
    rt.abort.abort();
    if (rt.graceTimer) clearTimeout(rt.graceTimer);
    if (rt.emitTimer) clearTimeout(rt.emitTimer);
    records.delete(rt.record.id);
    await stopWatching(rt);
    changed.emit(rt.record.id, rt.record.collectionId, null);
  };

  const makeRuntime = (record: SourceRecord): Runtime => {
    const rt: Runtime = { record, state: record.paused ? 'paused' : 'watching', pending: 0, problem: null, watcher: null, chain: Promise.resolve(), queued: 0, abort: new AbortController(), earlierGone: new Map(), graceTimer: null, lastEmit: 0, emitTimer: null };
    runtimes.set(record.id, rt);
    return rt;
  };

  const register = async (collectionId: string, root: string, confineTo: string | null): Promise<{ rt: Runtime; created: boolean }> => {
    const database = await deps.library.database();
    if (!database.hasCollection(collectionId)) throw new AppError('NOT_FOUND', 'No such collection', { collectionId });
    // a folder inside one this collection already watches is covered by it
    for (const rt of runtimes.values()) if (rt.record.collectionId === collectionId && isInsideFolder(root, rt.record.root)) return { rt, created: false };
    const record: SourceRecord = { id: crypto.randomUUID(), collectionId, root, confineTo, paused: false, createdAt: Date.now(), lastSyncAt: null, lastSyncSummary: null };
    records.put(record.id, record);
    const rt = makeRuntime(record);
    emit(rt);
    return { rt, created: true };
  };

  const folderGrant = (grantId: string): ResolvedGrant => {
    const grant = deps.grants.resolve(grantId);
    if (!fs.statSync(grant.path, { throwIfNoEntry: false })?.isDirectory()) throw new AppError('INVALID_INPUT', 'Only a folder can be a source; choose a folder');
    return grant;
  };

  const addResolved = async (collectionId: string, root: string, confineTo: string | null): Promise<SourceInfo> => {
    if (confinementFor(root, confineTo) === undefined) throw new AppError('FORBIDDEN', 'This host may not watch that folder (see --allow-dir)');
    const { rt } = await register(collectionId, root, confineTo);
    void enqueue(rt, () => syncOnce(rt, null));
    return info(rt);
  };

  /** [Note: import resume] Imports left unfinished by the previous run, minus what finished. */
  const resumeLeftOver = async (): Promise<void> => {
    const database = await deps.library.database();
    for (const plan of deps.plans.leftOver()) {
      if (disposed) return;
      if (!database.hasCollection(plan.collectionId)) {
        deps.plans.discard(plan.id);
        continue;
      }
      const byPath = new Map(database.documentsOf(plan.collectionId).map((d) => [d.path, d]));
      const remaining: { path: string; confineTo: string | null }[] = [];
      for (const f of plan.files) {
        const stat = await fs.promises.stat(f.path).catch(() => null);
        if (!stat?.isFile()) continue;
        const doc = byPath.get(f.path);
        if (doc && doc.status === 'ready' && sameStat(doc, { sizeBytes: stat.size, modifiedAt: stat.mtimeMs })) continue;
        const real = await fs.promises.realpath(f.path).catch(() => null);
        const confineTo = real === null ? undefined : confinementFor(real, f.confineTo);
        if (confineTo === undefined) continue;
        remaining.push({ path: f.path, confineTo });
      }
      if (remaining.length === 0) {
        deps.plans.discard(plan.id);
        continue;
      }
      const abort = new AbortController();
      const onShutdown = (): void => abort.abort();
      resumeAbort.signal.addEventListener('abort', onShutdown, { once: true });
      const job: BackgroundJob = { jobId: crypto.randomUUID(), kind: 'resume', collectionId: plan.collectionId, label: `Resuming ${plural(remaining.length, 'file')}`, phase: 'running', files: [], overall: null, summary: null, error: null };
      const send = (patch: Partial<BackgroundJob>): void => {
        const next = { ...job, ...patch };
        jobChanged.emit(next);
      };
      log.info('resuming an interrupted import', { files: remaining.length, of: plan.files.length });
      runningJobs.set(job.jobId, abort);
      send({});
      let pendingFiles = new Map<string, FileProgress>();
      let lastSent = 0;
      let discarded = false;
      try {
        const summary = await deps.library.import(
          { collectionId: plan.collectionId, sources: remaining.map((f) => ({ kind: 'path' as const, path: f.path, confineTo: f.confineTo })), reindexDocumentIds: [], reindexAll: false },
          {
            signal: abort.signal,
            emit: (progress) => {
              // the import has written its own plan by now: the old one may go
              if (!discarded) deps.plans.discard(plan.id);
              discarded = true;
              for (const f of progress.files) pendingFiles.set(f.fileId, f);
              if (Date.now() - lastSent < EMIT_INTERVAL_MS) return;
              lastSent = Date.now();
              send({ files: [...pendingFiles.values()], overall: progress.overall });
              pendingFiles = new Map();
            },
          },
        );
        // shutting down: the import kept its plan (frozen) and the next start resumes it; the user's Cancel: it is dropped
        const byUser = abort.signal.aborted && !resumeAbort.signal.aborted;
        if (!discarded && (!abort.signal.aborted || byUser)) deps.plans.discard(plan.id);
        send({ phase: summary.cancelled ? 'cancelled' : 'finished', files: summary.files, overall: summary.overall, summary });
      } catch (error) {
        const data = toAppErrorData(error);
        if (data.code === 'CANCELLED' && !resumeAbort.signal.aborted) {
          if (!discarded) deps.plans.discard(plan.id);
          send({ phase: 'cancelled' });
        } else {
          // the plan stays (unless the new import took it over): the next start tries again
          log.warn('resuming an import failed', { error });
          send({ phase: 'failed', error: data.message });
        }
      } finally {
        runningJobs.delete(job.jobId);
        resumeAbort.signal.removeEventListener('abort', onShutdown);
      }
    }
  };
  const resumeAbort = new AbortController();
  const runningJobs = new Map<string, AbortController>();

  return {
    start: async () => {
      if (started) return;
      started = true;
      // a source added (or listed) before start already has its runtime: a second one would watch it twice
      for (const record of records.all()) if (!runtimes.has(record.id)) makeRuntime(record);
      resuming = resumeLeftOver().catch((error: unknown) => log.error('resuming imports failed', { error }));
      await resuming;
      for (const rt of runtimes.values()) if (!rt.record.paused && !rt.watcher && rt.queued === 0) void enqueue(rt, () => syncOnce(rt, null));
    },
    list: async (collectionId) => {
      const database = await deps.library.database();
      if (!database.hasCollection(collectionId)) throw new AppError('NOT_FOUND', 'No such collection', { collectionId });
      if (!started) for (const record of records.all()) if (!runtimes.has(record.id)) makeRuntime(record);
      return [...runtimes.values()].filter((rt) => rt.record.collectionId === collectionId).sort((a, b) => a.record.createdAt - b.record.createdAt).map(info);
    },
    add: async (collectionId, grantId) => {
      const grant = folderGrant(grantId);
      return addResolved(collectionId, grant.path, grant.confineTo);
    },
    addPath: async (collectionId, folder) => {
      const real = await fs.promises.realpath(path.resolve(folder)).catch(() => null);
      if (real === null || !fs.statSync(real).isDirectory()) throw new AppError('NOT_FOUND', `${folder} is not a folder`);
      return addResolved(collectionId, real, null);
    },
    adoptImported: (collectionId, grant, imported) => {
      if (!fs.statSync(grant.path, { throwIfNoEntry: false })?.isDirectory()) return;
      if (confinementFor(grant.path, grant.confineTo) === undefined) return;
      void (async () => {
        const { rt, created } = await register(collectionId, grant.path, grant.confineTo);
        if (!created) return;
        setState(rt, 'syncing', { pending: 0 });
        const cancelled = await imported.then(
          (summary) => summary.cancelled,
          (error: unknown) => error instanceof AppError && error.code === 'CANCELLED',
        );
        if (cancelled) {
          // the user stopped this folder's import: a sync now would import the rest behind their back. The folder
          // stays a source, paused, so Resume continues it and Remove forgets it
          rt.record.paused = true;
          save(rt);
          setState(rt, 'paused', { pending: 0 });
          return;
        }
        // catches what changed while the import ran; unchanged files are not read again
        await enqueue(rt, () => syncOnce(rt, null));
      })().catch((error: unknown) => log.warn('could not remember an imported folder as a source', { error }));
    },
    pause: async (id) => {
      const rt = runtimeOf(id);
      rt.record.paused = true;
      save(rt);
      rt.abort.abort();
      rt.abort = new AbortController();
      await stopWatching(rt);
      setState(rt, 'paused', { pending: 0 });
      return info(rt);
    },
    resume: async (id) => {
      const rt = runtimeOf(id);
      rt.record.paused = false;
      save(rt);
      setState(rt, 'watching');
      void enqueue(rt, () => syncOnce(rt, null));
      return info(rt);
    },
    rescan: async (id) => {
      const rt = runtimeOf(id);
      if (rt.record.paused) throw new AppError('CONFLICT', 'This source is paused; resume it to rescan');
      void enqueue(rt, () => syncOnce(rt, null));
      return info(rt);
    },
    remove: async (id, removeDocuments) => {
      const rt = runtimeOf(id);
      await forget(rt);
      await rt.chain.catch(() => undefined);
      if (removeDocuments) {
        const database = await deps.library.database();
        const ids = database.documentsOf(rt.record.collectionId).filter((d) => d.source === 'path' && isInsideFolder(d.path, rt.record.root)).map((d) => d.id);
        if (ids.length > 0) await deps.library.removeDocuments(ids);
      }
    },
    cancelJob: (jobId) => {
      const abort = runningJobs.get(jobId);
      if (!abort || abort.signal.aborted) return false;
      log.info('the user cancelled a resumed import', { jobId });
      abort.abort();
      return true;
    },
    idle: async () => {
      await resuming;
      for (;;) {
        const busy = [...runtimes.values()].filter((rt) => rt.queued > 0);
        if (busy.length === 0) return;
        await Promise.all(busy.map((rt) => rt.chain));
      }
    },
    onChanged: changed.add,
    onBackgroundJob: jobChanged.add,
    dispose: async () => {
      disposed = true;
      resumeAbort.abort();
      for (const rt of runtimes.values()) {
        rt.abort.abort();
        if (rt.graceTimer) clearTimeout(rt.graceTimer);
        if (rt.emitTimer) clearTimeout(rt.emitTimer);
        await stopWatching(rt);
      }
      await resuming.catch(() => undefined);
      await Promise.all([...runtimes.values()].map((rt) => rt.chain.catch(() => undefined)));
    },
  };
}
