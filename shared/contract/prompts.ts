// The prompt library: the user's own prompt templates, every change a numbered version with a diff against the
// previous one, an active version and roll back. Built-in templates (resources/prompts) are read-only bases. Runs anywhere.
import { z } from 'zod';
import { defineMethod } from './define';
import { PromptTemplateInfoSchema } from './chat';

/** "id" (a user template's active version, a built-in's latest) or "id@version" (that version). */
export const TemplateRefSchema = z.string().max(60).regex(/^[a-z0-9-]+(@\d{1,6})?$/, 'Use a template id, or id@version, e.g. grounded-answer@3');
const TemplateId = z.string().min(1).max(40).regex(/^[a-z0-9-]+$/, 'Not a template id');

/** Placeholders each part of a template may use; the required ones must be there. */
export const TEMPLATE_PLACEHOLDERS = {
  system: { allowed: ['fence'], required: [] },
  user: { allowed: ['passages', 'question', 'fence'], required: ['passages', 'question'] },
  passage: { allowed: ['n', 'source', 'text', 'fence'], required: ['n', 'text'] },
  ungroundedSystem: { allowed: [], required: [] },
  ungroundedUser: { allowed: ['question'], required: ['question'] },
} as const satisfies Record<string, { allowed: readonly string[]; required: readonly string[] }>;
export type TemplatePart = keyof typeof TEMPLATE_PLACEHOLDERS;
export const TEMPLATE_PARTS = Object.keys(TEMPLATE_PLACEHOLDERS) as TemplatePart[];

/** Characters a part may hold, each. */
export const TEMPLATE_PART_MAX_CHARS = 8000;

// a control character other than tab, newline and carriage return has no business in a prompt
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const part = (name: TemplatePart) =>
  z
    .string()
    .max(TEMPLATE_PART_MAX_CHARS, `Keep ${name} under ${TEMPLATE_PART_MAX_CHARS} characters`)
    .refine((s) => !CONTROL.test(s), `${name} holds a control character`);

/**
 * What a template says: the system and user messages of a grounded answer, how each passage is written, and the
 * messages of an answer without documents. Validated as hostile input: sizes, required placeholders, no unknown
 * ones, and a template that fences passages ({{fence}} in passage) must explain the fence ({{fence}} in system).
 */
export const TemplateBodySchema = z
  .object({
    system: part('system').refine((s) => s.trim().length > 0, 'Write a system message'),
    user: part('user'),
    passage: part('passage'),
    ungroundedSystem: part('ungroundedSystem').refine((s) => s.trim().length > 0, 'Write a system message for answers without documents'),
    ungroundedUser: part('ungroundedUser'),
  })
  .strict()
  .superRefine((body, ctx) => {
    for (const name of TEMPLATE_PARTS) {
      const rule = TEMPLATE_PLACEHOLDERS[name];
      const used = new Set([...body[name].matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!));
      for (const p of used) {
        if (!(rule.allowed as readonly string[]).includes(p)) {
          const allowed = rule.allowed.length > 0 ? `; ${name} may use ${rule.allowed.map((a) => `{{${a}}}`).join(', ')}` : `; ${name} takes no placeholders`;
          ctx.addIssue({ code: 'custom', path: [name], message: `Unknown placeholder {{${p}}} in ${name}${allowed}` });
        }
      }
      for (const p of rule.required) if (!used.has(p)) ctx.addIssue({ code: 'custom', path: [name], message: `${name} must contain {{${p}}}` });
    }
    if (body.passage.includes('{{fence}}') && !body.system.includes('{{fence}}')) {
      ctx.addIssue({ code: 'custom', path: ['system'], message: 'Passages are fenced with {{fence}}: the system message must name {{fence}} so the model knows the delimiter' });
    }
  });
export type TemplateBody = z.infer<typeof TemplateBodySchema>;

export const TemplateVersionSchema = z.object({
  version: z.number().int().positive(),
  createdAt: z.number(),
  /** What changed, in the user's words; may be empty. */
  note: z.string().max(200),
  body: TemplateBodySchema,
});
export type TemplateVersion = z.infer<typeof TemplateVersionSchema>;

/** A user template: its versions (oldest first, never edited) and the one answers use by default. */
export const UserTemplateSchema = z.object({
  id: TemplateId,
  name: z.string().min(1).max(80),
  description: z.string().max(500),
  createdAt: z.number(),
  updatedAt: z.number(),
  /** The version a reference without @version uses ("id"). */
  activeVersion: z.number().int().positive(),
  /** "id@version" of the template it was started from, or null. */
  basedOn: z.string().max(60).nullable(),
  versions: z.array(TemplateVersionSchema).min(1),
});
export type UserTemplate = z.infer<typeof UserTemplateSchema>;

/** A template version as read (built-in or user), for viewing and as the base of a new template. */
export const TemplateContentSchema = PromptTemplateInfoSchema.extend({ builtIn: z.boolean(), body: TemplateBodySchema });
export type TemplateContent = z.infer<typeof TemplateContentSchema>;

/** A version against the one before it: a unified diff of the template's parts, and lines added and removed. */
export const TemplateDiffSchema = z.object({
  version: z.number().int().positive(),
  /** null: the first version (diffed against nothing). */
  against: z.number().int().positive().nullable(),
  patch: z.string(),
  added: z.number().int().nonnegative(),
  removed: z.number().int().nonnegative(),
});
export type TemplateDiff = z.infer<typeof TemplateDiffSchema>;

const Name = z.string().trim().min(1, 'Enter a name').max(80, 'Keep the name under 80 characters');
const Description = z.string().trim().max(500, 'Keep the description under 500 characters');
const Note = z.string().trim().max(200, 'Keep the note under 200 characters');

export const promptsContract = {
  methods: {
    /** The built-in templates (read-only) and the user's templates, newest first. */
    'prompts.list': defineMethod({ input: z.object({}).strict().default({}), output: z.object({ builtIn: z.array(PromptTemplateInfoSchema), user: z.array(UserTemplateSchema) }) }),
    /** One template version's text, built-in or user ("id" reads the active or latest version); NOT_FOUND otherwise. */
    'prompts.read': defineMethod({ input: z.object({ ref: TemplateRefSchema }).strict(), output: TemplateContentSchema }),
    /** A new user template, version 1: the given text, or a copy of `basedOn` (a built-in or user version). At most 200 templates. */
    'prompts.create': defineMethod({
      input: z
        .object({ name: Name, description: Description.default(''), basedOn: TemplateRefSchema.nullable().default(null), body: TemplateBodySchema.optional() })
        .strict()
        .refine((v) => v.body !== undefined || v.basedOn !== null, 'Give the text or a template to start from'),
      output: UserTemplateSchema,
    }),
    /** Saves the text as the next version (CONFLICT when nothing changed), active unless `activate` is false. At most 500 versions. */
    'prompts.saveVersion': defineMethod({
      input: z.object({ id: TemplateId, body: TemplateBodySchema, note: Note.default(''), activate: z.boolean().default(true) }).strict(),
      output: UserTemplateSchema,
    }),
    /** Makes a version the active one: picking an earlier one rolls back (later versions are kept). */
    'prompts.activate': defineMethod({ input: z.object({ id: TemplateId, version: z.number().int().positive() }).strict(), output: UserTemplateSchema }),
    /** Renames a template or changes its description (not a new version: the text is unchanged). */
    'prompts.rename': defineMethod({ input: z.object({ id: TemplateId, name: Name, description: Description.optional() }).strict(), output: UserTemplateSchema }),
    /** A version against the previous one. */
    'prompts.diff': defineMethod({ input: z.object({ id: TemplateId, version: z.number().int().positive() }).strict(), output: TemplateDiffSchema }),
    /** Deletes a user template with its versions; answers that used it keep their record of it. */
    'prompts.delete': defineMethod({ input: z.object({ id: TemplateId }).strict(), output: z.object({ id: z.string() }) }),
  },
  streams: {},
  events: {},
} as const;
