// Folder watcher worker: runs chokidar on one folder and posts its changes in debounced batches, off the main thread.
// [Note: watcher off the main thread] On Linux chokidar watches every file on its own; its initial scan of a folder of
// 10,000 files cost the main thread about a second in 40–90 ms blocks, which the UI's round trips queued behind.
// A batch goes only after the main side said the previous one is done, so changes pile up here while a sync runs.
import { parentPort } from 'node:worker_threads';
import { watch, type FSWatcher } from 'chokidar';
import { isSkippedBelow } from './folderSync';
import type { FromFolderWatcher, ToFolderWatcher, WatchStart } from './folderWatcherProtocol';

if (!parentPort) throw new Error('folderWatcher.worker must run in a worker thread');
const port = parentPort;
const send = (message: FromFolderWatcher): void => port.postMessage(message);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

let watcher: FSWatcher | null = null;
let paths = new Set<string>();
let goneDirs = new Set<string>();
let newDirs = new Set<string>();
let firstEventAt = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
let inFlight = false;
let closed = false;
let timing: WatchStart | null = null;

const pendingCount = (): number => paths.size + goneDirs.size + newDirs.size;

const flush = (): void => {
  timer = null;
  if (closed || inFlight || pendingCount() === 0) return; // a batch in flight flushes again when it is done
  send({ type: 'batch', paths: [...paths], goneDirs: [...goneDirs], newDirs: [...newDirs] });
  paths = new Set();
  goneDirs = new Set();
  newDirs = new Set();
  firstEventAt = 0;
  inFlight = true;
};

const schedule = (): void => {
  if (!timing) return;
  const now = Date.now();
  if (firstEventAt === 0) firstEventAt = now;
  if (timer) clearTimeout(timer);
  timer = setTimeout(flush, Math.max(0, Math.min(timing.debounceMs, firstEventAt + timing.maxWaitMs - now)));
};

function start(options: WatchStart): void {
  timing = options;
  const w = watch(options.root, {
    ignoreInitial: true,
    // a link may point anywhere; rescans walk links (with the host's confinement), the watcher stays inside
    followSymlinks: false,
    ignored: (p: string) => isSkippedBelow(p, options.root),
    awaitWriteFinish: { stabilityThreshold: options.settleMs, pollInterval: Math.min(100, options.settleMs) },
    ...(options.usePolling ? { usePolling: true, interval: 200 } : {}),
  });
  watcher = w;
  const onPath = (p: string): void => {
    paths.add(p);
    schedule();
  };
  w.on('add', onPath).on('change', onPath).on('unlink', onPath);
  w.on('unlinkDir', (p: string) => {
    goneDirs.add(p);
    schedule();
  });
  w.on('addDir', (p: string) => {
    if (p === options.root) return;
    newDirs.add(p);
    schedule();
  });
  w.on('error', (error: unknown) => send({ type: 'error', message: messageOf(error) }));
  w.once('ready', () => send({ type: 'ready' }));
}

async function close(): Promise<void> {
  closed = true;
  if (timer) clearTimeout(timer);
  try {
    await watcher?.close();
  } catch (error) {
    send({ type: 'error', message: messageOf(error) });
  }
  send({ type: 'closed' });
  port.close();
}

port.on('message', (message: ToFolderWatcher) => {
  if (message.type === 'start') {
    if (watcher || closed) return;
    try {
      start(message.watch);
    } catch (error) {
      send({ type: 'error', message: messageOf(error) });
      send({ type: 'ready' }); // nothing to wait for: the sync's walk still sees every file
    }
  } else if (message.type === 'batch-done') {
    inFlight = false;
    if (pendingCount() > 0) schedule();
  } else void close();
});
