// The folder watcher's worker handle: real chokidar in a real worker thread on a temporary folder. Batches name the
// changed files and folders, one batch at a time (the next waits for the last to be done), and close stops the worker.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/testCore';
import { waitFor } from '../../testing/waitFor';
import { sourceWorkerEntries } from '../workers/workerEntries';
import { watchFolder, type ChangeBatch, type FolderWatcher } from './folderWatcher';

let folder: string;
let watcher: FolderWatcher | null = null;

afterEach(async () => {
  await watcher?.close();
  watcher = null;
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('watchFolder', () => {
  it('reports changes after its scan, one batch at a time, and stops on close', async () => {
    folder = fs.realpathSync(makeTempDir('loci-watcher-'));
    fs.mkdirSync(path.join(folder, 'old'));
    fs.writeFileSync(path.join(folder, 'old', 'before.txt'), 'there before the scan\n');
    const batches: ChangeBatch[] = [];
    const errors: unknown[] = [];
    let running = 0;
    let mostAtOnce = 0;
    const w = watchFolder({
      root: folder,
      worker: sourceWorkerEntries().folderWatcher,
      debounceMs: 50,
      settleMs: 100,
      onError: (error) => errors.push(error),
      onBatch: async (batch) => {
        running++;
        mostAtOnce = Math.max(mostAtOnce, running);
        batches.push(batch);
        if (batches.length === 1) {
          fs.writeFileSync(path.join(folder, 'during.txt'), 'written while the first batch runs\n');
          // pause: checks an absence (no second batch while this one runs), so it has to be a wait
          await new Promise((resolve) => setTimeout(resolve, 1500));
        }
        running--;
      },
    });
    watcher = w;
    await w.ready;
    fs.writeFileSync(path.join(folder, 'first.txt'), 'the first change\n');
    await waitFor('the first batch', () => batches.length >= 1);
    // the file there before the scan is no event: the first batch holds the new file only
    expect([...batches[0]!.paths]).toEqual([path.join(folder, 'first.txt')]);
    await waitFor('the batch with the file written during the first', () => batches.some((b) => b.paths.has(path.join(folder, 'during.txt'))));
    expect(mostAtOnce).toBe(1);

    fs.rmSync(path.join(folder, 'old'), { recursive: true });
    await waitFor('the removed folder', () => batches.some((b) => b.goneDirs.has(path.join(folder, 'old'))));
    expect(errors).toEqual([]);

    await w.close();
    const seen = batches.length;
    fs.writeFileSync(path.join(folder, 'after.txt'), 'written after close\n');
    // pause: checks an absence (a closed watcher reports nothing), so it has to be a wait
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(batches.length).toBe(seen);
  });
});
