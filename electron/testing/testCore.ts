// Test helpers: a LociCore on a temporary data directory with a silent logger (plain Node, real services).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLociCore, type LociCore } from '../services/createLociCore';
import { createLogger } from '../services/logging/logger';
import type { AppContract } from '../../shared/contract';
import type { SettingsPatch } from '../../shared/contract/settings';
import { createRpcClient, type RpcClient } from '../../shared/rpc/client';
import type { ClientMessage, ServerMessage } from '../../shared/rpc/envelope';
import { createLoopbackPair } from '../../shared/rpc/port';
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

export function createTestCore(options: { ollamaUrl?: string; dataDir?: string; settings?: SettingsPatch; allowedImportDirs?: string[]; watchAnyFolder?: boolean } = {}): TestCore {
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
      databaseOptions: { maintenanceDelayMs: 200 },
      ...(options.allowedImportDirs ? { allowedImportDirs: options.allowedImportDirs } : {}),
      // the desktop's rule (any folder the user chose) unless a test checks serve mode's
      watchAnyFolder: options.watchAnyFolder ?? options.allowedImportDirs === undefined,
      sourcesOptions: { debounceMs: 150, settleMs: 300, goneGraceMs: 800 },
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

/** A contract client connected to the core over the in-memory loopback, as the UI connects over IPC or WebSocket. */
export function connectTestClient(core: LociCore): RpcClient<AppContract> {
  const { a, b } = createLoopbackPair<ClientMessage, ServerMessage>();
  core.rpc.connect(b);
  return createRpcClient<AppContract>(a);
}

/**
 * Import sources for files on disk, as the desktop shell makes them: main grants the paths (as for a dialog's
 * result) and the client sends only the grant ids ([Note: path grants]).
 */
export function grantedSources(core: LociCore, paths: readonly string[]): { kind: 'grant'; grantId: string }[] {
  const grants = core.services.grants.grantChosen(paths);
  if (grants.length !== paths.length) throw new Error(`could not grant every path: ${paths.join(', ')}`);
  return grants.map((g) => ({ kind: 'grant' as const, grantId: g.grantId }));
}
