// Unit tests of the resilience parts with injected clocks and randomness: backoff, retry decisions, breaker state
// transitions, the concurrency gate, fallback order and budget arithmetic.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import type { MetricEvent } from '../../../shared/contract/metrics';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/contract/settings';
import { budgetStatus, periodStarts, usageOf } from './budgets';
import { createBreakerRegistry } from './circuitBreaker';
import { createConcurrencyGate } from './concurrencyGate';
import { describeFallback, fallbackChain, shouldFallBack } from './fallback';
import { backoffDelayMs, isTransient, nextRetry } from './retryPolicy';

const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000, totalCapMs: 2000 };

describe('backoff', () => {
  it('doubles per retry, is capped, and jitters within its upper half', () => {
    expect(backoffDelayMs(1, policy, () => 0)).toBe(50);
    expect(backoffDelayMs(1, policy, () => 1)).toBe(100);
    expect(backoffDelayMs(2, policy, () => 1)).toBe(200);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(300);
    expect(backoffDelayMs(10, policy, () => 1)).toBe(1000);
    expect(backoffDelayMs(10, policy, () => 0)).toBe(500);
  });

  it('retries transient failures before any token, within the attempts and the time cap', () => {
    const refused = new AppError('OLLAMA_UNREACHABLE', 'refused');
    expect(nextRetry(1, { error: refused, content: '' }, 0, policy, () => 1)).toEqual({ retry: true, delayMs: 100 });
    expect(nextRetry(3, { error: refused, content: '' }, 0, policy, () => 1)).toEqual({ retry: true, delayMs: 400 });
    expect(nextRetry(4, { error: refused, content: '' }, 0, policy, () => 1).retry).toBe(false);
    // the next delay would end past the cap
    expect(nextRetry(2, { error: refused, content: '' }, 1900, policy, () => 1).retry).toBe(false);
    // never after tokens reached the user
    expect(nextRetry(1, { error: new AppError('OLLAMA_STREAM_CUT', 'cut'), content: 'Hel' }, 0, policy, () => 1).retry).toBe(false);
  });

  it('knows transient failures from the request’s own', () => {
    expect(isTransient(new AppError('OLLAMA_ERROR', '500', { status: 500 }))).toBe(true);
    expect(isTransient(new AppError('OLLAMA_ERROR', '400', { status: 400 }))).toBe(false);
    expect(isTransient(new AppError('OLLAMA_STREAM_CUT', 'cut'))).toBe(true);
    expect(isTransient(new AppError('ENGINE_CRASHED', 'crash'))).toBe(true);
    expect(isTransient(new AppError('MODEL_NOT_FOUND', 'no'))).toBe(false);
    expect(isTransient(new AppError('CANCELLED', 'stop'))).toBe(false);
    expect(isTransient(new AppError('ANSWER_TIMEOUT', 'slow'))).toBe(false);
  });
});

describe('circuit breaker', () => {
  const setup = () => {
    let t = 1_000_000;
    const registry = createBreakerRegistry({ now: () => t, policy: () => ({ failureThreshold: 3, windowMs: 10_000, cooldownMs: 5_000 }) });
    const changes: string[] = [];
    registry.onChanged((s) => changes.push(s.map((b) => `${b.key}=${b.state}`).join(',')));
    return { registry, changes, advance: (ms: number) => (t += ms), now: () => t };
  };
  const err = { code: 'OLLAMA_ERROR' as const, message: 'Ollama answered 500' };

  it('opens after N failures within the window, fails fast, half-opens with one probe, closes on success', () => {
    const { registry, changes, advance, now } = setup();
    const key = 'ollama:qwen2.5:7b';
    for (let i = 0; i < 2; i++) registry.failed(registry.admit(key, 'model', 'qwen'), err);
    expect(registry.states()[0]).toMatchObject({ state: 'closed', failures: 2 });
    registry.failed(registry.admit(key, 'model', 'qwen'), err);
    expect(registry.states()[0]).toMatchObject({ state: 'open', failures: 3, openedAt: now(), retryAt: now() + 5000 });
    expect(() => registry.admit(key, 'model', 'ollama · qwen2.5:7b')).toThrow(/ollama · qwen2.5:7b failed repeatedly.*5 s/);
    advance(4_999);
    expect(() => registry.admit(key, 'model', 'q')).toThrow(AppError);
    advance(1);
    expect(registry.states()[0]!.state).toBe('half-open');
    const probe = registry.admit(key, 'model', 'q');
    expect(probe.probe).toBe(true);
    // only one probe at a time
    expect(() => registry.admit(key, 'model', 'q')).toThrow(/being retried/);
    registry.succeeded(probe);
    expect(registry.states()[0]).toMatchObject({ state: 'closed', failures: 0, retryAt: null });
    expect(registry.admit(key, 'model', 'q').probe).toBe(false);
    expect(changes).toEqual([`${key}=open`, `${key}=half-open`, `${key}=closed`]);
  });

  it('re-opens when the probe fails, and forgets failures older than the window', () => {
    const { registry, advance } = setup();
    const key = 'engine:ollama';
    registry.failed(registry.admit(key, 'engine', 'e'), err);
    registry.failed(registry.admit(key, 'engine', 'e'), err);
    advance(10_001);
    registry.failed(registry.admit(key, 'engine', 'e'), err);
    expect(registry.states()[0]).toMatchObject({ state: 'closed', failures: 1, scope: 'engine' });
    registry.failed(registry.admit(key, 'engine', 'e'), err);
    registry.failed(registry.admit(key, 'engine', 'e'), err);
    expect(registry.states()[0]!.state).toBe('open');
    advance(5_000);
    registry.failed(registry.admit(key, 'engine', 'e'), err);
    expect(registry.states()[0]!.state).toBe('open');
    expect(() => registry.admit(key, 'engine', 'e')).toThrow(AppError);
    // a probe that says nothing (Stop) gives its turn back
    advance(5_000);
    registry.released(registry.admit(key, 'engine', 'e'));
    expect(registry.admit(key, 'engine', 'e').probe).toBe(true);
    expect(registry.reset(key)).toBe(true);
    expect(registry.states()).toEqual([]);
  });
});

describe('concurrency gate', () => {
  it('holds callers over the cap in order, and lets a stopped waiter leave', async () => {
    const gate = createConcurrencyGate(() => 2);
    const order: string[] = [];
    const a = await gate.acquire(new AbortController().signal);
    const b = await gate.acquire(new AbortController().signal);
    const stop = new AbortController();
    const c = gate.acquire(stop.signal).then(() => order.push('c'), () => order.push('c stopped'));
    const d = gate.acquire(new AbortController().signal).then((release) => (order.push('d'), release));
    expect(gate.active()).toBe(2);
    expect(gate.waiting()).toBe(2);
    stop.abort(new Error('stop'));
    await c;
    a();
    a();
    const releaseD = await d;
    expect(order).toEqual(['c stopped', 'd']);
    expect(gate.active()).toBe(2);
    b();
    releaseD();
    expect(gate.active()).toBe(0);
  });
});

describe('fallback', () => {
  it('tries the chosen model, then each fallback once', () => {
    expect(fallbackChain('ollama:qwen2.5:7b', ['ollama:llama3.2:3b', 'ollama:qwen2.5:7b', 'builtin:stories260K'])).toEqual(['ollama:qwen2.5:7b', 'ollama:llama3.2:3b', 'builtin:stories260K']);
  });
  it('falls back only before the first token, and never on Stop or a budget', () => {
    expect(shouldFallBack({ content: '', error: { code: 'OLLAMA_UNREACHABLE' } })).toBe(true);
    expect(shouldFallBack({ content: '', error: { code: 'CIRCUIT_OPEN' } })).toBe(true);
    expect(shouldFallBack({ content: 'a', error: { code: 'OLLAMA_STREAM_CUT' } })).toBe(false);
    expect(shouldFallBack({ content: '', error: { code: 'CANCELLED' } })).toBe(false);
    expect(shouldFallBack({ content: '', error: { code: 'BUDGET_EXCEEDED' } })).toBe(false);
    expect(shouldFallBack({ content: '', error: null })).toBe(false);
  });
  it('says who answered and why', () => {
    expect(describeFallback('ollama:qwen2.5:7b', 'ollama:llama3.2:3b', [{ model: 'ollama:qwen2.5:7b', error: { code: 'OLLAMA_UNREACHABLE' } }]).note).toBe('llama3.2:3b answered: qwen2.5:7b was unreachable');
    const two = describeFallback('ollama:a', 'builtin:c', [{ model: 'ollama:a', error: { code: 'CIRCUIT_OPEN' } }, { model: 'ollama:b', error: { code: 'OLLAMA_ERROR' } }]);
    expect(two.skipped.map((s) => s.reason)).toEqual(['breaker-open', 'server-error']);
    expect(two.note).toMatch(/^c answered: a was skipped .*; b failed with a server error$/);
  });
});

describe('budgets', () => {
  const at = (y: number, m: number, d: number, h = 12): number => new Date(y, m, d, h).getTime();
  const event = (time: number, patch: Partial<MetricEvent> = {}): MetricEvent => ({
    id: String(time), time, kind: 'chat', model: 'ollama:x', collectionId: null, outcome: 'ok', errorType: null, errorMessage: null,
    latencyMs: 2_500, ttftMs: null, tokensPerSecond: null, promptTokens: 1_000, completionTokens: 200, retrievalMs: 300, embeddingMs: 200,
    loadMs: null, overheadMs: null, cacheHit: null, items: null, ...patch,
  });
  const settings = (budgets: Partial<Settings['budgets']>): Settings => ({ ...DEFAULT_SETTINGS, budgets: { ...DEFAULT_SETTINGS.budgets, ...budgets } });

  it('starts the day at local midnight and the month on the first', () => {
    const now = at(2026, 11, 15, 9);
    expect(periodStarts(now)).toEqual({ day: new Date(2026, 11, 15).getTime(), month: new Date(2026, 11, 1).getTime() });
  });

  it('sums tokens, cloud-equivalent cost and generation time, skipping cached answers and other kinds', () => {
    const use = usageOf([event(1), event(2, { cacheHit: true }), event(3, { kind: 'retrieval' }), event(4, { kind: 'compare', promptTokens: null, completionTokens: 100, latencyMs: 1000, retrievalMs: null, embeddingMs: null })], DEFAULT_SETTINGS);
    expect(use.tokens).toBe(1_300);
    // gpt-4o: $2.5 in, $10 out per million
    expect(use.costUsd).toBeCloseTo((1000 * 2.5 + 300 * 10) / 1e6, 12);
    expect(use.generationSec).toBeCloseTo(2 + 1, 9);
  });

  it('warns at the share, and at the limit warns or blocks; only today counts toward daily, this month toward monthly', () => {
    const now = at(2026, 11, 15);
    const events = [event(at(2026, 11, 15, 8)), event(at(2026, 11, 14)), event(at(2026, 10, 30))];
    const warn = budgetStatus(events, settings({ daily: { tokens: 1_400, costUsd: null, generationSec: null }, monthly: { tokens: 2_400, costUsd: null, generationSec: 10 } }), now, { active: 1 });
    expect(warn.lines.find((l) => l.period === 'day' && l.measure === 'tokens')).toMatchObject({ used: 1_200, limit: 1_400, state: 'warning' });
    expect(warn.lines.find((l) => l.period === 'month' && l.measure === 'tokens')).toMatchObject({ used: 2_400, share: 1, state: 'exceeded' });
    expect(warn.lines.find((l) => l.period === 'month' && l.measure === 'generationSec')).toMatchObject({ used: 4, state: 'ok' });
    expect(warn.blocked).toBe(false);
    expect(warn.messages).toEqual(['Daily tokens: 1,200 of 1,400 (86%)', 'Monthly tokens: 2,400 of 2,400 (100%), limit reached']);
    expect(warn.activeGenerations).toBe(1);
    const block = budgetStatus(events, settings({ atLimit: 'block', monthly: { tokens: 2_400, costUsd: null, generationSec: null } }), now, { active: 0 });
    expect(block.blocked).toBe(true);
    expect(block.messages[0]).toMatch(/new answers are blocked/);
    const none = budgetStatus(events, DEFAULT_SETTINGS, now, { active: 0 });
    expect(none.lines.every((l) => l.state === 'ok' && l.limit === null && l.share === null)).toBe(true);
  });
});
