// Metrics: durable log (torn lines, retention), exact aggregates, cost and energy, alerts, CSV/JSON export.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricEvent } from '../../../shared/contract/metrics';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/contract/settings';
import { makeTempDir } from '../../testing/testCore';
import { aggregate, alerts } from './aggregateMetrics';
import { cloudCostUsd, energyKWh } from './costModel';
import { openMetricsLog, type NewMetricEvent } from './metricsLog';
import { createMetricsService, toCsv } from './metricsService';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tempDir = (): string => {
  const d = makeTempDir('loci-metrics-');
  dirs.push(d);
  return d;
};

const NOW = Date.UTC(2026, 10, 21, 12, 0, 0);
const answer = (over: Partial<NewMetricEvent> = {}): NewMetricEvent => ({ kind: 'chat', outcome: 'ok', model: 'llama3.2:3b', time: NOW - 60_000, latencyMs: 1000, ttftMs: 100, tokensPerSecond: 50, promptTokens: 1000, completionTokens: 200, ...over });

function service(settings: Partial<Settings> = {}) {
  const log = openMetricsLog(tempDir());
  return { log, metrics: createMetricsService({ log, getSettings: () => ({ ...DEFAULT_SETTINGS, ...settings }), now: () => NOW }) };
}

describe('metrics log', () => {
  it('survives a torn last line and keeps every complete event', async () => {
    const dir = tempDir();
    const log = openMetricsLog(dir);
    log.append(answer());
    log.append(answer({ model: 'qwen2.5:7b' }));
    await log.flush();
    fs.appendFileSync(path.join(dir, 'events.jsonl'), '{"id":"torn","time":12');
    const reopened = openMetricsLog(dir);
    expect(reopened.all().map((e) => e.model)).toEqual(['llama3.2:3b', 'qwen2.5:7b']);
  });

  it('prunes past the retention period, on disk too', async () => {
    const dir = tempDir();
    const log = openMetricsLog(dir);
    log.append(answer({ time: NOW - 100 * 86_400_000 }));
    log.append(answer({ time: NOW - 1000 }));
    await log.flush();
    const metrics = createMetricsService({ log, getSettings: () => ({ ...DEFAULT_SETTINGS, metricsRetentionDays: 90 }), now: () => NOW });
    await metrics.dispose();
    expect(openMetricsLog(dir).all()).toHaveLength(1);
  });
});

describe('aggregates', () => {
  it('exact percentiles, error rates by type and token sums over a known distribution', () => {
    const events: MetricEvent[] = [];
    const { log } = service();
    // latencies 10, 20, ..., 1000 ms for 100 ok answers; 5 errors; 2 cancelled
    for (let i = 1; i <= 100; i++) events.push(log.append(answer({ latencyMs: i * 10, ttftMs: i, tokensPerSecond: i })));
    for (let i = 0; i < 5; i++) events.push(log.append(answer({ outcome: 'error', errorType: i < 3 ? 'OLLAMA_UNREACHABLE' : 'MODEL_NOT_FOUND', latencyMs: 5, promptTokens: null, completionTokens: null })));
    for (let i = 0; i < 2; i++) events.push(log.append(answer({ outcome: 'cancelled', promptTokens: null, completionTokens: null })));
    const a = aggregate(events, 'llama3.2:3b', DEFAULT_SETTINGS);
    expect(a).toMatchObject({ count: 107, errors: 5, cancelled: 2, errorsByType: { OLLAMA_UNREACHABLE: 3, MODEL_NOT_FOUND: 2 } });
    expect(a.errorRate).toBeCloseTo(5 / 105, 12);
    expect(a.latencyMs).toEqual({ p50: 500, p95: 950, p99: 990 });
    expect(a.ttftMs).toEqual({ p50: 50, p95: 95, p99: 99 });
    expect(a.tokensPerSecond).toEqual({ mean: 50.5, median: 50.5 });
    expect(a.promptTokens).toBe(100_000);
    expect(a.completionTokens).toBe(20_000);
    // gpt-4o: $2.50 / 1M in, $10 / 1M out
    expect(a.cloudCostUsd).toBeCloseTo(0.25 + 0.2, 12);
  });

  it('cost and energy arithmetic', () => {
    expect(cloudCostUsd(1_000_000, 1_000_000, { id: 'x', name: 'x', inputPerMillion: 3, outputPerMillion: 15 })).toBe(18);
    expect(energyKWh(3_600_000, 1000)).toBeCloseTo(1, 12); // 1 kW for an hour
    const withEnergy = { ...DEFAULT_SETTINGS, energyEstimate: { enabled: true, watts: 100, pricePerKWh: 0.5 } };
    const { log } = service();
    // 36 s of generation at 100 W = 0.001 kWh = $0.0005
    const a = aggregate([log.append(answer({ latencyMs: 36_000, retrievalMs: null, embeddingMs: null, promptTokens: 0, completionTokens: 0 }))], null, withEnergy);
    expect(a.energyKWh).toBeCloseTo(0.001, 12);
    expect(a.energyCostUsd).toBeCloseTo(0.0005, 12);
    expect(a.savingsUsd).toBeCloseTo(-0.0005, 12);
  });
});

describe('error types read from the log', () => {
  it('counts any string, Object member names included', () => {
    const events = ['constructor', '__proto__', 'toString', 'constructor'].map((errorType, i) => ({ ...answer({ outcome: 'error', errorType }), id: `e${i}` }) as MetricEvent);
    const { errorsByType } = aggregate(events, null, DEFAULT_SETTINGS);
    expect(Object.entries(errorsByType).sort()).toEqual([['__proto__', 1], ['constructor', 2], ['toString', 1]]);
  });
});

describe('alerts', () => {
  it('flags a model whose p95 over the last N answers crosses the threshold, and not the others', () => {
    const { log } = service();
    const events = [
      ...Array.from({ length: 20 }, (_, i) => log.append(answer({ model: 'qwen2.5:7b', latencyMs: i < 18 ? 2000 : 9200, time: NOW - 1000 + i }))),
      ...Array.from({ length: 20 }, (_, i) => log.append(answer({ model: 'llama3.2:3b', latencyMs: 800, time: NOW - 1000 + i }))),
    ];
    const found = alerts(events, { ...DEFAULT_SETTINGS, alerts: { window: 20, errorRate: 0.5, p95LatencyMs: 9000 } });
    expect(found).toEqual([expect.objectContaining({ model: 'qwen2.5:7b', kind: 'p95Latency', value: 9200, message: 'qwen2.5:7b: p95 answer time 9.2 s over the last 20 answers, above your 9 s threshold' })]);
  });

  it('flags an error rate over the window', () => {
    const { log } = service();
    const events = Array.from({ length: 10 }, (_, i) => log.append(answer({ outcome: i < 4 ? 'error' : 'ok', errorType: i < 4 ? 'OLLAMA_ERROR' : null, time: NOW - 100 + i })));
    expect(alerts(events, { ...DEFAULT_SETTINGS, alerts: { window: 10, errorRate: 0.3, p95LatencyMs: 60_000 } })).toEqual([expect.objectContaining({ kind: 'errorRate', message: 'llama3.2:3b: 40% of the last 10 answers failed, above your 30% threshold' })]);
  });
});

describe('metrics service', () => {
  it('summarises a range per model with a series, and exports it', () => {
    const { metrics } = service();
    metrics.record(answer({ model: 'llama3.2:3b', latencyMs: 800 }));
    metrics.record(answer({ model: 'qwen2.5:7b', latencyMs: 2400, time: NOW - 30 * 60_000 }));
    metrics.record(answer({ model: 'qwen2.5:7b', time: NOW - 3 * 86_400_000 }));
    metrics.record({ kind: 'retrieval', outcome: 'ok', latencyMs: 12, time: NOW - 1000 });
    const day = metrics.summary('day');
    expect(day.overall.count).toBe(2);
    expect(day.byModel.map((m) => [m.model, m.count])).toEqual([
      ['llama3.2:3b', 1],
      ['qwen2.5:7b', 1],
    ]);
    expect(day.countsByKind).toEqual({ chat: 2, retrieval: 1 });
    expect(day.series.reduce((n, b) => n + b.count, 0)).toBe(2);
    expect(metrics.summary('week').overall.count).toBe(3);

    const csv = metrics.exportRange('day', 'csv');
    const lines = csv.content.trim().split('\n');
    expect(lines[0]).toBe('id,time,kind,model,collectionId,outcome,errorType,errorMessage,latencyMs,ttftMs,tokensPerSecond,promptTokens,completionTokens,retrievalMs,embeddingMs,loadMs,overheadMs,cacheHit,items,messageId,promptTemplate,groundedShare,checkedSentences,unsupportedSentences,nothingRelevant,feedback,feedbackReason,savedMs,savedTokens,tier,requestedModel,fallbackReason,attempts,stages.prepareMs,stages.rewriteMs,stages.embedMs,stages.searchMs,stages.vectorSearchMs,stages.fullTextSearchMs,stages.fusionMs,stages.packingMs,stages.waitMs,stages.failedAttemptsMs,stages.failedAttempts,stages.firstTokenMs,stages.decodeMs,stages.unattributedMs,stages.totalMs,stages.sharedMs');
    expect(lines).toHaveLength(4);
    expect(csv.filename).toMatch(/^loci-metrics-day-.*\.csv$/);
    const json = JSON.parse(metrics.exportRange('all', 'json').content) as { events: MetricEvent[] };
    expect(json.events).toHaveLength(4);
  });

  it('escapes CSV cells', () => {
    const { log } = service();
    const csv = toCsv([log.append(answer({ outcome: 'error', errorMessage: 'said "no", then, quit\nagain' }))]);
    expect(csv).toContain('"said ""no"", then, quit\nagain"');
  });
});
