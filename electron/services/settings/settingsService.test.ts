// Settings: defaults, per-field fallback for bad values on disk, persistence across restarts, change events.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/contract/settings';
import { makeTempDir } from '../../testing/testCore';
import { resolveRuntimeConfig } from '../config/runtimeConfig';
import { createConfSettingsStorage } from './confSettingsStorage';
import { createSettingsService, parseStoredSettings } from './settingsService';

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = makeTempDir();
  dirs.push(dir);
  return dir;
};
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('settings', () => {
  it('starts from the defaults', () => {
    expect(createSettingsService(createConfSettingsStorage(tempDir())).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps good fields and replaces only the bad ones from disk', () => {
    expect(parseStoredSettings({ ollamaUrl: 'not a url', theme: 'dark', defaultChatModel: 5 })).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    expect(parseStoredSettings('garbage')).toEqual(DEFAULT_SETTINGS);
    expect(parseStoredSettings(null)).toEqual(DEFAULT_SETTINGS);
  });

  it('loads a file written before a setting was removed, and drops it on the next save', () => {
    // retrievalMinSimilarity left the settings when the relevance gate replaced it
    const dir = tempDir();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ settings: { ...DEFAULT_SETTINGS, retrievalMinSimilarity: 0.5, theme: 'dark' } }));
    const service = createSettingsService(createConfSettingsStorage(dir));
    expect(service.get()).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    service.update({ retrievalTopK: 7 });
    const saved = (JSON.parse(fs.readFileSync(file, 'utf8')) as { settings: Record<string, unknown> }).settings;
    expect(saved).not.toHaveProperty('retrievalMinSimilarity');
    expect(saved.retrievalTopK).toBe(7);
  });

  it('persists updates across a restart and notifies listeners', () => {
    const dir = tempDir();
    const first = createSettingsService(createConfSettingsStorage(dir));
    const seen: string[] = [];
    first.onChange((next, prev) => seen.push(`${prev.theme}->${next.theme}`));
    first.update({ theme: 'dark', ollamaUrl: 'http://10.0.0.5:11434' });
    expect(seen).toEqual(['system->dark']);
    const second = createSettingsService(createConfSettingsStorage(dir));
    expect(second.get()).toMatchObject({ theme: 'dark', ollamaUrl: 'http://10.0.0.5:11434' });
    expect(second.reset()).toEqual(DEFAULT_SETTINGS);
    expect(createSettingsService(createConfSettingsStorage(dir)).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses an overlap as large as the chunk, naming the field', () => {
    const service = createSettingsService(createConfSettingsStorage(tempDir()));
    expect(() => service.update({ chunkOverlapTokens: 200 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { issues: [expect.objectContaining({ path: ['chunkOverlapTokens'] })] } }));
    expect(() => service.update({ chunkTargetTokens: 40 })).toThrow(expect.objectContaining({ details: { issues: [expect.objectContaining({ path: ['chunkTargetTokens'] })] } }));
    expect(service.update({ chunkTargetTokens: 300, chunkOverlapTokens: 60 })).toMatchObject({ chunkTargetTokens: 300, chunkOverlapTokens: 60 });
  });

  it('survives a corrupt settings file by starting from defaults', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'settings.json'), '{ this is not json');
    let service;
    try {
      service = createSettingsService(createConfSettingsStorage(dir));
    } catch (error) {
      throw new Error(`a corrupt settings file must not stop the app: ${String(error)}`, { cause: error });
    }
    expect(service.get()).toEqual(DEFAULT_SETTINGS);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('settings.json.corrupt-'))).toBe(true);
  });
});

describe('runtime config', () => {
  it('takes flags over environment over defaults', () => {
    const env = { LOCI_DATA_DIR: '/tmp/from-env', LOCI_OLLAMA_URL: 'http://env:1' };
    expect(resolveRuntimeConfig([], env, '/tmp/default')).toMatchObject({ dataDir: '/tmp/from-env', port: 5170, settingsOverrides: { ollamaUrl: 'http://env:1' } });
    expect(resolveRuntimeConfig(['--data-dir', '/tmp/flag', '--ollama-url=http://flag:2', '--port', '0', '--model-dir', '/m', '--embedder', 'a/b'], env, '/tmp/default')).toEqual({
      dataDir: '/tmp/flag',
      port: 0,
      settingsOverrides: { ollamaUrl: 'http://flag:2', embedderModelDir: '/m', embedderModelId: 'a/b' },
    });
    expect(resolveRuntimeConfig(['--no-sandbox'], {}, '/tmp/default')).toEqual({ dataDir: '/tmp/default', port: 5170, settingsOverrides: {} });
    expect(() => resolveRuntimeConfig(['--port', 'x'], {}, '/tmp/d')).toThrow(/Invalid port/);
  });
});
