// Desktop composition root: single instance, data paths, services, the app:// protocol, the IPC transport, the window.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, shell } from 'electron';
import { resolveRuntimeConfig } from '../services/config/runtimeConfig';
import { createLociCore } from '../services/createLociCore';
import type { DesktopBridge } from '../services/desktopBridge';
import { installLastResortHandlers } from '../services/logging/lastResort';
import { createLogger } from '../services/logging/logger';
import { builtWorkerEntries } from '../services/workers/workerEntries';
import { packagedSettingsDefaults } from '../services/settings/packagedDefaults';
import { bindGrantChannel } from './ipc/bindGrantChannel';
import { bindIpcTransport } from './ipc/bindIpcTransport';
import { quitAfter } from './lifecycle/shutdown';
import { registerAppScheme, serveRendererOnAppScheme } from './security/appProtocol';
import { denyAllPermissions, hardenAllWebContents } from './security/hardenContents';
import { createElectronSettingsStorage, createWindowStateStore } from './settings/electronStoreStorage';
import { createMainWindow } from './window/createMainWindow';

const here = path.dirname(fileURLToPath(import.meta.url)); // dist/electron

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  const config = resolveRuntimeConfig(process.argv.slice(1), process.env, app.getPath('userData'));
  fs.mkdirSync(config.dataDir, { recursive: true });
  app.setPath('userData', config.dataDir);
  const logger = createLogger({ logDir: path.join(config.dataDir, 'logs'), consoleLevel: app.isPackaged ? 'silent' : 'warn' });
  installLastResortHandlers(logger); // [Note: last resort]: also keeps Electron from showing its crash dialog
  hardenAllWebContents(logger);

  let mainWindow: BrowserWindow | null = null;
  const focusWindow = (): void => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  };
  app.on('second-instance', focusWindow);

  const desktop: DesktopBridge = {
    revealPath: (target) => shell.showItemInFolder(target),
    openPath: (target) => shell.openPath(target),
    pickPaths: async (kind) => {
      const options: Electron.OpenDialogOptions = { properties: kind === 'folder' ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'] };
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    pickModelFile: async () => {
      const options: Electron.OpenDialogOptions = { properties: ['openFile'], filters: [{ name: 'GGUF models', extensions: ['gguf'] }] };
      const result = mainWindow ? await dialog.showOpenDialog(mainWindow, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
  };

  void app.whenReady().then(() => {
    denyAllPermissions();
    serveRendererOnAppScheme(path.join(here, '../renderer'));
    // a model folder can be bundled into the package at build time (electron-builder extraResources)
    const bundledModelDir = app.isPackaged ? path.join(process.resourcesPath, 'models') : path.join(here, '../../resources/models');
    const core = createLociCore(
      {
        dataDir: config.dataDir,
        settingsStorage: createElectronSettingsStorage(config.dataDir),
        logger,
        appVersion: app.getVersion(),
        desktop,
        workers: builtWorkerEntries(import.meta.url),
        promptsDir: path.join(app.getAppPath(), 'resources', 'prompts'),
        bundledModelDirs: [bundledModelDir],
        // a packaged app that ships its embedder never downloads one unless the user turns downloads on
        settingsDefaults: packagedSettingsDefaults({ packaged: app.isPackaged, bundledModelDirs: [bundledModelDir] }),
      },
      { settingsOverrides: config.settingsOverrides },
    );
    const unbind = bindIpcTransport(core.rpc, logger);
    const unbindGrants = bindGrantChannel(core.services.grants, logger);
    const windowState = createWindowStateStore(config.dataDir);
    const openWindow = (): void => {
      mainWindow = createMainWindow({ preloadPath: path.join(here, 'preload.cjs'), windowState, allowDevTools: !app.isPackaged });
      mainWindow.on('closed', () => (mainWindow = null));
    };
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
    quitAfter([unbind, unbindGrants, () => core.dispose()], logger);
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
