// Settings' "Answer cache & Auto": the answer cache (on/off, similarity threshold, size) and the tiers the Auto model
// routes questions to. Renderer.
import { useEffect, type ReactNode } from 'react';
import type { Settings } from '../../../../shared/contract/settings';
import { Button } from '../../components/Button';
import { NumberField } from '../../components/NumberField';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useModels, useSettings } from '../../stores/StoresContext';
import { usableModels } from '../../lib/modelChoice';
import { modelLabel } from '../../../../shared/contract/models';
import { cacheRoutingDraft, cacheRoutingKey, cacheRoutingPatch, cacheRoutingTarget, nextTier, type TierDraft } from './cacheRoutingForm';
import { useSettingsForm } from './useSettingsForm';
import './settingsForms.css';

const CACHE_ROUTING_FORM = { key: cacheRoutingKey, draft: cacheRoutingDraft, patch: cacheRoutingPatch, targets: cacheRoutingTarget };

export function CacheRoutingSettings(): ReactNode {
  const settings = useSettings((s) => s.settings);
  if (settings === null) return null;
  return (
    <Section title="Answer cache & Auto" description="Answer a question asked before at once, and let Auto pick a model by how hard a question looks." testId="settings-cache-routing">
      <CacheRoutingForm settings={settings} />
    </Section>
  );
}

const MAX_TIERS = 4;

function CacheRoutingForm({ settings }: { settings: Settings }): ReactNode {
  const form = useSettingsForm('cacheRouting', settings, CACHE_ROUTING_FORM);
  const installed = useModels((s) => s.installed);
  const modelsError = useModels((s) => s.error);
  const refreshModels = useModels((s) => s.refresh);
  const needModels = installed === null && modelsError === null;
  useEffect(() => {
    if (needModels) void refreshModels();
  }, [needModels, refreshModels]);
  const { draft, errors } = form;
  const setTier = (i: number, patch: Partial<TierDraft>): void => form.edit({ tiers: draft.tiers.map((t, j) => (j === i ? { ...t, ...patch } : t)) });
  const models = usableModels(installed).map((m) => ({ value: m.key, label: modelLabel(m) }));

  return (
    <form className="settings-form" onSubmit={form.submit} noValidate>
      <fieldset className="settings-form__group">
        <legend>Answer cache</legend>
        <label className="settings-form__check">
          <input type="checkbox" checked={draft.cacheEnabled} onChange={(event) => form.edit({ cacheEnabled: event.target.checked })} data-testid="settings-cache-enabled" />
          Answer a first question asked before from the cache, when the collection, model, prompt and search settings are unchanged (the answer is marked
          “Cached”, with “Answer fresh”)
        </label>
        <div className="settings-form__row">
          <NumberField
            label="Similar questions match from"
            unit="%"
            min={90}
            max={100}
            step={0.1}
            value={draft.similarityPercent}
            onChange={(similarityPercent) => form.edit({ similarityPercent })}
            error={errors.similarityPercent}
            hint="Cosine similarity of the two questions’ embeddings; 100 matches only the same question (case, spacing and punctuation aside)."
            disabled={!draft.cacheEnabled}
            testId="settings-cache-similarity"
          />
          <NumberField
            label="Answers kept"
            min={10}
            max={10_000}
            step={1}
            value={draft.maxEntries}
            onChange={(maxEntries) => form.edit({ maxEntries })}
            error={errors.maxEntries}
            hint="The least recently used go first."
            disabled={!draft.cacheEnabled}
            testId="settings-cache-size"
          />
        </div>
      </fieldset>
      <fieldset className="settings-form__group">
        <legend>Auto tiers</legend>
        <p className="settings-form__hint">
          A question scores points for length, several parts, comparison and reasoning words, and a large retrieved context. It goes to the highest tier whose
          score it reaches. With tiers set, pick “Auto” as a conversation’s model.
        </p>
        {draft.tiers.map((tier, i) => (
          <div className="settings-form__row" key={i} data-testid="settings-tier">
            <TextField label="Tier" value={tier.name} onChange={(name) => setTier(i, { name })} error={errors[`tier${i}.name`]} testId={`settings-tier-name-${i}`} />
            <SelectField
              label="Model"
              value={tier.model}
              options={[{ value: '', label: 'Choose a model' }, ...models, ...(tier.model && !models.some((m) => m.value === tier.model) ? [{ value: tier.model, label: `${modelLabel(tier.model)} (not available)` }] : [])]}
              onChange={(model) => setTier(i, { model })}
              error={errors[`tier${i}.model`]}
              testId={`settings-tier-model-${i}`}
            />
            <NumberField label="From score" min={0} max={20} step={1} value={tier.fromScore} onChange={(fromScore) => setTier(i, { fromScore })} error={errors[`tier${i}.fromScore`]} testId={`settings-tier-score-${i}`} />
            <Button variant="ghost" onClick={() => form.edit({ tiers: draft.tiers.filter((_, j) => j !== i) })} data-testid={`settings-tier-remove-${i}`}>
              Remove
            </Button>
          </div>
        ))}
        {draft.tiers.length < MAX_TIERS ? (
          <Button onClick={() => form.edit({ tiers: [...draft.tiers, nextTier(draft.tiers)] })} data-testid="settings-tier-add">
            Add a tier
          </Button>
        ) : null}
      </fieldset>
    </form>
  );
}
