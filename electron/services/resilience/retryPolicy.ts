// Retries of an answer that failed before its first token: which failures are transient, the backoff with jitter
// between attempts, and the time cap. Plain Node, main side; the clock, randomness and sleep are injected.
import type { AppError } from '../../../shared/contract/errors';

export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). */
  maxAttempts: number;
  /** Delay before the first retry, ms; doubles with each further retry. */
  baseDelayMs: number;
  /** No single delay exceeds this, ms. */
  maxDelayMs: number;
  /** No retry starts later than this after the first attempt began, ms. */
  totalCapMs: number;
}

/** Failures worth another try: the engine could not be reached, answered 5xx, crashed, or cut the stream. */
export function isTransient(error: Pick<AppError, 'code' | 'details'>): boolean {
  switch (error.code) {
    case 'OLLAMA_UNREACHABLE':
    case 'OLLAMA_STREAM_CUT':
    case 'ENGINE_CRASHED':
      return true;
    case 'OLLAMA_ERROR': {
      const status = typeof error.details === 'object' && error.details !== null && 'status' in error.details ? (error.details).status : undefined;
      // a 4xx is the request's fault and would fail again; unknown status (no HTTP answer) counts as transient
      return typeof status !== 'number' || status >= 500;
    }
    default:
      return false;
  }
}

/**
 * The delay before retry number `retry` (1-based): exponential, capped, with "equal jitter" (half fixed, half random)
 * so that clients failing together do not retry in lockstep, yet never retry at once.
 */
export function backoffDelayMs(retry: number, policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>, random: () => number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return exp / 2 + random() * (exp / 2);
}

export interface RetryDecision {
  retry: boolean;
  delayMs: number;
}

/**
 * Whether to try again after attempt number `attempt` (1-based) failed with `error` having produced `content`, at
 * `elapsedMs` since the first attempt began. Never after text reached the user.
 */
export function nextRetry(
  attempt: number,
  failure: { error: Pick<AppError, 'code' | 'details'>; content: string },
  elapsedMs: number,
  policy: RetryPolicy,
  random: () => number,
): RetryDecision {
  if (failure.content.length > 0 || !isTransient(failure.error) || attempt >= policy.maxAttempts) return { retry: false, delayMs: 0 };
  const delayMs = backoffDelayMs(attempt, policy, random);
  if (elapsedMs + delayMs > policy.totalCapMs) return { retry: false, delayMs: 0 };
  return { retry: true, delayMs };
}

/** Waits `ms`, or rejects with the signal's reason when it aborts first. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
