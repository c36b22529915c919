import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import type { LociApi } from '../api/lociApi';
import { createStatusStore as createStore, INITIAL_OLLAMA_STATUS } from './statusStore';
import { createFakeLociApi, deferred } from './testing/fakeLociApi';
import { readyStatus, sampleAppInfo, unreachableStatus } from './testing/fixtures';

// no minimum Retry feedback unless a test asks for it
const createStatusStore = (api: LociApi) => createStore(api, { minRefreshMs: 0 });

describe('status store', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts as checking, then loads app info and the last status', async () => {
    const api = createFakeLociApi({ 'app.info': () => sampleAppInfo, 'ollama.status': () => readyStatus() });
    const store = createStatusStore(api);
    expect(store.getState().ollama).toEqual(INITIAL_OLLAMA_STATUS);
    await store.getState().load();
    expect(store.getState().appInfo).toEqual(sampleAppInfo);
    expect(store.getState().ollama.state).toBe('ready');
    expect(api.calls.find((c) => c.name === 'ollama.status')?.input).toEqual({});
  });

  it('keeps the status when app.info fails', async () => {
    const api = createFakeLociApi({
      'app.info': () => Promise.reject(new AppError('INTERNAL', 'boom')),
      'ollama.status': () => unreachableStatus(),
    });
    const store = createStatusStore(api);
    await store.getState().load();
    expect(store.getState().appInfoError?.message).toBe('boom');
    expect(store.getState().ollama.state).toBe('unreachable');
  });

  it('shows it is refreshing while Retry runs, and asks for a fresh probe', async () => {
    const probe = deferred<ReturnType<typeof readyStatus>>();
    const api = createFakeLociApi({ 'ollama.status': () => probe.promise });
    const store = createStatusStore(api);
    store.getState().ollamaStatusReceived(unreachableStatus());
    const retry = store.getState().refreshOllama();
    expect(store.getState().ollamaRefreshing).toBe(true);
    expect(api.calls).toEqual([{ name: 'ollama.status', input: { refresh: true } }]);
    probe.resolve(readyStatus({ checkedAt: 2_000 }));
    await retry;
    expect(store.getState().ollamaRefreshing).toBe(false);
    expect(store.getState().ollama.state).toBe('ready');
  });

  it('ignores a second Retry while one runs', async () => {
    const probe = deferred<ReturnType<typeof readyStatus>>();
    const api = createFakeLociApi({ 'ollama.status': () => probe.promise });
    const store = createStatusStore(api);
    const first = store.getState().refreshOllama();
    await store.getState().refreshOllama();
    probe.resolve(readyStatus());
    await first;
    expect(api.calls).toHaveLength(1);
  });

  it('records a Retry that could not reach main', async () => {
    const api = createFakeLociApi({ 'ollama.status': () => Promise.reject(new AppError('DISCONNECTED', 'Lost connection to Loci: closed')) });
    const store = createStatusStore(api);
    await store.getState().refreshOllama();
    expect(store.getState().ollamaRefreshing).toBe(false);
    expect(store.getState().ollamaRefreshError?.code).toBe('DISCONNECTED');
  });

  it('keeps the newer status when an answer and an event cross', () => {
    const store = createStatusStore(createFakeLociApi());
    store.getState().ollamaStatusReceived(readyStatus({ checkedAt: 5_000 }));
    store.getState().ollamaStatusReceived(unreachableStatus({ checkedAt: 4_000 }));
    expect(store.getState().ollama.state).toBe('ready');
  });

  it('tests a URL without changing the status', async () => {
    const api = createFakeLociApi({ 'ollama.testUrl': ({ url }) => readyStatus({ url, checkedAt: 9_000 }) });
    const store = createStatusStore(api);
    const result = await store.getState().testOllamaUrl('http://127.0.0.1:11555');
    expect(result.url).toBe('http://127.0.0.1:11555');
    expect(store.getState().ollama).toEqual(INITIAL_OLLAMA_STATUS);
  });

  it('rejects a malformed test URL with the AppError', async () => {
    const api = createFakeLociApi({ 'ollama.testUrl': () => Promise.reject(new AppError('INVALID_INPUT', 'Invalid input for ollama.testUrl: url: Invalid URL')) });
    const store = createStatusStore(api);
    await expect(store.getState().testOllamaUrl('nope')).rejects.toBeInstanceOf(AppError);
  });

  it('keeps showing the check for a moment when Ollama answers at once', async () => {
    vi.useFakeTimers();
    const store = createStore(createFakeLociApi({ 'ollama.status': () => unreachableStatus({ checkedAt: 2_000 }) }), { minRefreshMs: 400 });
    const retry = store.getState().refreshOllama();
    await vi.advanceTimersByTimeAsync(10);
    expect(store.getState().ollama.checkedAt).toBe(2_000);
    expect(store.getState().ollamaRefreshing).toBe(true);
    await vi.advanceTimersByTimeAsync(400);
    await retry;
    expect(store.getState().ollamaRefreshing).toBe(false);
  });
});
