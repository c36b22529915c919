// Watches one folder and hands over changed paths in debounced batches. Main-thread handle on a watcher worker.
// chokidar itself runs in the worker ([Note: watcher off the main thread]); a file still being written is reported
// once its size has been stable for `settleMs` (chokidar's awaitWriteFinish).
import { Worker } from 'node:worker_threads';
import type { WorkerEntry } from '../workers/workerEntries';
import type { FromFolderWatcher, ToFolderWatcher } from './folderWatcherProtocol';

export interface ChangeBatch {
  /** Files added, changed or removed (a removed one is simply gone when stat'ed). */
  paths: Set<string>;
  /** Folders removed: every document below them is gone. */
  goneDirs: Set<string>;
  /** Folders that appeared (moved in): walked for their files. */
  newDirs: Set<string>;
}

export interface FolderWatcherOptions {
  root: string;
  /** Where the watcher worker's code lives. */
  worker: WorkerEntry;
  /** Called with each batch; the next batch waits until the returned promise settles. */
  onBatch(batch: ChangeBatch): Promise<void>;
  onError(error: unknown): void;
  /** Quiet time after the last event before a batch goes, ms. */
  debounceMs?: number;
  /** A batch goes at the latest this long after its first event, however busy the folder, ms. */
  maxWaitMs?: number;
  /** How long a file's size must stay the same before it counts as written, ms. */
  settleMs?: number;
  /** Poll instead of native events (network folders; tests on file systems without inotify). */
  usePolling?: boolean;
}

export interface FolderWatcher {
  /**
   * Resolves once the initial directory scan is done and events are being delivered (or the worker failed, when there
   * is nothing to wait for: the sync's walk sees every file either way).
   */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function watchFolder(options: FolderWatcherOptions): FolderWatcher {
  const worker = new Worker(options.worker.url, { workerData: options.worker.workerData, name: 'loci-folder-watcher' });
  const post = (message: ToFolderWatcher): void => worker.postMessage(message);
  let running: Promise<void> | null = null;
  let closed = false;
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  let markExited: () => void = () => undefined;
  const exited = new Promise<void>((resolve) => {
    markExited = resolve;
  });

  worker.on('message', (message: FromFolderWatcher) => {
    if (message.type === 'ready') markReady();
    else if (message.type === 'closed') void worker.terminate();
    else if (message.type === 'error') options.onError(new Error(message.message));
    else if (message.type === 'batch') {
      if (closed) return;
      const batch: ChangeBatch = { paths: new Set(message.paths), goneDirs: new Set(message.goneDirs), newDirs: new Set(message.newDirs) };
      running = options
        .onBatch(batch)
        .catch(options.onError)
        .finally(() => {
          running = null;
          if (!closed) post({ type: 'batch-done' });
        });
    }
  });
  worker.on('error', (error) => {
    options.onError(error);
    markReady();
  });
  worker.on('exit', () => {
    if (!closed) options.onError(new Error('the folder watcher stopped'));
    markReady();
    markExited();
  });
  post({
    type: 'start',
    watch: { root: options.root, debounceMs: options.debounceMs ?? 300, maxWaitMs: options.maxWaitMs ?? 2000, settleMs: options.settleMs ?? 500, usePolling: options.usePolling ?? false },
  });

  return {
    ready,
    close: async () => {
      if (closed) return exited;
      closed = true;
      post({ type: 'close' });
      // the worker closes chokidar's handles, says 'closed' and is stopped; one that hangs is stopped anyway
      const stuck = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(stuck);
      await running;
    },
  };
}
