// Settings' "Search & answers": how passages are found for a question (keywords against meaning, how many, which
// ones count) and how new conversations answer (prompt template, temperature, model). Renderer.
import { useEffect, type ReactNode } from 'react';
import type { Settings } from '../../../../shared/contract/settings';
import { FieldFrame } from '../../components/FieldFrame';
import { NumberField } from '../../components/NumberField';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { useCalibration, useCompare, useLibrary, useModels, useSettings } from '../../stores/StoresContext';
import { SEARCH_TARGETS, balanceText, calibrationText, modelOptions, searchDraft, searchKey, searchPatch, templateOptions } from './searchForm';
import { useSettingsForm } from './useSettingsForm';
import './settingsForms.css';

const SEARCH_FORM = { key: searchKey, draft: searchDraft, patch: searchPatch, targets: SEARCH_TARGETS };

export function SearchSettings(): ReactNode {
  const settings = useSettings((s) => s.settings);
  if (settings === null) return null;
  return (
    <Section title="Search & answers" description="How Loci finds passages for a question, and how new conversations answer from them." testId="settings-search">
      <SearchForm settings={settings} />
    </Section>
  );
}

function SearchForm({ settings }: { settings: Settings }): ReactNode {
  const form = useSettingsForm('search', settings, SEARCH_FORM);
  const templates = useCompare((s) => s.templates);
  const templatesError = useCompare((s) => s.templatesError);
  const loadTemplates = useCompare((s) => s.load);
  const installed = useModels((s) => s.installed);
  const modelsError = useModels((s) => s.error);
  const refreshModels = useModels((s) => s.refresh);
  const { draft, errors } = form;

  // The templates live in the compare store and the installed models in the models store; ask once if not yet loaded.
  const needTemplates = templates === null && templatesError === null;
  const needModels = installed === null && modelsError === null;
  useEffect(() => {
    if (needTemplates) void loadTemplates();
  }, [needTemplates, loadTemplates]);
  useEffect(() => {
    if (needModels) void refreshModels();
  }, [needModels, refreshModels]);

  const template = templates?.find((t) => `${t.id}@${t.version}` === draft.promptTemplate) ?? null;

  return (
    <form className="settings-form" onSubmit={form.submit} noValidate>
      <fieldset className="settings-form__group">
        <legend>Finding passages</legend>
        <label className="settings-form__check">
          <input
            type="checkbox"
            checked={draft.fusion === 'auto'}
            onChange={(event) => form.edit({ fusion: event.target.checked ? 'auto' : 'convex' })}
            data-testid="settings-fusion-auto"
          />
          Measure the balance on each collection (recommended): after an import, Loci tries keywords, meaning and mixes on
          passages of the collection and keeps what finds them best
        </label>
        {draft.fusion === 'auto' ? <CalibrationLine /> : null}
        {draft.fusion !== 'auto' ? <BalanceSlider value={draft.meaningPercent} onChange={(meaningPercent) => form.edit({ meaningPercent })} error={errors.meaningPercent} /> : null}
        <div className="settings-form__row">
          <NumberField
            label="Passages per answer"
            min={1}
            max={50}
            step={1}
            value={draft.topK}
            onChange={(topK) => form.edit({ topK })}
            error={errors.topK}
            hint="1 to 50, given to the model with each question."
            testId="settings-top-k"
          />
          <NumberField
            label="Score floor"
            min={0}
            max={1}
            step={0.01}
            value={draft.scoreFloor}
            onChange={(scoreFloor) => form.edit({ scoreFloor })}
            error={errors.scoreFloor}
            hint="Optional, 0 to 1: passages ranked below it are dropped. Empty keeps them all."
            testId="settings-score-floor"
          />
        </div>
        <label className="settings-form__check">
          <input type="checkbox" checked={draft.diversity} onChange={(event) => form.edit({ diversity: event.target.checked })} data-testid="settings-diversity" />
          Leave out near-duplicate passages (tables of contents, repeated headers) so that other passages get their place
        </label>
      </fieldset>

      <fieldset className="settings-form__group">
        <legend>Answers</legend>
        <div className="settings-form__select">
          <SelectField
            label="Prompt template"
            value={draft.promptTemplate}
            options={templateOptions(templates, draft.promptTemplate)}
            onChange={(promptTemplate) => form.edit({ promptTemplate })}
            error={errors.promptTemplate}
            testId="settings-prompt-template"
          />
          {template ? <p className="settings-form__hint">{template.description}</p> : null}
          {templatesError ? <p className="settings-form__hint">Could not list the templates: {templatesError.message}</p> : null}
        </div>
        <div className="settings-form__row">
          <NumberField
            label="Temperature"
            min={0}
            max={2}
            step={0.1}
            value={draft.temperature}
            onChange={(temperature) => form.edit({ temperature })}
            error={errors.temperature}
            hint="0 to 2 for new conversations: lower sticks closer to the passages."
            testId="settings-temperature"
          />
          <div className="settings-form__select">
            <SelectField
              label="Default chat model"
              value={draft.defaultModel}
              options={modelOptions(installed, draft.defaultModel)}
              onChange={(defaultModel) => form.edit({ defaultModel })}
              error={errors.defaultModel}
              testId="settings-default-model"
            />
            <p className="settings-form__hint">
              {modelsError ? `Installed models are unknown: ${modelsError.message}` : 'For new conversations; each conversation can pick its own.'}
            </p>
          </div>
        </div>
      </fieldset>
    </form>
  );
}

function BalanceSlider({ value, onChange, error }: { value: string; onChange(value: string): void; error: string | undefined }): ReactNode {
  const reading = balanceText(value);
  const numeric = Number(value);
  const position = Number.isFinite(numeric) ? String(Math.min(100, Math.max(0, numeric))) : '0';
  return (
    <FieldFrame
      label="Keywords ←→ Meaning"
      error={error}
      hint="Hybrid search ranks passages by matching words and by meaning; this is the share of meaning."
      className="balance"
      rowClassName="balance__row"
    >
      {(control) => (
        <>
          <span className="balance__end" aria-hidden="true">
            Keywords
          </span>
          <input
            {...control}
            className="balance__range"
            type="range"
            min={0}
            max={100}
            step={1}
            value={position}
            aria-valuetext={reading}
            onChange={(event) => onChange(event.target.value)}
            data-testid="settings-fusion-weight"
          />
          <span className="balance__end" aria-hidden="true">
            Meaning
          </span>
          <output htmlFor={control.id} className="balance__value" data-testid="settings-fusion-weight-value">
            {reading}
          </output>
        </>
      )}
    </FieldFrame>
  );
}

/** What calibration measured on the selected collection, with "Measure again". */
function CalibrationLine(): ReactNode {
  const collectionId = useLibrary((s) => s.selectedCollectionId);
  const calibration = useCalibration((s) => (collectionId ? s.results.get(collectionId) : undefined));
  const measuring = useCalibration((s) => (collectionId ? s.measuring.has(collectionId) : false));
  const error = useCalibration((s) => s.error);
  const load = useCalibration((s) => s.load);
  const measureAgain = useCalibration((s) => s.measureAgain);
  useEffect(() => {
    if (collectionId && calibration === undefined) void load(collectionId);
  }, [collectionId, calibration, load]);
  if (!collectionId) return null;
  return (
    <div className="settings-form__hint" data-testid="settings-calibration">
      <span data-testid="settings-calibration-text">
        {error ? `Could not read the measurement: ${error.message}` : calibration ? calibrationText(calibration) : calibration === null ? 'This collection has not been measured yet: hybrid search uses keywords only until it is.' : 'Reading the measurement…'}
      </span>{' '}
      <button type="button" disabled={measuring} onClick={() => void measureAgain(collectionId)} data-testid="settings-calibration-measure">
        {measuring ? 'Measuring…' : 'Measure again'}
      </button>
    </div>
  );
}
