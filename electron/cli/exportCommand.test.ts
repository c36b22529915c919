// `loci export` run as a user runs it (a child process) on a data directory holding a real conversation.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOllamaStandIn, type OllamaStandIn } from '../../e2e/fixtures/ollama-standin/server';
import { ConversationExportSchema } from '../../shared/contract/export';
import { DEFAULT_COLLECTION_ID } from '../../shared/contract/library';
import { connectTestClient, createTestCore, makeTempDir } from '../testing/testCore';

const ENTRY = path.resolve(import.meta.dirname, 'loci.ts');

function loci(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let dataDir: string;
let standIn: OllamaStandIn;
let conversationId: string;

beforeAll(async () => {
  dataDir = makeTempDir('loci-cli-export-');
  standIn = await startOllamaStandIn();
  const test = createTestCore({ dataDir, ollamaUrl: standIn.url });
  const client = connectTestClient(test.core);
  const conversation = await client.call('chat.create', { collectionId: DEFAULT_COLLECTION_ID, model: 'llama3.2:3b' });
  conversationId = conversation.id;
  const { message } = await client.stream('chat.send', { conversationId, text: 'What is the capital of Atlantis?' }, () => undefined).result;
  await client.call('chat.feedback', { conversationId, messageId: message.id, rating: 'down', reason: 'incomplete' });
  await test.cleanup();
}, 60_000);

afterAll(async () => {
  await standIn.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('loci export', () => {
  it('lists conversation and comparison ids', async () => {
    const run = await loci(['export', '--list', '--json', '--data-dir', dataDir]);
    expect(run.code, run.stderr).toBe(0);
    const listed = JSON.parse(run.stdout) as { conversations: { id: string; title: string }[]; comparisons: unknown[] };
    expect(listed.conversations).toEqual([expect.objectContaining({ id: conversationId, title: 'What is the capital of Atlantis?' })]);
    expect(listed.comparisons).toEqual([]);
  }, 60_000);

  it('writes Markdown to stdout and JSON to a file', async () => {
    const md = await loci(['export', '--conversation', conversationId, '--data-dir', dataDir]);
    expect(md.code, md.stderr).toBe(0);
    // the first question titles the conversation
    expect(md.stdout).toMatch(/^# What is the capital of Atlantis\?\n/);
    expect(md.stdout).toContain('## What is the capital of Atlantis?');
    expect(md.stdout).toContain('> Nothing relevant was found in the collection.');
    expect(md.stdout).toContain('*Feedback: 👎 not helpful · incomplete*');

    const out = path.join(dataDir, 'out.json');
    const json = await loci(['export', '--conversation', conversationId, '--format', 'json', '--out', out, '--data-dir', dataDir]);
    expect(json.code, json.stderr).toBe(0);
    const parsed = ConversationExportSchema.parse(JSON.parse(fs.readFileSync(out, 'utf8')));
    expect(parsed.conversation.id).toBe(conversationId);
    expect(parsed.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
  }, 60_000);

  it('says so for an unknown id or a bad format', async () => {
    const missing = await loci(['export', '--comparison', 'nope', '--data-dir', dataDir]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('loci export --list');
    const bad = await loci(['export', '--conversation', conversationId, '--format', 'pdf', '--data-dir', dataDir]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--format is md or json');
  }, 60_000);
});
