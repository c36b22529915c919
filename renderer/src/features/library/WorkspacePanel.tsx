// The selected collection's workspace settings: system prompt, default model, temperature, top k and prompt
// template, each empty for the global setting, with what answers use now. Renderer.
import { useEffect, useState, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useCompare, useModels, useSettings, useWorkspace } from '../../stores/StoresContext';
import { modelOptions } from '../../lib/modelChoice';
import type { SettingSource, Workspace } from '../../../../shared/contract/workspaces';
import { workspaceDraft, workspacePatch, workspaceTemplateOptions, type WorkspaceDraft } from './workspaceForm';

export function WorkspacePanel(): ReactNode {
  const workspace = useWorkspace((s) => s.workspace);
  // kept here, so a save (which remounts the form) leaves the panel open and says so
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState(false);
  // a new workspace from the host (another collection, a save) starts a fresh draft
  return workspace ? <WorkspaceForm key={`${workspace.collectionId}:${JSON.stringify(workspace.settings)}`} workspace={workspace} open={open} setOpen={setOpen} saved={saved} setSaved={setSaved} /> : null;
}

interface WorkspaceFormProps {
  workspace: Workspace;
  open: boolean;
  setOpen(open: boolean): void;
  saved: boolean;
  setSaved(saved: boolean): void;
}

function WorkspaceForm({ workspace, open, setOpen, saved, setSaved }: WorkspaceFormProps): ReactNode {
  const error = useWorkspace((s) => s.error);
  const saving = useWorkspace((s) => s.saving);
  const save = useWorkspace((s) => s.save);
  const templates = useCompare((s) => s.templates);
  const loadCompare = useCompare((s) => s.load);
  const installed = useModels((s) => s.installed);
  const settings = useSettings((s) => s.settings);
  const [draft, setDraft] = useState<WorkspaceDraft>(() => workspaceDraft(workspace.settings));

  // the template list lives in the compare store; ask once when the panel opens
  useEffect(() => {
    if (open && templates === null) void loadCompare();
  }, [open, templates, loadCompare]);
  const { patch, errors } = workspacePatch(draft);
  const edit = (change: Partial<WorkspaceDraft>): void => {
    setSaved(false);
    setDraft({ ...draft, ...change });
  };
  const effective = workspace.effective;
  const from = (source: SettingSource): string => (source === 'collection' ? 'this collection' : 'Settings');

  return (
    <section className="card workspace-panel" data-testid="workspace-panel" aria-label="Workspace settings">
      <button type="button" className="workspace-panel__toggle" aria-expanded={open} onClick={() => setOpen(!open)} data-testid="workspace-toggle">
        Workspace settings · template {effective.promptTemplate} · temperature {effective.temperature} · top {effective.topK}
      </button>
      {open ? (
        <form
          className="workspace-panel__form"
          onSubmit={(event) => {
            event.preventDefault();
            if (Object.keys(errors).length === 0) void save(patch).then(setSaved);
          }}
        >
          <p className="workspace-panel__hint">Chat and Compare over this collection use these. An empty field uses the global setting (Settings).</p>
          <label className="field">
            <span className="field__label">System prompt</span>
            <textarea
              className="field__input workspace-panel__textarea"
              value={draft.systemPrompt}
              rows={4}
              maxLength={4000}
              placeholder="Extra instructions for every answer over this collection, e.g. “Answer in French.”"
              onChange={(event) => edit({ systemPrompt: event.target.value })}
              data-testid="workspace-system-prompt"
            />
            {errors.systemPrompt ? <span className="field__error">{errors.systemPrompt}</span> : null}
          </label>
          <SelectField label="Default model" value={draft.model} options={modelOptions(installed, settings?.defaultChatModel ?? null, draft.model || null)} onChange={(model) => edit({ model })} testId="workspace-model" />
          <TextField label="Temperature" value={draft.temperature} placeholder={String(settings?.defaultTemperature ?? '')} error={errors.temperature ?? null} onChange={(temperature) => edit({ temperature })} testId="workspace-temperature" />
          <TextField label="Passages per question (top k)" value={draft.topK} placeholder={String(settings?.retrievalTopK ?? '')} error={errors.topK ?? null} onChange={(topK) => edit({ topK })} testId="workspace-topk" />
          <SelectField
            label="Prompt template"
            value={draft.promptTemplate}
            options={workspaceTemplateOptions(templates, settings?.promptTemplate ?? '', draft.promptTemplate)}
            onChange={(promptTemplate) => edit({ promptTemplate })}
            testId="workspace-template"
          />
          {effective.promptTemplateProblem ? (
            <p className="field__error" role="alert">
              {effective.promptTemplateProblem}
            </p>
          ) : null}
          <p className="workspace-panel__effective" data-testid="workspace-effective">
            Answers use template {effective.promptTemplate} ({from(effective.sources.promptTemplate)}), temperature {effective.temperature} ({from(effective.sources.temperature)}), top {effective.topK} ({from(effective.sources.topK)}), model{' '}
            {effective.model ?? 'the first available'} ({from(effective.sources.model)}){effective.systemPrompt ? ', with this collection’s system prompt' : ''}.
          </p>
          <div className="workspace-panel__actions">
            <Button type="submit" variant="primary" busy={saving} disabled={Object.keys(errors).length > 0} data-testid="workspace-save">
              Save workspace settings
            </Button>
            {saved ? <span data-testid="workspace-saved">Saved</span> : null}
          </div>
          {error ? (
            <p className="field__error" role="alert" data-testid="workspace-error">
              {error.message}
            </p>
          ) : null}
        </form>
      ) : null}
    </section>
  );
}
