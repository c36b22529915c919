// Cancel of a resumed import: sources.cancelJob (over the contract) stops the job the host started by itself, keeps
// what landed, and drops the rest of the interrupted import so the next start does not resume it again.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { BackgroundJob } from '../../../shared/contract/sources';
import { DOCUMENTS_DIR } from '../../testing/sharedAssets';
import { connectTestClient, createTestCore, makeTempDir } from '../../testing/testCore';
import { waitFor } from '../../testing/waitFor';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const plansIn = (dataDir: string): string[] => fs.readdirSync(path.join(dataDir, 'import-plans')).filter((f) => f.endsWith('.json'));

describe('cancelling a resumed import', () => {
  it('stops the job, keeps what landed and does not resume the rest at the next start', async () => {
    const dataDir = makeTempDir('loci-resume-cancel-');
    const docs = makeTempDir('loci-resume-cancel-docs-');
    dirs.push(dataDir, docs);
    const shakespeare = fs.readFileSync(path.join(DOCUMENTS_DIR, 'txt', 'tinyshakespeare.txt'), 'utf8');
    const files = Array.from({ length: 200 }, (_, i) => {
      const file = path.join(docs, `part-${i}.txt`);
      fs.writeFileSync(file, shakespeare.slice(i * 5000, (i + 1) * 5000));
      return { path: file, confineTo: null };
    });
    // what an import the app was stopped in leaves behind (importPlans.ts writes the same shape)
    fs.mkdirSync(path.join(dataDir, 'import-plans'));
    fs.writeFileSync(path.join(dataDir, 'import-plans', 'left-over.json'), JSON.stringify({ id: 'left-over', collectionId: DEFAULT_COLLECTION_ID, createdAt: Date.now(), files }));

    const first = createTestCore({ dataDir });
    const client = connectTestClient(first.core);
    const jobs: BackgroundJob[] = [];
    client.on('library.backgroundJob', (job) => jobs.push(job));
    let landed: number;
    try {
      const running = await waitFor('the resume job', () => jobs.find((j) => j.phase === 'running'), 120_000);
      expect(running.label).toBe('Resuming 200 files');
      expect(await client.call('sources.cancelJob', { jobId: running.jobId })).toEqual({ cancelled: true });
      const ended = await waitFor('the resume job to end', () => jobs.find((j) => j.phase !== 'running'), 60_000);
      expect(ended.phase).toBe('cancelled');
      expect(ended.error).toBeNull();
      // a job that is over cannot be cancelled again, nor one that never ran
      expect(await client.call('sources.cancelJob', { jobId: running.jobId })).toEqual({ cancelled: false });
      expect(await client.call('sources.cancelJob', { jobId: 'no-such-job' })).toEqual({ cancelled: false });
      await expect(client.call('sources.cancelJob', { jobId: '' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await first.core.services.sources.idle();
      const documents = await first.core.services.library.documents(DEFAULT_COLLECTION_ID);
      landed = documents.filter((d) => d.status === 'ready').length;
      expect(landed).toBeLessThan(200);
      expect(plansIn(dataDir)).toEqual([]);
    } finally {
      await first.cleanup();
    }

    // the next start resumes nothing, and what landed is still there
    const second = createTestCore({ dataDir });
    const later: BackgroundJob[] = [];
    second.core.services.sources.onBackgroundJob((job) => later.push(job));
    try {
      await second.core.services.sources.idle();
      expect(later).toEqual([]);
      expect((await second.core.services.library.documents(DEFAULT_COLLECTION_ID)).filter((d) => d.status === 'ready')).toHaveLength(landed);
    } finally {
      await second.cleanup();
    }
  }, 240_000);
});
