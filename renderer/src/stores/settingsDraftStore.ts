// The Settings screen's unsaved edits: one draft per section, one Save for all of them (a single `settings.update`),
// Discard, Undo of the last save, per-field validation as the user types, and the question asked before leaving
// the screen with unsaved edits. Renderer (and Node tests).
import { createStore, type StoreApi } from 'zustand/vanilla';
import { SettingsPatchSchema, type Settings, type SettingsPatch } from '../../../shared/contract/settings';
import { toAppError } from '../lib/errors';
import { errorsFromFailure, errorsFromIssues, noErrors, type FieldErrors, type FieldLookup, type SettingsFormSpec } from '../features/settings/settingsFormKit';
import type { SettingsStore } from './settingsStore';

/** A section's spec with its draft type erased: the store keeps every section side by side. */
type AnySpec = SettingsFormSpec<object, string>;

/** One section with unsaved edits. Sections without edits have no entry: their forms show the saved settings. */
export interface DraftEntry {
  readonly spec: AnySpec;
  readonly draft: object;
  /** Fields whose value differs from the saved settings. */
  readonly changed: readonly string[];
  readonly errors: FieldErrors<string>;
}

export type LeaveChoice = 'save' | 'discard' | 'stay';

export interface SettingsDraftState {
  readonly entries: Readonly<Record<string, DraftEntry>>;
  readonly saving: boolean;
  /** What went wrong with the last Save outside any field (or "fix the fields marked"). */
  readonly general: string | null;
  /** The last save, until the next edit: how many fields it changed, and the patch that puts them back. */
  readonly lastSave: { readonly count: number; readonly undo: SettingsPatch } | null;
  readonly undoing: boolean;
  /** The screen the user asked to go to while edits were unsaved: the leave question is showing. */
  readonly pendingLeave: string | null;
  /** Applies a change to a section's draft; a draft edited back to the saved values stops being unsaved. */
  edit<D extends object, F extends string>(id: string, spec: SettingsFormSpec<D, F>, patch: Partial<D>): void;
  /** Drops every unsaved edit. */
  discard(): void;
  /** Saves every section with edits in one update; false when a value needs fixing or the host refused. */
  save(): Promise<boolean>;
  /** Puts back the values the last save replaced. */
  undo(): Promise<void>;
  /** Hides the "Saved" confirmation. */
  dismissSaved(): void;
  /** Whether the screen may be left now; with unsaved edits it asks first (pendingLeave) and answers false. */
  requestLeave(to: string): boolean;
  /** The answer to the leave question: where to go now, or null to stay. */
  resolveLeave(choice: LeaveChoice): Promise<string | null>;
}

export type SettingsDraftStore = StoreApi<SettingsDraftState>;

/** How many fields have unsaved edits, over every section. */
export const selectChangeCount = (state: Pick<SettingsDraftState, 'entries'>): number => Object.values(state.entries).reduce((n, entry) => n + entry.changed.length, 0);

export const selectHasErrors = (state: Pick<SettingsDraftState, 'entries'>): boolean => Object.values(state.entries).some((entry) => Object.keys(entry.errors).length > 0);

const FIX_FIELDS = 'Some values need fixing: see the fields marked below.';

const same = (a: unknown, b: unknown): boolean => a === b || JSON.stringify(a) === JSON.stringify(b);

/** Errors a draft has before it is sent: text that is no number, then the contract's own checks, in plain words. */
export function validateDraft(spec: AnySpec, draft: object, current: Settings): { patch: SettingsPatch | null; errors: FieldErrors<string>; general: string | null } {
  const result = spec.patch(draft, current);
  if (result.patch === null) return { patch: null, errors: result.errors, general: null };
  const parsed = SettingsPatchSchema.safeParse(result.patch);
  if (parsed.success) return { patch: result.patch, errors: noErrors(), general: null };
  const placed = errorsFromIssues(parsed.error.issues, spec.targets);
  return { patch: null, errors: placed.fields, general: placed.general };
}

export function createSettingsDraftStore(settingsStore: SettingsStore): SettingsDraftStore {
  const current = (): Settings | null => settingsStore.getState().settings;
  return createStore<SettingsDraftState>()((set, get) => ({
    entries: {},
    saving: false,
    general: null,
    lastSave: null,
    undoing: false,
    pendingLeave: null,

    edit(id, spec, patch) {
      const settings = current();
      if (settings === null) return;
      const anySpec = spec as unknown as AnySpec;
      const base = spec.draft(settings) as Record<string, unknown>;
      const previous = (get().entries[id]?.draft ?? base) as Record<string, unknown>;
      const draft = { ...previous, ...patch };
      const changed = Object.keys(draft).filter((field) => !same(draft[field], base[field]));
      const entries = { ...get().entries };
      if (changed.length === 0) delete entries[id];
      else entries[id] = { spec: anySpec, draft, changed, errors: validateDraft(anySpec, draft, settings).errors };
      set({ entries, lastSave: null, general: Object.keys(entries).length === 0 ? null : get().general });
    },

    discard: () => set({ entries: {}, general: null }),

    async save() {
      const settings = current();
      const entries = get().entries;
      if (settings === null || get().saving) return false;
      if (Object.keys(entries).length === 0) return true;
      const merged: Record<string, unknown> = {};
      const checked: Record<string, DraftEntry> = {};
      let invalid = false;
      const generals: string[] = [];
      for (const [id, entry] of Object.entries(entries)) {
        const result = validateDraft(entry.spec, entry.draft, settings);
        checked[id] = { ...entry, errors: result.errors };
        if (result.patch === null) {
          invalid = true;
          if (result.general) generals.push(result.general);
        } else Object.assign(merged, result.patch);
      }
      if (invalid) {
        set({ entries: checked, general: generals.length > 0 ? generals.join('; ') : FIX_FIELDS });
        return false;
      }
      const patch = merged as SettingsPatch;
      const undo = Object.fromEntries(Object.keys(patch).map((key) => [key, settings[key as keyof Settings]])) as SettingsPatch;
      const count = selectChangeCount(get());
      set({ saving: true, general: null });
      try {
        await settingsStore.getState().update(patch);
        set({ entries: {}, saving: false, lastSave: { count, undo } });
        return true;
      } catch (failure) {
        const next: Record<string, DraftEntry> = {};
        for (const [id, entry] of Object.entries(entries)) next[id] = { ...entry, errors: errorsFromFailure(failure, entry.spec.targets).fields };
        // what no section claims (another setting, or no issues at all) shows on the save bar
        const anyField: FieldLookup<string> = (path) => {
          for (const entry of Object.values(entries)) {
            const targets = entry.spec.targets;
            const found = typeof targets === 'function' ? targets(path) : Object.hasOwn(targets, path) ? targets[path as keyof Settings] : undefined;
            if (found) return found;
          }
          return undefined;
        };
        set({ entries: next, saving: false, general: errorsFromFailure(failure, anyField).general ?? FIX_FIELDS });
        return false;
      }
    },

    async undo() {
      const last = get().lastSave;
      if (last === null || get().undoing) return;
      set({ undoing: true });
      try {
        await settingsStore.getState().update(last.undo);
        set({ lastSave: null, undoing: false, general: null });
      } catch (failure) {
        set({ undoing: false, general: `Could not undo: ${toAppError(failure).message}` });
      }
    },

    dismissSaved: () => set({ lastSave: null }),

    requestLeave(to) {
      if (Object.keys(get().entries).length === 0) return true;
      set({ pendingLeave: to });
      return false;
    },

    async resolveLeave(choice) {
      const to = get().pendingLeave;
      set({ pendingLeave: null });
      if (to === null || choice === 'stay') return null;
      if (choice === 'discard') {
        get().discard();
        return to;
      }
      return (await get().save()) ? to : null;
    },
  }));
}
