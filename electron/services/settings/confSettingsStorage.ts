// Settings storage over `conf` in a given directory: used by serve mode, the CLI and tests (plain Node).
import path from 'node:path';
import Conf from 'conf';
import type { Settings } from '../../../shared/contract/settings';
import { openRecoveringCorruptFile } from './recoverCorruptFile';
import type { SettingsStorage } from './settingsService';

export function createConfSettingsStorage(dataDir: string): SettingsStorage {
  const conf = openRecoveringCorruptFile(
    path.join(dataDir, 'settings.json'),
    () => new Conf<{ settings?: unknown }>({ cwd: dataDir, configName: 'settings', projectName: 'loci' }),
  );
  return {
    read: () => conf.get('settings'),
    write: (settings: Settings) => conf.set('settings', settings),
  };
}
