// The compare domain: only what its empty-state screen reads today; its issue replaces the store here with one
// that calls the api. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface CompareState {
  /** Saved side-by-side runs. Stays 0 until the Compare screen is built. */
  readonly comparisonCount: number;
}

export type CompareStore = StoreApi<CompareState>;

export const createCompareStore = (): CompareStore => createStore<CompareState>()(() => ({ comparisonCount: 0 }));
