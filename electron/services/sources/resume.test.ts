// Resume: the real CLI (`loci watch`) is killed with SIGKILL mid-import of a watched folder; the next start resumes
// the import as a job of its own ("Resuming N files"), without re-embedding the documents that had landed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackgroundJob } from '../../../shared/contract/sources';
import { createLogger } from '../logging/logger';
import { DOCUMENTS_DIR, MODELS_DIR } from '../../testing/sharedAssets';
import { createTestCore, makeTempDir } from '../../testing/testCore';
import { waitFor } from '../../testing/waitFor';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';
import { openLibraryDatabase } from '../database/libraryDatabase';

const ENTRY = path.resolve(import.meta.dirname, '../../cli/loci.ts');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('resume after a crash', () => {
  it('continues a watched folder’s import killed mid-way, keeping what finished', async () => {
    const dataDir = makeTempDir('loci-resume-');
    const docs = path.join(makeTempDir('loci-resume-docs-'), 'docs');
    dirs.push(dataDir, path.dirname(docs));
    fs.mkdirSync(docs);
    const shakespeare = fs.readFileSync(path.join(DOCUMENTS_DIR, 'txt', 'tinyshakespeare.txt'), 'utf8');
    for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(docs, `part-${i}.txt`), shakespeare.slice(i * 5500, (i + 1) * 5500));

    // kill it once a document is ready (read from LanceDB itself, as a second reader): mid-import, with more to come
    const landed = async (): Promise<boolean> => {
      if (!fs.existsSync(path.join(dataDir, 'library', 'documents.lance'))) return false;
      const db = await lancedb.connect(path.join(dataDir, 'library'));
      try {
        return (await (await db.openTable('documents')).countRows("status = 'ready'")) > 0;
      } catch {
        return false; // the table is still being created
      } finally {
        db.close();
      }
    };
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'watch', docs, '--data-dir', dataDir, '--model-dir', MODELS_DIR, '--embedder', 'loci/glove-wordpiece-100d'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await waitFor('the first ready document', async () => (await landed()) || child.exitCode !== null, 120_000);
    child.kill('SIGKILL');
    expect(await exited, stderr).toBeNull();
    // the plan was on disk before work started, and the source too
    expect(fs.readdirSync(path.join(dataDir, 'import-plans')).filter((f) => f.endsWith('.json'))).toHaveLength(1);
    expect(fs.readdirSync(path.join(dataDir, 'sources')).filter((f) => f.endsWith('.json'))).toHaveLength(1);

    // what had landed before the kill
    const peek = await openLibraryDatabase({ dir: path.join(dataDir, 'library'), logger: createLogger({ consoleLevel: 'silent' }) });
    const finished = new Map(peek.listDocuments(DEFAULT_COLLECTION_ID).filter((d) => d.status === 'ready').map((d) => [d.id, d.updatedAt]));
    await peek.close();
    expect(finished.size).toBeGreaterThan(0);
    expect(finished.size).toBeLessThan(200);

    const test = createTestCore({ dataDir });
    const jobs: BackgroundJob[] = [];
    test.core.services.sources.onBackgroundJob((job) => jobs.push(job));
    try {
      const done = await waitFor('the resumed job to finish', () => jobs.find((j) => j.phase !== 'running'), 120_000);
      expect(done.phase).toBe('finished');
      expect(jobs[0]!.label).toBe(`Resuming ${200 - finished.size} files`);
      expect(done.summary!.files).toHaveLength(200 - finished.size);
      expect(done.summary!.files.every((f) => f.state === 'done')).toBe(true);
      const database = await test.core.services.library.database();
      const all = database.listDocuments(DEFAULT_COLLECTION_ID);
      expect(all).toHaveLength(200);
      expect(all.every((d) => d.status === 'ready')).toBe(true);
      // finished documents were not embedded or written again
      for (const [id, updatedAt] of finished) expect(database.getDocument(id)!.updatedAt).toBe(updatedAt);
      let chunks = 0;
      for (const d of all) chunks += d.chunkCount;
      expect(await database.chunkCount(DEFAULT_COLLECTION_ID)).toBe(chunks);
      // the plan is gone once resumed, and the folder is watched again
      await test.core.services.sources.idle();
      expect(fs.readdirSync(path.join(dataDir, 'import-plans')).filter((f) => f.endsWith('.json'))).toEqual([]);
      expect((await test.core.services.sources.list(DEFAULT_COLLECTION_ID))[0]!.state).toBe('watching');
    } finally {
      await test.cleanup();
    }
  }, 240_000);
});
