// One measured operation, one metric event: ok with what the result says, or the failure (a cancel as `cancelled`),
// which still reaches the caller.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import { measured } from './measured';
import type { NewMetricEvent } from './metricsLog';

const recorder = () => {
  const events: NewMetricEvent[] = [];
  return { events, record: (e: NewMetricEvent) => events.push(e) };
};

describe('measured', () => {
  it('records ok with the result’s fields and its latency, and returns the result', async () => {
    const metrics = recorder();
    await expect(measured(metrics, { kind: 'retrieval', collectionId: 'c' }, async () => 3, (n) => ({ items: n }))).resolves.toBe(3);
    expect(metrics.events).toEqual([{ kind: 'retrieval', collectionId: 'c', outcome: 'ok', items: 3, latencyMs: expect.any(Number) }]);
  });

  it('lets the result set another outcome', async () => {
    const metrics = recorder();
    await measured(metrics, { kind: 'import' }, async () => ({ failed: 2 }), ({ failed }) => ({ outcome: 'error', errorType: 'FILES_FAILED', errorMessage: `${failed} failed` }));
    expect(metrics.events[0]).toMatchObject({ kind: 'import', outcome: 'error', errorType: 'FILES_FAILED', errorMessage: '2 failed' });
  });

  it('records a failure with its code and message, then rethrows the same error', async () => {
    const metrics = recorder();
    const failure = new AppError('OLLAMA_UNREACHABLE', 'Ollama is not running');
    await expect(measured(metrics, { kind: 'pull', model: 'ollama:x' }, () => Promise.reject(failure))).rejects.toBe(failure);
    expect(metrics.events).toEqual([{ kind: 'pull', model: 'ollama:x', outcome: 'error', errorType: 'OLLAMA_UNREACHABLE', errorMessage: 'Ollama is not running', latencyMs: expect.any(Number) }]);
  });

  it('records a cancel as cancelled', async () => {
    const metrics = recorder();
    await expect(measured(metrics, { kind: 'pull' }, () => Promise.reject(new AppError('CANCELLED', 'Cancelled')))).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(metrics.events[0]).toMatchObject({ outcome: 'cancelled', errorType: 'CANCELLED' });
  });
});
