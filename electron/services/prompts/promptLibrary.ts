// The user's prompt templates on disk (<dataDir>/prompt-library, one JSON file each): create, save a new version
// (never edit one), pick the active version (roll back), diff a version against the previous one. Plain Node.
import { AppError } from '../../../shared/contract/errors';
import { TemplateBodySchema, UserTemplateSchema, type TemplateBody, type TemplateDiff, type UserTemplate } from '../../../shared/contract/prompts';
import { openJsonFileStore } from '../dataFiles/jsonFileStore';
import { diffTemplates } from './templateDiff';

/** Caps that keep a hostile or runaway client from filling the disk. */
export const PROMPT_LIBRARY_LIMITS = { templates: 200, versionsPerTemplate: 500 } as const;

export interface PromptLibrary {
  /** Newest first. */
  list(): UserTemplate[];
  has(id: string): boolean;
  get(id: string): UserTemplate;
  create(input: { name: string; description: string; basedOn: string | null; body: TemplateBody }): UserTemplate;
  saveVersion(input: { id: string; body: TemplateBody; note: string; activate: boolean }): UserTemplate;
  activate(id: string, version: number): UserTemplate;
  rename(id: string, name: string, description?: string): UserTemplate;
  diff(id: string, version: number): TemplateDiff;
  delete(id: string): void;
}

export interface PromptLibraryDeps {
  dir: string;
  /** Ids user templates may not take (the built-in ones). */
  reservedIds: () => ReadonlySet<string>;
  now?: () => number;
}

/** "My answers (short)" → "my-answers-short"; at most 32 characters. */
export const slugOf = (name: string): string =>
  name
    .normalize('NFKD')
    // the accents NFKD split off go, so "é" becomes "e" rather than a separator
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '') || 'template';

const sameBody = (a: TemplateBody, b: TemplateBody): boolean => JSON.stringify(TemplateBodySchema.parse(a)) === JSON.stringify(TemplateBodySchema.parse(b));

export function openPromptLibrary(deps: PromptLibraryDeps): PromptLibrary {
  // files are parsed by the same schema as input: a hand-edited or damaged file is set aside, never used
  const store = openJsonFileStore(deps.dir, UserTemplateSchema, (t) => t.id);
  const now = deps.now ?? Date.now;
  const get = (id: string): UserTemplate => {
    const t = store.get(id);
    if (!t) throw new AppError('NOT_FOUND', 'That template no longer exists', { id });
    return t;
  };
  const versionOf = (t: UserTemplate, version: number) => {
    const v = t.versions.find((x) => x.version === version);
    if (!v) throw new AppError('NOT_FOUND', `${t.name} has no version ${version}`, { id: t.id, version });
    return v;
  };
  const freeId = (name: string): string => {
    const base = slugOf(name);
    const taken = (id: string): boolean => store.get(id) !== undefined || deps.reservedIds().has(id);
    if (!taken(base)) return base;
    for (let n = 2; ; n++) if (!taken(`${base}-${n}`)) return `${base}-${n}`;
  };
  return {
    list: () => store.all().sort((a, b) => b.updatedAt - a.updatedAt),
    has: (id) => store.get(id) !== undefined,
    get,
    create({ name, description, basedOn, body }) {
      if (store.all().length >= PROMPT_LIBRARY_LIMITS.templates) throw new AppError('CONFLICT', `The prompt library holds at most ${PROMPT_LIBRARY_LIMITS.templates} templates; delete one first`);
      const at = now();
      const template: UserTemplate = UserTemplateSchema.parse({
        id: freeId(name),
        name,
        description,
        createdAt: at,
        updatedAt: at,
        activeVersion: 1,
        basedOn,
        versions: [{ version: 1, createdAt: at, note: basedOn ? `Started from ${basedOn}` : '', body }],
      });
      store.put(template.id, template);
      return template;
    },
    saveVersion({ id, body, note, activate }) {
      const t = get(id);
      const last = t.versions[t.versions.length - 1]!;
      if (sameBody(last.body, body)) throw new AppError('CONFLICT', `Nothing changed since version ${last.version}`);
      if (t.versions.length >= PROMPT_LIBRARY_LIMITS.versionsPerTemplate) throw new AppError('CONFLICT', `A template keeps at most ${PROMPT_LIBRARY_LIMITS.versionsPerTemplate} versions; start a new template from this one`);
      const at = now();
      const version = last.version + 1;
      const next = UserTemplateSchema.parse({ ...t, updatedAt: at, activeVersion: activate ? version : t.activeVersion, versions: [...t.versions, { version, createdAt: at, note, body }] });
      store.put(id, next);
      return next;
    },
    activate(id, version) {
      const t = get(id);
      versionOf(t, version);
      const next = { ...t, activeVersion: version, updatedAt: now() };
      store.put(id, next);
      return next;
    },
    rename(id, name, description) {
      const t = get(id);
      const next = { ...t, name, ...(description !== undefined ? { description } : {}), updatedAt: now() };
      store.put(id, next);
      return next;
    },
    diff(id, version) {
      const t = get(id);
      const v = versionOf(t, version);
      const index = t.versions.indexOf(v);
      const previous = index > 0 ? t.versions[index - 1]! : null;
      const { patch, added, removed } = diffTemplates(previous?.body ?? null, v.body, { before: previous ? `${id}@${previous.version}` : '(nothing)', after: `${id}@${version}` });
      return { version, against: previous?.version ?? null, patch, added, removed };
    },
    delete(id) {
      get(id);
      store.delete(id);
    },
  };
}
