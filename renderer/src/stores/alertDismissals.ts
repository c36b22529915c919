// Which app-wide alerts the user dismissed, remembered across reloads: an alert stays hidden while it says the same
// thing, shows again when its figure or threshold changes (a new message), and forgets its dismissal once the
// condition clears, so a return is shown. Renderer (and Node tests).
import type { MetricAlert } from '../../../shared/contract/metrics';

export const DISMISSED_ALERTS_KEY = 'loci.alerts.dismissed';

/** One alert's identity: the same model and kind is the same alert, whatever its numbers. */
export const alertKey = (alert: Pick<MetricAlert, 'model' | 'kind'>): string => `${alert.model}\u0000${alert.kind}`;

type Storage = Pick<globalThis.Storage, 'getItem' | 'setItem'>;

/** alertKey → the message dismissed; what storage holds is checked entry by entry. */
export function readDismissed(storage: Storage | null): Map<string, string> {
  const out = new Map<string, string>();
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage?.getItem(DISMISSED_ALERTS_KEY) ?? 'null');
  } catch {
    return out;
  }
  if (!Array.isArray(parsed)) return out;
  for (const entry of parsed) {
    if (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string' && typeof entry[1] === 'string') out.set(entry[0], entry[1]);
  }
  return out;
}

export function writeDismissed(storage: Storage | null, dismissed: ReadonlyMap<string, string>): void {
  try {
    storage?.setItem(DISMISSED_ALERTS_KEY, JSON.stringify([...dismissed]));
  } catch {
    // storage full or refused: the dismissal holds for this session
  }
}

/** The dismissals that still apply to the current alerts: a condition that cleared is forgotten. Same map if none dropped. */
export function pruneDismissed(dismissed: ReadonlyMap<string, string>, alerts: readonly MetricAlert[]): ReadonlyMap<string, string> {
  const live = new Set(alerts.map(alertKey));
  if ([...dismissed.keys()].every((key) => live.has(key))) return dismissed;
  return new Map([...dismissed].filter(([key]) => live.has(key)));
}

/** The alerts the user has not dismissed (or whose message changed since). */
export const visibleAlerts = (alerts: readonly MetricAlert[], dismissed: ReadonlyMap<string, string>): MetricAlert[] => alerts.filter((alert) => dismissed.get(alertKey(alert)) !== alert.message);
