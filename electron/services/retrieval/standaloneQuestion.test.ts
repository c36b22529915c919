// Follow-up questions: rewritten through the real `ollama` client against the Ollama stand-in, and the fallback
// (question + previous question) when the model is missing, too slow or unreachable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOllamaStandIn, type OllamaStandIn } from '../../../e2e/fixtures/ollama-standin/server';
import { createTestCore, type TestCore } from '../../testing/testCore';
import { engineGenerate, type Generate } from '../answers/generateText';
import { queryFromRewrite, rewritePrompt, sharesContentWord, standaloneQuestion, type Turn } from './standaloneQuestion';

let standIn: OllamaStandIn;
let test: TestCore;
beforeAll(async () => {
  standIn = await startOllamaStandIn({ timeScale: 0.05 });
  test = createTestCore({ ollamaUrl: standIn.url });
});
afterAll(async () => {
  await test.cleanup();
  await standIn.close();
});
// the rewrite goes through the engine interface and the real `ollama` client, like chat's
// the engine's status checks reach the stand-in too: look at its chat requests only
const lastChat = () => standIn.requests.filter((r) => r.path === '/api/chat').at(-1);
const generateWith = (model: string): Generate => engineGenerate(test.core.services.engines, `ollama:${model}`);

const history: Turn[] = [
  { role: 'user', content: 'What is the Saxon Garden?' },
  { role: 'assistant', content: 'The Saxon Garden is the oldest public park in Warsaw [1].' },
];
const followUp = 'When did the Saxon park open to the public?';

describe('standalone search queries for follow-up questions', () => {
  it('searches a first question as it is, without asking the model', async () => {
    const before = standIn.requests.filter((r) => r.path === '/api/chat').length;
    await expect(standaloneQuestion({ question: ' What is  the Saxon Garden? ', history: [], generate: generateWith('llama3.2:3b') })).resolves.toEqual({ query: 'What is the Saxon Garden?', source: 'question' });
    expect(standIn.requests.filter((r) => r.path === '/api/chat').length).toBe(before);
  });

  it('asks the chat model for a standalone question through the ollama client', async () => {
    const result = await standaloneQuestion({ question: followUp, history, generate: generateWith('llama3.2:3b') });
    const request = lastChat()!;
    expect(request).toMatchObject({ path: '/api/chat', status: 200 });
    expect(JSON.stringify((request.body as { messages: unknown }).messages)).toContain(`Question: ${followUp}`);
    // the stand-in answers with the turn sharing most words with the question; its citation marker is dropped
    expect(result.source).toBe('rewrite');
    expect(result.query).toContain('oldest public park in Warsaw');
    expect(result.query).not.toMatch(/\[\d+\]/);
  });

  it('falls back to the question plus the previous question when the model is unknown, slow or unreachable', async () => {
    const fallback = { query: `${followUp} What is the Saxon Garden?`, source: 'fallback' };
    await expect(standaloneQuestion({ question: followUp, history, generate: generateWith('no-such-model:1b') })).resolves.toEqual(fallback);
    await expect(standaloneQuestion({ question: followUp, history, generate: null })).resolves.toEqual(fallback);

    standIn.setFaults([{ kind: 'stall', ms: 10_000 }]);
    try {
      await expect(standaloneQuestion({ question: followUp, history, generate: generateWith('llama3.2:3b'), timeoutMs: 300 })).resolves.toEqual(fallback);
      await expect.poll(() => lastChat()?.outcome).toBe('aborted');
    } finally {
      standIn.clearFaults();
    }

    await standIn.stop();
    try {
      await expect(standaloneQuestion({ question: followUp, history, generate: generateWith('llama3.2:3b') })).resolves.toEqual(fallback);
    } finally {
      await standIn.start();
    }
  }, 30_000);

  it('refuses a rewrite about something else: an off-topic follow-up is not searched as the previous question', async () => {
    // the stand-in finds no overlap and says so; that line shares no word with the question
    const result = await standaloneQuestion({ question: 'Zxqv flurbish quonk?', history, generate: generateWith('llama3.2:3b') });
    expect(result).toEqual({ query: 'Zxqv flurbish quonk? What is the Saxon Garden?', source: 'fallback' });
    expect(sharesContentWord('When did it open?', 'The garden opened in 1727')).toBe(true);
    expect(sharesContentWord('Zxqv flurbish quonk?', 'The Saxon Garden is a park')).toBe(false);
    expect(sharesContentWord('東京の人口', '東京は日本の首都')).toBe(true);
  });

  it("lets the user's own stop through", async () => {
    const stop = new AbortController();
    stop.abort();
    await expect(standaloneQuestion({ question: followUp, history, generate: generateWith('llama3.2:3b'), signal: stop.signal })).rejects.toThrow();
  });

  it('keeps only a question-sized line of what the model says', () => {
    expect(queryFromRewrite('Standalone query: "When did the Saxon Garden open?" [2]')).toBe('When did the Saxon Garden open?');
    expect(queryFromRewrite('')).toBeNull();
    expect(queryFromRewrite('a\nb\nc\nd')).toBeNull();
    expect(queryFromRewrite('x'.repeat(1000))).toBeNull();
    expect(rewritePrompt('q?', [...history, ...history, ...history]).match(/^\[\d\]/gm)).toHaveLength(4);
  });
});
