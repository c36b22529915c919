// Launch configuration from flags and environment: data directory, Ollama URL override, serve port.
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { SettingsPatch } from '../../../shared/contract/settings';

export interface RuntimeConfig {
  /** Settings, index, history, metrics and logs live here. */
  dataDir: string;
  /** Settings given as flags or environment variables (Ollama URL from --ollama-url or LOCI_OLLAMA_URL, embedder), saved at start-up. */
  settingsOverrides: SettingsPatch;
  /** Serve mode's port (0: pick a free one). */
  port: number;
}

/** The folder Electron uses for userData, so the desktop app and serve mode share one library. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Loci');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Loci');
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Loci');
}

export function resolveRuntimeConfig(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  fallbackDataDir: string = defaultDataDir(env),
): RuntimeConfig {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'data-dir': { type: 'string' },
      'ollama-url': { type: 'string' },
      port: { type: 'string' },
      'model-dir': { type: 'string' },
      embedder: { type: 'string' },
      'embedder-dtype': { type: 'string' },
    },
    strict: false, // Electron and Chromium add switches of their own
    allowPositionals: true,
  });
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : undefined);
  const portText = str(values.port) ?? str(env.LOCI_PORT) ?? '5170';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port "${portText}": use 0..65535`);
  const ollamaUrl = str(values['ollama-url']) ?? str(env.LOCI_OLLAMA_URL);
  const modelDir = str(values['model-dir']) ?? str(env.LOCI_MODEL_DIR);
  const embedder = str(values.embedder) ?? str(env.LOCI_EMBEDDER);
  const dtype = str(values['embedder-dtype']) ?? str(env.LOCI_EMBEDDER_DTYPE);
  const settingsOverrides: Record<string, unknown> = {};
  if (ollamaUrl) settingsOverrides.ollamaUrl = ollamaUrl;
  if (modelDir) settingsOverrides.embedderModelDir = path.resolve(modelDir);
  if (embedder) settingsOverrides.embedderModelId = embedder;
  if (dtype) settingsOverrides.embedderDtype = dtype;
  return {
    dataDir: path.resolve(str(values['data-dir']) ?? str(env.LOCI_DATA_DIR) ?? fallbackDataDir),
    settingsOverrides,
    port,
  };
}
