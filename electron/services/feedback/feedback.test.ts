// Answer feedback through the contract: stored with the answer, recorded as a metric event, validated, cleared,
// and a regenerate recorded as a weak negative. Real services, the Ollama stand-in, an empty collection.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContract, AppErrorData, ChatMessage } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { startOllamaStandIn, type OllamaStandIn } from '../../../e2e/fixtures/ollama-standin/server';
import { connectTestClient, createTestCore, type TestCore } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

let standIn: OllamaStandIn;
let test: TestCore;
let client: RpcClient<AppContract>;
let conversationId: string;
let answer: ChatMessage;

const failure = async (p: Promise<unknown>): Promise<AppErrorData | 'ok'> => {
  try {
    await p;
    return 'ok';
  } catch (error) {
    return error as AppErrorData;
  }
};

beforeAll(async () => {
  standIn = await startOllamaStandIn();
  test = createTestCore({ ollamaUrl: standIn.url });
  client = connectTestClient(test.core);
  const conversation = await client.call('chat.create', { collectionId: DEFAULT_COLLECTION_ID, model: 'llama3.2:3b' });
  conversationId = conversation.id;
  // the collection is empty: "nothing relevant", an answer without generation
  answer = (await client.stream('chat.send', { conversationId, text: 'What is the capital of Atlantis?' }, () => undefined).result).message;
}, 60_000);

afterAll(async () => {
  await test.cleanup();
  await standIn.close();
});

const feedbackEvents = async () => (await client.call('metrics.events', { range: 'all', kind: 'feedback' })).events;

describe('chat.feedback', () => {
  it('records the "nothing relevant" answer with its quality fields', async () => {
    expect(answer.status).toBe('no-context');
    const chat = (await client.call('metrics.events', { range: 'all', kind: 'chat' })).events;
    expect(chat).toHaveLength(1);
    expect(chat[0]).toMatchObject({ messageId: answer.id, nothingRelevant: true, promptTemplate: `${answer.promptTemplate!.id}@${answer.promptTemplate!.version}`, model: 'ollama:llama3.2:3b' });
  });

  it('stores a thumbs down with its reason and note on the answer, and records it', async () => {
    const out = await client.call('chat.feedback', { conversationId, messageId: answer.id, rating: 'down', reason: 'not-in-documents', note: '  It should say so sooner ' });
    expect(out.feedback).toMatchObject({ rating: 'down', reason: 'not-in-documents', note: 'It should say so sooner' });
    const { messages } = await client.call('chat.conversation', { id: conversationId });
    expect(messages.find((m) => m.id === answer.id)?.feedback).toEqual(out.feedback);
    const events = await feedbackEvents();
    expect(events[0]).toMatchObject({ kind: 'feedback', messageId: answer.id, feedback: 'down', feedbackReason: 'not-in-documents', model: 'ollama:llama3.2:3b', collectionId: DEFAULT_COLLECTION_ID });
  });

  it('keeps a reason only for a thumbs down, and clears with null', async () => {
    const up = await client.call('chat.feedback', { conversationId, messageId: answer.id, rating: 'up', reason: 'wrong', note: null });
    expect(up.feedback).toMatchObject({ rating: 'up', reason: null, note: null });
    const cleared = await client.call('chat.feedback', { conversationId, messageId: answer.id, rating: null });
    expect(cleared.feedback).toBeNull();
    const { messages } = await client.call('chat.conversation', { id: conversationId });
    expect(messages.find((m) => m.id === answer.id)?.feedback).toBeNull();
    expect((await feedbackEvents()).slice(0, 2).map((e) => e.feedback)).toEqual(['cleared', 'up']);
  });

  it('refuses bad input and answers that do not exist, with typed errors', async () => {
    const base = { conversationId, messageId: answer.id, rating: 'down' as const };
    expect(await failure(client.call('chat.feedback', { ...base, note: 'x'.repeat(501) }))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure(client.call('chat.feedback', { ...base, reason: 'boring' as never }))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure(client.call('chat.feedback', { ...base, rating: 'sideways' as never }))).toMatchObject({ code: 'INVALID_INPUT' });
    expect(await failure(client.call('chat.feedback', { ...base, messageId: 'no-such-answer' }))).toMatchObject({ code: 'NOT_FOUND' });
    const { messages } = await client.call('chat.conversation', { id: conversationId });
    const question = messages.find((m) => m.role === 'user')!;
    expect(await failure(client.call('chat.feedback', { ...base, messageId: question.id }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await failure(client.call('chat.feedback', { ...base, conversationId: 'gone' }))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('counts a regenerate as a weak negative for the answer it replaces', async () => {
    const next = (await client.stream('chat.send', { conversationId, regenerateMessageId: answer.id }, () => undefined).result).message;
    expect(next.id).not.toBe(answer.id);
    expect((await feedbackEvents())[0]).toMatchObject({ messageId: answer.id, feedback: 'regenerate', model: 'ollama:llama3.2:3b' });
  });

  it('shows chat feedback on the leaderboard beside the comparisons', async () => {
    const { messages } = await client.call('chat.conversation', { id: conversationId });
    const latest = messages.at(-1)!;
    await client.call('chat.feedback', { conversationId, messageId: latest.id, rating: 'down', reason: 'wrong' });
    const { entries } = await client.call('compare.leaderboard', {});
    const template = `${latest.promptTemplate!.id}@${latest.promptTemplate!.version}`;
    // no comparison ran: the variant is listed for its chat feedback alone
    expect(entries).toEqual([expect.objectContaining({ variant: { model: 'ollama:llama3.2:3b', promptTemplate: template }, count: 0, chatUp: 0, chatDown: 1, chatRegenerated: 1 })]);
  });
});
