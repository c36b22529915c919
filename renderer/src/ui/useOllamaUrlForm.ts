// The Ollama URL form's state (draft, saving, inline error) over the settings store; used by the unreachable
// panel and by Settings. Renderer.
import { useState, type FormEvent } from 'react';
import { fieldErrorMessage } from '../lib/errors';
import { useOllamaStatus, useSettings } from '../stores/StoresContext';

export interface OllamaUrlForm {
  /** What the input shows: the user's draft, else the saved URL. */
  readonly value: string;
  readonly error: string | null;
  readonly saving: boolean;
  /** True after a save succeeded, until the next edit. */
  readonly saved: boolean;
  setValue(value: string): void;
  /** A form's onSubmit: saves the URL through `settings.update`. */
  submit(event?: FormEvent): void;
  /** Drops the draft so the input follows the saved URL again. */
  discard(): void;
}

export function useOllamaUrlForm(): OllamaUrlForm {
  const savedUrl = useSettings((state) => state.settings?.ollamaUrl ?? null);
  const statusUrl = useOllamaStatus((status) => status.url);
  const update = useSettings((state) => state.update);
  // null while the user has not typed: the input then follows the saved URL, even when it changes elsewhere
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const value = draft ?? savedUrl ?? statusUrl;

  const save = async (): Promise<void> => {
    setSaving(true);
    setError(null);
    setSaved(false);
    try {
      await update({ ollamaUrl: value.trim() });
      setDraft(null);
      setSaved(true);
    } catch (failure) {
      setError(fieldErrorMessage(failure, 'ollamaUrl'));
    } finally {
      setSaving(false);
    }
  };

  return {
    value,
    error,
    saving,
    saved,
    setValue(next) {
      setDraft(next);
      setError(null);
      setSaved(false);
    },
    submit(event) {
      event?.preventDefault();
      if (!saving) void save();
    },
    discard() {
      setDraft(null);
      setError(null);
      setSaved(false);
    },
  };
}
