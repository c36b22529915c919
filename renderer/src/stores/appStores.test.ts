import { describe, expect, it, vi } from 'vitest';
import { createAppStores, startAppStores } from './appStores';
import { isPanelOpen } from './layoutStore';
import { answer, conversation, message } from './testing/chatHost';
import { createFakeLibraryApi } from './testing/fakeLibraryApi';
import { readyStatus, sampleAppInfo, sampleDocument, sampleEmbedderStatus, sampleSettings, unreachableStatus } from './testing/fixtures';

const fullApi = () =>
  createFakeLibraryApi({
    'settings.get': () => sampleSettings(),
    'app.info': () => sampleAppInfo,
    'ollama.status': () => unreachableStatus(),
    'models.list': () => ({ models: [], engines: [] }),
  });

/** The app's stores over the full fake API, started as the app starts them. */
async function startedStores() {
  const { api, callsOf } = fullApi();
  const stores = createAppStores(api);
  await startAppStores(stores);
  return { api, stores, documentLoads: () => callsOf('library.documents').length };
}

describe('app stores', () => {
  it('loads settings, app info and Ollama status at start', async () => {
    const { stores } = await startedStores();
    expect(stores.settings.getState().settings).toEqual(sampleSettings());
    expect(stores.status.getState().appInfo).toEqual(sampleAppInfo);
    expect(stores.status.getState().ollama.state).toBe('unreachable');
  });

  it('routes pushed events to their stores', () => {
    const { api } = fullApi();
    const stores = createAppStores(api);
    api.emit('settings.changed', sampleSettings({ theme: 'dark' }));
    api.emit('ollama.statusChanged', unreachableStatus({ checkedAt: 3_000 }));
    expect(stores.settings.getState().settings?.theme).toBe('dark');
    expect(stores.status.getState().ollama.checkedAt).toBe(3_000);
  });

  it('routes library events to the library store', async () => {
    const { api, stores, documentLoads } = await startedStores();
    expect(stores.library.getState().selectedCollectionId).toBe('default');
    api.emit('library.embedderStatusChanged', sampleEmbedderStatus({ state: 'downloading', progress: 12 }));
    expect(stores.library.getState().embedder?.progress).toBe(12);
    const before = documentLoads();
    api.emit('library.changed', { collectionId: 'default' });
    api.emit('library.changed', { collectionId: 'default' });
    // the two events are one refresh, after the store's short pause for more
    await vi.waitFor(() => expect(documentLoads()).toBe(before + 1));
  });

  it('routes a host background job to the import jobs store, which refreshes the documents when it ends', async () => {
    const { api, stores, documentLoads } = await startedStores();
    const pushed = { jobId: 'job-1', kind: 'resume' as const, collectionId: 'default', label: 'Resuming 1 file', files: [], overall: null, summary: null, error: null };
    api.emit('library.backgroundJob', { ...pushed, phase: 'running' });
    expect(stores.importJobs.getState().job).toMatchObject({ kind: 'resume', hostJobId: 'job-1', phase: 'running' });
    const before = documentLoads();
    api.emit('library.backgroundJob', { ...pushed, phase: 'finished' });
    await vi.waitFor(() => expect(documentLoads()).toBe(before + 1));
    expect(stores.importJobs.getState().job?.phase).toBe('finished');
  });

  it('marks the connection lost on disconnect', () => {
    const { api } = fullApi();
    const stores = createAppStores(api);
    expect(stores.status.getState().connectionLost).toBeNull();
    api.disconnect('the Loci host closed the connection (code 1006)');
    expect(stores.status.getState().connectionLost).toBe('the Loci host closed the connection (code 1006)');
  });

  it('lists models when Ollama becomes ready and when models change', async () => {
    const { api } = fullApi();
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

  it('wires the chat view stores to the open conversation, and a clicked citation shows the folded sources panel', async () => {
    const { api } = fullApi();
    api.handle({
      'chat.conversations': () => ({ conversations: [conversation({ messageCount: 2 })] }),
      'chat.conversation': () => ({ conversation: conversation({ messageCount: 2 }), messages: [message(), answer({ versions: [answer({ id: 'a0' })] })] }),
      'library.documentText': () => ({ document: sampleDocument(), text: 'the text' }),
    });
    const stores = createAppStores(api);
    await stores.chat.getState().load();
    if (isPanelOpen(stores.layout.getState(), 'sources')) stores.layout.getState().toggle('sources');
    await stores.citations.getState().openPassage('a1', 1);
    expect(stores.citations.getState().viewer).toMatchObject({ messageId: 'a1', n: 1, text: 'the text' });
    expect(stores.layout.getState().peeking).toBe('sources');
    stores.answerView.getState().showVersion('a1', 0);
    expect(stores.answerView.getState().versionShown.get('a1')).toBe(0);
  });

  it('unwires every listener on dispose', () => {
    const { api } = fullApi();
    const stores = createAppStores(api);
    expect(api.listenerCount()).toBeGreaterThan(0);
    stores.dispose();
    expect(api.listenerCount()).toBe(0);
    api.emit('settings.changed', sampleSettings({ theme: 'dark' }));
    expect(stores.settings.getState().settings).toBeNull();
  });
});
