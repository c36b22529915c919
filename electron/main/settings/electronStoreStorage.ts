// The desktop app's persistence: electron-store (conf under Electron's paths) for settings and window state.
import path from 'node:path';
import Store from 'electron-store';
import type { Settings } from '../../../shared/contract/settings';
import { openRecoveringCorruptFile } from '../../services/settings/recoverCorruptFile';
import type { SettingsStorage } from '../../services/settings/settingsService';

export function createElectronSettingsStorage(dataDir: string): SettingsStorage {
  // same file name and folder as conf's storage in serve mode, so both modes share settings
  const store = openRecoveringCorruptFile(path.join(dataDir, 'settings.json'), () => new Store<{ settings?: unknown }>({ cwd: dataDir, name: 'settings' }));
  return {
    read: () => store.get('settings'),
    write: (settings: Settings) => store.set('settings', settings),
  };
}

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface WindowStateStore {
  read(): WindowBounds | null;
  write(bounds: WindowBounds): void;
}

export function createWindowStateStore(dataDir: string): WindowStateStore {
  const store = openRecoveringCorruptFile(path.join(dataDir, 'window-state.json'), () => new Store<{ bounds?: unknown }>({ cwd: dataDir, name: 'window-state' }));
  return {
    read: () => {
      const value = store.get('bounds');
      if (typeof value !== 'object' || value === null) return null;
      const b = value as Record<string, unknown>;
      const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? Math.round(v) : undefined);
      const width = num(b.width);
      const height = num(b.height);
      if (!width || !height) return null;
      const x = num(b.x);
      const y = num(b.y);
      return { width, height, maximized: b.maximized === true, ...(x !== undefined && y !== undefined ? { x, y } : {}) };
    },
    write: (bounds) => store.set('bounds', bounds),
  };
}
