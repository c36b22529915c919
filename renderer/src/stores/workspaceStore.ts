// The selected collection's workspace settings (system prompt, model, temperature, top k, template) and what they
// resolve to. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppError } from '../../../shared/contract/errors';
import type { Workspace, WorkspaceSettings } from '../../../shared/contract/workspaces';
import type { LociApi } from '../api/lociApi';
import { toAppError } from '../lib/errors';

export interface WorkspaceState {
  readonly collectionId: string | null;
  /** null until it loads. */
  readonly workspace: Workspace | null;
  readonly error: AppError | null;
  readonly saving: boolean;
  load(collectionId: string | null): Promise<void>;
  /** Saves the changed settings; resolves true when the host took them. */
  save(patch: Partial<WorkspaceSettings>): Promise<boolean>;
}

export type WorkspaceStore = StoreApi<WorkspaceState>;

export function createWorkspaceStore(api: LociApi): WorkspaceStore {
  return createStore<WorkspaceState>()((set, get) => {
    let seq = 0;
    return {
      collectionId: null,
      workspace: null,
      error: null,
      saving: false,
      async load(collectionId) {
        const mine = ++seq;
        if (collectionId !== get().collectionId) set({ collectionId, workspace: null, error: null });
        if (collectionId === null) return;
        try {
          const workspace = await api.call('workspaces.get', { collectionId });
          if (mine === seq) set({ workspace, error: null });
        } catch (error) {
          if (mine === seq) set({ error: toAppError(error) });
        }
      },
      async save(patch) {
        const collectionId = get().collectionId;
        if (collectionId === null) return false;
        set({ saving: true });
        try {
          const workspace = await api.call('workspaces.update', { collectionId, patch });
          if (get().collectionId === collectionId) set({ workspace, error: null });
          return true;
        } catch (error) {
          set({ error: toAppError(error) });
          return false;
        } finally {
          set({ saving: false });
        }
      },
    };
  });
}
