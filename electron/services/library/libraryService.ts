// The library service: collections, documents, imports, search and the embedder's state, over the database, the two
// workers and the retriever. Handlers call this; it owns the order of things (e.g. the index's embedder check).
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { AppError } from '../../../shared/contract/errors';
import type { Collection, DocumentInfo, DocumentSort, DocumentWindow, EmbedderStatus, FileProgress, ImportSource, ImportSummary, ImportProgress, libraryContract, PickKind } from '../../../shared/contract/library';
import type { Settings } from '../../../shared/contract/settings';
import type { DesktopBridge } from '../desktopBridge';
import type { EmbeddingService } from '../embedding/embeddingService';
import type { PathGrants } from '../grants/pathGrants';
import { collectFiles } from '../ingest/collectFiles';
import { runImportJob, type ImportTask } from '../ingest/importJob';
import type { IngestWorkerClient } from '../ingest/ingestWorkerClient';
import type { Logger } from '../logging/logger';
import { measured } from '../metrics/measured';
import type { MetricsRecorder } from '../metrics/metricsLog';
import type { EmbedLane } from '../embedding/embeddingProtocol';
import type { CalibrationResult } from '../retrieval/calibration';
import { createCalibrations } from '../retrieval/calibrations';
import { createRetriever, type RetrievalRequest, type RetrievalResult } from '../retrieval/retriever';
import type { StageTimer } from '../answers/stageTimer';
import { embedderDiffers } from '../database/indexMeta';
import { openLibraryDatabase, type LibraryDatabase } from '../database/libraryDatabase';
import { createDocumentWindows, type DocumentWindows } from './documentWindows';
import { createOriginalsStore } from './originalsStore';
import { createUploadStore } from './uploadStore';
import { createListeners } from '../events/listeners';

export interface LibraryServiceDeps {
  dataDir: string;
  metrics: MetricsRecorder;
  embedding: EmbeddingService;
  ingest: IngestWorkerClient;
  getSettings: () => Settings;
  logger: Logger;
  desktop?: DesktopBridge;
  /** Paths main granted to the renderer ([Note: path grants]). */
  grants: PathGrants;
  /** Database tuning for tests and benchmarks. */
  databaseOptions?: { annThreshold?: number; maintenanceDelayMs?: number };
  /** Persists each import's plan before work starts, so an interrupted one can resume ([Note: import resume]). */
  importPlans?: ImportPlanRecorder;
}

/** The files of an import that came from paths, each with the allowed folder it must stay inside (null: none). */
export interface ImportPlanFiles {
  collectionId: string;
  files: { path: string; confineTo: string | null }[];
}

/** Where import plans are kept: begin before the job's work starts, end when it ends in any way short of a crash. */
export interface ImportPlanRecorder {
  /** `cancelled`: the import's signal aborted (the user, or the app shutting down: then the plan stays). */
  begin(plan: ImportPlanFiles): { end(how: 'ended' | 'cancelled'): void };
}

/** What the services import: the contract's sources, plus raw paths for callers that are the user (the CLI, benchmarks). */
export type ServiceImportSource = ImportSource | { kind: 'path'; path: string; confineTo?: string | null };

type LibraryImportInput = z.output<(typeof libraryContract)['streams']['library.import']['input']>;

/** library.import's input as the contract parses it (fields documented there), whose sources may also be raw paths. */
export type ImportRequest = Omit<LibraryImportInput, 'sources'> & { sources: ServiceImportSource[] };

export interface LibraryService {
  database(): Promise<LibraryDatabase>;
  collections(): Promise<Collection[]>;
  createCollection(name: string): Promise<Collection>;
  renameCollection(id: string, name: string): Promise<Collection>;
  deleteCollection(id: string): Promise<void>;
  documents(collectionId: string): Promise<DocumentInfo[]>;
  /** One window of a collection's documents (sorted, filtered, sliced) and how many rows match the filter. */
  documentWindow(collectionId: string, window: DocumentWindow): Promise<{ documents: DocumentInfo[]; total: number }>;
  /** The ids of every document matching the filter, in that order. */
  documentIds(collectionId: string, filter: string, sort: DocumentSort): Promise<string[]>;
  removeDocuments(ids: string[]): Promise<number>;
  /** A document's file moved or was touched with the same content: new path and file times, chunks kept. */
  relocateDocument(id: string, to: { path: string; name: string; modifiedAt: number; sizeBytes: number }): Promise<DocumentInfo>;
  reveal(documentId: string): Promise<void>;
  open(documentId: string): Promise<void>;
  pickPaths(kind: PickKind): Promise<string[]>;
  /** `timer` records an answer's retrieval stages (see answers/stageTimer). */
  search(request: RetrievalRequest, signal?: AbortSignal, timer?: StageTimer): Promise<RetrievalResult>;
  /** What calibration measured on a collection with the current embedder (hybrid search's fusion), or null. */
  calibration(collectionId: string): Promise<CalibrationResult | null>;
  /** Measures the collection now (evaluation, CLI); normally it runs in the background after imports. */
  calibrate(collectionId: string, signal?: AbortSignal): Promise<CalibrationResult | null>;
  /** Resolves when the background work imports start (calibration) has finished: benchmarks time the next step apart. */
  backgroundIdle(): Promise<void>;
  documentText(documentId: string): Promise<{ document: DocumentInfo; text: string }>;
  embedderStatus(refresh?: boolean): Promise<EmbedderStatus>;
  beginUpload(name: string, size: number): { uploadId: string };
  appendUpload(uploadId: string, base64: string): number;
  /** Hands a fully received upload to another service (the built-in engine's GGUF files), which moves its file away. */
  takeUpload(uploadId: string): { name: string; path: string };
  import(request: ImportRequest, ctx: { signal: AbortSignal; emit(progress: ImportProgress): void }): Promise<ImportSummary>;
  onChanged(listener: (collectionId: string | null) => void): () => void;
  onEmbedderStatus(listener: (status: EmbedderStatus) => void): () => void;
  dispose(): Promise<void>;
}

/** The embedding lane calibration's pseudo-queries use. */
export const CALIBRATION_LANE: EmbedLane = 'import';

export function createLibraryService(deps: LibraryServiceDeps): LibraryService {
  const log = deps.logger.child('library');
  const databasePromise = openLibraryDatabase({ dir: path.join(deps.dataDir, 'library'), logger: deps.logger, ...deps.databaseOptions });
  databasePromise.catch((error: unknown) => log.error('could not open the library', { error }));
  const uploads = createUploadStore({ dataDir: deps.dataDir, logger: deps.logger, maxFileBytes: () => deps.getSettings().maxFileSizeMb * 1_000_000 });
  const originals = createOriginalsStore({ dir: path.join(deps.dataDir, 'originals'), maxBytes: () => deps.getSettings().originalsMaxMb * 1_000_000, logger: deps.logger });
  // calibration is background work: its pseudo-queries share the import lane, so a user's search goes ahead of them
  // and they do not go ahead of the next import's batches (in the query lane they did, 150 queries after each import)
  const calibrationsPromise = (async () => {
    const database = await databasePromise;
    return createCalibrations({ file: path.join(deps.dataDir, 'library', 'calibration.json'), database, embed: (texts, signal) => deps.embedding.embed(texts, signal, { lane: CALIBRATION_LANE }), embedderId: () => database.indexMeta()?.embedderId ?? '', logger: deps.logger });
  })();
  const retriever = (async () => {
    const calibrations = await calibrationsPromise;
    return createRetriever({ database: await databasePromise, embedding: deps.embedding, getSettings: deps.getSettings, calibrated: (id) => calibrations.fusionFor(id) });
  })();
  const changedListeners = createListeners<[collectionId: string | null]>();
  const statusListeners = createListeners<[EmbedderStatus]>();
  // [Note: windowed documents] sorting 10,000 rows costs tens of ms of the host's thread: each order is kept until
  // the documents change (the database's revision; a change event drops it at once too)
  const windowsPromise: Promise<DocumentWindows> = databasePromise.then((database) =>
    createDocumentWindows({ revision: () => database.documentsRevision(), list: (collectionId) => database.documentsOf(collectionId) }),
  );
  windowsPromise.catch(() => undefined);
  const changed = (collectionId: string | null): void => {
    void windowsPromise.then((windows) => windows.invalidate(collectionId), () => undefined);
    changedListeners.emit(collectionId);
  };
  let activeImport: Promise<unknown> = Promise.resolve();

  const embedderStatus = async (refresh = false): Promise<EmbedderStatus> => {
    if (refresh && deps.embedding.status().state !== 'ready') {
      // the outcome arrives as library.embedderStatusChanged events; the answer is the state right after the start
      void deps.embedding.ready().catch(() => undefined);
      await new Promise((resolve) => setImmediate(resolve));
    }
    const database = await databasePromise;
    const runtime = deps.embedding.status();
    const meta = database.indexMeta();
    const settings = deps.getSettings();
    const dimensionDiffers = meta !== null && runtime.dimension !== null && runtime.dimension !== meta.dimension;
    return {
      ...runtime,
      indexEmbedder: meta?.embedderId ?? null,
      indexDimension: meta?.dimension ?? null,
      needsReindex: meta !== null && (embedderDiffers(meta, settings.embedderModelId, null, settings.embedderDtype) || dimensionDiffers),
    };
  };
  const publishStatus = (): void => {
    void embedderStatus().then((s) => statusListeners.emit(s), () => undefined);
  };
  deps.embedding.onStatus(publishStatus);

  const documentOrThrow = async (id: string): Promise<DocumentInfo> => {
    const doc = (await databasePromise).getDocument(id);
    if (!doc) throw new AppError('NOT_FOUND', 'That document is no longer in the library', { id });
    return doc;
  };

  /** Turns sources into tasks; paths that cannot become tasks are reported as failed or skipped right away. */
  const planImport = async (request: ImportRequest, database: LibraryDatabase, signal: AbortSignal): Promise<{ tasks: ImportTask[]; initial: FileProgress[]; uploadIds: string[]; confineOf: Map<string, string | null> }> => {
    const settings = deps.getSettings();
    const maxBytes = settings.maxFileSizeMb * 1_000_000;
    const tasks: ImportTask[] = [];
    const initial: FileProgress[] = [];
    const uploadIds: string[] = [];
    const confineOf = new Map<string, string | null>();
    let n = 0;
    const fileId = (): string => `f${n++}`;
    const now = Date.now();
    const problem = (name: string, displayPath: string, state: 'failed' | 'skipped', reason: string): void => {
      initial.push({ fileId: fileId(), name, path: displayPath, state, reason, chunks: null, pages: null, documentId: null });
    };
    const addFile = (collectionId: string, name: string, displayPath: string, filePath: string, sizeBytes: number, source: DocumentInfo['source'], force: boolean): void => {
      if (sizeBytes > maxBytes) return problem(name, displayPath, 'skipped', `Larger than the ${settings.maxFileSizeMb} MB limit (${(sizeBytes / 1e6).toFixed(1)} MB)`);
      const existing = database.findDocumentByPath(collectionId, displayPath);
      const knownHash = existing && existing.status === 'ready' && !force ? database.contentHashOf(existing.id) : null;
      tasks.push({
        fileId: fileId(),
        name,
        displayPath,
        input: { kind: 'file', path: filePath, name, knownHash, maxBytes },
        collectionId,
        documentId: existing?.id ?? crypto.randomUUID(),
        source,
        sizeBytes,
        addedAt: now,
      });
    };

    // grants of an allowed folder (serve mode's --allow-dir) keep every file inside it, whatever symlinks the walk met
    const groups = new Map<string | null, string[]>();
    for (const s of request.sources) {
      const resolved = s.kind === 'path' ? { path: s.path, confineTo: s.confineTo ?? null } : s.kind === 'grant' ? deps.grants.resolve(s.grantId) : null;
      if (!resolved) continue;
      // pushed, not copied: a folder source's sync hands over thousands of paths
      const group = groups.get(resolved.confineTo);
      if (group) group.push(resolved.path);
      else groups.set(resolved.confineTo, [resolved.path]);
    }
    for (const [root, paths] of groups) {
      const { files, missing } = await collectFiles(paths, signal);
      for (const m of missing) problem(path.basename(m.path), m.path, 'failed', m.reason);
      for (const f of files) {
        if (root !== null) {
          const real = await fs.promises.realpath(f.path).catch(() => null);
          if (real === null || !deps.grants.isInside(real, root)) {
            problem(f.name, f.path, 'skipped', 'Points outside the folders this host allows');
            continue;
          }
        }
        confineOf.set(f.path, root);
        addFile(request.collectionId, f.name, f.path, f.path, f.sizeBytes, 'path', false);
      }
    }
    for (const s of request.sources) {
      if (s.kind !== 'upload') continue;
      const upload = uploads.get(s.uploadId);
      if (!upload) {
        problem(s.uploadId, s.uploadId, 'failed', 'The upload was not found (it may have expired); drop the file again');
        continue;
      }
      uploadIds.push(upload.id);
      if (upload.size > maxBytes) {
        problem(upload.name, upload.name, 'skipped', `Larger than the ${settings.maxFileSizeMb} MB limit (${(upload.size / 1e6).toFixed(1)} MB)`);
        continue;
      }
      if (upload.received !== upload.size) {
        problem(upload.name, upload.name, 'failed', 'The upload did not finish; drop the file again');
        continue;
      }
      addFile(request.collectionId, upload.name, upload.name, upload.path, upload.size, 'upload', false);
    }

    const reindexIds = request.reindexAll ? (await database.listCollections()).flatMap((c) => database.listDocuments(c.id).map((d) => d.id)) : request.reindexDocumentIds;
    for (const id of reindexIds) {
      const doc = database.getDocument(id);
      if (!doc) continue;
      const sourceExists = doc.source === 'path' && fs.existsSync(doc.path);
      // an upload's original, when it was kept, is parsed again like the file itself
      const hash = doc.source === 'upload' ? database.contentHashOf(doc.id) : null;
      const original = hash ? originals.pathOf(hash) : null;
      if (sourceExists || original) {
        const filePath = sourceExists ? doc.path : original!;
        const size = fs.statSync(filePath).size;
        const before = tasks.length;
        addFile(doc.collectionId, doc.name, doc.path, filePath, size, doc.source, true);
        if (tasks.length > before) tasks[tasks.length - 1]!.documentId = doc.id;
      } else {
        const text = await database.getDocumentText(doc.id);
        if (text === null) {
          problem(doc.name, doc.path, 'failed', 'The source file is gone and no stored text remains; import it again');
          continue;
        }
        tasks.push({
          fileId: fileId(),
          name: doc.name,
          displayPath: doc.path,
          input: { kind: 'text', text, name: doc.name },
          collectionId: doc.collectionId,
          documentId: doc.id,
          source: doc.source,
          sizeBytes: text.length,
          addedAt: doc.addedAt,
        });
      }
    }
    return { tasks, initial, uploadIds, confineOf };
  };

  /** Removes kept originals that no document refers to any more. */
  const pruneOriginals = async (database: LibraryDatabase): Promise<void> => {
    // after every import, however small: listing (and sorting) every document here blocked the main thread for tens
    // of ms at 10,000 documents (bench (f) profile)
    const collectionIds = new Set((await database.listCollections()).map((c) => c.id));
    originals.prune(database.contentHashes(collectionIds));
  };

  /** After an import: keeps the originals of uploads that landed, and drops those no document refers to any more. */
  const keepOriginals = async (tasks: readonly ImportTask[], summary: ImportSummary, database: LibraryDatabase): Promise<void> => {
    const landed = new Set(summary.files.filter((f) => f.state === 'done' || f.state === 'unchanged').map((f) => f.fileId));
    try {
      for (const task of tasks) {
        if (task.source === 'upload' && task.input.kind === 'file' && landed.has(task.fileId)) await originals.keep(task.input.path);
      }
      await pruneOriginals(database);
    } catch (error) {
      // the import itself succeeded; without the original a later re-index falls back to the stored text
      log.warn('could not keep uploaded originals', { error });
    }
  };

  return {
    database: () => databasePromise,
    collections: async () => (await databasePromise).listCollections(),
    createCollection: async (name) => {
      const c = await (await databasePromise).createCollection(name);
      changed(null);
      return c;
    },
    renameCollection: async (id, name) => {
      const c = await (await databasePromise).renameCollection(id, name);
      changed(null);
      return c;
    },
    deleteCollection: async (id) => {
      const database = await databasePromise;
      await database.deleteCollection(id);
      await pruneOriginals(database).catch((error: unknown) => log.warn('could not prune uploaded originals', { error }));
      changed(null);
    },
    documents: async (collectionId) => {
      const database = await databasePromise;
      if (!database.hasCollection(collectionId)) throw new AppError('NOT_FOUND', 'No such collection', { collectionId });
      return database.listDocuments(collectionId);
    },
    documentWindow: async (collectionId, window) => {
      const database = await databasePromise;
      if (!database.hasCollection(collectionId)) throw new AppError('NOT_FOUND', 'No such collection', { collectionId });
      // encoding, checking and sending 10,000 rows cost a tenth of a second of the host's thread: a window is a slice
      return (await windowsPromise).window(collectionId, window);
    },
    documentIds: async (collectionId, filter, sort) => {
      const database = await databasePromise;
      if (!database.hasCollection(collectionId)) throw new AppError('NOT_FOUND', 'No such collection', { collectionId });
      return (await windowsPromise).ids(collectionId, filter, sort);
    },
    removeDocuments: async (ids) => {
      const database = await databasePromise;
      const collections = new Set(ids.map((id) => database.getDocument(id)?.collectionId).filter((c): c is string => c !== undefined));
      const removed = await database.removeDocuments(ids);
      await pruneOriginals(database).catch((error: unknown) => log.warn('could not prune uploaded originals', { error }));
      for (const c of collections) changed(c);
      return removed;
    },
    relocateDocument: async (id, to) => {
      const doc = await (await databasePromise).relocateDocument(id, to);
      changed(doc.collectionId);
      return doc;
    },
    reveal: async (documentId) => {
      if (!deps.desktop) throw new AppError('UNSUPPORTED', 'Showing files in the file manager is only available in the desktop app');
      const doc = await documentOrThrow(documentId);
      if (doc.source !== 'path' || !fs.existsSync(doc.path)) throw new AppError('NOT_FOUND', `The source file of ${doc.name} is no longer where it was imported from`);
      deps.desktop.revealPath(doc.path);
    },
    open: async (documentId) => {
      if (!deps.desktop) throw new AppError('UNSUPPORTED', 'Opening files is only available in the desktop app');
      const doc = await documentOrThrow(documentId);
      if (doc.source !== 'path' || !fs.existsSync(doc.path)) throw new AppError('NOT_FOUND', `The source file of ${doc.name} is no longer where it was imported from`);
      const failure = await deps.desktop.openPath(doc.path);
      if (failure) throw new AppError('UNSUPPORTED', `The file could not be opened: ${failure}`);
    },
    pickPaths: async (kind) => {
      if (!deps.desktop) throw new AppError('UNSUPPORTED', 'Native file pickers are only available in the desktop app');
      return deps.desktop.pickPaths(kind);
    },
    search: async (request, signal, timer) => {
      const database = await databasePromise;
      if (!database.hasCollection(request.collectionId)) throw new AppError('NOT_FOUND', 'No such collection', { collectionId: request.collectionId });
      return measured(
        deps.metrics,
        { kind: 'retrieval', collectionId: request.collectionId },
        async () => (await retriever).retrieve(request, signal, timer),
        (result) => ({ retrievalMs: result.searchMs, embeddingMs: result.embedMs, items: result.passages.length }),
      );
    },
    documentText: async (documentId) => {
      const document = await documentOrThrow(documentId);
      const text = await (await databasePromise).getDocumentText(documentId);
      if (text === null) throw new AppError('NOT_FOUND', 'No text is stored for this document; re-index it');
      return { document, text };
    },
    embedderStatus,
    beginUpload: (name, size) => ({ uploadId: uploads.begin(name, size).id }),
    appendUpload: (uploadId, base64) => uploads.append(uploadId, base64),
    takeUpload: (uploadId) => {
      const upload = uploads.get(uploadId);
      if (!upload) throw new AppError('NOT_FOUND', 'Unknown upload', { uploadId });
      if (upload.received !== upload.size) throw new AppError('INVALID_INPUT', 'The upload is not complete');
      return { name: upload.name, path: upload.path };
    },

    import: async (request, ctx) => {
      const database = await databasePromise;
      if (!request.reindexAll && !database.hasCollection(request.collectionId)) throw new AppError('NOT_FOUND', 'No such collection', { collectionId: request.collectionId });
      // a grant this session never issued fails the whole call at once, before it waits for another import
      for (const s of request.sources) if (s.kind === 'grant') deps.grants.resolve(s.grantId);
      // one import at a time: two jobs would fight over the same two cores and the same writer
      const previous = activeImport;
      let release!: () => void;
      activeImport = new Promise<void>((resolve) => (release = resolve));
      await previous;
      let uploadIds: string[] = [];
      let recordedPlan: { end(how: 'ended' | 'cancelled'): void } | null = null;
      try {
        const info = await deps.embedding.ready();
        const meta = database.indexMeta();
        const mismatch = meta !== null && embedderDiffers(meta, info.modelId, info.dimension, info.dtype);
        if (mismatch) {
          if (!request.reindexAll) {
            const before = meta.dtype && meta.embedderId === info.modelId ? `${meta.embedderId} (${meta.dtype})` : meta.embedderId;
            const now = meta.dtype && meta.embedderId === info.modelId ? `${info.modelId} (${info.dtype})` : info.modelId;
            throw new AppError('EMBEDDER_MISMATCH', `The library was indexed with ${before}; the embedder is now ${now}. Re-index the library before importing more.`);
          }
          await database.resetForEmbedder(info.modelId, info.dimension, info.dtype);
          publishStatus();
          changed(null);
        } else {
          await database.useEmbedder(info.modelId, info.dimension, info.dtype);
        }
        const plan = await planImport(request, database, ctx.signal);
        uploadIds = plan.uploadIds;
        // [Note: import resume] the plan is on disk before the first file is read; a crash leaves it for the next start
        const files = plan.tasks.flatMap((t) => (t.source === 'path' && t.input.kind === 'file' ? [{ path: t.input.path, confineTo: plan.confineOf.get(t.input.path) ?? null }] : []));
        recordedPlan = files.length > 0 ? (deps.importPlans?.begin({ collectionId: request.collectionId, files }) ?? null) : null;
        return await measured(
          deps.metrics,
          { kind: 'import', model: info.modelId, collectionId: request.collectionId },
          async () => {
            const summary = await runImportJob(
              plan.tasks,
              plan.initial,
              { database, embedding: deps.embedding, ingest: deps.ingest, settings: deps.getSettings(), logger: deps.logger, metrics: deps.metrics, onCommitted: (ids) => ids.forEach(changed) },
              ctx,
            );
            if (meta === null) publishStatus();
            await keepOriginals(plan.tasks, summary, database);
            // the collection changed: hybrid search's fusion is measured again on it, in the background
            if (!summary.cancelled && summary.overall.chunks > 0) (await calibrationsPromise).refreshSoon(request.collectionId);
            return summary;
          },
          // an import with failed files is not OK: it counts them (errorMessage) so the metrics show what was lost
          ({ cancelled, overall: { filesFailed, filesTotal, chunks } }) => ({
            outcome: cancelled ? 'cancelled' : filesFailed > 0 ? 'error' : 'ok',
            ...(filesFailed > 0 ? { errorType: 'FILES_FAILED', errorMessage: `${filesFailed} of ${filesTotal} files failed` } : {}),
            items: chunks,
          }),
        );
      } finally {
        for (const id of uploadIds) uploads.discard(id);
        recordedPlan?.end(ctx.signal.aborted ? 'cancelled' : 'ended');
        release();
      }
    },

    onChanged: changedListeners.add,
    onEmbedderStatus: statusListeners.add,
    calibration: async (collectionId) => (await calibrationsPromise).get(collectionId),
    calibrate: async (collectionId, signal) => (await calibrationsPromise).calibrate(collectionId, signal),
    backgroundIdle: async () => (await calibrationsPromise).idle(),
    dispose: async () => {
      uploads.dispose();
      await (await calibrationsPromise.catch(() => null))?.dispose();
      await deps.ingest.dispose();
      await deps.embedding.dispose();
      const database = await databasePromise.catch(() => null);
      await database?.close();
    },
  };
}
