// Applies the theme setting to the document: `data-theme` on <html>, which the tokens stylesheet reads. Renderer.
import type { Theme } from '../../../shared/contract/settings';
import type { SettingsStore } from '../stores/settingsStore';

/** Keeps `data-theme` on `root` equal to the saved theme; `system` (and no settings yet) follows the OS. */
export function bindThemeToDocument(settings: SettingsStore, root: HTMLElement): () => void {
  const apply = (theme: Theme): void => {
    if (root.dataset.theme !== theme) root.dataset.theme = theme;
  };
  apply(settings.getState().settings?.theme ?? 'system');
  return settings.subscribe((state) => apply(state.settings?.theme ?? 'system'));
}
