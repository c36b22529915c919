// The `loci` command line, run as a user runs it (a child process), on real fixtures with the real model:
// index, search, ask (against the Ollama stand-in), eval; and an import killed mid-way leaves a consistent database.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOllamaStandIn, type OllamaStandIn } from '../../e2e/fixtures/ollama-standin/server';
import { DOCUMENTS_DIR, FIXTURES_DIR, MODELS_DIR } from '../testing/sharedAssets';
import { createTestCore, makeTempDir } from '../testing/testCore';
import * as lancedb from '@lancedb/lancedb';
import { DEFAULT_COLLECTION_ID } from '../../shared/contract/library';
import { inspectChunks } from '../services/database/maintenance';

const ENTRY = path.resolve(import.meta.dirname, 'loci.ts');
const MODEL_FLAGS = ['--model-dir', MODELS_DIR, '--embedder', 'loci/glove-wordpiece-100d'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function loci(args: string[], options: { killWhen?: () => boolean; onStdout?: (text: string) => void } = {}): Promise<Run> {
  return new Promise((resolve) => {
    // node itself (not the tsx wrapper) so that a kill reaches the process doing the work
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      options.onStdout?.(d.toString());
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const poll = options.killWhen
      ? setInterval(() => {
          if (options.killWhen!()) child.kill('SIGKILL');
        }, 25)
      : null;
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      resolve({ code, stdout, stderr });
    });
  });
}

let dataDir: string;
let standIn: OllamaStandIn;
beforeAll(async () => {
  dataDir = makeTempDir('loci-cli-');
  standIn = await startOllamaStandIn({ timeScale: 0.02 });
});
afterAll(async () => {
  await standIn.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('loci CLI', () => {
  it('indexes files and prints only JSON on stdout with --json', async () => {
    const run = await loci(['index', path.join(DOCUMENTS_DIR, 'pdf', 'nist-sp800-145-cloud-definition.pdf'), path.join(DOCUMENTS_DIR, 'md', 'art-of-command-line-en.md'), '--data-dir', dataDir, '--json', ...MODEL_FLAGS]);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { files: { name: string; state: string }[]; overall: { chunks: number } };
    expect(summary.files.map((f) => f.state)).toEqual(['done', 'done']);
    expect(summary.overall.chunks).toBeGreaterThan(20);
  }, 60_000);

  it('leaves every row in the full-text index when it exits after an import of many batches', async () => {
    const dir = makeTempDir('loci-maintained-');
    try {
      const docs = path.join(dir, 'docs');
      fs.mkdirSync(docs);
      const shakespeare = fs.readFileSync(path.join(DOCUMENTS_DIR, 'txt', 'tinyshakespeare.txt'), 'utf8');
      // 150 files: more than two write batches, so rows land after the first commit built the index
      for (let i = 0; i < 150; i++) fs.writeFileSync(path.join(docs, `part-${i}.txt`), shakespeare.slice(i * 3000, (i + 1) * 3000));
      const run = await loci(['index', docs, '--data-dir', dir, '--json', ...MODEL_FLAGS]);
      expect(run.code, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout) as { overall: { chunks: number } };
      const db = await lancedb.connect(path.join(dir, 'library'));
      try {
        const state = await inspectChunks(await db.openTable('chunks'));
        expect(state.rows).toBe(summary.overall.chunks);
        expect(state.ftsUnindexed).toBe(0);
        expect(state.smallFragments).toBeLessThanOrEqual(16);
      } finally {
        db.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('prints a JSON result with --json also when no file landed', async () => {
    const dir = makeTempDir('loci-nothing-');
    try {
      const docs = path.join(dir, 'docs');
      fs.mkdirSync(docs);
      fs.writeFileSync(path.join(docs, 'snowmen.txt'), '☃ ☃ ☃\n');
      fs.copyFileSync(path.join(DOCUMENTS_DIR, 'pdf', 'encrypted-libreoffice-password.pdf'), path.join(docs, 'locked.pdf'));
      const run = await loci(['index', docs, '--data-dir', path.join(dir, 'data'), '--json', ...MODEL_FLAGS]);
      expect(run.code, run.stderr).toBe(2);
      const summary = JSON.parse(run.stdout) as { files: { name: string; state: string; reason: string }[]; overall: { filesFailed: number; chunks: number } };
      expect(summary.overall).toMatchObject({ filesFailed: 2, chunks: 0 });
      expect(Object.fromEntries(summary.files.map((f) => [f.name, f.state]))).toEqual({ 'snowmen.txt': 'failed', 'locked.pdf': 'failed' });
      // and when the import cannot start at all, the error is the result
      const broken = await loci(['index', docs, '--data-dir', path.join(dir, 'data'), '--json', '--model-dir', MODELS_DIR, '--embedder', 'nobody/no-such-model']);
      expect(broken.code).toBe(2);
      expect(JSON.parse(broken.stdout)).toMatchObject({ error: { code: 'EMBEDDER_UNAVAILABLE', message: expect.stringMatching(/nobody\/no-such-model/) } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('searches by each mode', async () => {
    for (const mode of ['hybrid', 'fts', 'vector']) {
      const run = await loci(['search', 'essential characteristics of cloud computing', '--k', '3', '--mode', mode, '--data-dir', dataDir, '--json', ...MODEL_FLAGS]);
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as { passages: { documentName: string }[] };
      expect(result.passages.length).toBeGreaterThan(0);
      if (mode !== 'vector') expect(result.passages[0]!.documentName).toBe('nist-sp800-145-cloud-definition.pdf');
    }
    const human = await loci(['search', 'broad network access', '--data-dir', dataDir, ...MODEL_FLAGS]);
    expect(human.stdout).toMatch(/1\. nist-sp800-145-cloud-definition\.pdf · p\. \d/);
    const bad = await loci(['search', 'x', '--mode', 'psychic', '--data-dir', dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--mode is vector, fts or hybrid/);
  }, 60_000);

  it('asks a question through Ollama and cites a passage', async () => {
    const run = await loci(['ask', 'What is broad network access?', '--model', 'llama3.2:3b', '--ollama-url', standIn.url, '--data-dir', dataDir, '--json', ...MODEL_FLAGS]);
    expect(run.code, run.stderr).toBe(0);
    const { message } = JSON.parse(run.stdout) as { message: { status: string; content: string; passages: unknown[] } };
    expect(message.status).toBe('complete');
    expect(message.content).toMatch(/\[\d\]/);
  }, 60_000);

  it('keeps the streamed part of an answer when killed mid-answer, marked incomplete on the next start', async () => {
    // a slow model: the answer takes seconds, so the kill lands mid-stream
    const slow = await startOllamaStandIn({ timeScale: 4 });
    let started = 0;
    let stdout = '';
    try {
      const run = await loci(['ask', 'What are the essential characteristics of the cloud model?', '--model', 'ollama:qwen2.5:7b', '--ollama-url', slow.url, '--data-dir', dataDir, ...MODEL_FLAGS], {
        onStdout: (text) => {
          stdout += text;
          started ||= stdout.length > 0 ? Date.now() : 0;
        },
        killWhen: () => started > 0 && Date.now() - started > 1300,
      });
      expect(run.code).toBeNull(); // killed, not finished
    } finally {
      await slow.close();
    }
    const after = createTestCore({ dataDir });
    try {
      const conversation = after.core.services.conversations.list().find((c) => c.title === 'What are the essential characteristics of the cloud model?')!;
      const [question, answer] = after.core.services.conversations.get(conversation.id).messages;
      expect(question!.content).toBe('What are the essential characteristics of the cloud model?');
      expect(answer).toMatchObject({ status: 'incomplete', model: 'ollama:qwen2.5:7b', error: { code: 'ANSWER_INTERRUPTED' } });
      expect(answer!.content.length).toBeGreaterThan(0);
      expect(stdout.startsWith(answer!.content)).toBe(true);
    } finally {
      await after.core.dispose();
    }
  }, 60_000);

  it('evaluates a BEIR folder', async () => {
    const run = await loci(['eval', '--beir', path.join(FIXTURES_DIR, 'scifact-dev'), '--json', ...MODEL_FLAGS]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { queries: number; calibration: { queries: number } | null; rows: { label: string; ndcg10: number; recall100: number; versusFullText: { wins: number; ties: number; losses: number } }[] };
    expect(report.queries).toBe(50);
    expect(report.calibration?.queries).toBeGreaterThan(100);
    expect(report.rows.map((r) => r.label)).toEqual(['vector', 'fts', expect.stringMatching(/^hybrid \(Loci default: calibrated/)]);
    for (const row of report.rows) {
      expect(row.ndcg10).toBeGreaterThan(0.3);
      const { wins, ties, losses } = row.versusFullText;
      expect(wins + ties + losses).toBe(50);
    }
    expect(report.rows[1]!.versusFullText).toEqual({ wins: 0, ties: 50, losses: 0 });
  }, 120_000);

  it('prints the usage of eval and search on --help and exits 0', async () => {
    for (const command of ['eval', 'search']) {
      const run = await loci([command, '--help']);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: loci ${command}`));
    }
    const evalHelp = await loci(['eval', '--help']);
    for (const flag of ['--split', '--chunk-tokens', '--overlap', '--sweep']) expect(evalHelp.stdout).toContain(flag);
  }, 60_000);

  it('leaves every document fully indexed or marked for re-import when killed mid-import', async () => {
    const killed = makeTempDir('loci-killed-');
    const docs = path.join(killed, 'docs');
    fs.mkdirSync(docs);
    const shakespeare = fs.readFileSync(path.join(DOCUMENTS_DIR, 'txt', 'tinyshakespeare.txt'), 'utf8');
    for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(docs, `part-${i}.txt`), shakespeare.slice(i * 5500, (i + 1) * 5500));
    // kill it once the first batch of chunks has landed: mid-import, with more to come
    const versions = path.join(killed, 'library', 'chunks.lance', '_versions');
    const landed = (): boolean => fs.existsSync(versions) && fs.readdirSync(versions).filter((f) => f.endsWith('.manifest')).length >= 2;
    const run = await loci(['index', docs, '--data-dir', killed, ...MODEL_FLAGS], { killWhen: landed });
    expect(run.code).toBeNull(); // killed, not finished
    const test = createTestCore({ dataDir: killed });
    try {
      const database = await test.core.services.library.database();
      const documents = database.listDocuments(DEFAULT_COLLECTION_ID);
      expect(documents.length).toBeGreaterThan(0);
      expect(documents.length).toBeLessThan(200);
      for (const d of documents) expect(['ready', 'interrupted']).toContain(d.status);
      let chunks = 0;
      for (const d of documents.filter((x) => x.status === 'ready')) chunks += d.chunkCount;
      expect(await database.chunkCount(DEFAULT_COLLECTION_ID)).toBe(chunks);
      // and the database works: the rest can be imported
      const summary = await test.core.services.library.import({ collectionId: DEFAULT_COLLECTION_ID, sources: [{ kind: 'path', path: docs }], reindexDocumentIds: [], reindexAll: false }, { signal: new AbortController().signal, emit: () => undefined });
      expect(summary.files.every((f) => f.state === 'done' || f.state === 'unchanged')).toBe(true);
      expect(database.listDocuments(DEFAULT_COLLECTION_ID).every((d) => d.status === 'ready')).toBe(true);
    } finally {
      await test.cleanup();
      fs.rmSync(killed, { recursive: true, force: true });
    }
  }, 120_000);
});
