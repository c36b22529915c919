// Which side panels are open (the navigation sidebar, Chat's sources panel): the user's choice per panel,
// remembered across launches, and on a narrow window ("auto") folded away so the conversation gets the width.
// Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';

export const LAYOUT_PANELS = ['sidebar', 'sources'] as const;
export type LayoutPanel = (typeof LAYOUT_PANELS)[number];
/** `auto`: open on a wide window, folded on a narrow one; `open`/`closed`: what the user last chose. */
export type PanelPreference = 'auto' | 'open' | 'closed';

/** Below this window width (CSS px) the `auto` panels fold: at 1280 the chat column would otherwise get ~400 px. */
export const NARROW_WINDOW_PX = 1440;
export const LAYOUT_STORAGE_KEY = 'loci.layout';

/** The slice of Web Storage the store needs (localStorage in the app, a Map in tests, null where there is none). */
export interface LayoutStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface LayoutState {
  readonly preferences: Readonly<Record<LayoutPanel, PanelPreference>>;
  /** The window is narrower than NARROW_WINDOW_PX. */
  readonly narrow: boolean;
  /** The window's width changed (resize). */
  windowResized(widthPx: number): void;
  /** A folded panel shown for a moment over the screen (a citation was clicked): until unpeek or a toggle. */
  readonly peeking: LayoutPanel | null;
  /** Opens a folded panel or folds an open one, and remembers that choice. */
  toggle(panel: LayoutPanel): void;
  /** Shows a folded panel over the screen without changing the remembered choice (nothing if it is open). */
  peek(panel: LayoutPanel): void;
  unpeek(): void;
}

export type LayoutStore = StoreApi<LayoutState>;

/** Whether a panel shows now: the user's choice, else open unless the window is narrow. */
export const isPanelOpen = (state: Pick<LayoutState, 'preferences' | 'narrow'>, panel: LayoutPanel): boolean => {
  const preference = state.preferences[panel];
  return preference === 'auto' ? !state.narrow : preference === 'open';
};

const DEFAULT_PREFERENCES: Record<LayoutPanel, PanelPreference> = { sidebar: 'auto', sources: 'auto' };

/** What storage holds, checked field by field: anything unreadable falls back to `auto`. */
function readPreferences(storage: LayoutStorage | null): Record<LayoutPanel, PanelPreference> {
  const out = { ...DEFAULT_PREFERENCES };
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage?.getItem(LAYOUT_STORAGE_KEY) ?? 'null');
  } catch {
    return out;
  }
  if (typeof parsed !== 'object' || parsed === null) return out;
  for (const panel of LAYOUT_PANELS) {
    const value = (parsed as Record<string, unknown>)[panel];
    if (value === 'auto' || value === 'open' || value === 'closed') out[panel] = value;
  }
  return out;
}

export function createLayoutStore(options: { storage: LayoutStorage | null; widthPx: number }): LayoutStore {
  const { storage } = options;
  return createStore<LayoutState>()((set, get) => ({
    preferences: readPreferences(storage),
    narrow: options.widthPx < NARROW_WINDOW_PX,
    windowResized: (widthPx) => {
      const narrow = widthPx < NARROW_WINDOW_PX;
      if (narrow !== get().narrow) set({ narrow });
    },
    peeking: null,
    peek: (panel) => {
      if (!isPanelOpen(get(), panel) && get().peeking !== panel) set({ peeking: panel });
    },
    unpeek: () => {
      if (get().peeking !== null) set({ peeking: null });
    },
    toggle: (panel) => {
      // a peeking panel "opens" for good; an open one folds
      const opening = !isPanelOpen(get(), panel);
      const preferences = { ...get().preferences, [panel]: opening ? 'open' : 'closed' };
      set({ preferences, peeking: get().peeking === panel ? null : get().peeking });
      try {
        storage?.setItem(LAYOUT_STORAGE_KEY, JSON.stringify(preferences));
      } catch {
        // storage full or refused: the choice holds for this session
      }
    },
  }));
}
