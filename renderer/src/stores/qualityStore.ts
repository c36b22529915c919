// Answer quality in the renderer: the Metrics quality panel's grouping (model or prompt version) and bucket (day or
// week), and the report for the Metrics range; refreshed when new metrics arrive. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/contract/errors';
import type { MetricRange } from '../../../shared/contract/metrics';
import type { QualityBucket, QualityGroupBy, QualityReport } from '../../../shared/contract/quality';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

export interface QualityState {
  readonly groupBy: QualityGroupBy;
  readonly bucket: QualityBucket;
  /** The range last loaded (the Metrics screen's). */
  readonly range: MetricRange | null;
  readonly report: QualityReport | null;
  readonly error: AppError | null;
  load(range: MetricRange): Promise<void>;
  setGroupBy(groupBy: QualityGroupBy): Promise<void>;
  setBucket(bucket: QualityBucket): Promise<void>;
  /** New events were recorded: reload what is shown, if anything is. */
  changed(): Promise<void>;
}

export type QualityStore = StoreApi<QualityState>;

export function createQualityStore(api: LociApi): QualityStore {
  let generation = 0;
  return createStore<QualityState>()((set, get) => {
    const fetch = async (): Promise<void> => {
      const { range, groupBy, bucket } = get();
      if (range === null) return;
      const mine = ++generation;
      try {
        const report = await api.call('metrics.quality', { range, groupBy, bucket });
        // an answer to an older request never overwrites a newer one
        if (mine === generation) set({ report, error: null });
      } catch (error) {
        if (mine === generation) set({ error: toAppError(error) });
      }
    };
    return {
      groupBy: 'model',
      bucket: 'day',
      range: null,
      report: null,
      error: null,
      load: (range) => {
        set({ range });
        return fetch();
      },
      setGroupBy: (groupBy) => {
        set({ groupBy });
        return fetch();
      },
      setBucket: (bucket) => {
        set({ bucket });
        return fetch();
      },
      changed: () => fetch(),
    };
  });
}
