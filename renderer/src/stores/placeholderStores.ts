// The compare and metrics domains: only what their empty-state screens read today; each domain's
// issue replaces its store here with one that calls the api. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface CompareState {
  /** Saved side-by-side runs. Stays 0 until the Compare screen is built. */
  readonly comparisonCount: number;
}
export interface MetricsState {
  /** Recorded answers with timings. Stays 0 until the Metrics screen is built. */
  readonly recordCount: number;
}

export type CompareStore = StoreApi<CompareState>;
export type MetricsStore = StoreApi<MetricsState>;

export const createCompareStore = (): CompareStore => createStore<CompareState>()(() => ({ comparisonCount: 0 }));
export const createMetricsStore = (): MetricsStore => createStore<MetricsState>()(() => ({ recordCount: 0 }));
