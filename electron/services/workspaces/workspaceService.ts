// Workspaces: each collection's answer settings on disk (<dataDir>/workspaces, one JSON file per collection), and
// the settings an answer over a collection uses, resolved to one template version. Plain Node.
import { z } from 'zod';
import { AppError } from '../../../shared/contract/errors';
import type { Settings } from '../../../shared/contract/settings';
import { EMPTY_WORKSPACE_SETTINGS, WorkspaceSettingsSchema, type Workspace, type WorkspaceSettings } from '../../../shared/contract/workspaces';
import type { PromptTemplate } from '../answers/promptTemplates';
import { templateKey } from '../answers/promptTemplates';
import type { PromptCatalog } from '../prompts/promptCatalog';
import { openJsonFileStore } from '../dataFiles/jsonFileStore';
import { resolveAnswerSettings, type AnswerSettingsRefs, type ConversationOverrides } from './resolveAnswerSettings';

const FileSchema = z.object({ collectionId: z.string().min(1).max(100), settings: WorkspaceSettingsSchema });

/**
 * What one answer uses: read by chat and Compare, and by anything that must know what changes an answer (the
 * answer cache's key: `templateKey`, `systemPrompt`, `temperature`, `topK`, `model`).
 */
export interface AnswerSettings extends AnswerSettingsRefs {
  template: PromptTemplate;
  /** "id@version" of the template this answer uses. */
  templateKey: string;
}

export interface WorkspaceService {
  /** NOT_FOUND for a collection the library does not have. */
  get(collectionId: string): Promise<Workspace>;
  update(collectionId: string, patch: Partial<WorkspaceSettings>): Promise<Workspace>;
  /** The collection's own settings (all null when it has none); no check that the collection exists. */
  settingsOf(collectionId: string): WorkspaceSettings;
  /** The settings an answer over this collection uses now; the conversation's own model and temperature win. */
  answerSettings(collectionId: string, conversation?: ConversationOverrides): AnswerSettings;
  /** Forgets a deleted collection's settings. */
  remove(collectionId: string): void;
}

export interface WorkspaceServiceDeps {
  dir: string;
  templates: PromptCatalog;
  getSettings: () => Settings;
  hasCollection: (id: string) => Promise<boolean>;
}

export function createWorkspaceService(deps: WorkspaceServiceDeps): WorkspaceService {
  const store = openJsonFileStore(deps.dir, FileSchema, (f) => f.collectionId);
  const settingsOf = (collectionId: string): WorkspaceSettings => store.get(collectionId)?.settings ?? EMPTY_WORKSPACE_SETTINGS;
  const answerSettings = (collectionId: string, conversation?: ConversationOverrides): AnswerSettings => {
    const refs = resolveAnswerSettings(settingsOf(collectionId), deps.getSettings(), conversation);
    const template = deps.templates.get(refs.promptTemplateRef);
    return { ...refs, template, templateKey: templateKey(template) };
  };
  // a template deleted since it was chosen must not hide the settings that would fix it
  const workspaceOf = (collectionId: string): Workspace => {
    const a = resolveAnswerSettings(settingsOf(collectionId), deps.getSettings());
    let promptTemplate = a.promptTemplateRef;
    let promptTemplateProblem: string | null = null;
    try {
      promptTemplate = templateKey(deps.templates.get(a.promptTemplateRef));
    } catch (error) {
      promptTemplateProblem = error instanceof AppError ? error.message : 'This template cannot be used';
    }
    return {
      collectionId,
      settings: settingsOf(collectionId),
      effective: { systemPrompt: a.systemPrompt, model: a.model, temperature: a.temperature, topK: a.topK, promptTemplate, promptTemplateProblem, sources: a.sources },
    };
  };
  const ensureCollection = async (collectionId: string): Promise<void> => {
    if (!(await deps.hasCollection(collectionId))) throw new AppError('NOT_FOUND', 'No such collection', { collectionId });
  };
  return {
    settingsOf,
    answerSettings,
    async get(collectionId) {
      await ensureCollection(collectionId);
      return workspaceOf(collectionId);
    },
    async update(collectionId, patch) {
      await ensureCollection(collectionId);
      const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<WorkspaceSettings>;
      if (typeof clean.systemPrompt === 'string' && clean.systemPrompt.trim() === '') clean.systemPrompt = null;
      // a template that does not resolve is refused now, not at the next question
      if (clean.promptTemplate) deps.templates.get(clean.promptTemplate);
      const settings = WorkspaceSettingsSchema.parse({ ...settingsOf(collectionId), ...clean });
      store.put(collectionId, { collectionId, settings });
      return workspaceOf(collectionId);
    },
    remove(collectionId) {
      store.delete(collectionId);
    },
  };
}
