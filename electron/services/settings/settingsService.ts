// Settings: validated reads and patches over a storage adapter (electron-store in the app, conf in serve mode and the CLI).
import { AppError } from '../../../shared/contract/errors';
import { DEFAULT_SETTINGS, settingsShape, type Settings, type SettingsPatch } from '../../../shared/contract/settings';
import { createListeners } from '../events/listeners';

/** Where settings persist. Both adapters wrap `conf`; the app's adds Electron's paths. */
export interface SettingsStorage {
  read(): unknown;
  write(settings: Settings): void;
}

export interface SettingsService {
  get(): Settings;
  update(patch: SettingsPatch): Settings;
  reset(): Settings;
  /** Returns a function that removes the listener. */
  onChange(listener: (settings: Settings, previous: Settings) => void): () => void;
}

/** Parses stored settings field by field: a bad or missing value falls back to its default, the rest survive. */
export function parseStoredSettings(raw: unknown, defaults: Settings = DEFAULT_SETTINGS): Settings {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const result: Record<string, unknown> = { ...defaults };
  for (const [key, schema] of Object.entries(settingsShape)) {
    const parsed = schema.safeParse(source[key]);
    if (parsed.success) result[key] = parsed.data;
  }
  return result as Settings;
}

/** `defaults` overrides some of DEFAULT_SETTINGS for this run (a packaged build's, see packagedDefaults.ts). */
export function createSettingsService(storage: SettingsStorage, defaultOverrides: Partial<Settings> = {}): SettingsService {
  const defaults: Settings = { ...DEFAULT_SETTINGS, ...defaultOverrides };
  let current = parseStoredSettings(storage.read(), defaults);
  const changed = createListeners<[settings: Settings, previous: Settings]>();

  const replace = (next: Settings): Settings => {
    const previous = current;
    current = next;
    storage.write(next);
    changed.emit(next, previous);
    return next;
  };

  return {
    get: () => current,
    update: (patch) => {
      const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      const next = { ...current, ...defined };
      // the one rule that spans two fields: an overlap as large as the chunk would never move forward
      if (next.chunkOverlapTokens >= next.chunkTargetTokens) {
        const field = 'chunkOverlapTokens' in defined ? 'chunkOverlapTokens' : 'chunkTargetTokens';
        const message = `The overlap (${next.chunkOverlapTokens} tokens) must be smaller than the chunk size (${next.chunkTargetTokens} tokens)`;
        throw new AppError('INVALID_INPUT', message, { issues: [{ path: [field], message }] });
      }
      return replace(next);
    },
    reset: () => replace({ ...defaults }),
    onChange: changed.add,
  };
}
