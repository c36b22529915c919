import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import type { Collection, DocumentInfo } from '../../../shared/contract/library';
import { createLibraryStore, SELECTED_COLLECTION_KEY, type LibraryStoreDeps } from './libraryStore';
import { createLibrarySearchStore, wireLibrarySearch } from './librarySearchStore';
import { createFakeLibraryApi } from './testing/fakeLibraryApi';
import { deferred, type FakeHandlers, type FakeLociApiOptions } from './testing/fakeLociApi';
import { sampleCollection, sampleDocument, sampleEmbedderStatus, samplePassage } from './testing/fixtures';

// lets the store's pending promises run: only where a test checks that something did NOT happen, which no poll can
// wait for; what a test waits for, it polls for (vi.waitFor)
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function memoryStorage(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem'> & { data: Record<string, string> } {
  const data = { ...initial };
  return { data, getItem: (key) => data[key] ?? null, setItem: (key, value) => void (data[key] = value) };
}

function setup(
  handlers: FakeHandlers = {},
  options: { storage?: ReturnType<typeof memoryStorage>; api?: FakeLociApiOptions } = {},
) {
  const { api, docsByCollection, callsOf } = createFakeLibraryApi(handlers, options.api);
  const storage = options.storage ?? memoryStorage();
  const deps: LibraryStoreDeps = { storage };
  const store = createLibraryStore(api, deps);
  const search = createLibrarySearchStore(api, { selectedCollectionId: () => store.getState().selectedCollectionId });
  wireLibrarySearch(store, search);
  return { api, store, search, storage, docsByCollection, callsOf };
}

describe('library store: collections', () => {
  it('loads collections, picks the default one, and loads its documents and the embedder state', async () => {
    const { store } = setup();
    await store.getState().load();
    await vi.waitFor(() => {
      const state = store.getState();
      expect(state.collections).toHaveLength(2);
      expect(state.selectedCollectionId).toBe('default');
      expect(state.documents?.map((d) => d.id)).toEqual(['doc-1']);
      expect(state.embedder?.state).toBe('ready');
    });
  });

  it('remembers the selected collection across sessions', async () => {
    const storage = memoryStorage({ [SELECTED_COLLECTION_KEY]: 'work' });
    const { store } = setup({}, { storage });
    await store.getState().load();
    await vi.waitFor(() => {
      expect(store.getState().selectedCollectionId).toBe('work');
      expect(store.getState().documents?.map((d) => d.id)).toEqual(['doc-w']);
    });

    await store.getState().selectCollection('default');
    expect(storage.data[SELECTED_COLLECTION_KEY]).toBe('default');
    expect(store.getState().documents?.map((d) => d.id)).toEqual(['doc-1']);
  });

  it('falls back when the remembered collection is gone', async () => {
    const { store } = setup({}, { storage: memoryStorage({ [SELECTED_COLLECTION_KEY]: 'deleted' }) });
    await store.getState().load();
    expect(store.getState().selectedCollectionId).toBe('default');
  });

  it('creates a collection and selects it', async () => {
    const created: Collection = sampleCollection({ id: 'new', name: 'Papers', createdAt: 3_000 });
    const { store, callsOf } = setup({ 'library.createCollection': () => created });
    await store.getState().load();
    await store.getState().createCollection('Papers');
    expect(callsOf('library.createCollection')[0]?.input).toEqual({ name: 'Papers' });
    expect(store.getState().selectedCollectionId).toBe('new');
    expect(store.getState().collections?.some((c) => c.id === 'new')).toBe(true);
  });

  it('rejects an invalid name with the AppError', async () => {
    const { store } = setup({ 'library.createCollection': () => Promise.reject(new AppError('INVALID_INPUT', 'Invalid input: name: Enter a name')) });
    await expect(store.getState().createCollection(' ')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('renames a collection in place', async () => {
    const { store } = setup({ 'library.renameCollection': ({ id, name }) => sampleCollection({ id, name }) });
    await store.getState().load();
    await store.getState().renameCollection('default', 'Everything');
    expect(store.getState().collections?.find((c) => c.id === 'default')?.name).toBe('Everything');
  });

  it('passes on CONFLICT when the default collection cannot be deleted', async () => {
    const { store } = setup({ 'library.deleteCollection': () => Promise.reject(new AppError('CONFLICT', 'The default collection cannot be deleted')) });
    await store.getState().load();
    await expect(store.getState().deleteCollection('default')).rejects.toMatchObject({ code: 'CONFLICT', message: 'The default collection cannot be deleted' });
    expect(store.getState().collections).toHaveLength(2);
  });

  it('selects the default collection after deleting the selected one', async () => {
    const { store, api } = setup();
    await store.getState().load();
    await store.getState().selectCollection('work');
    api.handle({ 'library.deleteCollection': ({ id }) => ({ id }), 'library.collections': () => ({ collections: [sampleCollection()] }) });
    await store.getState().deleteCollection('work');
    expect(store.getState().selectedCollectionId).toBe('default');
    expect(store.getState().documents?.map((d) => d.id)).toEqual(['doc-1']);
  });
});

describe('library store: documents', () => {
  it('refreshes on library.changed for the selected collection or for all, not for another one', async () => {
    const { store, callsOf } = setup();
    await store.getState().load();
    await vi.waitFor(() => expect(store.getState().documents).not.toBeNull());
    const before = callsOf('library.documents').length;
    store.getState().changed('work');
    await flush(); // no request may follow
    expect(callsOf('library.documents').length).toBe(before);
    store.getState().changed('default');
    await vi.waitFor(() => expect(callsOf('library.documents').length).toBe(before + 1));
    store.getState().changed(null);
    await vi.waitFor(() => expect(callsOf('library.documents').length).toBe(before + 2));
  });

  it('coalesces a burst of changes into one more request', async () => {
    const slow = deferred<{ documents: DocumentInfo[]; total: number }>();
    const { store, api, callsOf } = setup();
    await store.getState().load();
    await vi.waitFor(() => expect(store.getState().documents).not.toBeNull());
    const before = callsOf('library.documents').length;
    api.handle({ 'library.documents': () => slow.promise });
    for (let i = 0; i < 5; i++) store.getState().changed('default');
    await flush(); // one request, and no more while it runs
    expect(callsOf('library.documents').length).toBe(before + 1);
    api.handle({ 'library.documents': () => ({ documents: [sampleDocument(), sampleDocument({ id: 'doc-2' })], total: 2 }) });
    slow.resolve({ documents: [], total: 0 });
    await vi.waitFor(() => expect(store.getState().documents).toHaveLength(2));
    expect(callsOf('library.documents').length).toBe(before + 2);
  });

  it('removes documents and drops them from the selection', async () => {
    const { store, callsOf, docsByCollection, api } = setup();
    api.handle({
      'library.removeDocuments': ({ ids }) => {
        docsByCollection.default = docsByCollection.default!.filter((d) => !ids.includes(d.id));
        return { removed: ids.length };
      },
    });
    await store.getState().load();
    store.getState().setDocumentsSelected(['doc-1'], true);
    expect(store.getState().selectedDocumentIds.has('doc-1')).toBe(true);
    await store.getState().removeDocuments(['doc-1']);
    expect(callsOf('library.removeDocuments')[0]?.input).toEqual({ ids: ['doc-1'] });
    expect(store.getState().documents).toEqual([]);
    expect(store.getState().selectedDocumentIds.size).toBe(0);
  });

  it('keeps a failed reveal as the action error', async () => {
    const { store } = setup({ 'library.reveal': () => Promise.reject(new AppError('NOT_FOUND', 'The source file is no longer at /x')) });
    await store.getState().revealDocument('doc-1');
    expect(store.getState().actionError?.message).toBe('The source file is no longer at /x');
    store.getState().dismissActionError();
    expect(store.getState().actionError).toBeNull();
  });
});

describe('library store: embedder', () => {
  it('follows pushed statuses, and a pushed status beats an older answer', async () => {
    const slow = deferred<ReturnType<typeof sampleEmbedderStatus>>();
    const { store } = setup({ 'library.embedderStatus': () => slow.promise });
    const loading = store.getState().load();
    store.getState().embedderStatusReceived(sampleEmbedderStatus({ state: 'downloading', progress: 40 }));
    slow.resolve(sampleEmbedderStatus({ state: 'idle' }));
    await loading;
    expect(store.getState().embedder?.state).toBe('downloading');
    expect(store.getState().embedder?.progress).toBe(40);
  });
});

describe('library store: search', () => {
  it('searches the selected collection and keeps the passages with their timings', async () => {
    const { search, store, callsOf } = setup({ 'library.search': ({ mode }) => ({ passages: [samplePassage()], embedMs: 3, searchMs: 9, mode: mode ?? 'hybrid' }) });
    await store.getState().load();
    search.getState().setSearchQuery('  cloud computing ');
    await search.getState().runSearch();
    expect(callsOf('library.search')[0]?.input).toEqual({ collectionId: 'default', query: 'cloud computing', mode: 'hybrid', k: 10 });
    expect(search.getState().search.results).toMatchObject({ query: 'cloud computing', mode: 'hybrid', embedMs: 3, searchMs: 9 });
    expect(search.getState().search.results?.passages).toHaveLength(1);

    search.getState().setSearchMode('fts');
    await vi.waitFor(() => expect(search.getState().search.results?.mode).toBe('fts'));
    expect(callsOf('library.search')[1]?.input).toMatchObject({ mode: 'fts' });
  });

  it('does not ask for an empty query', async () => {
    const { search, store, callsOf } = setup();
    await store.getState().load();
    search.getState().setSearchQuery('   ');
    await search.getState().runSearch();
    expect(callsOf('library.search')).toHaveLength(0);
  });

  it('keeps the error, and lets the newest query win', async () => {
    const first = deferred<{ passages: never[]; embedMs: number; searchMs: number; mode: 'hybrid' }>();
    const { search, store, api } = setup({ 'library.search': () => first.promise });
    await store.getState().load();
    search.getState().setSearchQuery('one');
    const a = search.getState().runSearch();
    api.handle({ 'library.search': () => Promise.reject(new AppError('EMBEDDER_UNAVAILABLE', 'No model')) });
    search.getState().setSearchQuery('two');
    await search.getState().runSearch();
    first.resolve({ passages: [], embedMs: 1, searchMs: 1, mode: 'hybrid' });
    await a;
    expect(search.getState().search.error?.code).toBe('EMBEDDER_UNAVAILABLE');
    expect(search.getState().search.results).toBeNull();
    expect(search.getState().search.searching).toBe(false);
  });

  it('clears results when switching collections', async () => {
    const { search, store } = setup({ 'library.search': () => ({ passages: [samplePassage()], embedMs: 1, searchMs: 1, mode: 'hybrid' }) });
    await store.getState().load();
    search.getState().setSearchQuery('cloud');
    await search.getState().runSearch();
    await store.getState().selectCollection('work');
    expect(search.getState().search.results).toBeNull();
    expect(search.getState().search.query).toBe('cloud');
  });
});
