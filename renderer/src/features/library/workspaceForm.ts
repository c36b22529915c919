// The workspace form (pure): a collection's settings as editable text, and the text back as a checked patch (an
// empty field means "use the global setting"). Renderer (and Node tests).
import type { PromptTemplateInfo } from '../../../../shared/contract/chat';
import type { WorkspaceSettings } from '../../../../shared/contract/workspaces';

export interface WorkspaceDraft {
  readonly systemPrompt: string;
  readonly model: string;
  readonly temperature: string;
  readonly topK: string;
  readonly promptTemplate: string;
}

export const workspaceDraft = (s: WorkspaceSettings): WorkspaceDraft => ({
  systemPrompt: s.systemPrompt ?? '',
  model: s.model ?? '',
  temperature: s.temperature === null ? '' : String(s.temperature),
  topK: s.topK === null ? '' : String(s.topK),
  promptTemplate: s.promptTemplate ?? '',
});

export function workspacePatch(d: WorkspaceDraft): { patch: WorkspaceSettings; errors: Partial<Record<keyof WorkspaceDraft, string>> } {
  const errors: Partial<Record<keyof WorkspaceDraft, string>> = {};
  const num = (text: string, field: keyof WorkspaceDraft, ok: (n: number) => boolean, message: string): number | null => {
    if (text.trim() === '') return null;
    const n = Number(text);
    if (!Number.isFinite(n) || !ok(n)) errors[field] = message;
    return n;
  };
  const patch: WorkspaceSettings = {
    systemPrompt: d.systemPrompt.trim() === '' ? null : d.systemPrompt,
    model: d.model || null,
    temperature: num(d.temperature, 'temperature', (n) => n >= 0 && n <= 2, 'Enter a temperature from 0 to 2, or leave it empty'),
    topK: num(d.topK, 'topK', (n) => Number.isInteger(n) && n >= 1 && n <= 50, 'Enter a whole number from 1 to 50, or leave it empty'),
    promptTemplate: d.promptTemplate || null,
  };
  if (patch.systemPrompt !== null && patch.systemPrompt.length > 4000) errors.systemPrompt = 'Keep the system prompt under 4,000 characters';
  return { patch, errors };
}

/** "Settings' template", each user template's active version (follows it), then every version by number. */
export function workspaceTemplateOptions(templates: readonly PromptTemplateInfo[] | null, globalLabel: string, current: string): { value: string; label: string }[] {
  const options = [{ value: '', label: `Settings' template (${globalLabel})` }];
  const list = templates ?? [];
  const userIds = [...new Set(list.filter((t) => t.builtIn === false).map((t) => t.id))];
  for (const id of userIds) {
    const active = list.find((t) => t.id === id && t.active);
    options.push({ value: id, label: `${active?.name ?? id}: active version${active ? ` (now v${active.version})` : ''}` });
  }
  for (const t of list) options.push({ value: `${t.id}@${t.version}`, label: `${t.name} v${t.version}${t.builtIn === false ? '' : ' (built-in)'}` });
  if (current && !options.some((o) => o.value === current)) options.push({ value: current, label: `${current} (not found)` });
  return options;
}
