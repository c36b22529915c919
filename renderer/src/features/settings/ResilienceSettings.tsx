// Settings' "Reliability & budgets": fallback models, the longest answer, the generation cap, retries, breakers and
// budgets (the form's data is resilienceForm.ts). Renderer.
import type { ReactNode } from 'react';
import type { Settings } from '../../../../shared/contract/settings';
import { NumberField } from '../../components/NumberField';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useSettings } from '../../stores/StoresContext';
import { useSettingsForm } from './useSettingsForm';
import { RESILIENCE_TARGETS, resilienceDraft, resilienceKey, resiliencePatch, type ResilienceDraft } from './resilienceForm';

const RESILIENCE_FORM = { key: resilienceKey, draft: resilienceDraft, patch: resiliencePatch, targets: RESILIENCE_TARGETS };

export function ResilienceSettings(): ReactNode {
  const settings = useSettings((s) => s.settings);
  if (settings === null) return null;
  return (
    <Section title="Reliability & budgets" description="What happens when a model fails, how long and how many answers may run, and how much they may use." testId="settings-resilience">
      <ResilienceForm settings={settings} />
    </Section>
  );
}

function ResilienceForm({ settings }: { settings: Settings }): ReactNode {
  const form = useSettingsForm('resilience', settings, RESILIENCE_FORM);
  const { draft, errors } = form;
  const num = (field: keyof ResilienceDraft, label: string, hint: string, step: number | 'any' = 1): ReactNode => (
    <NumberField label={label} min={0} step={step} value={draft[field]} onChange={(value) => form.edit({ [field]: value })} error={errors[field]} hint={hint} testId={`settings-${field}`} />
  );
  return (
    <form className="settings-form" onSubmit={form.submit} noValidate>
      <fieldset className="settings-form__group">
        <legend>Failures</legend>
        <TextField
          label="Fallback models"
          value={draft.fallbackModels}
          onChange={(fallbackModels) => form.edit({ fallbackModels })}
          error={errors.fallbackModels}
          placeholder="ollama:llama3.2:3b, builtin:stories260K"
          hint="In order, when the chosen model fails before its first token or its breaker is open (chat only; Compare never falls back)."
          testId="settings-fallback-models"
        />
        <div className="settings-form__row">
          {num('retryAttempts', 'Attempts per answer', 'A refused connection, 5xx or early cut is retried with backoff, never after the first token.')}
          {num('breakerThreshold', 'Failures that open a breaker', `Within ${settings.breaker.windowSec} s, per engine and per model.`)}
          {num('breakerCooldownSec', 'Breaker cool-down (s)', 'Then one probe request decides.')}
        </div>
      </fieldset>
      <fieldset className="settings-form__group">
        <legend>Limits and budgets</legend>
        <div className="settings-form__row">
          {num('maxAnswerTokens', 'Longest answer (tokens)', 'Empty: the engine’s own limit.')}
          {num('maxConcurrent', 'Answers at once', 'Chat and Compare columns together; more wait.')}
        </div>
        <div className="settings-form__row">
          {num('dailyTokens', 'Tokens per day', 'Empty: no limit.')}
          {num('dailyCostUsd', 'Cloud-equivalent $ per day', 'At the reference price.', 'any')}
          {num('monthlyTokens', 'Tokens per month', 'Empty: no limit.')}
          {num('monthlyCostUsd', 'Cloud-equivalent $ per month', 'At the reference price.', 'any')}
        </div>
        <SelectField
          label="At a limit"
          value={draft.atLimit}
          options={[
            { value: 'warn', label: 'Warn only' },
            { value: 'block', label: 'Block new answers' },
          ]}
          onChange={(atLimit) => form.edit({ atLimit })}
          testId="settings-at-limit"
        />
      </fieldset>
    </form>
  );
}
