// Chat end to end under plain Node: question → hybrid retrieval over real documents → prompt → the Ollama
// stand-in (through the real client) → a cited, stored answer with metrics; and every stand-in fault.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, type AppContract, type ChatMessage, type ChatStreamPatch } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { startOllamaStandIn, type OllamaStandIn } from '../../../e2e/fixtures/ollama-standin/server';
import { DOCUMENTS_DIR } from '../../testing/sharedAssets';
import { connectTestClient, createTestCore, type TestCore, grantedSources } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';
import type { AnswerStages } from '../../../shared/contract/chat';

/** The stages that run one after the other (the searches are inside `searchMs`). */
const sequentialStages = (s: AnswerStages): number => s.prepareMs + s.rewriteMs + s.embedMs + s.searchMs + s.fusionMs + s.packingMs + s.waitMs + s.failedAttemptsMs + s.firstTokenMs + s.decodeMs;

let standIn: OllamaStandIn;
let test: TestCore;
let client: RpcClient<AppContract>;

beforeAll(async () => {
  // slow enough that tokens arrive over more than one coalescing interval (16 ms), so streaming is observable
  standIn = await startOllamaStandIn({ timeScale: 0.5 });
  // These tests ask the same questions again under faults and expect fresh answers; answerCache/ tests the cache.
  test = createTestCore({ ollamaUrl: standIn.url, settings: { answerCache: { enabled: false, minSimilarity: 0.985, maxEntries: 500 } } });
  client = connectTestClient(test.core);
  // these tests inject many failures in a row; breakers opening is resilience/resilience.test.ts's to test
  await client.call('settings.update', { breaker: { ...DEFAULT_SETTINGS.breaker, failureThreshold: 100 } });
  const handle = client.stream(
    'library.import',
    { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, ['pdf/nist-sp800-145-cloud-definition.pdf', 'html/wikipedia-duck.html', 'md/art-of-command-line-en.md'].map((p) => path.join(DOCUMENTS_DIR, p))) },
    () => undefined,
  );
  const summary = await handle.result;
  expect(summary.files.every((f) => f.state === 'done')).toBe(true);
}, 120_000);

afterAll(async () => {
  await test.cleanup();
  await standIn.close();
});

async function ask(text: string, options: { model?: string; onPatch?: (p: ChatStreamPatch) => void } = {}): Promise<{ message: ChatMessage; conversationId: string; patches: ChatStreamPatch[] }> {
  const conversation = await client.call('chat.create', { collectionId: DEFAULT_COLLECTION_ID, model: options.model ?? 'llama3.2:3b' });
  const patches: ChatStreamPatch[] = [];
  const handle = client.stream('chat.send', { conversationId: conversation.id, text }, (p) => {
    patches.push(p);
    options.onPatch?.(p);
  });
  const { message } = await handle.result;
  return { message, conversationId: conversation.id, patches };
}

describe('chat', () => {
  it('answers from the right passage, cites it, streams and measures', async () => {
    const { message, conversationId, patches } = await ask('What are the essential characteristics of the cloud model?');
    expect(message.status).toBe('complete');
    const cited = /\[(\d+)\]/.exec(message.content);
    expect(cited, message.content).not.toBeNull();
    const passage = message.passages[Number(cited![1]) - 1]!;
    expect(passage.documentName).toBe('nist-sp800-145-cloud-definition.pdf');
    // streamed in pieces, and the pieces add up to the stored answer
    expect(patches[0]?.userMessage?.content).toBe('What are the essential characteristics of the cloud model?');
    expect(patches.some((p) => p.assistant?.passages.length)).toBe(true);
    expect(patches.map((p) => p.delta ?? '').join('')).toBe(message.content);
    expect(patches.filter((p) => p.delta).length).toBeGreaterThan(1);
    // what was sent is exactly what the message keeps, with the passages numbered
    const sent = standIn.requests.filter((r) => r.path === '/api/chat').at(-1)!.body as { messages: { role: string; content: string }[]; options: { num_ctx: number } };
    expect(sent.messages).toEqual(message.prompt);
    expect(sent.messages.at(-1)!.content).toContain('[1] (');
    expect(sent.options.num_ctx).toBe(8192);
    expect(message.metrics).toMatchObject({ model: 'ollama:llama3.2:3b', outcome: 'ok' });
    expect(message.metrics!.ttftMs).toBeGreaterThan(0);
    expect(message.metrics!.tokensPerSecond).toBeGreaterThan(0);
    expect(message.metrics!.promptTokens).toBeGreaterThan(50);
    expect(message.metrics!.completionTokens).toBeGreaterThan(3);
    expect(message.metrics!.retrievalMs).not.toBeNull();
    const stored = await client.call('chat.conversation', { id: conversationId });
    expect(stored.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    expect(stored.conversation.title).toMatch(/essential characteristics/);
    expect(test.core.services.metrics.events('all', 'chat', 1000).events.some((e) => e.kind === 'chat' && e.outcome === 'ok' && e.model === 'ollama:llama3.2:3b')).toBe(true);
  });

  it('times every stage of an answer, and the stages add up to its total', async () => {
    const { message } = await ask('What are the essential characteristics of the cloud model?');
    const m = message.metrics!;
    const s = m.stages!;
    expect(s).toBeTruthy();
    // from the same recorded timestamps: the stages tile Send → last token, but for the statements between two stages
    expect(s.totalMs).toBe(m.totalMs);
    expect(Math.abs(sequentialStages(s) + s.unattributedMs - s.totalMs)).toBeLessThan(1e-6);
    // the statements between stages are few (a few ms on a quiet machine); a bound in proportion holds on a loaded
    // one too, where a descheduled moment lands wherever it falls (the tiling arithmetic is exact in stageTimer.test)
    expect(s.unattributedMs).toBeLessThan(Math.max(5, s.totalMs * 0.1));
    // no fallback, no retry: nothing failed, and nothing is shared with other columns
    expect(s).toMatchObject({ failedAttempts: 0, failedAttemptsMs: 0, sharedMs: 0 });
    // the engine's stages are its own timestamps, and the parallel searches fit inside the search's wall time
    expect(s.firstTokenMs).toBeCloseTo(m.ttftMs!, 6);
    expect(s.decodeMs).toBeGreaterThan(0);
    expect(s.fullTextSearchMs).toBeGreaterThan(0);
    expect(Math.max(s.vectorSearchMs, s.fullTextSearchMs)).toBeLessThanOrEqual(s.searchMs + 1e-6);
    // and the Metrics breakdown gets the same figures
    const event = test.core.services.metrics.events('all', 'chat', 1000).events.find((e) => e.messageId === message.id);
    expect(event?.stages).toEqual(s);
  });

  it('says when nothing relevant is found, then answers without documents, labelled', async () => {
    const { message, conversationId } = await ask('Zxqv flurbish quonk?');
    expect(message.status).toBe('no-context');
    expect(message.content).toMatch(/could not find anything relevant/);
    const handle = client.stream('chat.send', { conversationId, regenerateMessageId: message.id, withoutDocuments: true }, () => undefined);
    const { message: ungrounded } = await handle.result;
    expect(ungrounded).toMatchObject({ status: 'complete', grounded: false, passages: [] });
    const stored = await client.call('chat.conversation', { id: conversationId });
    expect(stored.messages.map((m) => `${m.role}:${m.status}`)).toEqual(['user:complete', 'assistant:complete']);
  });

  it('regenerates an answer in place', async () => {
    const { message, conversationId } = await ask('What does broad network access mean?');
    const { message: again } = await client.stream('chat.send', { conversationId, regenerateMessageId: message.id }, () => undefined).result;
    expect(again.id).not.toBe(message.id);
    const stored = await client.call('chat.conversation', { id: conversationId });
    expect(stored.messages.map((m) => m.id)).toEqual([stored.messages[0]!.id, again.id]);
  });

  it('keeps a regenerated answer in its place in the conversation', async () => {
    const { message: first, conversationId } = await ask('What does broad network access mean?');
    const second = await client.stream('chat.send', { conversationId, text: 'What is resource pooling?' }, () => undefined).result;
    const again = await client.stream('chat.send', { conversationId, regenerateMessageId: first.id }, () => undefined).result;
    const stored = await client.call('chat.conversation', { id: conversationId });
    expect(stored.messages.map((m) => (m.role === 'user' ? m.content : m.id))).toEqual(['What does broad network access mean?', again.message.id, 'What is resource pooling?', second.message.id]);
  });

  it('keeps each regenerated answer as a version with its own metrics', async () => {
    const { message: first, conversationId } = await ask('What does on-demand self-service mean?');
    const { message: second } = await client.stream('chat.send', { conversationId, regenerateMessageId: first.id }, () => undefined).result;
    const { message: third } = await client.stream('chat.send', { conversationId, regenerateMessageId: second.id }, () => undefined).result;
    expect(third.versions?.map((v) => v.id)).toEqual([first.id, second.id]);
    expect(third.versions?.[0]).toMatchObject({ content: first.content, metrics: { totalMs: first.metrics!.totalMs } });
    expect(third.versions?.every((v) => !('versions' in v))).toBe(true);
    const stored = await client.call('chat.conversation', { id: conversationId });
    expect(stored.messages).toHaveLength(2);
    expect(stored.messages[1]!.versions?.map((v) => v.id)).toEqual([first.id, second.id]);
  });

  it('edits a question and resends it: the later turns are replaced', async () => {
    const { conversationId } = await ask('What does broad network access mean?');
    await client.stream('chat.send', { conversationId, text: 'What is resource pooling?' }, () => undefined).result;
    const before = await client.call('chat.conversation', { id: conversationId });
    const firstQuestion = before.messages[0]!;
    const { message } = await client.stream('chat.send', { conversationId, editMessageId: firstQuestion.id, text: 'What is rapid elasticity?' }, () => undefined).result;
    const stored = await client.call('chat.conversation', { id: conversationId });
    expect(stored.messages.map((m) => (m.role === 'user' ? m.content : m.id))).toEqual(['What is rapid elasticity?', message.id]);
    expect(stored.conversation.title).toBe('What is rapid elasticity?');
    // the prompt holds no trace of the removed turns
    expect(JSON.stringify(message.prompt)).not.toContain('resource pooling');
    await expect(client.stream('chat.send', { conversationId, editMessageId: 'gone', text: 'x' }, () => undefined).result).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('searches titles and messages, pins, lists by last activity and deletes several', async () => {
    const a = await ask('What is measured service?');
    const b = await ask('What does the duck eat?');
    const list = async (): Promise<string[]> => (await client.call('chat.conversations', {})).conversations.map((c) => c.id);
    expect((await list()).indexOf(b.conversationId)).toBeLessThan((await list()).indexOf(a.conversationId));
    // pinning and renaming are not activity; a pinned one lists first
    const pinned = await client.call('chat.update', { id: a.conversationId, patch: { pinned: true } });
    expect(pinned.pinned).toBe(true);
    expect((await list())[0]).toBe(a.conversationId);
    await client.call('chat.update', { id: a.conversationId, patch: { pinned: false } });
    await client.call('chat.update', { id: a.conversationId, patch: { title: 'Renamed' } });
    expect((await list()).indexOf(b.conversationId)).toBeLessThan((await list()).indexOf(a.conversationId));
    // a new message is
    await client.stream('chat.send', { conversationId: a.conversationId, text: 'And what is rapid elasticity?' }, () => undefined).result;
    expect((await list()).indexOf(a.conversationId)).toBeLessThan((await list()).indexOf(b.conversationId));

    const { matches } = await client.call('chat.search', { query: 'RENAMED' });
    expect(matches.find((m) => m.conversationId === a.conversationId)).toMatchObject({ matchedIn: 'title' });
    await client.call('chat.update', { id: b.conversationId, patch: { title: 'Birds' } });
    const byContent = (await client.call('chat.search', { query: 'duck eat' })).matches.find((m) => m.conversationId === b.conversationId);
    expect(byContent).toMatchObject({ matchedIn: 'content' });
    expect(byContent!.snippet).toMatch(/duck eat/i);
    expect((await client.call('chat.search', { query: 'zzzz-nothing-like-this' })).matches).toEqual([]);

    const { ids } = await client.call('chat.deleteMany', { ids: [a.conversationId, b.conversationId, 'not-there'] });
    expect(ids.sort()).toEqual([a.conversationId, b.conversationId].sort());
    expect(await list()).not.toContain(a.conversationId);
    expect(await list()).not.toContain(b.conversationId);
  });

  it('keeps the partial answer when the stream is cut, marked incomplete', async () => {
    standIn.setFaults([{ kind: 'cutStream', afterTokens: 3 }]);
    try {
      const { message, conversationId } = await ask('What is rapid elasticity?');
      expect(message.status).toBe('incomplete');
      expect(message.error?.code).toBe('OLLAMA_STREAM_CUT');
      expect(message.content.length).toBeGreaterThan(0);
      const stored = await client.call('chat.conversation', { id: conversationId });
      expect(stored.messages[0]!.content).toBe('What is rapid elasticity?');
      expect(stored.messages[1]!.content).toBe(message.content);
    } finally {
      standIn.clearFaults();
    }
  });

  it('reports HTTP 500, a missing model and an unreachable Ollama, never losing the question', async () => {
    standIn.setFaults([{ kind: 'http500', path: '/api/chat', message: 'out of memory' }]);
    const failed = await ask('What is measured service?');
    standIn.clearFaults();
    expect(failed.message).toMatchObject({ status: 'error', error: { code: 'OLLAMA_ERROR' } });
    expect(failed.message.error!.message).toMatch(/out of memory/);

    const missing = await ask('What is measured service?', { model: 'ghost:1b' });
    expect(missing.message).toMatchObject({ status: 'error', error: { code: 'MODEL_NOT_FOUND' } });
    expect(missing.message.error!.message).toMatch(/ghost:1b/);

    await standIn.stop();
    try {
      const down = await ask('What is resource pooling?');
      expect(down.message).toMatchObject({ status: 'error', error: { code: 'OLLAMA_UNREACHABLE' } });
      const stored = await client.call('chat.conversation', { id: down.conversationId });
      expect(stored.messages[0]!.content).toBe('What is resource pooling?');
    } finally {
      await standIn.start();
    }
    expect(test.core.services.metrics.events('all', 'chat', 1000).events.filter((e) => e.kind === 'chat' && e.outcome === 'error').map((e) => e.errorType)).toEqual(
      expect.arrayContaining(['OLLAMA_ERROR', 'MODEL_NOT_FOUND', 'OLLAMA_UNREACHABLE']),
    );
  });

  it('reports a stream cut before its first byte as a cut stream, not as Ollama unreachable', async () => {
    // without retries, so the cut reaches the answer (retries are resilience/resilience.test.ts's)
    await client.call('settings.update', { retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, totalCapSec: 0 } });
    standIn.setFaults([{ kind: 'cutStream', afterTokens: 0, times: 1 }]);
    try {
      const { message } = await ask('What is rapid elasticity?');
      expect(message).toMatchObject({ status: 'error', error: { code: 'OLLAMA_STREAM_CUT' } });
    } finally {
      standIn.clearFaults();
      await client.call('settings.update', { retry: DEFAULT_SETTINGS.retry });
    }
  });

  it('answers from the next fallback model when the chosen one is down, and says who answered and why', async () => {
    await client.call('settings.update', { fallbackModels: ['ollama:llama3.2:3b'], retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 0, totalCapSec: 5 } });
    standIn.setFaults([{ kind: 'outage', model: 'qwen2.5:7b' }]);
    try {
      const { message, patches } = await ask('What is rapid elasticity?', { model: 'ollama:qwen2.5:7b' });
      expect(message).toMatchObject({ status: 'complete', model: 'ollama:llama3.2:3b', fallback: { requestedModel: 'ollama:qwen2.5:7b', note: 'llama3.2:3b answered: qwen2.5:7b was unreachable' } });
      expect(message.fallback!.skipped).toEqual([{ model: 'ollama:qwen2.5:7b', reason: 'unreachable', code: 'OLLAMA_ERROR' }]);
      // the stream told the UI before the fallback's first token
      expect(patches.some((p) => p.assistant?.fallback?.note)).toBe(true);
      const { events } = await client.call('metrics.events', { range: 'day', kind: 'chat', limit: 1 });
      expect(events[0]).toMatchObject({ model: 'ollama:llama3.2:3b', requestedModel: 'ollama:qwen2.5:7b', fallbackReason: 'unreachable', attempts: 1 });
      const summary = await client.call('metrics.summary', { range: 'day' });
      expect(summary.fallbacks).toContainEqual(expect.objectContaining({ model: 'ollama:qwen2.5:7b', reason: 'unreachable', count: 1 }));
      // the primary was tried twice (one retry) before the fallback
      expect(standIn.requests.filter((r) => r.path === '/api/chat' && (r.body as { model?: string }).model === 'qwen2.5:7b').length).toBeGreaterThanOrEqual(2);
      // the primary's failed tries are their own stage, not packing; the parts still add up to the total
      const s = message.metrics!.stages!;
      expect(s.failedAttempts).toBe(2);
      expect(s.failedAttemptsMs).toBeGreaterThan(0);
      expect(s.totalMs).toBe(message.metrics!.totalMs);
      expect(Math.abs(sequentialStages(s) + s.unattributedMs - s.totalMs)).toBeLessThan(1e-6);
      // the statements between stages are few (a few ms on a quiet machine); a bound in proportion holds on a loaded
    // one too, where a descheduled moment lands wherever it falls (the tiling arithmetic is exact in stageTimer.test)
    expect(s.unattributedMs).toBeLessThan(Math.max(5, s.totalMs * 0.1));
      expect(s.firstTokenMs).toBeCloseTo(message.metrics!.ttftMs!, 6);
      expect(events[0]!.stages).toEqual(s);
    } finally {
      standIn.clearFaults();
      await client.call('settings.update', { fallbackModels: [], retry: DEFAULT_SETTINGS.retry });
    }
  });

  it('refuses a new answer when a budget is used up and set to block, keeping the question', async () => {
    await client.call('settings.update', { budgets: { ...DEFAULT_SETTINGS.budgets, daily: { tokens: 1, costUsd: null, generationSec: null }, atLimit: 'block' } });
    try {
      const budget = await client.call('resilience.budget', {});
      expect(budget.blocked).toBe(true);
      const before = standIn.requests.filter((r) => r.path === '/api/chat').length;
      const { message, conversationId } = await ask('What is rapid elasticity?');
      expect(message).toMatchObject({ status: 'error', error: { code: 'BUDGET_EXCEEDED' } });
      expect(message.error!.message).toMatch(/Daily tokens: .* of 1 .*blocked/);
      expect(standIn.requests.filter((r) => r.path === '/api/chat').length).toBe(before);
      const stored = await client.call('chat.conversation', { id: conversationId });
      expect(stored.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    } finally {
      await client.call('settings.update', { budgets: DEFAULT_SETTINGS.budgets });
    }
  });

  it('ends a model that gives no first token with a timeout, and keeps serving', async () => {
    await client.call('settings.update', { answerFirstTokenTimeoutSec: 1 });
    standIn.setFaults([{ kind: 'stall', ms: 30_000, times: 1 }]);
    try {
      const { message, conversationId } = await ask('What is on-demand self-service?');
      expect(message).toMatchObject({ status: 'error', error: { code: 'ANSWER_TIMEOUT', details: { phase: 'first-token' } } });
      expect(message.error!.message).toMatch(/no first token within 1 s/);
      const stored = await client.call('chat.conversation', { id: conversationId });
      expect(stored.messages.map((m) => m.status)).toEqual(['complete', 'error']);
      // the stand-in sees the request go away, and the next answer works
      await expect.poll(() => standIn.requests.filter((r) => r.path === '/api/chat').at(-1)!.outcome).toBe('aborted');
    } finally {
      standIn.clearFaults();
      await client.call('settings.update', { answerFirstTokenTimeoutSec: 300 });
    }
    expect((await ask('What is on-demand self-service?')).message.status).toBe('complete');
  });

  it('checkpoints a growing answer to disk while it streams', async () => {
    const slow = await startOllamaStandIn({ timeScale: 4 });
    await client.call('settings.update', { ollamaUrl: slow.url });
    try {
      const conversation = await client.call('chat.create', { collectionId: DEFAULT_COLLECTION_ID, model: 'ollama:qwen2.5:7b' });
      const file = path.join(test.dataDir, 'conversations', `${encodeURIComponent(conversation.id)}.json`);
      const onDisk: { status: string; length: number }[] = [];
      const handle = client.stream('chat.send', { conversationId: conversation.id, text: 'What are the essential characteristics of the cloud model?' }, (p) => {
        if (!p.delta) return;
        const stored = (JSON.parse(fs.readFileSync(file, 'utf8')) as { messages: ChatMessage[] }).messages[1];
        if (stored) onDisk.push({ status: stored.status, length: stored.content.length });
      });
      const { message } = await handle.result;
      expect(message.status).toBe('complete');
      const streaming = onDisk.filter((d) => d.status === 'streaming');
      expect(streaming.length).toBeGreaterThan(0);
      expect(streaming[0]!.length).toBeGreaterThan(0); // the first token is written at once
      // and later checkpoints hold more of it (about once a second)
      expect(Math.max(...streaming.map((d) => d.length))).toBeGreaterThan(streaming[0]!.length);
    } finally {
      await client.call('settings.update', { ollamaUrl: standIn.url });
      await slow.close();
    }
  }, 60_000);

  it('stops mid-stream: the client gets CANCELLED, the partial answer is kept', async () => {
    const conversation = await client.call('chat.create', { collectionId: DEFAULT_COLLECTION_ID, model: 'qwen2.5:7b' });
    standIn.setFaults([{ kind: 'stall', ms: 400 }]);
    const handle = client.stream('chat.send', { conversationId: conversation.id, text: 'Explain on-demand self-service.' }, (p) => {
      if (p.phase === 'waiting') setTimeout(() => handle.cancel(), 50);
    });
    await expect(handle.result).rejects.toMatchObject({ code: 'CANCELLED' });
    standIn.clearFaults();
    // the partial answer is written and the stand-in sees the abort shortly after the stream ends: poll, not sleep
    await vi.waitFor(async () => {
      const stored = await client.call('chat.conversation', { id: conversation.id });
      expect(stored.messages.map((m) => m.role)).toEqual(['user', 'assistant']);
      expect(stored.messages[1]!.status).toBe('incomplete');
      expect(standIn.requests.filter((r) => r.path === '/api/chat').at(-1)!.outcome).toBe('aborted');
    }, { timeout: 10_000, interval: 50 });
  });
});
