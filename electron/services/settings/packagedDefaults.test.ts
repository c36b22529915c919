// A packaged build that ships the default embedder starts with downloads off; a saved choice still wins.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../shared/contract/settings';
import { makeTempDir } from '../../testing/testCore';
import { packagedSettingsDefaults } from './packagedDefaults';
import { createSettingsService } from './settingsService';

const bundled = makeTempDir('loci-bundled-');
const model = path.join(bundled, DEFAULT_SETTINGS.embedderModelId);
fs.mkdirSync(path.join(model, 'onnx'), { recursive: true });
fs.writeFileSync(path.join(model, 'config.json'), '{}');
fs.writeFileSync(path.join(model, 'onnx', 'model_quantized.onnx'), 'weights');
const empty = makeTempDir('loci-bundled-empty-');
afterAll(() => [bundled, empty].forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const memoryStorage = (stored: unknown) => ({ read: () => stored, write: (_s: Settings) => undefined });

describe('packaged defaults', () => {
  it('turns downloads off only for a packaged build with the default embedder bundled', () => {
    expect(packagedSettingsDefaults({ packaged: true, bundledModelDirs: [bundled] })).toEqual({ allowModelDownload: false });
    expect(packagedSettingsDefaults({ packaged: true, bundledModelDirs: [empty] })).toEqual({});
    expect(packagedSettingsDefaults({ packaged: false, bundledModelDirs: [bundled] })).toEqual({});
  });

  it('changes the default, not what the user saved, and reset returns to it', () => {
    const defaults = packagedSettingsDefaults({ packaged: true, bundledModelDirs: [bundled] });
    expect(createSettingsService(memoryStorage({}), defaults).get().allowModelDownload).toBe(false);
    const saved = createSettingsService(memoryStorage({ allowModelDownload: true }), defaults);
    expect(saved.get().allowModelDownload).toBe(true);
    expect(saved.reset().allowModelDownload).toBe(false);
    expect(createSettingsService(memoryStorage({})).get().allowModelDownload).toBe(true);
  });
});
