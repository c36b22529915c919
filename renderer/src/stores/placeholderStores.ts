// The library, chat, compare and metrics domains: only what their empty-state screens read today; each domain's
// issue replaces its store here with one that calls the api. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';

export interface LibraryState {
  /** Indexed documents. Stays 0 until the Library screen is built on `library.*`. */
  readonly documentCount: number;
}
export interface ChatState {
  /** Saved conversations. Stays 0 until the Chat screen is built. */
  readonly conversationCount: number;
}
export interface CompareState {
  /** Saved side-by-side runs. Stays 0 until the Compare screen is built. */
  readonly comparisonCount: number;
}
export interface MetricsState {
  /** Recorded answers with timings. Stays 0 until the Metrics screen is built. */
  readonly recordCount: number;
}

export type LibraryStore = StoreApi<LibraryState>;
export type ChatStore = StoreApi<ChatState>;
export type CompareStore = StoreApi<CompareState>;
export type MetricsStore = StoreApi<MetricsState>;

export const createLibraryStore = (): LibraryStore => createStore<LibraryState>()(() => ({ documentCount: 0 }));
export const createChatStore = (): ChatStore => createStore<ChatState>()(() => ({ conversationCount: 0 }));
export const createCompareStore = (): CompareStore => createStore<CompareState>()(() => ({ comparisonCount: 0 }));
export const createMetricsStore = (): MetricsStore => createStore<MetricsState>()(() => ({ recordCount: 0 }));
