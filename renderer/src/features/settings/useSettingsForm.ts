// One Settings section's form over the shared draft store: its draft (the saved settings until the user edits),
// its fields' errors, and Enter saving everything through the one save bar. Renderer.
import type { FormEvent } from 'react';
import type { Settings } from '../../../../shared/contract/settings';
import { useSettingsDraft } from '../../stores/StoresContext';
import type { FieldErrors, SettingsFormSpec } from './settingsFormKit';

export type { SettingsFormSpec } from './settingsFormKit';

export interface SettingsForm<D, F extends string> {
  readonly draft: D;
  readonly dirty: boolean;
  readonly errors: FieldErrors<F>;
  edit(patch: Partial<D>): void;
  /** A form's onSubmit (Enter in a field): saves every section's edits, like the save bar. */
  submit(event: FormEvent): void;
}

const NO_ERRORS: FieldErrors<never> = {};

/**
 * Needs loaded settings: render the form only once `settings` is not null. `id` names the section in the draft
 * store; `spec` should be a module-level constant (it is kept with the draft).
 */
export function useSettingsForm<D extends object, F extends string>(id: string, settings: Settings, spec: SettingsFormSpec<D, F>): SettingsForm<D, F> {
  const entry = useSettingsDraft((s) => s.entries[id]);
  const editDraft = useSettingsDraft((s) => s.edit);
  const save = useSettingsDraft((s) => s.save);
  return {
    // the draft store keeps the draft as the spec made it
    draft: (entry?.draft as D | undefined) ?? spec.draft(settings),
    dirty: entry !== undefined,
    errors: (entry?.errors ?? NO_ERRORS),
    edit: (patch) => editDraft(id, spec, patch),
    submit: (event) => {
      event.preventDefault();
      void save();
    },
  };
}
