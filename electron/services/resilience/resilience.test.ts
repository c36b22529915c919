// The resilience layer through the real `ollama` client against the stand-in, with an injected clock and sleep:
// retries before the first token, never after; breakers open, fail fast, half-open and close; the generation cap.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOllamaStandIn, type OllamaStandIn } from '../../../e2e/fixtures/ollama-standin/server';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/contract/settings';
import type { StreamAnswerRequest } from '../answers/streamAnswer';
import { createModelEngines, type ModelEngines } from '../engines/modelEngines';
import { createOllamaEngine } from '../engines/ollamaEngine';
import { createLogger } from '../logging/logger';
import { createOllamaGateway } from '../ollama/ollamaGateway';
import { createOllamaMonitor } from '../ollama/ollamaMonitor';
import { createResilienceService, type ResilienceService } from './resilienceService';

let standIn: OllamaStandIn;
let engines: ModelEngines;
let settings: Settings;
let clock: number;
let slept: number[];
let resilience: ResilienceService;

beforeAll(async () => {
  standIn = await startOllamaStandIn({ timeScale: 0.02 });
  const getUrl = (): string => standIn.url;
  const gateway = createOllamaGateway({ getUrl });
  const ollama = createOllamaEngine(gateway, createOllamaMonitor({ gateway, getUrl }));
  // only Ollama models are asked for here; the built-in slot is never resolved
  engines = createModelEngines({ ollama, builtin: ollama });
});
afterAll(async () => standIn.close());

beforeEach(() => {
  standIn.clearFaults();
  clock = 1_000_000;
  slept = [];
  settings = { ...DEFAULT_SETTINGS, retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, totalCapSec: 10 }, breaker: { failureThreshold: 2, windowSec: 60, cooldownSec: 30 } };
  resilience = createResilienceService({
    getSettings: () => settings,
    events: () => [],
    logger: createLogger({ consoleLevel: 'silent' }),
    now: () => clock,
    random: () => 1,
    // time passes only on the injected clock: no test waits on the wall clock
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
  });
});

const request = (modelKey: string, patch: Partial<StreamAnswerRequest> = {}): StreamAnswerRequest => ({
  modelKey,
  messages: [{ role: 'user', content: 'Hello there' }],
  temperature: 0,
  contextLength: 2048,
  signal: new AbortController().signal,
  timeouts: { firstTokenMs: 30_000, stallMs: 30_000 },
  onDelta: () => undefined,
  ...patch,
});
const chatRequests = (): number => standIn.requests.filter((r) => r.path === '/api/chat').length;

describe('retries', () => {
  // every attempt counts on the breakers; a high threshold keeps them out of these tests
  beforeEach(() => void (settings = { ...settings, breaker: { ...settings.breaker, failureThreshold: 10 } }));
  it('retries dropped connections before the first token with backoff, then answers', async () => {
    standIn.setFaults([{ kind: 'drop', path: '/api/chat', times: 2 }]);
    const before = chatRequests();
    const outcome = await resilience.answer(engines, request('ollama:llama3.2:3b'));
    expect(outcome.error).toBeNull();
    expect(outcome.content.length).toBeGreaterThan(0);
    expect(outcome.attempts).toBe(3);
    expect(chatRequests() - before).toBe(3);
    expect(slept).toEqual([100, 200]);
  });

  it('retries a 5xx, but never a stream cut after tokens reached the user', async () => {
    standIn.setFaults([{ kind: 'http500', path: '/api/chat', times: 1 }]);
    expect((await resilience.answer(engines, request('ollama:llama3.2:3b'))).attempts).toBe(2);
    standIn.setFaults([{ kind: 'cutStream', afterTokens: 2 }]);
    const deltas: string[] = [];
    const cut = await resilience.answer(engines, request('ollama:llama3.2:3b', { onDelta: (d) => deltas.push(d) }));
    expect(cut).toMatchObject({ attempts: 1, error: { code: 'OLLAMA_STREAM_CUT' } });
    expect(deltas.join('')).toBe(cut.content);
  });

  it('gives up at the attempts limit and passes the maximum answer length on as num_predict', async () => {
    standIn.setFaults([{ kind: 'http500', path: '/api/chat' }]);
    expect(await resilience.answer(engines, request('ollama:llama3.2:3b'))).toMatchObject({ attempts: 3, error: { code: 'OLLAMA_ERROR' } });
    standIn.clearFaults();
    settings = { ...settings, maxAnswerTokens: 16 };
    const outcome = await resilience.answer(engines, request('ollama:llama3.2:3b', { messages: [{ role: 'user', content: 'Please say a long thing about many words and many more words' }] }));
    expect((standIn.requests.at(-1)!.body as { options: { num_predict?: number } }).options.num_predict).toBe(16);
    expect(outcome.timing.completionTokens).toBeLessThanOrEqual(16);
  });
});

describe('circuit breakers', () => {
  it('opens on a model outage, fails fast, half-opens after the cool-down, and closes on a good probe', async () => {
    settings = { ...settings, retry: { ...settings.retry, maxAttempts: 1 } };
    standIn.setFaults([{ kind: 'outage', model: 'qwen2.5:7b' }]);
    for (let i = 0; i < 2; i++) expect((await resilience.answer(engines, request('ollama:qwen2.5:7b'))).error?.code).toBe('OLLAMA_ERROR');
    expect(resilience.breakers.states()).toContainEqual(expect.objectContaining({ key: 'ollama:qwen2.5:7b', scope: 'model', state: 'open' }));
    // fails fast: nothing reaches the stand-in
    const before = chatRequests();
    const fast = await resilience.answer(engines, request('ollama:qwen2.5:7b'));
    expect(fast).toMatchObject({ attempts: 0, error: { code: 'CIRCUIT_OPEN' } });
    expect(fast.error!.message).toMatch(/ollama · qwen2.5:7b failed repeatedly/);
    expect(chatRequests()).toBe(before);
    // another model of the same engine still answers
    expect((await resilience.answer(engines, request('ollama:llama3.2:3b'))).error).toBeNull();
    clock += 30_000;
    expect(resilience.breakers.states().find((b) => b.key === 'ollama:qwen2.5:7b')!.state).toBe('half-open');
    standIn.clearFaults();
    expect((await resilience.answer(engines, request('ollama:qwen2.5:7b'))).error).toBeNull();
    expect(resilience.breakers.states().find((b) => b.key === 'ollama:qwen2.5:7b')).toMatchObject({ state: 'closed', failures: 0 });
  });

  it('opens the engine breaker when Ollama cannot be reached', async () => {
    settings = { ...settings, retry: { ...settings.retry, maxAttempts: 1 } };
    await standIn.stop();
    try {
      for (let i = 0; i < 2; i++) expect((await resilience.answer(engines, request('ollama:llama3.2:3b'))).error?.code).toBe('OLLAMA_UNREACHABLE');
      expect(resilience.breakers.states()).toContainEqual(expect.objectContaining({ key: 'engine:ollama', state: 'open' }));
      expect((await resilience.answer(engines, request('ollama:qwen2.5:7b'))).error?.code).toBe('CIRCUIT_OPEN');
    } finally {
      await standIn.start();
    }
    clock += 30_000;
    expect((await resilience.answer(engines, request('ollama:llama3.2:3b'))).error).toBeNull();
    expect(resilience.breakers.states().find((b) => b.key === 'engine:ollama')!.state).toBe('closed');
  });
});

describe('generation cap', () => {
  it('runs at most maxConcurrentGenerations answers at once', async () => {
    settings = { ...settings, maxConcurrentGenerations: 1 };
    standIn.setFaults([{ kind: 'stall', ms: 200, times: 1 }]);
    let peak = 0;
    const track = (): void => void (peak = Math.max(peak, resilience.gate.active()));
    const outcomes = await Promise.all([0, 1, 2].map(() => resilience.answer(engines, request('ollama:llama3.2:3b', { onDelta: track }))));
    expect(outcomes.every((o) => o.error === null)).toBe(true);
    expect(peak).toBe(1);
    expect(resilience.gate.active()).toBe(0);
  });
});
