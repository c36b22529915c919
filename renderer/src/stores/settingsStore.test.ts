import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import { createSettingsStore } from './settingsStore';
import { createFakeLociApi, deferred } from './testing/fakeLociApi';
import { sampleSettings } from './testing/fixtures';

describe('settings store', () => {
  it('loads the settings', async () => {
    const api = createFakeLociApi({ 'settings.get': () => sampleSettings({ theme: 'dark' }) });
    const store = createSettingsStore(api);
    expect(store.getState().settings).toBeNull();
    await store.getState().load();
    expect(store.getState().settings?.theme).toBe('dark');
    expect(store.getState().loadError).toBeNull();
  });

  it('keeps the load error', async () => {
    const api = createFakeLociApi({
      'settings.get': () => Promise.reject(new AppError('DISCONNECTED', 'Lost connection to Loci: gone')),
    });
    const store = createSettingsStore(api);
    await store.getState().load();
    expect(store.getState().settings).toBeNull();
    expect(store.getState().loadError?.code).toBe('DISCONNECTED');
  });

  it('applies what settings.update returns', async () => {
    const api = createFakeLociApi({ 'settings.update': (patch) => sampleSettings({ ...patch }) });
    const store = createSettingsStore(api);
    await store.getState().update({ ollamaUrl: 'http://localhost:11500' });
    expect(api.calls).toEqual([{ name: 'settings.update', input: { ollamaUrl: 'http://localhost:11500' } }]);
    expect(store.getState().settings?.ollamaUrl).toBe('http://localhost:11500');
  });

  it('rejects an invalid update with the AppError and keeps the old settings', async () => {
    const api = createFakeLociApi({
      'settings.get': () => sampleSettings(),
      'settings.update': () => Promise.reject(new AppError('INVALID_INPUT', 'Invalid input for settings.update: ollamaUrl: Enter an http:// or https:// URL')),
    });
    const store = createSettingsStore(api);
    await store.getState().load();
    await expect(store.getState().update({ ollamaUrl: 'nope' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(store.getState().settings?.ollamaUrl).toBe(sampleSettings().ollamaUrl);
  });

  it('resets to what settings.reset returns', async () => {
    const api = createFakeLociApi({ 'settings.get': () => sampleSettings({ theme: 'dark' }), 'settings.reset': () => sampleSettings() });
    const store = createSettingsStore(api);
    await store.getState().load();
    await store.getState().reset();
    expect(store.getState().settings?.theme).toBe('system');
  });

  it('does not let a slow first load overwrite a pushed change', async () => {
    const slow = deferred<ReturnType<typeof sampleSettings>>();
    const api = createFakeLociApi({ 'settings.get': () => slow.promise });
    const store = createSettingsStore(api);
    const loading = store.getState().load();
    store.getState().received(sampleSettings({ theme: 'light' }));
    slow.resolve(sampleSettings({ theme: 'dark' }));
    await loading;
    expect(store.getState().settings?.theme).toBe('light');
  });
});
