// A collection's workspace settings reach the model: chat and Compare through the real `ollama` client against the
// stand-in, with a user template's versions, roll back, and the version each answer and metric event records.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContract, TemplateBody } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { startOllamaStandIn, type OllamaStandIn } from '../../../e2e/fixtures/ollama-standin/server';
import { DOCUMENTS_DIR } from '../../testing/sharedAssets';
import { connectTestClient, createTestCore, grantedSources, type TestCore } from '../../testing/testCore';

let standIn: OllamaStandIn;
let test: TestCore;
let client: RpcClient<AppContract>;
let collectionId: string;

type SentChat = { messages: { role: string; content: string }[]; options: { temperature: number } };
const lastChat = (): SentChat => standIn.requests.filter((r) => r.path === '/api/chat').at(-1)!.body as SentChat;

beforeAll(async () => {
  standIn = await startOllamaStandIn({ timeScale: 0.1 });
  test = createTestCore({ ollamaUrl: standIn.url });
  client = connectTestClient(test.core);
  collectionId = (await client.call('library.createCollection', { name: 'Cloud' })).id;
  const summary = await client.stream('library.import', { collectionId, sources: grantedSources(test.core, [path.join(DOCUMENTS_DIR, 'pdf/nist-sp800-145-cloud-definition.pdf')]) }, () => undefined).result;
  expect(summary.files.every((f) => f.state === 'done')).toBe(true);
}, 120_000);

afterAll(async () => {
  await test.cleanup();
  await standIn.close();
});

const QUESTION = 'What are the essential characteristics of the cloud model?';

describe('workspace settings in answers', () => {
  it("sends the collection's system prompt, template version and temperature, and records the version", async () => {
    const base = await client.call('prompts.read', { ref: 'grounded-answer@3' });
    const template = await client.call('prompts.create', { name: 'Terse', basedOn: 'grounded-answer@3' });
    expect(template).toMatchObject({ id: 'terse', activeVersion: 1, basedOn: 'grounded-answer@3' });
    const v2: TemplateBody = { ...base.body, system: `${base.body.system}\nTERSE-V2: answer in at most two sentences.` };
    await client.call('prompts.saveVersion', { id: 'terse', body: v2, note: 'two sentences' });

    const ws = await client.call('workspaces.update', { collectionId, patch: { systemPrompt: 'Always name the document you quote.', temperature: 0.9, topK: 2, promptTemplate: 'terse', model: 'ollama:llama3.2:3b' } });
    expect(ws.effective).toMatchObject({ promptTemplate: 'terse@2', temperature: 0.9, topK: 2, sources: { temperature: 'collection', promptTemplate: 'collection' } });

    const conversation = await client.call('chat.create', { collectionId });
    expect(conversation.temperature).toBeNull();
    const { message } = await client.stream('chat.send', { conversationId: conversation.id, text: QUESTION }, () => undefined).result;
    expect(message.status).toBe('complete');
    expect(message.model).toBe('ollama:llama3.2:3b');
    expect(message.promptTemplate).toEqual({ id: 'terse', version: 2 });
    expect(message.passages.length).toBeLessThanOrEqual(2);
    const sent = lastChat();
    expect(sent.options.temperature).toBe(0.9);
    expect(sent.messages[0]!.content).toContain('TERSE-V2');
    expect(sent.messages[0]!.content).toContain('Instructions for this collection:\nAlways name the document you quote.');
    // the template's own rules stay first
    expect(sent.messages[0]!.content.startsWith(base.body.system.split('\n')[0]!)).toBe(true);

    // roll back: the next answer uses version 1 and says so
    await client.call('prompts.activate', { id: 'terse', version: 1 });
    const again = await client.stream('chat.send', { conversationId: conversation.id, text: 'What is a hybrid cloud?' }, () => undefined).result;
    expect(again.message.promptTemplate).toEqual({ id: 'terse', version: 1 });
    expect(lastChat().messages[0]!.content).not.toContain('TERSE-V2');

    // a conversation's own temperature wins over the collection's
    await client.call('chat.update', { id: conversation.id, patch: { temperature: 0.3 } });
    await client.stream('chat.send', { conversationId: conversation.id, text: 'What is a private cloud?' }, () => undefined).result;
    expect(lastChat().options.temperature).toBe(0.3);

    // metric events carry the version, so Metrics groups answers by template@version
    const events = await client.call('metrics.events', { range: 'all', kind: 'chat', limit: 100 });
    const templates = events.events.map((e) => e.promptTemplate);
    expect(templates).toContain('terse@2');
    expect(templates).toContain('terse@1');
    const quality = await client.call('metrics.quality', { range: 'all', groupBy: 'prompt', bucket: 'day' });
    expect(JSON.stringify(quality)).toContain('terse@2');
  }, 120_000);

  it("Compare uses the collection's system prompt and temperature on each template version", async () => {
    const comparison = await client.stream(
      'compare.run',
      { collectionId, question: QUESTION, variants: [{ model: 'ollama:llama3.2:3b', promptTemplate: 'terse@2' }, { model: 'ollama:llama3.2:3b', promptTemplate: 'grounded-answer@3' }] },
      () => undefined,
    ).result;
    expect(comparison.temperature).toBe(0.9);
    expect(comparison.columns.map((c) => c.variant.promptTemplate)).toEqual(['terse@2', 'grounded-answer@3']);
    expect(comparison.columns.every((c) => c.prompt[0]!.content.includes('Always name the document you quote.'))).toBe(true);
    expect(lastChat().options.temperature).toBe(0.9);
    const board = await client.call('compare.leaderboard', {});
    expect(board.entries.map((e) => e.variant.promptTemplate)).toContain('terse@2');
  }, 120_000);

  it('refuses a template that does not exist and keeps the settings readable when one is deleted', async () => {
    await expect(client.call('workspaces.update', { collectionId, patch: { promptTemplate: 'nope@1' } })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await client.call('prompts.delete', { id: 'terse' });
    const ws = await client.call('workspaces.get', { collectionId });
    expect(ws.effective.promptTemplateProblem).toMatch(/Unknown prompt template/);
    const reset = await client.call('workspaces.update', { collectionId, patch: { promptTemplate: null } });
    expect(reset.effective).toMatchObject({ promptTemplate: 'grounded-answer@3', promptTemplateProblem: null, sources: { promptTemplate: 'global' } });
  });

  it('forgets a deleted collection', async () => {
    const other = await client.call('library.createCollection', { name: 'Temporary' });
    await client.call('workspaces.update', { collectionId: other.id, patch: { topK: 4 } });
    await client.call('library.deleteCollection', { id: other.id });
    await expect(client.call('workspaces.get', { collectionId: other.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(test.core.services.workspaces.settingsOf(other.id).topK).toBeNull();
  });
});
