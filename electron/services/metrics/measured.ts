// Recording one measured operation as a metric event: its latency, and on failure the error's code and message (a
// cancel counts as `cancelled`), then the failure goes on to the caller. Plain Node.
import { toAppErrorData } from '../../../shared/contract/errors';
import type { MetricsRecorder, NewMetricEvent } from './metricsLog';

/** What the operation's event says whatever its outcome (its kind, model, collection, …). */
export type MeasuredEvent = Omit<NewMetricEvent, 'outcome' | 'latencyMs'>;

/** The fields of a failed operation's event. */
export function failureFields(error: unknown): Pick<NewMetricEvent, 'outcome' | 'errorType' | 'errorMessage'> {
  const data = toAppErrorData(error);
  return { outcome: data.code === 'CANCELLED' ? 'cancelled' : 'error', errorType: data.code, errorMessage: data.message };
}

/**
 * Runs `work` and records its event: `ok` with what `onOk` reads from the result (which may set another outcome), or
 * the failure, which is then rethrown.
 */
export async function measured<T>(
  metrics: MetricsRecorder,
  event: MeasuredEvent,
  work: () => Promise<T>,
  onOk: (result: T) => Partial<NewMetricEvent> = () => ({}),
): Promise<T> {
  const started = performance.now();
  let result: T;
  try {
    result = await work();
  } catch (error) {
    metrics.record({ ...event, ...failureFields(error), latencyMs: performance.now() - started });
    throw error;
  }
  metrics.record({ ...event, outcome: 'ok', ...onOk(result), latencyMs: performance.now() - started });
  return result;
}
