// Settings' "Answer trust": what happens to a retrieved passage that tries to instruct the model, and whether the
// answering model double-checks the sentences the grounding check doubts. Saved with the save bar. Renderer.
import type { ReactNode } from 'react';
import type { Settings } from '../../../../shared/contract/settings';
import type { PassageGuard } from '../../../../shared/contract/trust';
import { Section } from '../../components/Section';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { useSettings } from '../../stores/StoresContext';
import { TRUST_FORM } from './generalForms';
import { useSettingsForm } from './useSettingsForm';

const GUARD_OPTIONS: readonly SelectOption<PassageGuard>[] = [
  { value: 'flag-and-exclude', label: 'Flag it and keep it out of the answer (recommended)' },
  { value: 'flag', label: 'Flag it, but still give it to the model' },
];
const VERIFY_OPTIONS: readonly SelectOption<'off' | 'on'>[] = [
  { value: 'off', label: 'Off: local check only (fast)' },
  { value: 'on', label: 'On: the model double-checks doubtful sentences (slower)' },
];

export function TrustSettings(): ReactNode {
  const settings = useSettings((s) => s.settings);
  if (settings === null) return null;
  return (
    <Section
      title="Answer trust"
      description="Loci checks each sentence of an answer against the passages it cites and underlines what they do not support. Passages that try to instruct the model are flagged in the sources."
      testId="settings-trust"
    >
      <TrustForm settings={settings} />
    </Section>
  );
}

function TrustForm({ settings }: { settings: Settings }): ReactNode {
  const form = useSettingsForm('trust', settings, TRUST_FORM);
  return (
    <div className="settings-form__row">
      <SelectField label="A passage that tries to instruct the model" value={form.draft.passageGuard} options={GUARD_OPTIONS} onChange={(passageGuard) => form.edit({ passageGuard })} error={form.errors.passageGuard} testId="settings-passage-guard" />
      <SelectField label="Verify with model" value={form.draft.verify} options={VERIFY_OPTIONS} onChange={(verify) => form.edit({ verify })} error={form.errors.verify} testId="settings-verify-with-model" />
    </div>
  );
}
