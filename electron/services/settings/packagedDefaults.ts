// Defaults that differ for a packaged desktop build: plain Node, decided once at start-up by the desktop shell.
import type { Settings } from '../../../shared/contract/settings';
import { DEFAULT_SETTINGS } from '../../../shared/contract/settings';
import { findModelDir } from '../embedding/embeddingService';

/**
 * A packaged app that ships the default embedder (electron-builder's extraResources, see `LOCI_BUNDLE_MODEL_DIR`)
 * has no reason to reach the model hub: downloads start off, and the user can still turn them on in Settings. Only
 * the default changes; a value the user saved is kept. A development run (not packaged) keeps the plain defaults.
 */
export function packagedSettingsDefaults(options: { packaged: boolean; bundledModelDirs: readonly string[] }): Partial<Settings> {
  if (!options.packaged) return {};
  const bundled = findModelDir(options.bundledModelDirs, DEFAULT_SETTINGS.embedderModelId, DEFAULT_SETTINGS.embedderDtype);
  return bundled === null ? {} : { allowModelDownload: false };
}
