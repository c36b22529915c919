// One import job: a three-stage pipeline (prepare in the ingest worker, embed in the embedding worker, write to
// LanceDB) that keeps the embedder busy, reports per-file and overall progress, and stops cleanly on cancel.
// [Note: import atomicity] Nothing of a file is written until all its chunks are embedded; then it lands in one
// commit. A cancelled or crashed job therefore leaves finished files indexed and the interrupted one absent.
// [Note: import isolation] One file's trouble is its own: a chunk the embedder has no vector for is stored for
// keyword search and the document says so; a batch the database refuses is retried document by document (in the database);
// and every failure reaches the user as what failed and what to do, with the technical cause in the log.
import { AppError } from '../../../shared/contract/errors';
import type { DocumentInfo, FileProgress, ImportOverall, ImportProgress, ImportSummary } from '../../../shared/contract/library';
import type { Settings } from '../../../shared/contract/settings';
import type { EmbedderInfo, EmbeddingService, EmbedOptions } from '../embedding/embeddingService';
import type { Logger } from '../logging/logger';
import type { MetricsRecorder } from '../metrics/metricsLog';
import { COMMIT_FAILED_REASON, type LibraryDatabase, type PreparedDocument } from '../database/libraryDatabase';
import type { ChunkRow, DocumentRow } from '../database/tableSchemas';
import { SKIP_CODES, type ChunkingOptions } from './extractedDocument';
import type { PrepareInput, PreparedFile } from './ingestProtocol';
import type { IngestWorkerClient } from './ingestWorkerClient';
import { ACTIVE_STATES, createProgressTally } from './progressTally';

export interface ImportTask {
  fileId: string;
  name: string;
  /** What the user sees (the file's path, or an upload's name). */
  displayPath: string;
  input: PrepareInput;
  collectionId: string;
  documentId: string;
  source: DocumentInfo['source'];
  sizeBytes: number;
  addedAt: number;
}

export interface ImportJobDeps {
  database: LibraryDatabase;
  embedding: EmbeddingService;
  ingest: IngestWorkerClient;
  settings: Settings;
  logger: Logger;
  metrics?: MetricsRecorder;
  /** Called after each commit with the collections it touched. */
  onCommitted?: (collectionIds: string[]) => void;
}

export interface ImportJobContext {
  signal: AbortSignal;
  emit(progress: ImportProgress): void;
}

const PREPARE_AHEAD = 2;
const MAX_BUFFERED_CHUNKS = 4096;
const EMBED_CALL_CHUNKS = 256;
const EMBED_MIN_CHUNKS = 32;
const WRITE_CHUNKS = 2000;
const WRITE_DOCS = 64;
const WRITE_DELAY_MS = 750;
/** Import batches queue behind queries in the embedding worker (see [Note: query lane]). */
const IMPORT_LANE = { lane: 'import' } as const;

export function chunkingFor(settings: Settings, info: EmbedderInfo): ChunkingOptions {
  const maxTokens = info.maxTokens;
  const targetTokens = Math.min(settings.chunkTargetTokens, maxTokens);
  return { targetTokens, overlapTokens: Math.min(settings.chunkOverlapTokens, Math.floor(targetTokens / 2)), maxTokens };
}

interface Embedded {
  task: ImportTask;
  file: PreparedFile;
}

const UNEXPECTED_REASON = 'Loci could not import this file because of an unexpected error. Try again; if it keeps failing, the log has the details.';
const NOTHING_SEARCHABLE_REASON = 'Nothing in this file can be searched: the embedding model cannot represent its text, and it has no words for keyword search.';
const LEFT_INDEXING_REASON = 'The import ended before this file was saved. Re-index it.';

/** What the user reads when some passages have no meaning vector (null when all have one). */
export function keywordOnlyNote(missing: number, total: number): string | null {
  if (missing === 0) return null;
  const why = 'the embedding model cannot represent the text, e.g. its language';
  if (missing === total) return total === 1 ? `Its passage has no meaning vector (${why}); it is found by keyword search only.` : `None of its ${total} passages has a meaning vector (${why}); they are found by keyword search only.`;
  return `${missing} of ${total} passages ${missing === 1 ? 'has' : 'have'} no meaning vector (${why}); ${missing === 1 ? 'it is' : 'they are'} found by keyword search only.`;
}

const hasWords = (text: string): boolean => /[\p{L}\p{N}]/u.test(text);

/** The message for the user: an AppError's own (services word them for users), else a generic one; the cause is logged. */
const userReason = (error: unknown): string => (error instanceof AppError && error.code !== 'STORE_ERROR' ? error.message : UNEXPECTED_REASON);

export async function runImportJob(tasks: readonly ImportTask[], initial: readonly FileProgress[], deps: ImportJobDeps, ctx: ImportJobContext): Promise<ImportSummary> {
  try {
    return await runJob(tasks, initial, deps, ctx);
  } finally {
    // nothing of this job may stay `indexing`, however it ended (the database undoes failed commits; this catches the rest)
    await deps.database.failDocuments(tasks.map((t) => t.documentId), LEFT_INDEXING_REASON).catch((error: unknown) => deps.logger.child('import').error('could not settle documents left indexing', { error }));
  }
}

async function runJob(tasks: readonly ImportTask[], initial: readonly FileProgress[], deps: ImportJobDeps, ctx: ImportJobContext): Promise<ImportSummary> {
  const log = deps.logger.child('import');
  const started = performance.now();
  const progress = new Map<string, FileProgress>();
  let changed = new Map<string, FileProgress>();
  let committedChunks = 0;
  let bytesDone = 0;
  const bytesTotal = tasks.reduce((sum, t) => sum + t.sizeBytes, 0);

  // counts per state are kept per change: a progress event must not rescan every file of a large import
  const tally = createProgressTally();
  const overall = (): ImportOverall => {
    const elapsedMs = performance.now() - started;
    const rate = bytesDone / Math.max(elapsedMs, 1);
    return {
      ...tally.counts(),
      chunks: committedChunks,
      chunksPerSecond: elapsedMs > 0 ? (committedChunks * 1000) / elapsedMs : 0,
      etaSeconds: bytesDone > 0 && elapsedMs > 1000 ? Math.max(0, (bytesTotal - bytesDone) / rate / 1000) : null,
      elapsedMs,
    };
  };
  const set = (fileId: string, patch: Partial<FileProgress>): void => {
    const current = progress.get(fileId);
    if (!current) return;
    const next = { ...current, ...patch };
    tally.move(current.state, next.state);
    progress.set(fileId, next);
    changed.set(fileId, next);
  };
  const flushProgress = (): void => {
    if (changed.size === 0) return;
    const files = [...changed.values()];
    changed = new Map();
    ctx.emit({ files, overall: overall() });
  };

  const join = (f: FileProgress): void => {
    const previous = progress.get(f.fileId);
    if (previous) tally.move(previous.state, f.state);
    else tally.add(f.state);
    progress.set(f.fileId, f);
  };
  for (const f of initial) join(f);
  for (const t of tasks) join({ fileId: t.fileId, name: t.name, path: t.displayPath, state: 'queued', reason: null, chunks: null, pages: null, documentId: null });
  changed = new Map(progress);
  flushProgress();

  const finishAsCancelled = (): void => {
    for (const f of progress.values()) if (ACTIVE_STATES.has(f.state)) set(f.fileId, { state: 'cancelled', reason: 'Import cancelled' });
  };

  if (tasks.length === 0) return { overall: overall(), files: [...progress.values()], cancelled: false };

  let info: EmbedderInfo;
  try {
    info = await deps.embedding.ready();
    await deps.ingest.ensure({ modelId: info.modelId, ...info.source });
  } catch (error) {
    const message = error instanceof AppError ? error.message : String(error);
    for (const t of tasks) set(t.fileId, { state: 'failed', reason: message });
    flushProgress();
    throw error;
  }
  const chunking = chunkingFor(deps.settings, info);
  const embedderKey = `${info.modelId}@${info.dtype}`;

  // ---- stage A: prepare (read, hash, parse, chunk) in the ingest worker
  const toEmbed: Embedded[] = [];
  let bufferedChunks = 0;
  let preparing = 0;
  let nextTask = 0;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  const waitForChange = (ms = 50): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const prepareOne = async (task: ImportTask): Promise<void> => {
    set(task.fileId, { state: 'parsing' });
    flushProgress();
    await deps.ingest.ensure({ modelId: info.modelId, ...info.source }).catch(() => undefined);
    const result = await deps.ingest.prepare(task.input, chunking, {
      ocr: deps.settings.ocrEnabled,
      onProgress: (p) => {
        if (ctx.signal.aborted) return;
        set(task.fileId, { pagesDone: p.pagesDone, pages: p.pagesTotal, ocr: p.ocr });
        flushProgress();
      },
    });
    if (ctx.signal.aborted) return;
    if (result.outcome === 'problem') {
      if (result.detail) log.warn('a file could not be prepared', { name: task.name, code: result.code, detail: result.detail });
      bytesDone += task.sizeBytes;
      set(task.fileId, { state: SKIP_CODES.has(result.code) ? 'skipped' : 'failed', reason: result.message });
    } else if (result.outcome === 'unchanged') {
      bytesDone += task.sizeBytes;
      const existing = deps.database.getDocument(task.documentId);
      set(task.fileId, { state: 'unchanged', reason: 'Already indexed and unchanged', documentId: task.documentId, chunks: existing?.chunkCount ?? null, pages: existing?.pageCount ?? null });
    } else {
      set(task.fileId, { state: 'embedding', chunks: result.file.chunks.length, pages: result.file.pageCount });
      toEmbed.push({ task, file: result.file });
      bufferedChunks += result.file.chunks.length;
    }
    flushProgress();
  };

  const prepareStage = (async () => {
    const running = new Set<Promise<void>>();
    while (nextTask < tasks.length && !ctx.signal.aborted) {
      if (running.size >= PREPARE_AHEAD || bufferedChunks > MAX_BUFFERED_CHUNKS) {
        await Promise.race([...running, waitForChange(100)]);
        continue;
      }
      const task = tasks[nextTask++]!;
      preparing++;
      const p = prepareOne(task)
        .catch((error: unknown) => {
          log.warn('preparing a file failed', { error, name: task.name });
          set(task.fileId, { state: 'failed', reason: UNEXPECTED_REASON });
        })
        .finally(() => {
          preparing--;
          running.delete(p);
          notify();
        });
      running.add(p);
    }
    await Promise.all(running);
  })();

  // ---- stage C: write batches (one commit per batch; each document's chunks replace its old ones atomically)
  const fileIdByDocument = new Map(tasks.map((t) => [t.documentId, t.fileId]));
  let writeBuffer: PreparedDocument[] = [];
  let writeBufferSince = 0;
  let writing: Promise<void> = Promise.resolve();
  const commit = (batch: PreparedDocument[]): void => {
    writing = writing.then(async () => {
      let failed = new Map<string, string>();
      try {
        const outcome = await deps.database.commitDocuments(batch);
        failed = new Map(outcome.failed.map((f) => [f.documentId, f.reason]));
      } catch (error) {
        // the database could not write at all (not a document's fault): every document of the batch failed
        log.error('writing a batch failed', { error, documents: batch.length });
        failed = new Map(batch.map((b) => [b.document.id, COMMIT_FAILED_REASON]));
      }
      for (const doc of batch) {
        const fileId = fileIdByDocument.get(doc.document.id);
        const reason = failed.get(doc.document.id);
        if (reason === undefined) committedChunks += doc.chunks.length;
        if (fileId) set(fileId, reason === undefined ? { state: 'done', reason: doc.document.note } : { state: 'failed', reason });
      }
      const landed = batch.filter((b) => !failed.has(b.document.id));
      if (landed.length > 0) deps.onCommitted?.([...new Set(landed.map((b) => b.document.collection_id))]);
      flushProgress();
    });
  };
  const maybeCommit = (force: boolean): void => {
    if (writeBuffer.length === 0) return;
    const chunks = writeBuffer.reduce((sum, d) => sum + d.chunks.length, 0);
    if (force || chunks >= WRITE_CHUNKS || writeBuffer.length >= WRITE_DOCS || performance.now() - writeBufferSince > WRITE_DELAY_MS) {
      const batch = writeBuffer;
      writeBuffer = [];
      commit(batch);
    }
  };

  const toRows = ({ task, file }: Embedded, vectors: (Float32Array | null)[]): PreparedDocument | { unusable: string } => {
    const now = Date.now();
    const missing = vectors.filter((v) => v === null).length;
    if (missing === file.chunks.length && !file.chunks.some((c) => hasWords(c.text))) return { unusable: NOTHING_SEARCHABLE_REASON };
    const existing = deps.database.getDocument(task.documentId);
    const document: DocumentRow = {
      id: task.documentId,
      collection_id: task.collectionId,
      name: task.name,
      path: task.displayPath,
      source: task.source,
      format: file.format,
      title: file.title,
      content_hash: file.hash,
      size_bytes: file.sizeBytes,
      modified_at: file.modifiedAt,
      page_count: file.pageCount,
      ocr_pages: file.ocrPages.length > 0 ? JSON.stringify(file.ocrPages) : null,
      chunk_count: file.chunks.length,
      status: 'ready',
      error: null,
      embedder: embedderKey,
      added_at: existing?.addedAt ?? task.addedAt,
      updated_at: now,
      note: keywordOnlyNote(missing, file.chunks.length),
    };
    const chunks: ChunkRow[] = file.chunks.map((c, i) => ({
      id: `${task.documentId}:${c.ordinal}`,
      document_id: task.documentId,
      collection_id: task.collectionId,
      ordinal: c.ordinal,
      text: c.text,
      page: c.page,
      heading_path: JSON.stringify(c.headingPath),
      start: c.start,
      end: c.end,
      token_count: c.tokenCount,
      vector: vectors[i] ?? null,
    }));
    return { document, text: file.text, chunks };
  };

  // ---- stage B: embed, batching chunks across small documents so the model always sees full batches, with
  // a second request queued in the worker so it never idles while this thread handles the previous result
  const takeGroup = (): Embedded[] => {
    const group: Embedded[] = [];
    let groupChunks = 0;
    while (toEmbed.length > 0 && (group.length === 0 || groupChunks + toEmbed[0]!.file.chunks.length <= EMBED_CALL_CHUNKS)) {
      const next = toEmbed.shift()!;
      group.push(next);
      groupChunks += next.file.chunks.length;
    }
    return group;
  };
  const queuedChunks = (): number => toEmbed.reduce((n, e) => n + e.file.chunks.length, 0);
  const land = (group: Embedded[], vectors: (Float32Array | null)[]): void => {
    let offset = 0;
    for (const g of group) {
      const n = g.file.chunks.length;
      const rows = toRows(g, vectors.slice(offset, offset + n));
      bytesDone += g.task.sizeBytes;
      offset += n;
      if ('unusable' in rows) {
        log.info('nothing searchable in a file', { name: g.task.name, chunks: n });
        set(g.task.fileId, { state: 'failed', reason: rows.unusable });
        continue;
      }
      if (writeBuffer.length === 0) writeBufferSince = performance.now();
      writeBuffer.push(rows);
      set(g.task.fileId, { documentId: g.task.documentId });
    }
    flushProgress();
    maybeCommit(false);
  };
  // [Note: tokenize once] the chunks' ids from the ingest worker go along when its tokenizer is the embedder's
  const embedOptions = (group: readonly Embedded[]): EmbedOptions => {
    const fingerprint = info.tokenizerFingerprint;
    if (!fingerprint || !group.every((g) => g.file.chunkTokenIds?.tokenizer === fingerprint)) return IMPORT_LANE;
    return { ...IMPORT_LANE, tokenIds: group.flatMap((g) => g.file.chunkTokenIds!.ids) };
  };
  const embedStage = (async () => {
    const inflight: { group: Embedded[]; chunks: number; result: Promise<(Float32Array | null)[] | Error> }[] = [];
    for (;;) {
      if (ctx.signal.aborted) break;
      const prepareDone = nextTask >= tasks.length && preparing === 0;
      // start work while fewer than two requests are queued: a full group, or whatever is left once parsing is done
      while (inflight.length < 2 && toEmbed.length > 0 && (queuedChunks() >= EMBED_MIN_CHUNKS || prepareDone || inflight.length === 0)) {
        const group = takeGroup();
        const texts = group.flatMap((g) => g.file.chunks.map((c) => c.text));
        const sentAt = performance.now();
        const result = deps.embedding.embedEach(texts, ctx.signal, embedOptions(group)).then(
          (vectors) => {
            deps.metrics?.record({ kind: 'embedding', model: info.modelId, collectionId: group[0]!.task.collectionId, outcome: 'ok', latencyMs: performance.now() - sentAt, items: texts.length });
            return vectors;
          },
          (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
        );
        inflight.push({ group, chunks: texts.length, result });
      }
      const head = inflight.shift();
      if (!head) {
        if (prepareDone && toEmbed.length === 0) break;
        maybeCommit(false);
        await waitForChange();
        continue;
      }
      const result = await head.result;
      bufferedChunks -= head.chunks;
      notify();
      if (ctx.signal.aborted) break;
      if (result instanceof Error) {
        log.warn('embedding a group failed', { error: result, files: head.group.length });
        deps.metrics?.record({ kind: 'embedding', model: info.modelId, collectionId: head.group[0]!.task.collectionId, outcome: 'error', errorType: result instanceof AppError ? result.code : 'INTERNAL', errorMessage: result.message, items: head.chunks });
        // several files embedded together: each again alone, so that only the one the model fails on fails
        const retry = head.group.length > 1 && !(result instanceof AppError && (result.code === 'EMBEDDER_UNAVAILABLE' || result.code === 'CANCELLED'));
        for (const g of head.group) {
          const single = retry ? await deps.embedding.embedEach(g.file.chunks.map((c) => c.text), ctx.signal, embedOptions([g])).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))) : result;
          if (ctx.signal.aborted) break;
          if (single instanceof Error) set(g.task.fileId, { state: 'failed', reason: userReason(single) });
          else land([g], single);
        }
        flushProgress();
        continue;
      }
      land(head.group, result);
    }
  })();

  await Promise.all([prepareStage, embedStage]);
  // files fully embedded before a cancel count as finished: they land
  maybeCommit(true);
  await writing;
  const cancelled = ctx.signal.aborted;
  if (cancelled) finishAsCancelled();
  flushProgress();
  const summary = { overall: overall(), files: [...progress.values()], cancelled };
  log.info('import finished', { files: summary.overall.filesTotal, failed: summary.overall.filesFailed, chunks: committedChunks, ms: Math.round(summary.overall.elapsedMs), cancelled });
  return summary;
}
