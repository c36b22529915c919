// Versioned prompt templates (resources/prompts/<id>.v<version>.json): loading, validation and rendering.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/contract/errors';
import type { Passage } from '../../../shared/contract/library';
import type { PromptTemplateInfo } from '../../../shared/contract/chat';
import { createFence, neutralisePassageText, neutraliseSource } from '../trust/injection/fencePassages';

const TemplateSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  version: z.number().int().positive(),
  name: z.string(),
  description: z.string(),
  system: z.string(),
  /** {{passages}} and {{question}}. */
  user: z.string().includes('{{question}}'),
  /** {{n}}, {{source}} and {{text}}; with {{fence}} (also usable in system and user), passages are fenced and neutralised. */
  passage: z.string().includes('{{n}}'),
  ungroundedSystem: z.string(),
  ungroundedUser: z.string().includes('{{question}}'),
});
export type PromptTemplate = z.infer<typeof TemplateSchema>;

/** "id@version", the form settings and comparisons use. */
export const templateKey = (t: { id: string; version: number }): string => `${t.id}@${t.version}`;

export interface PromptTemplates {
  list(): PromptTemplateInfo[];
  /** By "id@version"; an unknown key is an error the user can act on. */
  get(key: string): PromptTemplate;
}

export function loadPromptTemplates(dir: string): PromptTemplates {
  const templates = new Map<string, PromptTemplate>();
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
  for (const file of files.sort()) {
    const parsed = TemplateSchema.safeParse(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    if (!parsed.success) throw new Error(`Invalid prompt template ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    templates.set(templateKey(parsed.data), parsed.data);
  }
  if (templates.size === 0) throw new Error(`No prompt templates found in ${dir}`);
  return {
    list: () => [...templates.values()].map(({ id, version, name, description }) => ({ id, version, name, description })),
    get(key) {
      const t = templates.get(key);
      if (!t) throw new AppError('NOT_FOUND', `Unknown prompt template "${key}"; choose one in Settings`, { key, available: [...templates.keys()] });
      return t;
    },
  };
}

const fill = (text: string, values: Record<string, string>): string => text.replace(/\{\{(\w+)\}\}/g, (match, name: string) => (Object.hasOwn(values, name) ? values[name]! : match));

/** "report.pdf, p. 3 — Methods › Data": what a reader needs to find the passage. */
export function passageSource(p: Pick<Passage, 'documentName' | 'page' | 'headingPath'>): string {
  const parts = [p.documentName];
  if (p.page !== null) parts.push(`p. ${p.page}`);
  const where = parts.join(', ');
  return p.headingPath.length > 0 ? `${where} — ${p.headingPath.join(' › ')}` : where;
}

/** A template that fences passages (v3 on) neutralises their text so no document can forge the prompt's structure. */
export const isFenced = (template: PromptTemplate): boolean => template.passage.includes('{{fence}}');

export function renderPassages(template: PromptTemplate, passages: readonly Pick<Passage, 'documentName' | 'page' | 'headingPath' | 'text'>[], fence: string = createFence()): string {
  const fenced = isFenced(template);
  return passages
    .map((p, i) =>
      fill(template.passage, fenced ? { n: String(i + 1), fence, source: neutraliseSource(passageSource(p)), text: neutralisePassageText(p.text.trim()) } : { n: String(i + 1), source: passageSource(p), text: p.text.trim() }),
    )
    .join('\n\n');
}

/** `fence`: one per request (buildPrompt makes it), the same in the system message and around every passage. */
export function renderGrounded(template: PromptTemplate, passages: readonly Pick<Passage, 'documentName' | 'page' | 'headingPath' | 'text'>[], question: string, fence: string = createFence()): { system: string; user: string } {
  return { system: fill(template.system, { fence }), user: fill(template.user, { passages: renderPassages(template, passages, fence), question, fence }) };
}

export function renderUngrounded(template: PromptTemplate, question: string): { system: string; user: string } {
  return { system: template.ungroundedSystem, user: fill(template.ungroundedUser, { question }) };
}
