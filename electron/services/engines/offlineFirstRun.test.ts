// Offline first run: no Ollama at all, one GGUF file added (stories260K, real llama.cpp): a new user imports
// documents and gets streamed answers with their passages; compare runs the built-in model beside an Ollama one.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContract, ChatStreamPatch } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { startOllamaStandIn } from '../../../e2e/fixtures/ollama-standin/server';
import { DOCUMENTS_DIR, STORIES_GGUF } from '../../testing/sharedAssets';
import { connectTestClient, createTestCore, grantedSources, type TestCore } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

let test: TestCore;
let client: RpcClient<AppContract>;

beforeAll(async () => {
  // Ollama's URL points at a port nobody listens on; the built-in engine runs on one thread (the test machine is shared)
  test = createTestCore({ settings: { builtinThreads: 1 } });
  client = connectTestClient(test.core);
  const summary = await client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, [path.join(DOCUMENTS_DIR, 'pdf', 'nist-sp800-145-cloud-definition.pdf')]) }, () => undefined).result;
  expect(summary.files.every((f) => f.state === 'done')).toBe(true);
}, 120_000);
afterAll(() => test.cleanup());

async function uploadGguf(): Promise<string> {
  const bytes = fs.readFileSync(STORIES_GGUF);
  const { uploadId } = await client.call('uploads.begin', { name: 'stories260K.gguf', size: bytes.byteLength });
  await client.call('uploads.append', { uploadId, data: bytes.toString('base64') });
  return uploadId;
}

describe('offline first run', () => {
  it('lists no model and says why, with Ollama absent', async () => {
    const listed = await client.call('models.list', {});
    expect(listed.models).toEqual([]);
    expect(listed.engines).toEqual([
      expect.objectContaining({ engine: 'ollama', state: 'unavailable', error: expect.objectContaining({ code: 'OLLAMA_UNREACHABLE' }) }),
      expect.objectContaining({ engine: 'builtin', state: 'ready', modelCount: 0 }),
    ]);
  });

  it('adds an uploaded GGUF file and answers with it, streamed, with passages and real metrics', async () => {
    const { model } = await client.call('models.addFile', { source: { kind: 'upload', uploadId: await uploadGguf() } });
    expect(model).toMatchObject({ engine: 'builtin', name: 'stories260K', key: 'builtin:stories260K', origin: 'added', family: 'llama', removable: true });
    // no model chosen anywhere: the built-in one is the first that can answer
    const conversation = await client.call('chat.create', { collectionId: DEFAULT_COLLECTION_ID });
    const patches: ChatStreamPatch[] = [];
    const { message } = await client.stream('chat.send', { conversationId: conversation.id, text: 'What are the essential characteristics of cloud computing?' }, (p) => patches.push(p)).result;
    expect(message).toMatchObject({ status: 'complete', model: 'builtin:stories260K', grounded: true, error: null });
    expect(message.passages[0]?.documentName).toBe('nist-sp800-145-cloud-definition.pdf');
    expect(message.content.length).toBeGreaterThan(0);
    expect(patches.map((p) => p.delta ?? '').join('')).toBe(message.content);
    expect(patches.some((p) => p.phase === 'generating')).toBe(true);
    expect(message.metrics).toMatchObject({ model: 'builtin:stories260K', outcome: 'ok' });
    expect(message.metrics!.ttftMs).toBeGreaterThan(0);
    expect(message.metrics!.loadMs).toBeGreaterThan(0);
    expect(message.metrics!.promptTokens).toBeGreaterThan(50);
    expect(message.metrics!.completionTokens).toBeGreaterThan(0);
    expect((await client.call('models.running', {})).models.map((m) => m.key)).toEqual(['builtin:stories260K']);
  }, 120_000);

  it('compares the built-in model and an Ollama model on the same prompt, with the same metrics', async () => {
    const standIn = await startOllamaStandIn({ timeScale: 0.05 });
    await client.call('settings.update', { ollamaUrl: standIn.url });
    try {
      const comparison = await client.stream(
        'compare.run',
        {
          collectionId: DEFAULT_COLLECTION_ID,
          question: 'What is broad network access?',
          variants: [
            { model: 'builtin:stories260K', promptTemplate: 'grounded-answer@1' },
            { model: 'ollama:llama3.2:3b', promptTemplate: 'grounded-answer@1' },
          ],
        },
        () => undefined,
      ).result;
      expect(comparison.columns.map((c) => c.status)).toEqual(['complete', 'complete']);
      expect(comparison.columns[0]!.prompt).toEqual(comparison.columns[1]!.prompt);
      for (const column of comparison.columns) {
        expect(column.metrics).toMatchObject({ outcome: 'ok' });
        expect(column.metrics!.ttftMs).toBeGreaterThan(0);
        expect(column.metrics!.tokensPerSecond).toBeGreaterThan(0);
        expect(column.metrics!.promptTokens).toBeGreaterThan(0);
      }
      expect(comparison.columns.map((c) => c.metrics!.model)).toEqual(['builtin:stories260K', 'ollama:llama3.2:3b']);
    } finally {
      await client.call('settings.update', { ollamaUrl: 'http://127.0.0.1:9' });
      await standIn.close();
    }
  }, 120_000);

  it('removes the added model, deleting its copy', async () => {
    const listed = (await client.call('models.list', {})).models;
    expect(listed.map((m) => m.key)).toEqual(['builtin:stories260K']);
    await client.call('models.delete', { engine: 'builtin', name: 'stories260K' });
    expect((await client.call('models.list', {})).models).toEqual([]);
    expect(fs.readdirSync(path.join(test.dataDir, 'builtin-models', 'files'))).toEqual([]);
  }, 60_000);
});
