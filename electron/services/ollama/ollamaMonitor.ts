// Watches Ollama's reachability: probes on a timer (faster while it is down) and reports changes.
import type { OllamaStatus } from '../../../shared/contract/ollama';
import type { OllamaGateway } from './ollamaGateway';
import { createListeners } from '../events/listeners';

export interface OllamaMonitor {
  current(): OllamaStatus;
  /** Probes now; concurrent callers share one probe. */
  refresh(): Promise<OllamaStatus>;
  onChange(listener: (status: OllamaStatus) => void): () => void;
  start(): void;
  stop(): void;
}

export interface OllamaMonitorOptions {
  gateway: OllamaGateway;
  getUrl: () => string;
  /** Interval between probes while Ollama is reachable, ms. */
  readyIntervalMs?: number;
  /** Interval while it is not, ms: short, so starting Ollama shows up quickly. */
  downIntervalMs?: number;
}

const sameStatus = (a: OllamaStatus, b: OllamaStatus): boolean =>
  a.state === b.state && a.url === b.url && a.version === b.version && a.modelCount === b.modelCount && a.error?.message === b.error?.message;

export function createOllamaMonitor(options: OllamaMonitorOptions): OllamaMonitor {
  const readyInterval = options.readyIntervalMs ?? 10_000;
  const downInterval = options.downIntervalMs ?? 3_000;
  let status: OllamaStatus = { state: 'checking', url: options.getUrl(), version: null, modelCount: null, checkedAt: Date.now(), latencyMs: null, error: null };
  const listeners = createListeners<[OllamaStatus]>();
  let inflight: Promise<OllamaStatus> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;

  const schedule = (): void => {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void refresh(), status.state === 'ready' ? readyInterval : downInterval);
    timer.unref?.();
  };

  const refresh = (): Promise<OllamaStatus> => {
    inflight ??= options.gateway
      .probe()
      .then((next) => {
        const changed = !sameStatus(status, next);
        status = next;
        if (changed) listeners.emit(next);
        return next;
      })
      .finally(() => {
        inflight = null;
        schedule();
      });
    return inflight;
  };

  return {
    current: () => status,
    refresh,
    onChange: listeners.add,
    start() {
      running = true;
      void refresh();
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
