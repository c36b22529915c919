// The app's keyboard shortcuts: what each key does, as the shortcuts sheet lists them, and which one a key press
// means. Pure. Renderer (and Node tests).
import { ROUTES, type RouteId } from '../../lib/routes';

export type ShortcutAction =
  | { kind: 'newChat' }
  | { kind: 'focusQuestion' }
  | { kind: 'searchLibrary' }
  | { kind: 'screen'; route: RouteId }
  | { kind: 'stopAnswer' }
  | { kind: 'showShortcuts' };

/** The parts of a KeyboardEvent the matcher reads. */
export interface KeyPress {
  key: string;
  code: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  /** The focus is in a text field (typing there must not trigger single-key shortcuts). */
  inTextField: boolean;
}

/** Ctrl on Windows and Linux, ⌘ on macOS. */
export const modKeyLabel = (isMac: boolean): string => (isMac ? '⌘' : 'Ctrl');

/** What the shortcuts sheet lists, in order. `keys` are shown as key caps; `Mod` becomes Ctrl or ⌘. */
export const SHORTCUT_LIST: readonly { keys: readonly string[]; what: string }[] = [
  { keys: ['Mod', 'Shift', 'O'], what: 'New chat' },
  { keys: ['/'], what: 'Focus the question box (Shift+Esc from a text field)' },
  { keys: ['Mod', 'K'], what: 'Search the library' },
  ...ROUTES.map((route, i) => ({ keys: ['Alt', String(i + 1)], what: `Go to ${route.label}` })),
  { keys: ['Esc'], what: 'Stop the answer being written' },
  { keys: ['?'], what: 'Show these shortcuts' },
];

export function matchShortcut(press: KeyPress): ShortcutAction | null {
  const mod = press.ctrlKey || press.metaKey;
  if (mod && press.shiftKey && !press.altKey && press.key.toLowerCase() === 'o') return { kind: 'newChat' };
  if (mod && !press.shiftKey && !press.altKey && press.key.toLowerCase() === 'k') return { kind: 'searchLibrary' };
  if (press.altKey && !mod && !press.shiftKey) {
    const digit = /^Digit([1-9])$/.exec(press.code);
    const route = digit ? ROUTES[Number(digit[1]) - 1] : undefined;
    if (route) return { kind: 'screen', route: route.id };
  }
  if (press.key === 'Escape' && press.shiftKey && !mod && !press.altKey) return { kind: 'focusQuestion' };
  if (press.key === 'Escape' && !press.shiftKey && !mod && !press.altKey) return { kind: 'stopAnswer' };
  if (press.inTextField || mod || press.altKey) return null;
  if (press.key === '?') return { kind: 'showShortcuts' };
  if (press.key === '/') return { kind: 'focusQuestion' };
  return null;
}
