// Which key press means which shortcut; single keys never fire while typing.
import { describe, expect, it } from 'vitest';
import { matchShortcut, SHORTCUT_LIST, type KeyPress } from './shortcuts';

const press = (patch: Partial<KeyPress>): KeyPress => ({ key: '', code: '', ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, inTextField: false, ...patch });

describe('matchShortcut', () => {
  it('maps the listed keys to their actions, with Ctrl or ⌘', () => {
    expect(matchShortcut(press({ key: 'O', ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'newChat' });
    expect(matchShortcut(press({ key: 'o', metaKey: true, shiftKey: true }))).toEqual({ kind: 'newChat' });
    expect(matchShortcut(press({ key: 'k', ctrlKey: true, inTextField: true }))).toEqual({ kind: 'searchLibrary' });
    expect(matchShortcut(press({ key: '¡', code: 'Digit2', altKey: true }))).toEqual({ kind: 'screen', route: 'chat' });
    expect(matchShortcut(press({ key: '3', code: 'Digit3', altKey: true }))).toEqual({ kind: 'screen', route: 'compare' });
    expect(matchShortcut(press({ key: '9', code: 'Digit9', altKey: true }))).toBeNull();
    expect(matchShortcut(press({ key: 'Escape' }))).toEqual({ kind: 'stopAnswer' });
    expect(matchShortcut(press({ key: 'Escape', shiftKey: true, inTextField: true }))).toEqual({ kind: 'focusQuestion' });
    expect(matchShortcut(press({ key: '?', shiftKey: true }))).toEqual({ kind: 'showShortcuts' });
    expect(matchShortcut(press({ key: '/' }))).toEqual({ kind: 'focusQuestion' });
  });

  it('leaves single keys to a text field, and ignores other keys', () => {
    expect(matchShortcut(press({ key: '?', shiftKey: true, inTextField: true }))).toBeNull();
    expect(matchShortcut(press({ key: '/', inTextField: true }))).toBeNull();
    expect(matchShortcut(press({ key: 'a' }))).toBeNull();
    expect(matchShortcut(press({ key: 'k' }))).toBeNull();
    expect(matchShortcut(press({ key: 'k', ctrlKey: true, shiftKey: true }))).toBeNull();
  });

  it('lists every screen in the sheet', () => {
    expect(SHORTCUT_LIST.filter((s) => s.keys[0] === 'Alt').map((s) => s.what)).toEqual(['Go to Library', 'Go to Chat', 'Go to Compare', 'Go to Prompts', 'Go to Models', 'Go to Metrics', 'Go to Settings']);
  });
});
