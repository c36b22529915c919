// Settings' "Answer trust": what happens to a retrieved passage that tries to instruct the model, and whether the
// answering model double-checks the sentences the grounding check doubts. Applied on change. Renderer.
import { useState, type ReactNode } from 'react';
import type { PassageGuard } from '../../../../shared/contract/trust';
import { Section } from '../../components/Section';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { toAppError } from '../../lib/errors';
import { useSettings } from '../../stores/StoresContext';

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
  const update = useSettings((s) => s.update);
  const [error, setError] = useState<string | null>(null);
  if (settings === null) return null;
  const save = (patch: Parameters<typeof update>[0]): void => {
    setError(null);
    update(patch).catch((e: unknown) => setError(toAppError(e).message));
  };
  return (
    <Section
      title="Answer trust"
      description="Loci checks each sentence of an answer against the passages it cites and underlines what they do not support. Passages that try to instruct the model are flagged in the sources."
      testId="settings-trust"
    >
      <div className="settings-form__row">
        <SelectField label="A passage that tries to instruct the model" value={settings.passageGuard} options={GUARD_OPTIONS} onChange={(passageGuard) => save({ passageGuard })} error={error} testId="settings-passage-guard" />
        <SelectField label="Verify with model" value={settings.groundingVerifyWithModel ? 'on' : 'off'} options={VERIFY_OPTIONS} onChange={(v) => save({ groundingVerifyWithModel: v === 'on' })} testId="settings-verify-with-model" />
      </div>
    </Section>
  );
}
