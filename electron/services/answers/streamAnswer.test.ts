// The answer watchdog, engine-agnostic: a stall between tokens and a missing first token end the answer with
// ANSWER_TIMEOUT (keeping what arrived), the user's Stop stays CANCELLED. The engine here is a small scripted
// ModelEngine (the watchdog sits above every engine; the real engines have their own tests).
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import type { AnswerStreamRequest, ModelEngine } from '../engines/modelEngine';
import { createModelEngines } from '../engines/modelEngines';
import { streamAnswer } from './streamAnswer';

/** Sends the given tokens `gapMs` apart, then hangs until aborted (a model that stalls). */
function scriptedEngine(tokens: string[], gapMs: number): ModelEngine {
  const unused = (): never => {
    throw new AppError('UNSUPPORTED', 'not in this test');
  };
  return {
    id: 'builtin',
    health: async () => ({ engine: 'builtin', state: 'ready', modelCount: 1, error: null }),
    listModels: async () => [],
    loadedModels: async () => [],
    addModel: unused,
    removeModel: unused,
    modelDetails: unused,
    unloadModel: unused,
    contextLength: async () => null,
    dispose: async () => undefined,
    async streamAnswer(request: AnswerStreamRequest) {
      const requestAt = performance.now();
      let content = '';
      const wait = (ms: number): Promise<void> =>
        new Promise((resolve, reject) => {
          const timer = setTimeout(resolve, ms);
          request.signal.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('aborted'));
          });
        });
      try {
        for (const t of tokens) {
          await wait(gapMs);
          content += t;
          request.onDelta(t);
        }
        await wait(60_000);
      } catch {
        // stopped
      }
      const timing = { requestAt, ttftMs: null, durationMs: performance.now() - requestAt, loadMs: null, promptTokens: null, completionTokens: null, tokensPerSecond: null, doneReason: null };
      return { content, timing, error: new AppError('CANCELLED', 'Stopped') };
    },
  };
}

const run = (engine: ModelEngine, timeouts: { firstTokenMs: number; stallMs: number }, signal = new AbortController().signal) =>
  streamAnswer(createModelEngines({ builtin: engine, ollama: engine }), { modelKey: 'builtin:m', messages: [{ role: 'user', content: 'q' }], temperature: 0, contextLength: null, signal, timeouts, onDelta: () => undefined });

describe('answer watchdog', () => {
  it('ends a stall between tokens with a timeout, keeping the tokens that came', async () => {
    const outcome = await run(scriptedEngine(['Once', ' upon'], 10), { firstTokenMs: 5_000, stallMs: 200 });
    expect(outcome.content).toBe('Once upon');
    expect(outcome.error).toMatchObject({ code: 'ANSWER_TIMEOUT', details: { phase: 'stall' } });
    expect(outcome.error!.message).toMatch(/built-in · m stopped producing tokens/);
  });

  it('ends a missing first token with a timeout', async () => {
    const outcome = await run(scriptedEngine([], 0), { firstTokenMs: 150, stallMs: 5_000 });
    expect(outcome).toMatchObject({ content: '', error: { code: 'ANSWER_TIMEOUT', details: { phase: 'first-token' } } });
  });

  it('leaves the user’s Stop a cancel', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const outcome = await run(scriptedEngine(['a'], 10), { firstTokenMs: 5_000, stallMs: 5_000 }, controller.signal);
    expect(outcome.error?.code).toBe('CANCELLED');
  });
});
