// The one place webPreferences are set: an isolated, sandboxed window on app://loci, its bounds remembered.
import { BrowserWindow, dialog, screen } from 'electron';
import { APP_ENTRY_URL } from '../security/appOrigin';
import type { WindowBounds, WindowStateStore } from '../settings/electronStoreStorage';

export interface MainWindowOptions {
  preloadPath: string;
  windowState: WindowStateStore;
  allowDevTools: boolean;
}

const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 820, maximized: false };

/** Keeps a remembered position only if it is still on a connected display. */
function visibleBounds(saved: WindowBounds | null): WindowBounds {
  if (!saved) return DEFAULT_BOUNDS;
  if (saved.x === undefined || saved.y === undefined) return saved;
  const onScreen = screen.getAllDisplays().some(({ workArea: a }) => saved.x! < a.x + a.width && saved.x! + saved.width > a.x && saved.y! < a.y + a.height && saved.y! + saved.height > a.y);
  return onScreen ? saved : { width: saved.width, height: saved.height, maximized: saved.maximized };
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const bounds = visibleBounds(options.windowState.read());
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Loci',
    backgroundColor: '#1b1d22',
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // [Note: no dictionary downloads] On Windows and Linux Chromium's spellchecker fetches Hunspell dictionaries
      // from Google's CDN; Loci promises nothing leaves the machine, so it is off there. macOS uses the OS's own
      // spellchecker (no download; setSpellCheckerDictionaryDownloadURL is a no-op there), so it stays on. Pointing
      // the download URL at a local address instead would still make Chromium try, and retry, for files no one serves.
      spellcheck: process.platform === 'darwin',
      devTools: options.allowDevTools,
    },
  });
  if (bounds.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  const save = (): void => {
    if (window.isDestroyed()) return;
    const normal = window.getNormalBounds();
    options.windowState.write({ ...normal, maximized: window.isMaximized() });
  };
  window.on('close', save);
  window.on('resized', save);
  window.on('moved', save);

  // [Note: leave guard] Settings with unsaved edits cancels the page's unload (`beforeunload`); Chromium would ask,
  // Electron cancels silently, so ask here: Leave lets the close or reload go on.
  window.webContents.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(window, {
      type: 'question',
      buttons: ['Leave without saving', 'Stay'],
      defaultId: 1,
      cancelId: 1,
      title: 'Unsaved settings',
      message: 'Leave without saving?',
      detail: 'Some settings have unsaved changes. They will be lost if you leave now.',
    });
    if (choice === 0) event.preventDefault();
  });

  void window.loadURL(APP_ENTRY_URL);
  return window;
}
