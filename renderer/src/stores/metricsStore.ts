// The metrics domain: the chosen range, its summary and recent events, the app-wide alerts, export and clear.
// Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/contract/errors';
import { MetricRangeSchema, type MetricAlert, type MetricEvent, type MetricKind, type MetricRange, type MetricSummary } from '../../../shared/contract/metrics';
import type { Settings } from '../../../shared/contract/settings';
import type { LociApi } from '../api/lociApi';
import { alertKey, pruneDismissed, readDismissed, visibleAlerts, writeDismissed } from './alertDismissals';
import { toAppError } from '../lib/errors';

export type MetricsExportFormat = 'csv' | 'json';

/** A file the user saves: what `metrics.export` answers. */
export interface MetricsFile {
  readonly filename: string;
  readonly mimeType: string;
  readonly content: string;
}

export interface MetricsState {
  readonly range: MetricRange;
  /** The range's summary; null until the first load answers. */
  readonly summary: MetricSummary | null;
  readonly loading: boolean;
  /** Why the last summary load failed, if it did (the last summary stays shown). */
  readonly error: AppError | null;
  /** The range's newest events (at most EVENTS_LIMIT), newest first; null until loaded while the view is open. */
  readonly events: readonly MetricEvent[] | null;
  /** How many events of that kind the range holds (the table shows at most EVENTS_LIMIT of them). */
  readonly eventsTotal: number;
  /** The recent events table shows one kind, or every kind. */
  readonly eventKind: MetricKind | null;
  readonly eventsError: AppError | null;
  /** Current alerts over every model, from the last summary or `metrics.changed`, whichever came last. */
  readonly alerts: readonly MetricAlert[];
  /**
   * Alerts the user dismissed: alertKey → the message dismissed, kept in storage. A new message shows the alert again;
   * an alert that clears forgets its dismissal.
   */
  readonly dismissed: ReadonlyMap<string, string>;
  readonly exporting: MetricsExportFormat | null;
  readonly exportError: AppError | null;
  readonly clearing: boolean;
  readonly clearError: AppError | null;

  /** Loads the summary (and, while the view is open, the events) for the current range. Never rejects. */
  load(): Promise<void>;
  setRange(range: MetricRange): Promise<void>;
  setEventKind(kind: MetricKind | null): Promise<void>;
  /** The Metrics view mounted: it is kept fresh while open. Returns the function to call when it unmounts. */
  viewOpened(): () => void;
  /** `metrics.changed`: takes its alerts, and reloads (throttled) while the view is open. */
  changed(alerts: readonly MetricAlert[]): void;
  /** Prices, energy or alert thresholds changed: costs and alerts are recomputed by the host, so reload (throttled). */
  settingsChanged(): void;
  /** Asks the host for the range as a file and hands it to the download. Rejects with nothing; the error is kept. */
  exportAs(format: MetricsExportFormat): Promise<void>;
  /** Deletes every recorded event (the caller asked the user first). Resolves true when cleared. */
  clear(): Promise<boolean>;
  dismissAlert(alert: MetricAlert): void;
}

export type MetricsStore = StoreApi<MetricsState>;

export interface MetricsStoreDeps {
  /** Where the range is remembered; localStorage in the page, none in Node tests. */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null;
  /** Saves a file for the user; a Blob and an `<a download>` click in the page (Electron asks where to save). */
  download?: (file: MetricsFile) => void;
  now?: () => number;
}

export const RANGE_KEY = 'loci.metrics.range';
/** Rows of the recent events table. */
export const EVENTS_LIMIT = 200;
/** At most one reload per this many ms during a burst of answers. */
export const REFRESH_INTERVAL_MS = 1000;

export { alertKey } from './alertDismissals';

/** The alerts the user has not dismissed (or whose message changed since). */
export const selectVisibleAlerts = (state: Pick<MetricsState, 'alerts' | 'dismissed'>): MetricAlert[] => visibleAlerts(state.alerts, state.dismissed);

/** The settings the summary depends on: a change in any of them changes costs or alerts. */
export const metricsSettingsKey = (settings: Settings | null): string =>
  settings === null ? '' : JSON.stringify([settings.cloudPrices, settings.costReference, settings.energyEstimate, settings.alerts, settings.metricsRetentionDays]);

const defaultStorage = (): Pick<Storage, 'getItem' | 'setItem'> | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage can be disabled in a browser
  }
};

/** Saves a file through the browser's download: works in serve mode and in Electron alike. */
export function downloadInPage(file: MetricsFile): void {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // the download has read the blob long before this
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function createMetricsStore(api: LociApi, deps: MetricsStoreDeps = {}): MetricsStore {
  const storage = deps.storage === undefined ? defaultStorage() : deps.storage;
  const download = deps.download ?? downloadInPage;
  const now = deps.now ?? Date.now;

  const readRange = (): MetricRange => {
    try {
      const parsed = MetricRangeSchema.safeParse(storage?.getItem(RANGE_KEY));
      return parsed.success ? parsed.data : 'day';
    } catch {
      return 'day';
    }
  };
  const writeRange = (range: MetricRange): void => {
    try {
      storage?.setItem(RANGE_KEY, range);
    } catch {
      // a full or disabled storage only forgets the choice
    }
  };

  return createStore<MetricsState>()((set, get) => {
    /** Bumped per load: an answer for an older range (or an older load) is dropped. */
    let summarySeq = 0;
    let eventsSeq = 0;
    /** How many Metrics views are mounted (StrictMode mounts twice). */
    let viewers = 0;
    let lastReloadAt = Number.NEGATIVE_INFINITY;
    let timer: ReturnType<typeof setTimeout> | null = null;

    /** A new list of alerts, with the dismissals of conditions that cleared forgotten (and storage told). */
    const withAlerts = (alerts: readonly MetricAlert[]): Pick<MetricsState, 'alerts' | 'dismissed'> => {
      const dismissed = pruneDismissed(get().dismissed, alerts);
      if (dismissed !== get().dismissed) writeDismissed(storage, dismissed);
      return { alerts, dismissed };
    };

    const loadSummary = async (): Promise<void> => {
      const seq = ++summarySeq;
      const range = get().range;
      set({ loading: true });
      try {
        const summary = await api.call('metrics.summary', { range });
        if (seq === summarySeq) set({ summary, error: null, ...withAlerts(summary.alerts) });
      } catch (error) {
        if (seq === summarySeq) set({ error: toAppError(error) });
      } finally {
        if (seq === summarySeq) set({ loading: false });
      }
    };

    const loadEvents = async (): Promise<void> => {
      const seq = ++eventsSeq;
      const { range, eventKind } = get();
      try {
        const input = eventKind === null ? { range, limit: EVENTS_LIMIT } : { range, kind: eventKind, limit: EVENTS_LIMIT };
        const { events, total } = await api.call('metrics.events', input);
        if (seq === eventsSeq) set({ events, eventsTotal: total, eventsError: null });
      } catch (error) {
        if (seq === eventsSeq) set({ eventsError: toAppError(error) });
      }
    };

    const reload = (): Promise<void> => {
      lastReloadAt = now();
      if (timer !== null) {
        clearTimeout(timer);
        timer = null;
      }
      return Promise.all([loadSummary(), viewers > 0 ? loadEvents() : null]).then(() => undefined);
    };

    // [Note: metrics refresh] `metrics.changed` comes at most every half second while answers are recorded.
    // A reload runs at once when the last one is over a second old, else once at the end of that second: a
    // burst of answers costs about one summary per second, and the last change is always shown.
    const scheduleReload = (): void => {
      if (timer !== null) return;
      const wait = lastReloadAt + REFRESH_INTERVAL_MS - now();
      if (wait <= 0) {
        void reload();
        return;
      }
      timer = setTimeout(() => {
        timer = null;
        void reload();
      }, wait);
    };

    return {
      range: readRange(),
      summary: null,
      loading: false,
      error: null,
      events: null,
      eventsTotal: 0,
      eventKind: null,
      eventsError: null,
      alerts: [],
      dismissed: readDismissed(storage),
      exporting: null,
      exportError: null,
      clearing: false,
      clearError: null,

      load: reload,

      async setRange(range) {
        if (range === get().range) return;
        writeRange(range);
        // the old range's numbers must not stand under the new range's name
        set({ range, summary: null, events: null, eventsTotal: 0, error: null, eventsError: null, exportError: null });
        await reload();
      },

      async setEventKind(kind) {
        if (kind === get().eventKind) return;
        set({ eventKind: kind, events: null, eventsTotal: 0 });
        await loadEvents();
      },

      viewOpened() {
        viewers += 1;
        void reload();
        let closed = false;
        return () => {
          if (closed) return;
          closed = true;
          viewers -= 1;
        };
      },

      changed(alerts) {
        set(withAlerts(alerts));
        // the alerts came with the event; the figures only matter to an open view (it reloads when opened)
        if (viewers > 0) scheduleReload();
      },

      settingsChanged() {
        // the alerts are app-wide, and only a summary recomputes them
        scheduleReload();
      },

      async exportAs(format) {
        if (get().exporting !== null) return;
        set({ exporting: format, exportError: null });
        try {
          const file = await api.call('metrics.export', { range: get().range, format });
          download({ filename: file.filename, mimeType: file.mimeType, content: file.content });
        } catch (error) {
          set({ exportError: toAppError(error) });
        } finally {
          set({ exporting: null });
        }
      },

      async clear() {
        if (get().clearing) return false;
        set({ clearing: true, clearError: null });
        try {
          await api.call('metrics.clear', { confirm: true });
          set(withAlerts([]));
          await reload();
          return true;
        } catch (error) {
          set({ clearError: toAppError(error) });
          return false;
        } finally {
          set({ clearing: false });
        }
      },

      dismissAlert(alert) {
        const dismissed = new Map(get().dismissed).set(alertKey(alert), alert.message);
        writeDismissed(storage, dismissed);
        set({ dismissed });
      },
    };
  });
}
