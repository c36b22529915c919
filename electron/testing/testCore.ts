// Test helpers: a LociCore on a temporary data directory with a silent logger (plain Node, real services).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLociCore, type LociCore } from '../services/createLociCore';
import { createLogger } from '../services/logging/logger';
import type { SettingsPatch } from '../../shared/contract/settings';
import { createConfSettingsStorage } from '../services/settings/confSettingsStorage';
import { sourceWorkerEntries } from '../services/workers/workerEntries';
import { TEST_EMBEDDER } from './sharedAssets';

export interface TestCore {
  core: LociCore;
  dataDir: string;
  cleanup(): Promise<void>;
}

export function makeTempDir(prefix = 'loci-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function createTestCore(options: { ollamaUrl?: string; dataDir?: string; settings?: SettingsPatch } = {}): TestCore {
  const dataDir = options.dataDir ?? makeTempDir();
  const core = createLociCore(
    {
      dataDir,
      settingsStorage: createConfSettingsStorage(dataDir),
      logger: createLogger({ consoleLevel: 'silent' }),
      appVersion: '0.0.0-test',
      ollamaProbe: { readyIntervalMs: 200, downIntervalMs: 100 },
      workers: sourceWorkerEntries(),
      promptsDir: path.resolve(import.meta.dirname, '../../resources/prompts'),
      storeOptions: { maintenanceDelayMs: 200 },
    },
    { settingsOverrides: { ollamaUrl: options.ollamaUrl ?? 'http://127.0.0.1:9', ...TEST_EMBEDDER, ...options.settings } },
  );
  return {
    core,
    dataDir,
    cleanup: async () => {
      await core.dispose();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
