// The answer cache end to end under plain Node: real retrieval over real documents, answers from the Ollama
// stand-in through the real `ollama` client; a repeat is a hit (the stand-in gets no request), "Answer fresh"
// generates again, an import makes the next ask a miss, and the cache survives a restart.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContract, ChatMessage } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { startOllamaStandIn, type OllamaStandIn } from '../../../e2e/fixtures/ollama-standin/server';
import { DOCUMENTS_DIR } from '../../testing/sharedAssets';
import { connectTestClient, createTestCore, grantedSources, makeTempDir, type TestCore } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

let standIn: OllamaStandIn;
let test: TestCore;
let client: RpcClient<AppContract>;
const dataDir = makeTempDir('loci-cache-it-');

const importFiles = async (files: string[]): Promise<void> => {
  const summary = await client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, files.map((f) => path.join(DOCUMENTS_DIR, f))) }, () => undefined).result;
  expect(summary.files.every((f) => f.state === 'done')).toBe(true);
};

beforeAll(async () => {
  standIn = await startOllamaStandIn({ timeScale: 0.05 });
  test = createTestCore({ ollamaUrl: standIn.url, dataDir });
  client = connectTestClient(test.core);
  await importFiles(['pdf/nist-sp800-145-cloud-definition.pdf']);
}, 120_000);

afterAll(async () => {
  await test.cleanup();
  await standIn.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const chatRequests = (): number => standIn.requests.filter((r) => r.path === '/api/chat').length;

async function ask(text: string): Promise<{ message: ChatMessage; conversationId: string }> {
  const conversation = await client.call('chat.create', { collectionId: DEFAULT_COLLECTION_ID, model: 'llama3.2:3b' });
  const { message } = await client.stream('chat.send', { conversationId: conversation.id, text }, () => undefined).result;
  return { message, conversationId: conversation.id };
}

const chatEvents = () => test.core.services.metrics.events('all', 'chat', 1000).events;

describe('answer cache', () => {
  const question = 'What are the essential characteristics of the cloud model?';
  let original: ChatMessage;

  it('answers a first question fresh, then serves the same question from the cache with its citations', async () => {
    ({ message: original } = await ask(question));
    expect(original.status).toBe('complete');
    expect(original.cached ?? null).toBeNull();
    expect(chatEvents()[0]).toMatchObject({ cacheHit: false, messageId: original.id });

    const before = chatRequests();
    const { message: hit, conversationId } = await ask('what are the ESSENTIAL characteristics of the cloud model');
    expect(chatRequests()).toBe(before); // no model request at all
    expect(hit.status).toBe('complete');
    expect(hit.content).toBe(original.content);
    expect(hit.passages).toEqual(original.passages);
    expect(hit.cached).toMatchObject({ sourceMessageId: original.id, match: 'exact', similarity: 1, savedTokens: (original.metrics!.promptTokens ?? 0) + (original.metrics!.completionTokens ?? 0) });
    expect(hit.cached!.answeredAt).toBeGreaterThanOrEqual(original.createdAt);
    expect(hit.metrics).toMatchObject({ doneReason: 'cached', promptTokens: null, completionTokens: null });
    expect(chatEvents()[0]).toMatchObject({ cacheHit: true, messageId: hit.id, savedMs: original.metrics!.totalMs });
    // stored like any answer
    const stored = await client.call('chat.conversation', { id: conversationId });
    expect(stored.messages.at(-1)!.cached?.sourceMessageId).toBe(original.id);

    // "Answer fresh": generated again, not a regenerate's weak negative
    const { message: fresh } = await client.stream('chat.send', { conversationId, regenerateMessageId: hit.id, fresh: true }, () => undefined).result;
    expect(chatRequests()).toBe(before + 1);
    expect(fresh.cached ?? null).toBeNull();
    expect(test.core.services.metrics.events('all', 'feedback', 100).events.some((e) => e.messageId === hit.id)).toBe(false);
    // a follow-up is never served from the cache
    const { message: followUp } = await client.stream('chat.send', { conversationId, text: question }, () => undefined).result;
    expect(followUp.cached ?? null).toBeNull();
  });

  it('turned off, it neither serves nor counts', async () => {
    await client.call('settings.update', { answerCache: { enabled: false, minSimilarity: 0.985, maxEntries: 500 } });
    const { message } = await ask(question);
    expect(message.cached ?? null).toBeNull();
    expect(chatEvents()[0]!.cacheHit).toBeNull();
    await client.call('settings.update', { answerCache: { enabled: true, minSimilarity: 0.985, maxEntries: 500 } });
  });

  it('survives a restart', async () => {
    await test.core.dispose();
    test = createTestCore({ ollamaUrl: standIn.url, dataDir });
    client = connectTestClient(test.core);
    const before = chatRequests();
    const { message } = await ask(question);
    expect(message.cached).toBeTruthy();
    expect(chatRequests()).toBe(before);
  }, 60_000);

  it('misses after an import into the collection', async () => {
    await importFiles(['html/wikipedia-duck.html']);
    const before = chatRequests();
    const { message } = await ask(question);
    expect(message.cached ?? null).toBeNull();
    expect(chatRequests()).toBe(before + 1);
    expect(chatEvents()[0]!.cacheHit).toBe(false);
    // and the new answer is the one served next
    const { message: again } = await ask(question);
    expect(again.cached?.sourceMessageId).toBe(message.id);
  }, 60_000);

  it('misses after a document is removed', async () => {
    const docs = await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID });
    const duck = docs.documents.find((d) => d.name === 'wikipedia-duck.html')!;
    await client.call('library.removeDocuments', { ids: [duck.id] });
    const { message } = await ask(question);
    expect(message.cached ?? null).toBeNull();
    // Metrics: hit rate and what the hits saved; hits stay out of the model's own latency figures
    const summary = test.core.services.metrics.summary('all');
    expect(summary.cache.hits).toBe(3); // the events of the first core were flushed on dispose and reloaded
    expect(summary.cache.lookups).toBeGreaterThan(summary.cache.hits);
    expect(summary.cache.savedTokens).toBeGreaterThan(0);
    expect(summary.cache.hitLatencyMs.p50).not.toBeNull();
    const generated = test.core.services.metrics.events('all', 'chat', 1000).events.filter((e) => e.cacheHit !== true).length;
    expect(summary.byModel.find((m) => m.model === 'ollama:llama3.2:3b')!.count).toBe(generated);
  }, 60_000);
});

describe('Auto routing', () => {
  it('routes an easy question to the small tier and a comparison to the large one, says why, and counts per tier', async () => {
    await client.call('settings.update', { autoRouting: { tiers: [{ name: 'small', model: 'llama3.2:3b', fromScore: 0 }, { name: 'large', model: 'qwen2.5:7b', fromScore: 2 }] } });
    const askAuto = async (text: string): Promise<ChatMessage> => {
      const conversation = await client.call('chat.create', { collectionId: DEFAULT_COLLECTION_ID, model: 'auto' });
      expect(conversation.model).toBe('auto');
      return (await client.stream('chat.send', { conversationId: conversation.id, text }, () => undefined).result).message;
    };
    const easy = await askAuto('What is rapid elasticity?');
    expect(easy).toMatchObject({ status: 'complete', model: 'ollama:llama3.2:3b', route: { tier: 'small', score: 0 } });
    const hard = await askAuto('What is the difference between rapid elasticity and resource pooling in the cloud model?');
    expect(hard).toMatchObject({ status: 'complete', model: 'ollama:qwen2.5:7b', route: { tier: 'large' } });
    expect(hard.route!.reason).toContain('comparison +2');
    expect(standIn.requests.filter((r) => r.path === '/api/chat').at(-1)!.body).toMatchObject({ model: 'qwen2.5:7b' });
    const tiers = test.core.services.metrics.summary('all').byTier;
    expect(tiers.map((t) => [t.model, t.count])).toEqual([['large', 1], ['small', 1]]);
    // the same question again under Auto is a hit, and keeps the tier that answered
    const again = await askAuto('What is rapid elasticity?');
    expect(again.cached?.sourceMessageId).toBe(easy.id);
    expect(again.route?.tier).toBe('small');
  }, 60_000);
});
