import { describe, expect, it } from 'vitest';
import { createSettingsStore } from '../stores/settingsStore';
import { createFakeLociApi } from '../stores/testing/fakeLociApi';
import { sampleSettings } from '../stores/testing/fixtures';
import { bindThemeToDocument } from './theme';

describe('bindThemeToDocument', () => {
  it('follows the theme setting, and the OS until settings arrive', () => {
    const store = createSettingsStore(createFakeLociApi());
    const root = { dataset: {} } as HTMLElement;
    const unbind = bindThemeToDocument(store, root);
    expect(root.dataset.theme).toBe('system');
    store.getState().received(sampleSettings({ theme: 'dark' }));
    expect(root.dataset.theme).toBe('dark');
    unbind();
    store.getState().received(sampleSettings({ theme: 'light' }));
    expect(root.dataset.theme).toBe('dark');
  });
});
