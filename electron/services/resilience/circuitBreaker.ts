// Circuit breakers, one per engine and one per model: open after N failures within a window, half-open after a
// cool-down with a single probe, close on success. Plain Node, main side; the clock is injected.
import { AppError, type AppErrorData } from '../../../shared/contract/errors';
import type { BreakerState } from '../../../shared/contract/resilience';
import { createListeners } from '../events/listeners';

export interface BreakerPolicy {
  /** Failures within the window that open the breaker. */
  failureThreshold: number;
  windowMs: number;
  /** How long an open breaker refuses before it lets one probe through. */
  cooldownMs: number;
}

/** What a caller holds between asking and reporting: whether its request is the half-open probe. */
export interface BreakerTicket {
  readonly key: string;
  readonly probe: boolean;
}

interface Entry {
  key: string;
  scope: BreakerState['scope'];
  state: BreakerState['state'];
  failureTimes: number[];
  openedAt: number | null;
  lastError: AppErrorData | null;
  probing: boolean;
}

export interface BreakerRegistry {
  /**
   * Asks to send a request under this breaker: a ticket when it may go, else CIRCUIT_OPEN (thrown) naming `label`.
   * An open breaker whose cool-down is over becomes half-open and gives the first caller the probe ticket.
   */
  admit(key: string, scope: BreakerState['scope'], label: string): BreakerTicket;
  succeeded(ticket: BreakerTicket): void;
  failed(ticket: BreakerTicket, error: AppErrorData): void;
  /** The request ended without saying anything about the engine (Stop, a 4xx): a probe gives its turn back. */
  released(ticket: BreakerTicket): void;
  states(): BreakerState[];
  reset(key: string): boolean;
  onChanged(listener: (states: BreakerState[]) => void): () => void;
}

export function createBreakerRegistry(options: { policy: () => BreakerPolicy; now?: () => number }): BreakerRegistry {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const listeners = createListeners<[BreakerState[]]>();

  const view = (e: Entry): BreakerState => {
    const { windowMs, cooldownMs } = options.policy();
    const t = now();
    return {
      key: e.key,
      scope: e.scope,
      // an open breaker past its cool-down reads as half-open, though it turns so only when the probe is asked for
      state: e.state === 'open' && e.openedAt !== null && t >= e.openedAt + cooldownMs ? 'half-open' : e.state,
      failures: e.failureTimes.filter((f) => f > t - windowMs).length,
      openedAt: e.openedAt,
      retryAt: e.state === 'closed' || e.openedAt === null ? null : e.openedAt + cooldownMs,
      lastError: e.lastError,
    };
  };
  const states = (): BreakerState[] => [...entries.values()].map(view).sort((a, b) => a.key.localeCompare(b.key));
  const changed = (): void => {
    listeners.emit(states());
  };
  const entryOf = (key: string, scope: BreakerState['scope']): Entry => {
    let e = entries.get(key);
    if (!e) {
      e = { key, scope, state: 'closed', failureTimes: [], openedAt: null, lastError: null, probing: false };
      entries.set(key, e);
    }
    return e;
  };
  const open = (e: Entry): void => {
    e.state = 'open';
    e.openedAt = now();
    e.probing = false;
  };

  return {
    admit(key, scope, label) {
      const e = entries.get(key);
      if (!e || e.state === 'closed') return { key, probe: false };
      const { cooldownMs } = options.policy();
      const retryAt = (e.openedAt ?? now()) + cooldownMs;
      if (e.state === 'open' && now() >= retryAt) {
        e.state = 'half-open';
        e.probing = true;
        changed();
        return { key, probe: true };
      }
      if (e.state === 'half-open' && !e.probing) {
        e.probing = true;
        return { key, probe: true };
      }
      const wait = Math.max(0, Math.ceil((retryAt - now()) / 1000));
      const why = e.lastError ? ` (last error: ${e.lastError.message})` : '';
      throw new AppError(
        'CIRCUIT_OPEN',
        e.state === 'half-open'
          ? `${label} is being retried after repeated failures; try again in a moment${why}.`
          : `${label} failed repeatedly, so Loci is not sending it requests for ${wait} s${why}. It is tried again after that, or reset it in Models.`,
        { key, retryAt, scope },
      );
    },
    succeeded(ticket) {
      const e = entries.get(ticket.key);
      if (!e) return;
      const wasOpen = e.state !== 'closed';
      e.state = 'closed';
      e.failureTimes = [];
      e.openedAt = null;
      e.probing = false;
      if (wasOpen) changed();
    },
    failed(ticket, error) {
      const e = entryOf(ticket.key, ticket.key.startsWith('engine:') ? 'engine' : 'model');
      const { failureThreshold, windowMs } = options.policy();
      const t = now();
      e.lastError = error;
      e.failureTimes = [...e.failureTimes.filter((f) => f > t - windowMs), t];
      if (ticket.probe || e.state === 'half-open') {
        open(e);
        changed();
      } else if (e.state === 'closed' && e.failureTimes.length >= failureThreshold) {
        open(e);
        changed();
      }
    },
    released(ticket) {
      const e = entries.get(ticket.key);
      if (e && ticket.probe) e.probing = false;
    },
    states,
    reset(key) {
      const e = entries.get(key);
      if (!e) return false;
      entries.delete(key);
      changed();
      return true;
    },
    onChanged: listeners.add,
  };
}
