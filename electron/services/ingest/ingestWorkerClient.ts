// Main-thread handle on the ingest worker: initialise with a tokenizer, then prepare files concurrently.
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../shared/contract/errors';
import type { Logger } from '../logging/logger';
import type { WorkerEntry } from '../workers/workerEntries';
import type { ChunkingOptions } from './extractedDocument';
import type { FromIngestWorker, PrepareInput, PrepareOptions, PrepareResult, TokenizerSource, ToIngestWorker } from './ingestProtocol';
import type { ParseProgress } from './parsers/parseOptions';

export interface PrepareCallOptions extends Partial<PrepareOptions> {
  /** Page progress of a slow parse (OCR). */
  onProgress?: (progress: ParseProgress) => void;
}

export interface IngestWorkerClient {
  /** Starts (or restarts, when the tokenizer changed) the worker. */
  ensure(tokenizer: TokenizerSource): Promise<void>;
  prepare(input: PrepareInput, chunking: ChunkingOptions, options?: PrepareCallOptions): Promise<PrepareResult>;
  dispose(): Promise<void>;
}

export function createIngestWorkerClient(entry: WorkerEntry, logger: Logger): IngestWorkerClient {
  const log = logger.child('ingest-worker');
  let worker: Worker | null = null;
  let readyFor: string | null = null;
  let starting: Promise<void> | null = null;
  let nextId = 1;
  const pending = new Map<number, (result: PrepareResult) => void>();
  const progressListeners = new Map<number, (progress: ParseProgress) => void>();

  const failPending = (message: string, detail?: string): void => {
    for (const resolve of pending.values()) resolve({ outcome: 'problem', code: 'unreadable', message, ...(detail === undefined ? {} : { detail }) });
    pending.clear();
    progressListeners.clear();
  };

  const start = (tokenizer: TokenizerSource): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const w = new Worker(entry.url, { workerData: entry.workerData, name: 'loci-ingest' });
      worker = w;
      w.on('message', (message: FromIngestWorker) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'init-failed') reject(new AppError('EMBEDDER_UNAVAILABLE', `The tokenizer of ${tokenizer.modelId} could not be loaded: ${message.message}`));
        else if (message.type === 'progress') progressListeners.get(message.id)?.(message.progress);
        else {
          const done = pending.get(message.id);
          pending.delete(message.id);
          progressListeners.delete(message.id);
          done?.(message.result);
        }
      });
      w.on('error', (error) => {
        log.error('ingest worker crashed', { error });
        // a parser that crashes the worker fails the file it was on, not the import
        failPending('The file reader stopped on this file (it may be damaged). The rest of the import goes on; try this file again.', error.message);
        if (worker === w) {
          worker = null;
          readyFor = null;
        }
        reject(error);
      });
      w.on('exit', () => {
        if (worker === w) {
          worker = null;
          readyFor = null;
          failPending('The parser stopped unexpectedly on this file');
        }
      });
      w.postMessage({ type: 'init', tokenizer } satisfies ToIngestWorker);
    });

  return {
    async ensure(tokenizer) {
      const key = JSON.stringify(tokenizer);
      if (worker && readyFor === key) return;
      if (starting) await starting.catch(() => undefined);
      if (worker && readyFor === key) return;
      if (worker) await worker.terminate();
      starting = start(tokenizer).then(() => {
        readyFor = key;
      });
      try {
        await starting;
      } finally {
        starting = null;
      }
    },
    prepare(input, chunking, options = {}) {
      const w = worker;
      if (!w) return Promise.resolve({ outcome: 'problem', code: 'unreadable', message: 'The parser is not running' });
      const id = nextId++;
      return new Promise<PrepareResult>((resolve) => {
        pending.set(id, resolve);
        if (options.onProgress) progressListeners.set(id, options.onProgress);
        w.postMessage({ type: 'prepare', id, input, chunking, options: { ocr: options.ocr ?? false } } satisfies ToIngestWorker);
      });
    },
    async dispose() {
      failPending('Loci is shutting down');
      const w = worker;
      worker = null;
      readyFor = null;
      if (w) await w.terminate();
    },
  };
}
