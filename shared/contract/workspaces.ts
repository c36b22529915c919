// Workspaces: a collection's own answer settings (system prompt, default model, temperature, top k, prompt
// template), each null to use the global setting. Chat and Compare over the collection use them. Runs anywhere.
import { z } from 'zod';
import { defineMethod } from './define';
import { ModelKeySchema } from './models';
import { TemplateRefSchema } from './prompts';

const Id = z.string().min(1).max(100);

/** Characters a collection's system prompt may hold. */
export const WORKSPACE_SYSTEM_PROMPT_MAX_CHARS = 4000;

export const WorkspaceSettingsSchema = z.object({
  /** Extra instructions for every answer over this collection, added to the template's system message; null: none. */
  systemPrompt: z
    .string()
    .max(WORKSPACE_SYSTEM_PROMPT_MAX_CHARS, `Keep the system prompt under ${WORKSPACE_SYSTEM_PROMPT_MAX_CHARS} characters`)
    .nullable(),
  /** Model key for conversations that name none; null: Settings' default chat model. */
  model: ModelKeySchema.nullable(),
  /** Sampling temperature for conversations (and comparisons) that set none; null: Settings' default. */
  temperature: z.number().min(0).max(2).nullable(),
  /** Passages given to the model per question; null: Settings' top k. */
  topK: z.number().int().min(1).max(50).nullable(),
  /** "id" (follows the template's active version) or "id@version"; null: Settings' prompt template. */
  promptTemplate: TemplateRefSchema.nullable(),
});
export type WorkspaceSettings = z.infer<typeof WorkspaceSettingsSchema>;

export const EMPTY_WORKSPACE_SETTINGS: WorkspaceSettings = { systemPrompt: null, model: null, temperature: null, topK: null, promptTemplate: null };

const SourceSchema = z.enum(['collection', 'global']);
/** Where an effective answer setting comes from: the collection's own, or Settings' default. */
export type SettingSource = z.infer<typeof SourceSchema>;
/** What answers over the collection use now, and where each value comes from. */
export const EffectiveWorkspaceSchema = z.object({
  systemPrompt: z.string().nullable(),
  /** null: no default anywhere (the first model an engine can answer with). */
  model: z.string().nullable(),
  temperature: z.number(),
  topK: z.number().int(),
  /** The template as "id@version", resolved (a user template's active version); the reference itself when it does not resolve. */
  promptTemplate: z.string(),
  /** Why the template does not resolve (deleted from the prompt library), in words; null when it does. */
  promptTemplateProblem: z.string().nullable(),
  sources: z.object({ systemPrompt: SourceSchema, model: SourceSchema, temperature: SourceSchema, topK: SourceSchema, promptTemplate: SourceSchema }),
});
export type EffectiveWorkspace = z.infer<typeof EffectiveWorkspaceSchema>;

export const WorkspaceSchema = z.object({ collectionId: z.string(), settings: WorkspaceSettingsSchema, effective: EffectiveWorkspaceSchema });
export type Workspace = z.infer<typeof WorkspaceSchema>;

export const workspacesContract = {
  methods: {
    /** A collection's workspace settings and what they resolve to; NOT_FOUND for an unknown collection. */
    'workspaces.get': defineMethod({ input: z.object({ collectionId: Id }).strict(), output: WorkspaceSchema }),
    /** Changes some of a collection's settings (null: use the global one); an unknown template or collection is refused. */
    'workspaces.update': defineMethod({ input: z.object({ collectionId: Id, patch: WorkspaceSettingsSchema.partial().strict() }).strict(), output: WorkspaceSchema }),
  },
  streams: {},
  events: {},
} as const;
