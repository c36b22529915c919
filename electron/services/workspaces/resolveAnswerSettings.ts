// Which answer settings apply (pure): the conversation's own, then the collection's (workspace), then Settings'.
// One place, so chat, Compare and the answer cache (its key) read the same resolved values. Runs anywhere.
import type { Settings } from '../../../shared/contract/settings';
import type { EffectiveWorkspace, SettingSource, WorkspaceSettings } from '../../../shared/contract/workspaces';

/** What a conversation may set for itself (null or absent: not set). */
export interface ConversationOverrides {
  model?: string | null;
  temperature?: number | null;
}

/** The resolved values before the template reference becomes a version (see workspaceService). */
export interface AnswerSettingsRefs {
  systemPrompt: string | null;
  /** null: no default anywhere; the first model an engine can answer with. */
  model: string | null;
  temperature: number;
  topK: number;
  /** A template reference ("id" or "id@version"). */
  promptTemplateRef: string;
  sources: EffectiveWorkspace['sources'];
}

const pick = <T>(collection: T | null, global: T): { value: T; source: SettingSource } => (collection !== null ? { value: collection, source: 'collection' } : { value: global, source: 'global' });

export function resolveAnswerSettings(workspace: WorkspaceSettings, settings: Settings, conversation: ConversationOverrides = {}): AnswerSettingsRefs {
  const systemPrompt = workspace.systemPrompt !== null && workspace.systemPrompt.trim() !== '' ? workspace.systemPrompt : null;
  const model = pick(workspace.model, settings.defaultChatModel);
  const temperature = pick(workspace.temperature, settings.defaultTemperature);
  const topK = pick(workspace.topK, settings.retrievalTopK);
  const template = pick(workspace.promptTemplate, settings.promptTemplate);
  return {
    systemPrompt,
    model: conversation.model ?? model.value,
    temperature: conversation.temperature ?? temperature.value,
    topK: topK.value,
    promptTemplateRef: template.value,
    // where the collection-or-global value comes from (a conversation's own model or temperature is shown by the conversation)
    sources: { systemPrompt: systemPrompt !== null ? 'collection' : 'global', model: model.source, temperature: temperature.source, topK: topK.source, promptTemplate: template.source },
  };
}
