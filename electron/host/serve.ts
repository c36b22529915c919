// `npm run serve`: the same services under plain Node, the renderer served to a browser on 127.0.0.1.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveRuntimeConfig } from '../services/config/runtimeConfig';
import { createLociCore } from '../services/createLociCore';
import { installLastResortHandlers } from '../services/logging/lastResort';
import { createLogger } from '../services/logging/logger';
import { createConfSettingsStorage } from '../services/settings/confSettingsStorage';
import { workerEntriesFor } from '../services/workers/workerEntries';
import { parseAllowDirs } from './allowDirs';
import { startHost } from './startHost';

// dist/electron/serve.js when built, electron/host/serve.ts under tsx: both sit two levels below the app root
const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const appVersion = (JSON.parse(fs.readFileSync(path.join(appRoot, 'package.json'), 'utf8')) as { version: string }).version;

async function main(): Promise<void> {
  const config = resolveRuntimeConfig(process.argv.slice(2));
  fs.mkdirSync(config.dataDir, { recursive: true });
  const logger = createLogger({ logDir: path.join(config.dataDir, 'logs'), consoleLevel: 'warn' });
  installLastResortHandlers(logger);
  const core = createLociCore(
    {
      dataDir: config.dataDir,
      settingsStorage: createConfSettingsStorage(config.dataDir),
      logger,
      appVersion,
      workers: workerEntriesFor(import.meta.url),
      bundledModelDirs: [path.join(appRoot, 'resources', 'models')],
      promptsDir: path.join(appRoot, 'resources', 'prompts'),
      allowedImportDirs: parseAllowDirs(process.argv.slice(2)),
    },
    { settingsOverrides: config.settingsOverrides },
  );
  const host = await startHost({ core, rendererDir: path.join(appRoot, 'dist/renderer'), logger, port: config.port });

  process.stdout.write(`Loci is serving on ${host.origin}\n`);
  process.stdout.write(`Open this URL (it holds this launch's access token): ${host.url}\n`);
  process.stdout.write(`Data directory: ${config.dataDir}\nOllama: ${core.services.settings.get().ollamaUrl}\n`);
  const allowed = core.services.grants.allowedRoots;
  process.stdout.write(allowed.length > 0 ? `Imports by path allowed from: ${allowed.join(', ')}\n` : 'Imports: uploads only (start with --allow-dir DIR to import from a folder)\n');

  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.info(`shutting down on ${signal}`);
    await host.close();
    await core.dispose();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  if (/EADDRINUSE/.test(message)) process.stderr.write(`Loci could not start: the port is in use. Pass --port <n> (or --port 0 for any free port).\n`);
  else process.stderr.write(`Loci could not start: ${message}\n`);
  process.exit(1);
});
