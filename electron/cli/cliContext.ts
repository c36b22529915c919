// What every CLI command starts from: flags parsed, the data directory chosen, the services built as the app does.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParseArgsConfig } from 'node:util';
import { SettingsPatchSchema, type SettingsPatch } from '../../shared/contract/settings';
import { defaultDataDir } from '../services/config/runtimeConfig';
import { createServices, type Services } from '../services/createServices';
import { createLogger } from '../services/logging/logger';
import { createConfSettingsStorage } from '../services/settings/confSettingsStorage';
import { workerEntriesFor } from '../services/workers/workerEntries';

export const COMMON_OPTIONS = {
  'data-dir': { type: 'string' },
  'ollama-url': { type: 'string' },
  'model-dir': { type: 'string' },
  embedder: { type: 'string' },
  'embedder-dtype': { type: 'string' },
  collection: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];

export class UsageError extends Error {}

export interface CliServices {
  services: Services;
  dataDir: string;
  close(): Promise<void>;
}


export function settingsFromFlags(values: Record<string, unknown>): SettingsPatch {
  const patch: Record<string, unknown> = {};
  if (typeof values['ollama-url'] === 'string') patch.ollamaUrl = values['ollama-url'];
  if (typeof values['model-dir'] === 'string') patch.embedderModelDir = path.resolve(values['model-dir']);
  if (typeof values.embedder === 'string') patch.embedderModelId = values.embedder;
  if (typeof values['embedder-dtype'] === 'string') patch.embedderDtype = values['embedder-dtype'];
  const parsed = SettingsPatchSchema.safeParse(patch);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('; '));
  return parsed.data;
}

/** A throwaway data directory, removed by close(). */
export function temporaryDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'loci-cli-'));
}

export interface CliServicesOptions {
  /** import.meta.url of the entry point (dist/electron/cli.js or electron/cli/loci.ts): workers and resources are found from it. */
  entryUrl: string;
  dataDir?: string;
  settings: SettingsPatch;
  removeOnClose?: boolean;
  databaseOptions?: { annThreshold?: number; maintenanceDelayMs?: number };
  /** `loci watch`: folder sources may be any folder (the CLI is the user). */
  watchAnyFolder?: boolean;
}

export function openCliServices(options: CliServicesOptions): CliServices {
  // both entry points sit two levels below the app root
  const appRoot = path.resolve(path.dirname(fileURLToPath(options.entryUrl)), '../..');
  const dataDir = path.resolve(options.dataDir ?? process.env.LOCI_DATA_DIR ?? defaultDataDir());
  fs.mkdirSync(dataDir, { recursive: true });
  const services = createServices({
    dataDir,
    settingsStorage: createConfSettingsStorage(dataDir),
    logger: createLogger({ logDir: path.join(dataDir, 'logs'), consoleLevel: 'silent' }),
    appVersion: (JSON.parse(fs.readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version: string }).version,
    workers: workerEntriesFor(options.entryUrl),
    promptsDir: path.join(appRoot, 'resources', 'prompts'),
    bundledModelDirs: [path.join(appRoot, 'resources', 'models')],
    ...(options.databaseOptions ? { databaseOptions: options.databaseOptions } : {}),
    ...(options.watchAnyFolder ? { watchAnyFolder: true } : {}),
  });
  if (Object.keys(options.settings).length > 0) services.settings.update(options.settings);
  return {
    services,
    dataDir,
    close: async () => {
      await services.dispose();
      if (options.removeOnClose) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Finds a collection by id or name; `create` makes a missing name. Defaults to the default collection. */
export async function resolveCollection(services: Services, nameOrId: string | undefined, create: boolean): Promise<string> {
  const collections = await services.library.collections();
  if (!nameOrId) return collections[0]!.id;
  const found = collections.find((c) => c.id === nameOrId || c.name === nameOrId);
  if (found) return found.id;
  if (!create) throw new UsageError(`No collection named "${nameOrId}" (collections: ${collections.map((c) => c.name).join(', ')})`);
  return (await services.library.createCollection(nameOrId)).id;
}
