// Settings' "Models and answers": a folder of GGUF files for the built-in engine, when it unloads its model, its
// threads, and how long an answer may wait for its first token or between tokens. Renderer.
import type { ReactNode } from 'react';
import type { Settings } from '../../../../shared/contract/settings';
import { NumberField } from '../../components/NumberField';
import { Section } from '../../components/Section';
import { TextField } from '../../components/TextField';
import { useSettings } from '../../stores/StoresContext';
import { ENGINES_TARGETS, enginesDraft, enginesKey, enginesPatch } from './enginesForm';
import { useSettingsForm } from './useSettingsForm';
import './settingsForms.css';

const ENGINES_FORM = { key: enginesKey, draft: enginesDraft, patch: enginesPatch, targets: ENGINES_TARGETS };

export function EnginesSettings(): ReactNode {
  const settings = useSettings((s) => s.settings);
  if (settings === null) return null;
  return (
    <Section
      title="Models and answers"
      description="The built-in engine runs GGUF files with llama.cpp, without Ollama. An answer that stalls ends with a clear message and Retry."
      testId="settings-engines"
    >
      <EnginesForm settings={settings} />
    </Section>
  );
}

function EnginesForm({ settings }: { settings: Settings }): ReactNode {
  const form = useSettingsForm('engines', settings, ENGINES_FORM);
  const { draft, errors } = form;
  return (
    <form className="settings-form" onSubmit={form.submit} noValidate>
      <TextField
        label="Models folder"
        value={draft.modelsDir}
        onChange={(modelsDir) => form.edit({ modelsDir })}
        error={errors.modelsDir}
        hint="Optional: a folder on the host whose .gguf files the built-in engine lists, besides the files added in Models."
        testId="settings-builtin-models-dir"
      />
      <div className="settings-form__row">
        <NumberField
          label="Unload after"
          unit="idle minutes"
          min={0.1}
          max={1440}
          value={draft.idleMinutes}
          onChange={(idleMinutes) => form.edit({ idleMinutes })}
          error={errors.idleMinutes}
          hint="The built-in engine keeps one model loaded, and frees its memory after this long without answers."
          testId="settings-builtin-idle"
        />
        <NumberField
          label="Threads"
          min={1}
          max={256}
          step={1}
          value={draft.threads}
          onChange={(threads) => form.edit({ threads })}
          error={errors.threads}
          hint="CPU threads for the built-in engine; empty uses half the cores."
          testId="settings-builtin-threads"
        />
      </div>
      <div className="settings-form__row">
        <NumberField
          label="First token within"
          unit="s"
          min={1}
          max={3600}
          value={draft.firstTokenSec}
          onChange={(firstTokenSec) => form.edit({ firstTokenSec })}
          error={errors.firstTokenSec}
          hint="Includes loading the model; big models on slow disks need longer."
          testId="settings-first-token-timeout"
        />
        <NumberField
          label="Longest pause between tokens"
          unit="s"
          min={1}
          max={3600}
          value={draft.stallSec}
          onChange={(stallSec) => form.edit({ stallSec })}
          error={errors.stallSec}
          hint="An answer that stops producing tokens this long ends, keeping what arrived."
          testId="settings-stall-timeout"
        />
      </div>
    </form>
  );
}
