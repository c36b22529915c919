import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import type { MetricAggregate, MetricAlert, MetricEvent, MetricRange, MetricSummary } from '../../../shared/contract/metrics';
import { createAppStores } from './appStores';
import { alertKey, createMetricsStore, EVENTS_LIMIT, metricsSettingsKey, RANGE_KEY, selectVisibleAlerts, type MetricsFile } from './metricsStore';
import { createFakeLociApi, deferred, type FakeLociApi } from './testing/fakeLociApi';
import { sampleSettings } from './testing/fixtures';

const aggregate = (patch: Partial<MetricAggregate> = {}): MetricAggregate => ({
  model: null,
  count: 0,
  errors: 0,
  cancelled: 0,
  errorRate: 0,
  errorsByType: {},
  latencyMs: { p50: null, p95: null, p99: null },
  ttftMs: { p50: null, p95: null, p99: null },
  tokensPerSecond: { mean: null, median: null },
  promptTokens: 0,
  completionTokens: 0,
  cloudCostUsd: 0,
  energyKWh: null,
  energyCostUsd: null,
  savingsUsd: 0,
  retrievalMsMean: null,
  generationMsMean: null,
  ...patch,
});

const summary = (range: MetricRange = 'day', patch: Partial<MetricSummary> = {}): MetricSummary => ({
  range,
  from: 0,
  to: 3_600_000,
  bucketMs: 60_000,
  overall: aggregate({ count: 2 }),
  byModel: [aggregate({ model: 'llama3.2:3b', count: 2 })],
  byTier: [],
  cache: { lookups: 0, hits: 0, hitRate: null, savedMs: 0, savedTokens: 0, hitLatencyMs: { p50: null, p95: null, p99: null }, freshTtftMs: { p50: null, p95: null, p99: null } },
  series: [],
  countsByKind: { chat: 2 },
  costReference: { id: 'gpt-4o', name: 'OpenAI GPT-4o', inputPerMillion: 2.5, outputPerMillion: 10 },
  alerts: [],
  fallbacks: [],
  ...patch,
});

const alert = (patch: Partial<MetricAlert> = {}): MetricAlert => ({
  model: 'qwen2.5:7b',
  kind: 'p95Latency',
  message: 'qwen2.5:7b: p95 9.2 s over the last 20 answers',
  value: 9_200,
  threshold: 5_000,
  window: 20,
  ...patch,
});

const event = (patch: Partial<MetricEvent> = {}): MetricEvent => ({
  id: 'e1',
  time: 1_000,
  kind: 'chat',
  model: 'llama3.2:3b',
  collectionId: 'default',
  outcome: 'ok',
  errorType: null,
  errorMessage: null,
  latencyMs: 900,
  ttftMs: 120,
  tokensPerSecond: 95,
  promptTokens: 800,
  completionTokens: 40,
  retrievalMs: 12,
  embeddingMs: 3,
  loadMs: null,
  overheadMs: 2,
  cacheHit: null,
  items: null,
  ...patch,
});

const memoryStorage = (initial: Record<string, string> = {}) => {
  const map = new Map(Object.entries(initial));
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v), map };
};

const metricsApi = (): FakeLociApi =>
  createFakeLociApi({
    'metrics.summary': ({ range }) => summary(range),
    'metrics.events': () => ({ events: [event()], total: 1 }),
  });

const calls = (api: FakeLociApi, name: string) => api.calls.filter((c) => c.name === name);
// lets the store's pending promises run: only where a test checks that something did NOT happen, which no poll can
// wait for; what a test waits for, it polls for (vi.waitFor)
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('metrics store', () => {
  it('loads the summary for the remembered range, and its alerts', async () => {
    const api = metricsApi();
    api.handle({ 'metrics.summary': ({ range }) => summary(range, { alerts: [alert()] }) });
    const store = createMetricsStore(api, { storage: memoryStorage({ [RANGE_KEY]: 'week' }) });
    expect(store.getState().range).toBe('week');
    await store.getState().load();
    expect(store.getState().summary?.range).toBe('week');
    expect(store.getState().alerts).toEqual([alert()]);
    // the events table is only for an open view
    expect(calls(api, 'metrics.events')).toHaveLength(0);
  });

  it('falls back to the last day for a missing or unknown stored range', () => {
    expect(createMetricsStore(metricsApi(), { storage: memoryStorage({ [RANGE_KEY]: 'year' }) }).getState().range).toBe('day');
    expect(createMetricsStore(metricsApi(), { storage: null }).getState().range).toBe('day');
  });

  it('remembers a new range and drops the old range’s numbers and late answers', async () => {
    const storage = memoryStorage();
    const api = metricsApi();
    const slow = deferred<MetricSummary>();
    api.handle({ 'metrics.summary': ({ range }) => (range === 'day' ? slow.promise : summary(range)) });
    const store = createMetricsStore(api, { storage });
    const first = store.getState().load();
    await store.getState().setRange('hour');
    expect(storage.map.get(RANGE_KEY)).toBe('hour');
    slow.resolve(summary('day'));
    await first;
    expect(store.getState().summary?.range).toBe('hour');
    expect(store.getState().loading).toBe(false);
  });

  it('loads the recent events while the view is open, limited to the table’s rows, and by kind', async () => {
    const api = metricsApi();
    const store = createMetricsStore(api, { storage: null });
    const close = store.getState().viewOpened();
    await vi.waitFor(() => expect(store.getState().events).toEqual([event()]));
    expect(calls(api, 'metrics.events').at(-1)?.input).toEqual({ range: 'day', limit: EVENTS_LIMIT });
    await store.getState().setEventKind('retrieval');
    expect(calls(api, 'metrics.events').at(-1)?.input).toEqual({ range: 'day', kind: 'retrieval', limit: EVENTS_LIMIT });
    close();
  });

  it('keeps the last summary and records the error when a load fails', async () => {
    const api = metricsApi();
    const store = createMetricsStore(api, { storage: null });
    await store.getState().load();
    api.handle({ 'metrics.summary': () => Promise.reject(new AppError('INTERNAL', 'disk full')) });
    await store.getState().load();
    expect(store.getState().summary?.range).toBe('day');
    expect(store.getState().error?.message).toBe('disk full');
  });

  describe('metrics.changed', () => {
    beforeEach(() => vi.useFakeTimers());
    afterEach(() => vi.useRealTimers());

    it('takes the pushed alerts without reloading while no view is open', () => {
      const api = metricsApi();
      const store = createMetricsStore(api, { storage: null, now: () => Date.now() });
      store.getState().changed([alert()]);
      vi.advanceTimersByTime(5_000);
      expect(store.getState().alerts).toEqual([alert()]);
      expect(calls(api, 'metrics.summary')).toHaveLength(0);
    });

    it('reloads an open view at most about once a second during a burst, and after the last change', async () => {
      const api = metricsApi();
      const store = createMetricsStore(api, { storage: null, now: () => Date.now() });
      const close = store.getState().viewOpened();
      await vi.advanceTimersByTimeAsync(0);
      expect(calls(api, 'metrics.summary')).toHaveLength(1);
      // ten changes over 2.5 s
      for (let i = 0; i < 10; i++) {
        store.getState().changed([]);
        await vi.advanceTimersByTimeAsync(250);
      }
      // a burst every 250 ms: one reload per second (at 1 s and 2 s), not one per change
      expect(calls(api, 'metrics.summary').length - 1).toBe(2);
      await vi.advanceTimersByTimeAsync(2_000);
      // and one at the end of the second after the last change, so it is shown
      expect(calls(api, 'metrics.summary').length - 1).toBe(3);
      expect(calls(api, 'metrics.events').length).toBe(calls(api, 'metrics.summary').length);
      close();
      store.getState().changed([]);
      await vi.advanceTimersByTimeAsync(2_000);
      const after = calls(api, 'metrics.summary').length;
      store.getState().changed([]);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(calls(api, 'metrics.summary').length).toBe(after);
    });

    it('reloads once a second at most when settings change, open view or not (alerts are app-wide)', async () => {
      const api = metricsApi();
      const store = createMetricsStore(api, { storage: null, now: () => Date.now() });
      store.getState().settingsChanged();
      store.getState().settingsChanged();
      await vi.advanceTimersByTimeAsync(0);
      expect(calls(api, 'metrics.summary')).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(calls(api, 'metrics.summary')).toHaveLength(2);
      expect(calls(api, 'metrics.events')).toHaveLength(0);
    });
  });

  it('exports the range and hands the file to the download', async () => {
    const api = metricsApi();
    api.handle({ 'metrics.export': ({ range, format }) => ({ filename: `m-${range}.${format}`, mimeType: 'text/csv', content: 'id\n', count: 0 }) });
    const files: MetricsFile[] = [];
    const store = createMetricsStore(api, { storage: null, download: (file) => files.push(file) });
    await store.getState().setRange('week');
    await store.getState().exportAs('csv');
    expect(calls(api, 'metrics.export')[0]?.input).toEqual({ range: 'week', format: 'csv' });
    expect(files).toEqual([{ filename: 'm-week.csv', mimeType: 'text/csv', content: 'id\n' }]);
    expect(store.getState().exporting).toBeNull();
  });

  it('keeps an export’s error and downloads nothing', async () => {
    const api = metricsApi();
    api.handle({ 'metrics.export': () => Promise.reject(new AppError('INTERNAL', 'no')) });
    const download = vi.fn();
    const store = createMetricsStore(api, { storage: null, download });
    await store.getState().exportAs('json');
    expect(download).not.toHaveBeenCalled();
    expect(store.getState().exportError?.message).toBe('no');
  });

  it('clears with confirmation, then reloads and forgets alerts', async () => {
    const api = metricsApi();
    api.handle({ 'metrics.clear': () => ({ cleared: 4 }), 'metrics.summary': ({ range }) => summary(range, { alerts: [alert()] }) });
    const store = createMetricsStore(api, { storage: null });
    await store.getState().load();
    store.getState().dismissAlert(alert());
    api.handle({ 'metrics.summary': ({ range }) => summary(range, { overall: aggregate(), byModel: [] }) });
    expect(await store.getState().clear()).toBe(true);
    expect(calls(api, 'metrics.clear')[0]?.input).toEqual({ confirm: true });
    expect(store.getState().summary?.overall.count).toBe(0);
    expect(store.getState().alerts).toEqual([]);
    expect(store.getState().dismissed.size).toBe(0);
  });

  it('keeps a failed clear’s error', async () => {
    const api = metricsApi();
    api.handle({ 'metrics.clear': () => Promise.reject(new AppError('INTERNAL', 'locked')) });
    const store = createMetricsStore(api, { storage: null });
    expect(await store.getState().clear()).toBe(false);
    expect(store.getState().clearError?.message).toBe('locked');
    expect(store.getState().clearing).toBe(false);
  });

  it('hides a dismissed alert until its message changes', () => {
    const store = createMetricsStore(metricsApi(), { storage: null });
    const other = alert({ model: 'llama3.2:3b', message: 'llama3.2:3b: 30% of the last 20 answers failed', kind: 'errorRate' });
    store.getState().changed([alert(), other]);
    store.getState().dismissAlert(alert());
    expect(selectVisibleAlerts(store.getState())).toEqual([other]);
    store.getState().changed([alert({ message: 'qwen2.5:7b: p95 9.8 s over the last 20 answers' }), other]);
    expect(selectVisibleAlerts(store.getState()).map(alertKey)).toEqual([alertKey(alert()), alertKey(other)]);
  });

  it('remembers a dismissal across reloads, and forgets it once the condition clears so its return shows', () => {
    const storage = new Map<string, string>();
    const web = { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) };
    const first = createMetricsStore(metricsApi(), { storage: web });
    first.getState().changed([alert()]);
    first.getState().dismissAlert(alert());
    expect(selectVisibleAlerts(first.getState())).toEqual([]);

    // a reload: a new store over the same storage, the same alert still raised
    const second = createMetricsStore(metricsApi(), { storage: web });
    second.getState().changed([alert()]);
    expect(selectVisibleAlerts(second.getState())).toEqual([]);

    // the condition clears, then returns with the very same words: shown again
    second.getState().changed([]);
    second.getState().changed([alert()]);
    expect(selectVisibleAlerts(second.getState())).toEqual([alert()]);
    expect(createMetricsStore(metricsApi(), { storage: web }).getState().dismissed.size).toBe(0);
  });

  it('reads only well-formed dismissals from storage', () => {
    const web = { getItem: () => '[["a\\u0000p95Latency","m"],[1,2],"x"]', setItem: () => undefined };
    expect([...createMetricsStore(metricsApi(), { storage: web }).getState().dismissed]).toEqual([['a\u0000p95Latency', 'm']]);
    expect(createMetricsStore(metricsApi(), { storage: { getItem: () => '{oops', setItem: () => undefined } }).getState().dismissed.size).toBe(0);
  });
});

describe('metrics wiring', () => {
  const appApi = (): FakeLociApi => {
    const api = metricsApi();
    api.handle({ 'settings.get': () => sampleSettings() });
    return api;
  };

  it('routes metrics.changed alerts to the store', () => {
    const api = appApi();
    const stores = createAppStores(api);
    api.emit('metrics.changed', { alerts: [alert()] });
    expect(stores.metrics.getState().alerts).toEqual([alert()]);
    stores.dispose();
  });

  it('reloads the summary when prices, energy or thresholds change, not for other settings', async () => {
    const api = appApi();
    const stores = createAppStores(api);
    await stores.settings.getState().load();
    api.emit('settings.changed', sampleSettings({ theme: 'dark' }));
    await settle(); // a change that leaves the alerts alone must not reload the summary
    expect(calls(api, 'metrics.summary')).toHaveLength(0);
    api.emit('settings.changed', sampleSettings({ theme: 'dark', alerts: { window: 5, errorRate: 0.25, p95LatencyMs: 100 } }));
    await vi.waitFor(() => expect(calls(api, 'metrics.summary')).toHaveLength(1));
    stores.dispose();
  });

  it('keys the settings the summary depends on', () => {
    expect(metricsSettingsKey(sampleSettings())).toBe(metricsSettingsKey(sampleSettings({ theme: 'dark', retrievalTopK: 3 })));
    expect(metricsSettingsKey(sampleSettings())).not.toBe(metricsSettingsKey(sampleSettings({ costReference: 'gpt-4o-mini' })));
    expect(metricsSettingsKey(null)).toBe('');
  });
});
