import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import type { Settings, SettingsPatch } from '../../../shared/contract/settings';
import { LIBRARY_TARGETS, libraryDraft, libraryKey, libraryPatch } from '../features/settings/libraryForm';
import { ENGINES_TARGETS, enginesDraft, enginesKey, enginesPatch } from '../features/settings/enginesForm';
import { APPEARANCE_FORM } from '../features/settings/generalForms';
import { selectChangeCount, selectHasErrors, createSettingsDraftStore } from './settingsDraftStore';
import { createSettingsStore } from './settingsStore';
import { createFakeLociApi } from './testing/fakeLociApi';
import { sampleSettings } from './testing/fixtures';

const LIBRARY = { key: libraryKey, draft: libraryDraft, patch: libraryPatch, targets: LIBRARY_TARGETS };
const ENGINES = { key: enginesKey, draft: enginesDraft, patch: enginesPatch, targets: ENGINES_TARGETS };

async function setup(options: { update?: (patch: SettingsPatch, saved: Settings) => Settings | Promise<Settings> } = {}) {
  let saved = sampleSettings();
  const api = createFakeLociApi({
    'settings.get': () => saved,
    'settings.update': async (patch) => {
      saved = options.update ? await options.update(patch, saved) : { ...saved, ...patch };
      return saved;
    },
  });
  const settings = createSettingsStore(api);
  await settings.getState().load();
  const drafts = createSettingsDraftStore(settings);
  return { api, settings, drafts, saved: () => saved };
}

describe('settings draft store', () => {
  it('counts edited fields over sections, and an edit back to the saved value is no change', async () => {
    const { drafts } = await setup();
    const s = drafts.getState();
    s.edit('library', LIBRARY, { chunkSize: '300' });
    s.edit('engines', ENGINES, { stallSec: '90' });
    expect(selectChangeCount(drafts.getState())).toBe(2);
    drafts.getState().edit('engines', ENGINES, { stallSec: enginesDraft(sampleSettings()).stallSec });
    expect(selectChangeCount(drafts.getState())).toBe(1);
    expect(Object.keys(drafts.getState().entries)).toEqual(['library']);
  });

  it('saves every section in one update, then offers Undo that restores the previous values', async () => {
    const { api, drafts, saved } = await setup();
    const before = sampleSettings();
    drafts.getState().edit('library', LIBRARY, { chunkSize: '300' });
    drafts.getState().edit('appearance', APPEARANCE_FORM, { theme: 'dark' });
    expect(await drafts.getState().save()).toBe(true);
    const updates = api.calls.filter((c) => c.name === 'settings.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.input).toMatchObject({ chunkTargetTokens: 300, theme: 'dark' });
    expect(saved().chunkTargetTokens).toBe(300);
    expect(drafts.getState().entries).toEqual({});
    expect(drafts.getState().lastSave?.count).toBe(2);

    await drafts.getState().undo();
    expect(saved().chunkTargetTokens).toBe(before.chunkTargetTokens);
    expect(saved().theme).toBe(before.theme);
    expect(drafts.getState().lastSave).toBeNull();
  });

  it('shows plain-words errors per field as the user types, and does not send a draft that needs fixing', async () => {
    const { api, drafts } = await setup();
    drafts.getState().edit('library', LIBRARY, { chunkSize: '5' });
    expect(drafts.getState().entries.library?.errors).toEqual({ chunkSize: 'Enter a whole number of tokens from 32 to 2,048' });
    drafts.getState().edit('engines', ENGINES, { stallSec: 'soon' });
    expect(drafts.getState().entries.engines?.errors).toEqual({ stallSec: 'Enter a number' });
    expect(selectHasErrors(drafts.getState())).toBe(true);
    expect(await drafts.getState().save()).toBe(false);
    expect(api.calls.filter((c) => c.name === 'settings.update')).toHaveLength(0);
    expect(drafts.getState().general).toBe('Some values need fixing: see the fields marked below.');
    // fixing the field clears its error
    drafts.getState().edit('library', LIBRARY, { chunkSize: '64' });
    expect(drafts.getState().entries.library?.errors).toEqual({});
  });

  it('places the host’s refusal by its fields, in plain words, and keeps the drafts', async () => {
    const { drafts } = await setup({
      update: () => Promise.reject(new AppError('INVALID_INPUT', 'Invalid input for settings.update', { issues: [{ path: ['answerStallTimeoutSec'], message: 'Too small: expected number to be >=1' }, { path: ['metricsRetentionDays'], message: 'Too big: expected number to be <=3650' }] })),
    });
    drafts.getState().edit('engines', ENGINES, { stallSec: '30' });
    expect(await drafts.getState().save()).toBe(false);
    expect(drafts.getState().entries.engines?.errors).toEqual({ stallSec: 'Enter seconds from 1 to 3,600' });
    expect(drafts.getState().general).toBe('Metrics retention days: use 3650 or less');
    expect(selectChangeCount(drafts.getState())).toBe(1);
  });

  it('discards every draft', async () => {
    const { drafts } = await setup();
    drafts.getState().edit('library', LIBRARY, { ocr: true });
    drafts.getState().discard();
    expect(selectChangeCount(drafts.getState())).toBe(0);
  });

  it('asks before leaving with unsaved edits: Stay keeps them, Discard drops them, Save saves them', async () => {
    const { drafts, saved } = await setup();
    expect(drafts.getState().requestLeave('chat')).toBe(true);
    drafts.getState().edit('library', LIBRARY, { chunkSize: '400' });
    expect(drafts.getState().requestLeave('chat')).toBe(false);
    expect(drafts.getState().pendingLeave).toBe('chat');
    expect(await drafts.getState().resolveLeave('stay')).toBeNull();
    expect(drafts.getState().pendingLeave).toBeNull();
    expect(selectChangeCount(drafts.getState())).toBe(1);

    drafts.getState().requestLeave('library');
    expect(await drafts.getState().resolveLeave('save')).toBe('library');
    expect(saved().chunkTargetTokens).toBe(400);

    drafts.getState().edit('library', LIBRARY, { chunkSize: '500' });
    drafts.getState().requestLeave('models');
    expect(await drafts.getState().resolveLeave('discard')).toBe('models');
    expect(saved().chunkTargetTokens).toBe(400);
    expect(selectChangeCount(drafts.getState())).toBe(0);
  });

  it('stays when Save on leaving finds a value to fix', async () => {
    const { drafts } = await setup();
    drafts.getState().edit('library', LIBRARY, { chunkSize: 'x' });
    drafts.getState().requestLeave('chat');
    expect(await drafts.getState().resolveLeave('save')).toBeNull();
    expect(drafts.getState().entries.library?.errors.chunkSize).toBe('Enter a number');
  });
});
