import { describe, expect, it, vi } from 'vitest';
import { createAppStores, startAppStores } from './appStores';
import { createFakeLociApi } from './testing/fakeLociApi';
import { readyStatus, sampleAppInfo, sampleCollection, sampleEmbedderStatus, sampleSettings, unreachableStatus } from './testing/fixtures';

const fullApi = () =>
  createFakeLociApi({
    'settings.get': () => sampleSettings(),
    'app.info': () => sampleAppInfo,
    'ollama.status': () => unreachableStatus(),
    'models.list': () => ({ models: [], engines: [] }),
  });

describe('app stores', () => {
  it('loads settings, app info and Ollama status at start', async () => {
    const api = fullApi();
    const stores = createAppStores(api);
    await startAppStores(stores);
    expect(stores.settings.getState().settings).toEqual(sampleSettings());
    expect(stores.status.getState().appInfo).toEqual(sampleAppInfo);
    expect(stores.status.getState().ollama.state).toBe('unreachable');
  });

  it('routes pushed events to their stores', () => {
    const api = fullApi();
    const stores = createAppStores(api);
    api.emit('settings.changed', sampleSettings({ theme: 'dark' }));
    api.emit('ollama.statusChanged', unreachableStatus({ checkedAt: 3_000 }));
    expect(stores.settings.getState().settings?.theme).toBe('dark');
    expect(stores.status.getState().ollama.checkedAt).toBe(3_000);
  });

  it('routes library events to the library store', async () => {
    const api = fullApi();
    api.handle({
      'library.collections': () => ({ collections: [sampleCollection()] }),
      'library.documents': () => ({ documents: [], total: 0 }),
      'library.embedderStatus': () => sampleEmbedderStatus(),
    });
    const stores = createAppStores(api);
    await startAppStores(stores);
    expect(stores.library.getState().selectedCollectionId).toBe('default');
    api.emit('library.embedderStatusChanged', sampleEmbedderStatus({ state: 'downloading', progress: 12 }));
    expect(stores.library.getState().embedder?.progress).toBe(12);
    const before = api.calls.filter((c) => c.name === 'library.documents').length;
    api.emit('library.changed', { collectionId: 'default' });
    api.emit('library.changed', { collectionId: 'default' });
    // the two events are one refresh, after the store's short pause for more
    await vi.waitFor(() => expect(api.calls.filter((c) => c.name === 'library.documents').length).toBe(before + 1));
  });

  it('routes a host background job to the import jobs store, which refreshes the documents when it ends', async () => {
    const api = fullApi();
    api.handle({
      'library.collections': () => ({ collections: [sampleCollection()] }),
      'library.documents': () => ({ documents: [], total: 0 }),
      'library.embedderStatus': () => sampleEmbedderStatus(),
    });
    const stores = createAppStores(api);
    await startAppStores(stores);
    const pushed = { jobId: 'job-1', kind: 'resume' as const, collectionId: 'default', label: 'Resuming 1 file', files: [], overall: null, summary: null, error: null };
    api.emit('library.backgroundJob', { ...pushed, phase: 'running' });
    expect(stores.importJobs.getState().job).toMatchObject({ kind: 'resume', hostJobId: 'job-1', phase: 'running' });
    const before = api.calls.filter((c) => c.name === 'library.documents').length;
    api.emit('library.backgroundJob', { ...pushed, phase: 'finished' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(stores.importJobs.getState().job?.phase).toBe('finished');
    expect(api.calls.filter((c) => c.name === 'library.documents').length).toBe(before + 1);
  });

  it('marks the connection lost on disconnect', () => {
    const api = fullApi();
    const stores = createAppStores(api);
    expect(stores.status.getState().connectionLost).toBeNull();
    api.disconnect('the Loci host closed the connection (code 1006)');
    expect(stores.status.getState().connectionLost).toBe('the Loci host closed the connection (code 1006)');
  });

  it('lists models when Ollama becomes ready and when models change', async () => {
    const api = fullApi();
    const stores = createAppStores(api);
    const refresh = vi.spyOn(stores.models.getState(), 'refresh');
    api.emit('ollama.statusChanged', unreachableStatus({ checkedAt: 2_000 }));
    expect(refresh).not.toHaveBeenCalled();
    api.emit('ollama.statusChanged', readyStatus({ checkedAt: 3_000 }));
    expect(refresh).toHaveBeenCalledTimes(1);
    api.emit('ollama.statusChanged', readyStatus({ checkedAt: 4_000, modelCount: 3 }));
    expect(refresh).toHaveBeenCalledTimes(2);
    api.emit('models.changed', { reason: 'pulled' });
    expect(refresh).toHaveBeenCalledTimes(3);
  });

  it('unwires every listener on dispose', () => {
    const api = fullApi();
    const stores = createAppStores(api);
    expect(api.listenerCount()).toBeGreaterThan(0);
    stores.dispose();
    expect(api.listenerCount()).toBe(0);
    api.emit('settings.changed', sampleSettings({ theme: 'dark' }));
    expect(stores.settings.getState().settings).toBeNull();
  });
});
