// One Settings form's life: a draft made from the settings (following changes made elsewhere until the user edits),
// Save through `settings.update` with the host's issues shown by their fields, Discard, and "Saved". Renderer.
import { useState, type FormEvent } from 'react';
import type { Settings } from '../../../../shared/contract/settings';
import { useSettings } from '../../stores/StoresContext';
import { errorsFromFailure, noErrors, type FieldErrors, type FieldLookup, type PatchResult } from './settingsFormKit';

export interface SettingsFormSpec<D, F extends string> {
  /** Changes when the settings this form shows change. */
  key(settings: Settings): string;
  draft(settings: Settings): D;
  patch(draft: D): PatchResult<F>;
  /** Where the host's issues with the saved settings show. */
  targets: FieldLookup<F>;
  /** After a save, with the settings before it. */
  onSaved?(next: Settings, previous: Settings): void;
}

export interface SettingsForm<D, F extends string> {
  readonly draft: D;
  readonly dirty: boolean;
  readonly errors: FieldErrors<F>;
  /** Problems that belong to no field of this form. */
  readonly general: string | null;
  readonly saving: boolean;
  readonly saved: boolean;
  edit(patch: Partial<D>): void;
  discard(): void;
  submit(event: FormEvent): void;
}

interface FormState<D> {
  /** The settings the draft was made from. */
  readonly key: string;
  readonly draft: D;
  readonly dirty: boolean;
}

/** Needs loaded settings: render the form only once `settings` is not null. */
export function useSettingsForm<D extends object, F extends string>(settings: Settings, spec: SettingsFormSpec<D, F>): SettingsForm<D, F> {
  const update = useSettings((s) => s.update);
  const key = spec.key(settings);
  const [form, setForm] = useState<FormState<D>>(() => ({ key, draft: spec.draft(settings), dirty: false }));
  const [errors, setErrors] = useState<FieldErrors<F>>(noErrors<F>);
  const [general, setGeneral] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  // settings changed elsewhere (another form, window, Reset): follow them unless the user is editing
  if (form.key !== key && !form.dirty) setForm({ key, draft: spec.draft(settings), dirty: false });

  const edit = (patch: Partial<D>): void => {
    setForm((f) => ({ ...f, draft: { ...f.draft, ...patch }, dirty: true }));
    setSaved(false);
    // an edited field's error no longer describes it
    setErrors((current) => {
      const touched = Object.keys(patch).filter((field) => field in current);
      if (touched.length === 0) return current;
      const next: Partial<Record<F, string>> = { ...current };
      for (const field of touched) delete next[field as F];
      return next;
    });
  };

  const discard = (): void => {
    setForm({ key, draft: spec.draft(settings), dirty: false });
    setErrors(noErrors<F>());
    setGeneral(null);
    setSaved(false);
  };

  const save = async (): Promise<void> => {
    setSaved(false);
    const result = spec.patch(form.draft);
    if (result.patch === null) {
      setErrors(result.errors);
      setGeneral('Some values need fixing.');
      return;
    }
    setSaving(true);
    try {
      const next = await update(result.patch);
      setForm({ key: spec.key(next), draft: spec.draft(next), dirty: false });
      setErrors(noErrors<F>());
      setGeneral(null);
      setSaved(true);
      spec.onSaved?.(next, settings);
    } catch (failure) {
      const placed = errorsFromFailure(failure, spec.targets);
      setErrors(placed.fields);
      setGeneral(placed.general ?? 'Some values need fixing.');
    } finally {
      setSaving(false);
    }
  };

  return {
    draft: form.draft,
    dirty: form.dirty,
    errors,
    general,
    saving,
    saved,
    edit,
    discard,
    submit: (event) => {
      event.preventDefault();
      if (!saving) void save();
    },
  };
}
