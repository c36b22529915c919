// Where each worker's code lives: built JS next to the bundled entry points, or TypeScript sources run through tsx.
// [Note: worker entries] The composition root picks one set and passes it down, so services never guess paths.

export type WorkerName = 'embedding' | 'ingest' | 'folderWatcher';

export interface WorkerEntry {
  url: URL;
  /** Passed as workerData; the tsx bootstrap reads `__entry` from it. */
  workerData: Record<string, unknown>;
}

export type WorkerEntries = Record<WorkerName, WorkerEntry> & {
  /** The built-in engine's child process (forked, not a thread: a native crash must not take the host down). */
  llama: URL;
};

/** Built layout: dist/electron/workers/<name>.worker.js beside dist/electron/<entry>.js. */
export function builtWorkerEntries(entryUrl: string): WorkerEntries {
  const at = (name: WorkerName): WorkerEntry => ({ url: new URL(`./workers/${name}.worker.js`, entryUrl), workerData: {} });
  return { embedding: at('embedding'), ingest: at('ingest'), folderWatcher: at('folderWatcher'), llama: new URL('./workers/llama.worker.js', entryUrl) };
}

/** Source layout, for vitest and `tsx` runs. */
export function sourceWorkerEntries(): WorkerEntries {
  const bootstrap = new URL('./tsWorkerBootstrap.mjs', import.meta.url);
  const at = (file: string): WorkerEntry => ({ url: bootstrap, workerData: { __entry: new URL(file, import.meta.url).href } });
  return { embedding: at('../embedding/embedding.worker.ts'), ingest: at('../ingest/ingest.worker.ts'), folderWatcher: at('../sources/folderWatcher.worker.ts'), llama: new URL('../engines/builtin/llama.worker.ts', import.meta.url) };
}

/** Built entries when running from dist, source entries when running TypeScript directly. */
export function workerEntriesFor(entryUrl: string): WorkerEntries {
  return entryUrl.endsWith('.ts') ? sourceWorkerEntries() : builtWorkerEntries(entryUrl);
}
