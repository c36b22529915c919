import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- the test drives the real Appearance form through the draft store
import { APPEARANCE_FORM } from '../features/settings/generalForms';
import { createSettingsDraftStore } from '../stores/settingsDraftStore';
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

  it('previews an unsaved theme, and puts the saved one back on Discard', () => {
    const store = createSettingsStore(createFakeLociApi());
    store.getState().received(sampleSettings({ theme: 'light' }));
    const drafts = createSettingsDraftStore(store);
    const root = { dataset: {} } as HTMLElement;
    bindThemeToDocument(store, root, drafts);
    expect(root.dataset.theme).toBe('light');
    drafts.getState().edit('appearance', APPEARANCE_FORM, { theme: 'dark' });
    expect(root.dataset.theme).toBe('dark');
    drafts.getState().discard();
    expect(root.dataset.theme).toBe('light');
  });
});
