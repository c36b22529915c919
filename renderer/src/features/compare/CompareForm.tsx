// The comparison form: collection, question, 2-4 variants (model + prompt version), run mode, Run and Stop. Renderer.
import { useId, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunMode } from '../../../../shared/contract/compare';
import { DEFAULT_SETTINGS } from '../../../../shared/contract/settings';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { MAX_VARIANTS, MIN_VARIANTS, resolveVariants, templateKey } from '../../stores/compareStore';
import { useCompare, useLibrary, useModels, useSettings } from '../../stores/StoresContext';
import { columnLetter, MODE_LABELS, templateLabel } from './compareFormat';
import { modelLabel } from '../../../../shared/contract/models';
import { usableModels } from '../../lib/modelChoice';

const MODE_OPTIONS: readonly SelectOption<RunMode>[] = [
  { value: 'sequential', label: MODE_LABELS.sequential },
  { value: 'parallel', label: MODE_LABELS.parallel },
];

export function CompareForm(): ReactNode {
  const form = useCompare((s) => s.form);
  const formError = useCompare((s) => s.formError);
  const run = useCompare((s) => s.run);
  const templates = useCompare((s) => s.templates);
  const actions = useCompare(
    useShallow((s) => ({
      setCollection: s.setCollection,
      setQuestion: s.setQuestion,
      setMode: s.setMode,
      setBlind: s.setBlind,
      setVariant: s.setVariant,
      addVariant: s.addVariant,
      removeVariant: s.removeVariant,
      runComparison: s.runComparison,
      stop: s.stop,
    })),
  );
  const collections = useLibrary((s) => s.collections);
  const selectedCollectionId = useLibrary((s) => s.selectedCollectionId);
  const installed = useModels((s) => s.installed);
  const defaultTemplate = useSettings((s) => s.settings?.promptTemplate ?? DEFAULT_SETTINGS.promptTemplate);
  const questionId = useId();
  const questionErrorId = `${questionId}-error`;

  // every engine's usable models, by key: a built-in model and an Ollama model can be compared side by side
  const installedNames = usableModels(installed).map((m) => m.key);
  const variants = resolveVariants(form.variants, installedNames, templates, defaultTemplate);
  const collectionId = form.collectionId ?? selectedCollectionId ?? collections?.[0]?.id ?? '';
  const collectionOptions: SelectOption<string>[] = (collections ?? []).map((c) => ({
    value: c.id,
    label: `${c.name} (${c.documentCount} ${c.documentCount === 1 ? 'document' : 'documents'})`,
  }));
  if (collectionOptions.length === 0) collectionOptions.push({ value: collectionId, label: collections === null ? 'Loading…' : 'No collections' });
  const templateOptions: SelectOption<string>[] = (templates ?? []).map((t) => ({ value: templateKey(t), label: `${t.name} v${t.version}` }));
  const running = run !== null;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!running) void actions.runComparison();
  };
  const onQuestionKey = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) submit(event);
  };

  return (
    <form className="card compare-form" onSubmit={submit} noValidate aria-label="New comparison">
      <div className="compare-form__top">
        <SelectField
          label="Collection"
          value={collectionId}
          options={collectionOptions}
          onChange={actions.setCollection}
          disabled={running}
          error={formError?.field === 'collection' ? formError.message : null}
          testId="compare-collection"
        />
        <SelectField label="Run mode" value={form.mode} options={MODE_OPTIONS} onChange={actions.setMode} disabled={running} testId="compare-mode" />
        <label className="compare-form__blind" title="The columns are shuffled and the model names stay hidden until you vote">
          <input type="checkbox" checked={form.blind} disabled={running} onChange={(event) => actions.setBlind(event.target.checked)} data-testid="compare-blind" />
          Blind (hide the models until I vote)
        </label>
      </div>

      <div className="field">
        <label className="field__label" htmlFor={questionId}>
          Question
        </label>
        <textarea
          id={questionId}
          className="compare-form__question"
          rows={2}
          value={form.question}
          placeholder="Ask one question; every variant answers it from the same passages."
          onChange={(event) => actions.setQuestion(event.target.value)}
          onKeyDown={onQuestionKey}
          aria-invalid={formError?.field === 'question' ? true : undefined}
          aria-describedby={formError?.field === 'question' ? questionErrorId : undefined}
          data-testid="compare-question"
        />
        {formError?.field === 'question' ? (
          <p id={questionErrorId} className="field__error" role="alert">
            {formError.message}
          </p>
        ) : null}
      </div>

      <fieldset className="compare-variants" disabled={running}>
        <legend className="field__label">Variants</legend>
        <ol className="compare-variants__list">
          {variants.map((variant, index) => {
            const modelOptions: SelectOption<string>[] = installedNames.map((key) => ({ value: key, label: modelLabel(key) }));
            if (variant.model && !installedNames.includes(variant.model)) modelOptions.push({ value: variant.model, label: installed ? `${modelLabel(variant.model)} (not available)` : modelLabel(variant.model) });
            if (modelOptions.length === 0) modelOptions.push({ value: '', label: installed === null ? 'Loading models…' : 'No models installed' });
            const promptOptions = [...templateOptions];
            if (!promptOptions.some((o) => o.value === variant.promptTemplate)) promptOptions.push({ value: variant.promptTemplate, label: templateLabel(variant.promptTemplate, templates) });
            return (
              <li key={index} className="compare-variant" data-testid="variant" data-index={index}>
                <div className="compare-variant__head">
                  <span className="compare-variant__letter" aria-hidden="true">
                    {columnLetter(index)}
                  </span>
                  <span className="compare-variant__title">Variant {columnLetter(index)}</span>
                  <Button
                    variant="ghost"
                    className="compare-variant__remove"
                    disabled={variants.length <= MIN_VARIANTS}
                    onClick={() => actions.removeVariant(index)}
                    aria-label={`Remove variant ${columnLetter(index)}`}
                    data-testid="remove-variant"
                  >
                    <Icon name="close" size={14} />
                  </Button>
                </div>
                <SelectField label="Model" value={variant.model} options={modelOptions} onChange={(model) => actions.setVariant(index, { model })} testId="variant-model" />
                <SelectField
                  label="Prompt version"
                  value={variant.promptTemplate}
                  options={promptOptions}
                  onChange={(promptTemplate) => actions.setVariant(index, { promptTemplate })}
                  testId="variant-prompt"
                />
              </li>
            );
          })}
        </ol>
        {formError?.field === 'variants' ? (
          <p className="field__error" role="alert">
            {formError.message}
          </p>
        ) : null}
        <div>
          <Button variant="ghost" disabled={variants.length >= MAX_VARIANTS} onClick={actions.addVariant} data-testid="add-variant">
            <Icon name="plus" size={14} />
            Add variant
          </Button>
        </div>
      </fieldset>

      <div className="compare-form__actions">
        <Button type="submit" variant="primary" busy={running} data-testid="compare-run">
          {running ? 'Comparing…' : 'Run comparison'}
        </Button>
        {running ? (
          <Button variant="danger" busy={run.stopping} onClick={actions.stop} data-testid="compare-stop">
            Stop
          </Button>
        ) : null}
        <span className="compare-form__hint">Ctrl+Enter in the question runs it too.</span>
      </div>
    </form>
  );
}
