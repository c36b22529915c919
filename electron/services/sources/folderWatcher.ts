// Watches one folder with chokidar and hands over changed paths in debounced batches. Plain Node, main thread.
// A file still being written is reported once its size has been stable for `settleMs` (chokidar's awaitWriteFinish).
import { watch, type FSWatcher } from 'chokidar';
import { isSkippedBelow } from './folderSync';

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
  /** Resolves once the initial directory scan is done and events are being delivered. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export function watchFolder(options: FolderWatcherOptions): FolderWatcher {
  const debounceMs = options.debounceMs ?? 300;
  const maxWaitMs = options.maxWaitMs ?? 2000;
  const settleMs = options.settleMs ?? 500;
  let batch: ChangeBatch = { paths: new Set(), goneDirs: new Set(), newDirs: new Set() };
  let firstEventAt = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let closed = false;

  const flush = (): void => {
    timer = null;
    if (closed || running) return; // a running batch flushes again when it ends
    const size = batch.paths.size + batch.goneDirs.size + batch.newDirs.size;
    if (size === 0) return;
    const current = batch;
    batch = { paths: new Set(), goneDirs: new Set(), newDirs: new Set() };
    firstEventAt = 0;
    running = options
      .onBatch(current)
      .catch(options.onError)
      .finally(() => {
        running = null;
        if (batch.paths.size + batch.goneDirs.size + batch.newDirs.size > 0) schedule();
      });
  };
  const schedule = (): void => {
    const now = Date.now();
    if (firstEventAt === 0) firstEventAt = now;
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, Math.max(0, Math.min(debounceMs, firstEventAt + maxWaitMs - now)));
  };

  const watcher: FSWatcher = watch(options.root, {
    ignoreInitial: true,
    // a link may point anywhere; rescans walk links (with the host's confinement), the watcher stays inside
    followSymlinks: false,
    ignored: (p: string) => isSkippedBelow(p, options.root),
    awaitWriteFinish: { stabilityThreshold: settleMs, pollInterval: Math.min(100, settleMs) },
    ...(options.usePolling ? { usePolling: true, interval: 200 } : {}),
  });
  const onPath = (p: string): void => {
    batch.paths.add(p);
    schedule();
  };
  watcher.on('add', onPath).on('change', onPath).on('unlink', onPath);
  watcher.on('unlinkDir', (p: string) => {
    batch.goneDirs.add(p);
    schedule();
  });
  watcher.on('addDir', (p: string) => {
    if (p === options.root) return;
    batch.newDirs.add(p);
    schedule();
  });
  watcher.on('error', options.onError);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    ready,
    close: async () => {
      closed = true;
      if (timer) clearTimeout(timer);
      await watcher.close();
      await running;
    },
  };
}
