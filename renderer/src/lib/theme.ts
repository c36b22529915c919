// Applies the theme setting to the document: `data-theme` on <html>, which the tokens stylesheet reads. Renderer.
import type { Theme } from '../../../shared/contract/settings';
import type { SettingsDraftStore } from '../stores/settingsDraftStore';
import type { SettingsStore } from '../stores/settingsStore';

/** The theme an unsaved Appearance edit shows as a preview, if any (Discard or leaving puts the saved one back). */
const draftTheme = (drafts: SettingsDraftStore | undefined): Theme | undefined => {
  const draft = drafts?.getState().entries.appearance?.draft as { theme?: Theme } | undefined;
  return draft?.theme;
};

/** Keeps `data-theme` on `root` equal to the theme being edited, else the saved one; `system` (and no settings yet) follows the OS. */
export function bindThemeToDocument(settings: SettingsStore, root: HTMLElement, drafts?: SettingsDraftStore): () => void {
  const apply = (): void => {
    const theme = draftTheme(drafts) ?? settings.getState().settings?.theme ?? 'system';
    if (root.dataset.theme !== theme) root.dataset.theme = theme;
  };
  apply();
  const offs = [settings.subscribe(apply), drafts?.subscribe(apply)];
  return () => {
    for (const off of offs) off?.();
  };
}
