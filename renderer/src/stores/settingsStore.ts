// The settings domain: the current settings, loaded once and kept in step with `settings.changed`. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/contract/errors';
import type { Settings, SettingsPatch } from '../../../shared/contract/settings';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

export interface SettingsState {
  /** Null until the first load answers. */
  readonly settings: Settings | null;
  /** Why the first load failed, if it did. */
  readonly loadError: AppError | null;
  load(): Promise<void>;
  /** Saves a patch. Rejects with the AppError (INVALID_INPUT for a bad value) so the form can show it. */
  update(patch: SettingsPatch): Promise<Settings>;
  /** Restores the defaults. Rejects with the AppError. */
  reset(): Promise<Settings>;
  /** Settings pushed by main (`settings.changed`), from this window or any other. */
  received(settings: Settings): void;
}

export type SettingsStore = StoreApi<SettingsState>;

export function createSettingsStore(api: LociApi): SettingsStore {
  // Bumped on every applied value: a load that started before a pushed change must not overwrite it.
  let revision = 0;
  return createStore<SettingsState>()((set) => {
    const apply = (settings: Settings): Settings => {
      revision += 1;
      set({ settings, loadError: null });
      return settings;
    };
    return {
      settings: null,
      loadError: null,
      async load() {
        const started = revision;
        try {
          const settings = await api.call('settings.get', {});
          if (revision === started) apply(settings);
        } catch (error) {
          if (revision === started) set({ loadError: toAppError(error) });
        }
      },
      async update(patch) {
        try {
          return apply(await api.call('settings.update', patch));
        } catch (error) {
          throw toAppError(error);
        }
      },
      async reset() {
        try {
          return apply(await api.call('settings.reset', {}));
        } catch (error) {
          throw toAppError(error);
        }
      },
      received: (settings) => void apply(settings),
    };
  });
}
