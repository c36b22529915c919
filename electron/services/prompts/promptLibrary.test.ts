// The prompt library: versions are never edited, the active one can be picked (roll back), diffs name what
// changed, and a user template is hostile input (placeholders, sizes, ids). Plain Node, a temporary folder.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TemplateBodySchema, type TemplateBody } from '../../../shared/contract/prompts';
import { AppError } from '../../../shared/contract/errors';
import { loadPromptTemplates } from '../answers/promptTemplates';
import { makeTempDir } from '../../testing/testCore';
import { createPromptCatalog } from './promptCatalog';
import { openPromptLibrary, slugOf } from './promptLibrary';

const PROMPTS_DIR = path.resolve(import.meta.dirname, '../../../resources/prompts');
const body = (system = 'Answer from the passages only.'): TemplateBody => ({
  system,
  user: 'Passages:\n{{passages}}\n\nQuestion: {{question}}',
  passage: '[{{n}}] ({{source}})\n{{text}}',
  ungroundedSystem: 'Answer from general knowledge.',
  ungroundedUser: '{{question}}',
});
const setup = () => {
  const dir = makeTempDir('loci-prompts-');
  const builtIns = loadPromptTemplates(PROMPTS_DIR);
  let clock = 1000;
  const library = openPromptLibrary({ dir, reservedIds: () => new Set(builtIns.list().map((t) => t.id)), now: () => clock++ });
  return { dir, library, catalog: createPromptCatalog(builtIns, library) };
};
const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return error instanceof AppError ? error.code : 'not an AppError';
  }
  return undefined;
};

describe('prompt library', () => {
  it('saves every change as a new version, diffed against the previous one', () => {
    const { library } = setup();
    const created = library.create({ name: 'Short answers', description: '', basedOn: null, body: body() });
    expect(created).toMatchObject({ id: 'short-answers', activeVersion: 1 });
    const v2 = library.saveVersion({ id: created.id, body: body('Answer in one sentence, from the passages only.'), note: 'shorter', activate: true });
    expect(v2.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(v2.activeVersion).toBe(2);
    // version 1 is untouched
    expect(v2.versions[0]!.body.system).toBe('Answer from the passages only.');
    const diff = library.diff(created.id, 2);
    expect(diff).toMatchObject({ version: 2, against: 1, added: 1, removed: 1 });
    expect(diff.patch).toContain('-Answer from the passages only.');
    expect(diff.patch).toContain('+Answer in one sentence, from the passages only.');
    expect(diff.patch).toContain('## system');
    // the first version is diffed against nothing
    expect(library.diff(created.id, 1)).toMatchObject({ against: null, removed: 0 });
  });

  it('refuses a version that changes nothing', () => {
    const { library } = setup();
    const t = library.create({ name: 'Same', description: '', basedOn: null, body: body() });
    expect(codeOf(() => library.saveVersion({ id: t.id, body: body(), note: '', activate: true }))).toBe('CONFLICT');
  });

  it('rolls back by activating an earlier version; answers resolve "id" to the active one', () => {
    const { library, catalog } = setup();
    const t = library.create({ name: 'Rollback', description: '', basedOn: null, body: body('first') });
    library.saveVersion({ id: t.id, body: body('second'), note: '', activate: true });
    expect(catalog.get('rollback')).toMatchObject({ version: 2, system: 'second' });
    library.activate(t.id, 1);
    expect(catalog.get('rollback')).toMatchObject({ version: 1, system: 'first' });
    // later versions are kept, and a pinned reference still reaches them
    expect(catalog.get('rollback@2').system).toBe('second');
    expect(codeOf(() => library.activate(t.id, 9))).toBe('NOT_FOUND');
    // a version saved without activating leaves the active one alone
    expect(library.saveVersion({ id: t.id, body: body('third'), note: '', activate: false }).activeVersion).toBe(1);
  });

  it('persists across a restart and sets aside a damaged file', () => {
    const { dir, library } = setup();
    const t = library.create({ name: 'Kept', description: 'd', basedOn: null, body: body() });
    library.saveVersion({ id: t.id, body: body('v2'), note: 'n', activate: true });
    fs.writeFileSync(path.join(dir, 'broken.json'), JSON.stringify({ id: 'broken', versions: [] }));
    const reopened = openPromptLibrary({ dir, reservedIds: () => new Set() });
    expect(reopened.list().map((x) => x.id)).toEqual(['kept']);
    expect(reopened.get('kept').versions).toHaveLength(2);
  });

  it('never takes a built-in id, and built-ins stay read-only bases', () => {
    const { library, catalog } = setup();
    const copy = library.create({ name: 'Grounded answer', description: '', basedOn: 'grounded-answer@3', body: catalog.read('grounded-answer@3').body });
    expect(copy.id).toBe('grounded-answer-2');
    expect(catalog.read('grounded-answer@3').builtIn).toBe(true);
    expect(catalog.read('grounded-answer-2').builtIn).toBe(false);
    expect(codeOf(() => library.saveVersion({ id: 'grounded-answer', body: body(), note: '', activate: true }))).toBe('NOT_FOUND');
    // a bare built-in id is its latest version
    expect(catalog.get('grounded-answer').version).toBe(3);
    expect(catalog.list().filter((t) => t.builtIn === false).map((t) => `${t.id}@${t.version}`)).toEqual(['grounded-answer-2@1']);
  });

  it('makes ids from names', () => {
    expect(slugOf('My answers (short)')).toBe('my-answers-short');
    expect(slugOf('Ünïcödé')).toBe('unicode');
    expect(slugOf('!!!')).toBe('template');
    expect(slugOf('a'.repeat(80))).toHaveLength(32);
  });
});

describe('template validation (hostile input)', () => {
  const issues = (b: Partial<TemplateBody>): string[] => {
    const r = TemplateBodySchema.safeParse({ ...body(), ...b });
    return r.success ? [] : r.error.issues.map((i) => i.message);
  };
  it('accepts a complete template and the built-in ones', () => {
    expect(issues({})).toEqual([]);
    const builtIns = loadPromptTemplates(PROMPTS_DIR);
    for (const info of builtIns.list()) {
      const { system, user, passage, ungroundedSystem, ungroundedUser } = builtIns.get(`${info.id}@${info.version}`);
      expect(TemplateBodySchema.safeParse({ system, user, passage, ungroundedSystem, ungroundedUser }).success).toBe(true);
    }
  });
  it('requires the placeholders an answer needs', () => {
    expect(issues({ user: 'Question: {{question}}' })).toEqual(['user must contain {{passages}}']);
    expect(issues({ passage: '{{source}}: {{text}}' })).toEqual(['passage must contain {{n}}']);
    expect(issues({ ungroundedUser: 'Tell me' })).toEqual(['ungroundedUser must contain {{question}}']);
  });
  it('refuses unknown placeholders, control characters, oversize parts and an unexplained fence', () => {
    expect(issues({ system: 'Hi {{question}}' })[0]).toMatch(/Unknown placeholder \{\{question\}\} in system/);
    expect(issues({ ungroundedSystem: '{{__proto__}}' })[0]).toMatch(/takes no placeholders/);
    expect(issues({ system: 'a\u0000b' })[0]).toMatch(/control character/);
    expect(issues({ system: 'x'.repeat(8001) })[0]).toMatch(/under 8000/);
    expect(issues({ passage: '<<<{{fence}} [{{n}}]>>>{{text}}' })[0]).toMatch(/must name \{\{fence\}\}/);
    expect(issues({ system: '   ' })[0]).toMatch(/Write a system message/);
  });
});
