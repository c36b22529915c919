// Messages between a folder source (main thread) and its folder watcher worker (chokidar, debounced batches).

export interface WatchStart {
  root: string;
  debounceMs: number;
  maxWaitMs: number;
  settleMs: number;
  usePolling: boolean;
}

export type ToFolderWatcher =
  | { type: 'start'; watch: WatchStart }
  /** The main side finished the last batch: the next one may go. */
  | { type: 'batch-done' }
  | { type: 'close' };

export type FromFolderWatcher =
  /** The initial scan is over: every change from now on is an event. */
  | { type: 'ready' }
  | { type: 'batch'; paths: string[]; goneDirs: string[]; newDirs: string[] }
  | { type: 'error'; message: string }
  | { type: 'closed' };
