// Every prompt template an answer can use, by reference: the built-in ones (read-only, resources/prompts) and the
// versions of the user's own (the prompt library). "id" is a user template's active version or a built-in's latest;
// "id@version" is that version. Chat and Compare resolve through this. Plain Node.
import { AppError } from '../../../shared/contract/errors';
import type { PromptTemplateInfo } from '../../../shared/contract/chat';
import type { TemplateContent } from '../../../shared/contract/prompts';
import type { PromptTemplate, PromptTemplates } from '../answers/promptTemplates';
import type { PromptLibrary } from './promptLibrary';

export interface PromptCatalog extends PromptTemplates {
  /** Built-in and user templates, each user version its own entry. */
  list(): PromptTemplateInfo[];
  /** A template by reference, resolved to one version; NOT_FOUND with words the user can act on. */
  get(ref: string): PromptTemplate;
  /** The text of a reference, and whether it is built-in. */
  read(ref: string): TemplateContent;
  /** The built-in templates alone. */
  builtIns(): PromptTemplateInfo[];
}

const parseRef = (ref: string): { id: string; version: number | null } => {
  const m = /^([a-z0-9-]+)(?:@(\d+))?$/.exec(ref);
  if (!m) throw new AppError('INVALID_INPUT', `"${ref}" is not a template; use id or id@version`, { ref });
  return { id: m[1]!, version: m[2] === undefined ? null : Number(m[2]) };
};

export function createPromptCatalog(builtIns: PromptTemplates, library: PromptLibrary): PromptCatalog {
  const resolveUser = (id: string, version: number | null): PromptTemplate | null => {
    if (!library.has(id)) return null;
    const t = library.get(id);
    const wanted = version ?? t.activeVersion;
    const v = t.versions.find((x) => x.version === wanted);
    if (!v) throw new AppError('NOT_FOUND', `${t.name} has no version ${wanted}; choose another in the prompt library`, { ref: `${id}@${wanted}` });
    return { id, version: v.version, name: t.name, description: t.description, ...v.body };
  };
  const resolveBuiltIn = (id: string, version: number | null): PromptTemplate => {
    if (version !== null) return builtIns.get(`${id}@${version}`);
    const latest = builtIns
      .list()
      .filter((t) => t.id === id)
      .sort((a, b) => b.version - a.version)[0];
    if (!latest) throw new AppError('NOT_FOUND', `Unknown prompt template "${id}"; choose one in Settings or the prompt library`, { ref: id });
    return builtIns.get(`${id}@${latest.version}`);
  };
  const get = (ref: string): PromptTemplate => {
    const { id, version } = parseRef(ref);
    return resolveUser(id, version) ?? resolveBuiltIn(id, version);
  };
  return {
    get,
    builtIns: () => builtIns.list().map((t) => ({ ...t, builtIn: true })),
    list: () => [
      ...builtIns.list().map((t) => ({ ...t, builtIn: true })),
      ...library.list().flatMap((t) => t.versions.map((v) => ({ id: t.id, version: v.version, name: t.name, description: t.description, builtIn: false, active: v.version === t.activeVersion }))),
    ],
    read(ref) {
      const t = get(ref);
      const builtIn = !library.has(t.id);
      const { id, version, name, description, system, user, passage, ungroundedSystem, ungroundedUser } = t;
      return { id, version, name, description, builtIn, body: { system, user, passage, ungroundedSystem, ungroundedUser } };
    },
  };
}
