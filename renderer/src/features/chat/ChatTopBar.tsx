// The open conversation's settings: the collection it searches, the model, temperature and context length, and
// "Show prompt" for every answer, and the sources panel's fold. One compact line where it fits. Changes save at
// once. Renderer.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/SelectField';
import { Icon } from '../../components/Icon';
import { isPanelOpen } from '../../stores/layoutStore';
import { useAnswerView, useChat, useLayout, useLibrary, useModels, useSettings } from '../../stores/StoresContext';
import { modelOptions } from '../../lib/modelChoice';

export function ChatTopBar(): ReactNode {
  const conversation = useChat((s) => s.conversation);
  const update = useChat((s) => s.updateConversation);
  const updateError = useChat((s) => s.updateError);
  const showAllPrompts = useAnswerView((s) => s.showAllPrompts);
  const setShowAllPrompts = useAnswerView((s) => s.setShowAllPrompts);
  const collections = useLibrary((s) => s.collections);
  const installed = useModels((s) => s.installed);
  const defaultChatModel = useSettings((s) => s.settings?.defaultChatModel ?? null);
  const sourcesOpen = useLayout((s) => isPanelOpen(s, 'sources'));
  const toggleLayout = useLayout((s) => s.toggle);
  const autoTiers = useSettings((s) => s.settings?.autoRouting.tiers.length ?? 0);
  const [paramsOpen, setParamsOpen] = useState(false);
  const paramsId = useId();

  const collectionId = conversation?.collectionId ?? '';
  const collectionOptions = (collections ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.documentCount})` }));
  if (collectionId && !collectionOptions.some((o) => o.value === collectionId)) collectionOptions.push({ value: collectionId, label: collectionId });
  const models = modelOptions(installed, defaultChatModel, conversation?.model ?? null, autoTiers);
  const disabled = conversation === null;

  return (
    <div className="chat-bar">
      <div className="chat-bar__fields">
        <SelectField label="Collection" value={collectionId} options={collectionOptions} disabled={disabled} onChange={(id) => void update({ collectionId: id })} testId="collection-select-chat" />
        <SelectField label="Model" value={conversation?.model ?? ''} options={models} disabled={disabled} onChange={(model) => void update({ model: model || null })} testId="model-select" />
        <div className="field chat-bar__params">
          <span className="field__label" id={`${paramsId}-label`}>
            Parameters
          </span>
          <button
            type="button"
            className="chat-bar__params-button"
            disabled={disabled}
            aria-expanded={paramsOpen}
            aria-controls={paramsId}
            aria-describedby={`${paramsId}-label`}
            onClick={() => setParamsOpen((open) => !open)}
            data-testid="chat-params-toggle"
          >
            temperature {conversation ? (conversation.temperature ?? 'collection') : '–'} · context {conversation?.contextLength ?? 'auto'}
          </button>
          {paramsOpen && conversation ? (
            <ParamsPopover
              id={paramsId}
              key={conversation.id}
              temperature={conversation.temperature}
              contextLength={conversation.contextLength}
              onApply={(patch) => {
                setParamsOpen(false);
                void update(patch);
              }}
              onCancel={() => setParamsOpen(false)}
            />
          ) : null}
        </div>
        <div className="chat-bar__end">
          <label className="chat-bar__toggle">
            <input type="checkbox" checked={showAllPrompts} onChange={(event) => setShowAllPrompts(event.target.checked)} data-testid="show-prompts-toggle" />
            Show prompts
          </label>
          <Button variant="ghost" aria-pressed={sourcesOpen} title={sourcesOpen ? 'Fold the sources panel' : 'Keep the sources panel open'} onClick={() => toggleLayout('sources')} data-testid="sources-toggle">
            <Icon name="panelRight" />
            Sources
          </Button>
        </div>
      </div>
      {updateError ? (
        <p className="chat__error" role="alert" data-testid="chat-settings-error">
          Could not save that change: {updateError.message}
        </p>
      ) : null}
    </div>
  );
}

interface ParamsPopoverProps {
  id: string;
  temperature: number | null;
  contextLength: number | null;
  onApply(patch: { temperature: number | null; contextLength: number | null }): void;
  onCancel(): void;
}

/** Temperature (0–2, or empty for the collection's) and context length (512 tokens up, or empty for the model's own), checked before saving. */
function ParamsPopover({ id, temperature, contextLength, onApply, onCancel }: ParamsPopoverProps): ReactNode {
  const [values, setValues] = useState({ temperature: temperature === null ? '' : String(temperature), contextLength: contextLength === null ? '' : String(contextLength) });
  const t = values.temperature.trim() === '' ? null : Number(values.temperature);
  const tError = t !== null && (!Number.isFinite(t) || t < 0 || t > 2) ? 'Between 0 and 2' : null;
  const c = values.contextLength.trim() === '' ? null : Number(values.contextLength);
  const cError = c !== null && (!Number.isInteger(c) || c < 512 || c > 1_048_576) ? 'Whole tokens, 512 to 1,048,576' : null;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!tError && !cError) onApply({ temperature: t, contextLength: c });
  };

  return (
    <form id={id} className="chat-params" onSubmit={submit} onKeyDown={(event) => event.key === 'Escape' && onCancel()} data-testid="chat-params">
      <ParamField
        label="Temperature"
        value={values.temperature}
        step="0.1"
        min="0"
        max="2"
        placeholder="Collection's"
        error={tError}
        hint="Lower is more focused; higher, more varied. Empty: the collection's (workspace settings)."
        testId="chat-temperature"
        onChange={(temperature) => setValues({ ...values, temperature })}
      />
      <ParamField
        label="Context length (tokens)"
        value={values.contextLength}
        step="512"
        min="512"
        placeholder="Model default"
        error={cError}
        hint="Empty: the model’s own window (at most 8,192)."
        testId="chat-context-length"
        onChange={(contextLength) => setValues({ ...values, contextLength })}
      />
      <div className="chat-params__actions">
        <Button type="submit" variant="primary" disabled={Boolean(tError || cError)} data-testid="chat-params-apply">
          Apply
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

interface ParamFieldProps {
  label: string;
  value: string;
  step: string;
  min: string;
  max?: string;
  placeholder?: string;
  error: string | null;
  hint: string;
  testId: string;
  onChange(value: string): void;
}

/** One number in the popover: the line under it is its error while the value is out of range, else its hint. */
function ParamField({ label, value, step, min, max, placeholder, error, hint, testId, onChange }: ParamFieldProps): ReactNode {
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        className="field__input"
        type="number"
        step={step}
        min={min}
        max={max}
        placeholder={placeholder}
        value={value}
        aria-invalid={error ? true : undefined}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value)}
      />
      <span className={error ? 'field__error' : 'field__hint'}>{error ?? hint}</span>
    </label>
  );
}
