// The prompt library: built-in templates (read-only) and the user's own, the open one, its versions and a diff.
// Every change reloads the list, so template pickers elsewhere (Compare, Settings, workspaces) see new versions. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/contract/errors';
import type { PromptTemplateInfo } from '../../../shared/contract/chat';
import type { TemplateBody, TemplateDiff, UserTemplate } from '../../../shared/contract/prompts';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

export interface PromptsState {
  readonly builtIn: readonly PromptTemplateInfo[] | null;
  readonly user: readonly UserTemplate[] | null;
  readonly openId: string | null;
  /** The diff shown, of the open template. */
  readonly diff: TemplateDiff | null;
  readonly error: AppError | null;
  readonly busy: boolean;
  load(): Promise<void>;
  open(id: string | null): void;
  /** A new template from a built-in or user version; opens it. */
  create(name: string, basedOn: string): Promise<boolean>;
  saveVersion(body: TemplateBody, note: string): Promise<boolean>;
  activate(version: number): Promise<void>;
  showDiff(version: number | null): Promise<void>;
  remove(id: string): Promise<void>;
  dismissError(): void;
}

export type PromptsStore = StoreApi<PromptsState>;

/** `onChanged`: the templates changed (other stores list them too). */
export function createPromptsStore(api: LociApi, options: { onChanged?: () => void } = {}): PromptsStore {
  return createStore<PromptsState>()((set, get) => {
    const run = async (work: () => Promise<UserTemplate | null>): Promise<boolean> => {
      set({ busy: true });
      try {
        const t = await work();
        const list = await api.call('prompts.list', {});
        set({ builtIn: list.builtIn, user: list.user, error: null, ...(t ? { openId: t.id } : {}) });
        options.onChanged?.();
        return true;
      } catch (error) {
        set({ error: toAppError(error) });
        return false;
      } finally {
        set({ busy: false });
      }
    };
    return {
      builtIn: null,
      user: null,
      openId: null,
      diff: null,
      error: null,
      busy: false,
      async load() {
        try {
          const list = await api.call('prompts.list', {});
          set({ builtIn: list.builtIn, user: list.user, error: null });
        } catch (error) {
          set({ error: toAppError(error) });
        }
      },
      open: (id) => set({ openId: id, diff: null }),
      create: (name, basedOn) => run(async () => api.call('prompts.create', { name, basedOn })),
      saveVersion: (body, note) => {
        const id = get().openId;
        if (!id) return Promise.resolve(false);
        set({ diff: null });
        return run(async () => api.call('prompts.saveVersion', { id, body, note }));
      },
      activate: async (version) => {
        const id = get().openId;
        if (id) await run(async () => api.call('prompts.activate', { id, version }));
      },
      async showDiff(version) {
        const id = get().openId;
        if (!id || version === null) return set({ diff: null });
        try {
          set({ diff: await api.call('prompts.diff', { id, version }), error: null });
        } catch (error) {
          set({ error: toAppError(error) });
        }
      },
      remove: async (id) => {
        await run(async () => {
          await api.call('prompts.delete', { id });
          if (get().openId === id) set({ openId: null, diff: null });
          return null;
        });
      },
      dismissError: () => set({ error: null }),
    };
  });
}
