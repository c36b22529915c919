// The window's keyboard shortcuts (one keydown listener for the app), the shortcuts sheet (`?`) and the skip link.
// Renderer.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { useAppStores } from '../../stores/StoresContext';
import type { RouteId } from '../../lib/routes';
import { navigate } from '../../lib/useHashRoute';
import { matchShortcut, modKeyLabel, SHORTCUT_LIST } from './shortcuts';
import './shortcuts.css';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

const isTextField = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement && (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || (target.tagName === 'INPUT' && !['checkbox', 'radio', 'button', 'submit'].includes((target as HTMLInputElement).type)));

/** Focuses an element once the screen that holds it has rendered (a few frames at most). */
function focusWhenThere(selector: string, tries = 20): void {
  const element = document.querySelector<HTMLElement>(selector);
  if (element) {
    element.focus();
    return;
  }
  if (tries > 0) requestAnimationFrame(() => focusWhenThere(selector, tries - 1));
}

export const MAIN_CONTENT_ID = 'main-content';

export function ShortcutsLayer({ route }: { route: RouteId }): ReactNode {
  const { chat } = useAppStores();
  const [sheetOpen, setSheetOpen] = useState(false);

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return;
      const action = matchShortcut({ key: event.key, code: event.code, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, shiftKey: event.shiftKey, inTextField: isTextField(event.target) });
      if (!action) return;
      // a modal (the sheet, a dialog) owns the keyboard, Esc included
      if (document.querySelector('dialog[open]')) return;
      switch (action.kind) {
        case 'stopAnswer': {
          const state = chat.getState();
          if (route !== 'chat' || !state.openId || !state.streaming.has(state.openId)) return;
          state.stop();
          break;
        }
        case 'newChat':
          navigate('chat');
          void chat.getState().newConversation().then(() => focusWhenThere('#chat-input'));
          break;
        case 'focusQuestion':
          navigate('chat');
          focusWhenThere('#chat-input');
          break;
        case 'searchLibrary':
          navigate('library');
          focusWhenThere('[data-testid="library-search-input"]');
          break;
        case 'screen':
          navigate(action.route);
          break;
        case 'showShortcuts':
          setSheetOpen(true);
          break;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [chat, route]);

  return sheetOpen ? <ShortcutsSheet onClose={() => setSheetOpen(false)} /> : null;
}

/** The first thing Tab reaches: jumps past the sidebar to the screen (the hash is the route, so no href jump). */
export function SkipLink(): ReactNode {
  return (
    <a
      className="skip-link"
      href={`#${MAIN_CONTENT_ID}`}
      data-testid="skip-link"
      onClick={(event) => {
        event.preventDefault();
        document.getElementById(MAIN_CONTENT_ID)?.focus();
      }}
    >
      Skip to content
    </a>
  );
}

function ShortcutsSheet({ onClose }: { onClose: () => void }): ReactNode {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);
  const mod = modKeyLabel(isMac);
  return (
    <dialog ref={dialog} className="shortcuts-sheet" aria-labelledby="shortcuts-title" data-testid="shortcuts-sheet" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <dl className="shortcuts-sheet__list">
        {SHORTCUT_LIST.map((s) => (
          <div key={s.what} className="shortcuts-sheet__row">
            <dt>
              {s.keys.map((k, i) => (
                <kbd key={i}>{k === 'Mod' ? mod : k === 'Alt' && isMac ? '⌥' : k}</kbd>
              ))}
            </dt>
            <dd>{s.what}</dd>
          </div>
        ))}
      </dl>
      <form method="dialog" className="shortcuts-sheet__actions">
        <Button type="submit" variant="primary" data-testid="shortcuts-close" autoFocus>
          Close
        </Button>
      </form>
    </dialog>
  );
}
