import { describe, expect, it } from 'vitest';
import { createLayoutStore, isPanelOpen, LAYOUT_STORAGE_KEY, type LayoutStorage } from './layoutStore';

const memory = (initial: Record<string, string> = {}): LayoutStorage & { data: Map<string, string> } => {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
};

describe('layout store', () => {
  it('folds the auto panels on a narrow window and opens them on a wide one', () => {
    const store = createLayoutStore({ storage: memory(), widthPx: 1280 });
    expect(isPanelOpen(store.getState(), 'sidebar')).toBe(false);
    expect(isPanelOpen(store.getState(), 'sources')).toBe(false);
    store.getState().windowResized(1920);
    expect(isPanelOpen(store.getState(), 'sidebar')).toBe(true);
    expect(isPanelOpen(store.getState(), 'sources')).toBe(true);
  });

  it('remembers a toggle across stores and window sizes', () => {
    const storage = memory();
    const store = createLayoutStore({ storage, widthPx: 1280 });
    store.getState().toggle('sources');
    expect(isPanelOpen(store.getState(), 'sources')).toBe(true);
    expect(isPanelOpen(store.getState(), 'sidebar')).toBe(false);
    const again = createLayoutStore({ storage, widthPx: 1280 });
    expect(isPanelOpen(again.getState(), 'sources')).toBe(true);
    again.getState().windowResized(1920);
    again.getState().toggle('sidebar');
    expect(isPanelOpen(again.getState(), 'sidebar')).toBe(false);
    expect(JSON.parse(storage.data.get(LAYOUT_STORAGE_KEY)!)).toEqual({ sidebar: 'closed', sources: 'open' });
  });

  it('peeks at a folded panel without remembering it, and not at an open one', () => {
    const storage = memory();
    const store = createLayoutStore({ storage, widthPx: 1280 });
    store.getState().peek('sources');
    expect(store.getState().peeking).toBe('sources');
    expect(isPanelOpen(store.getState(), 'sources')).toBe(false);
    store.getState().unpeek();
    expect(store.getState().peeking).toBeNull();
    expect(storage.data.size).toBe(0);
    store.getState().peek('sources');
    store.getState().toggle('sources');
    expect(store.getState().peeking).toBeNull();
    expect(isPanelOpen(store.getState(), 'sources')).toBe(true);
    store.getState().peek('sources');
    expect(store.getState().peeking).toBeNull();
  });

  it('ignores unreadable or unknown stored values', () => {
    for (const stored of ['{not json', '"x"', JSON.stringify({ sidebar: 'sideways', sources: 7 })]) {
      const store = createLayoutStore({ storage: memory({ [LAYOUT_STORAGE_KEY]: stored }), widthPx: 1920 });
      expect(store.getState().preferences).toEqual({ sidebar: 'auto', sources: 'auto' });
    }
  });

  it('keeps working without storage, and when storage refuses to write', () => {
    const refusing: LayoutStorage = { getItem: () => null, setItem: () => { throw new Error('quota'); } };
    for (const storage of [null, refusing]) {
      const store = createLayoutStore({ storage, widthPx: 1920 });
      store.getState().toggle('sidebar');
      expect(isPanelOpen(store.getState(), 'sidebar')).toBe(false);
    }
  });
});
