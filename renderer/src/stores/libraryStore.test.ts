import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import type { Collection, DocumentInfo } from '../../../shared/contract/library';
import { createLibraryStore, DOCUMENT_PAGE_SIZE, documentAt, SELECTED_COLLECTION_KEY, selectedShownCount, type LibraryState, type LibraryStoreDeps } from './libraryStore';
import { createLibrarySearchStore, wireLibrarySearch } from './librarySearchStore';
import { createFakeLibraryApi } from './testing/fakeLibraryApi';
import { deferred, type FakeHandlers, type FakeLociApiOptions } from './testing/fakeLociApi';
import { documentWindowOf, sampleCollection, sampleDocument, sampleEmbedderStatus, samplePassage } from './testing/fixtures';

// lets the store's pending promises run: only where a test checks that something did NOT happen, which no poll can
// wait for; what a test waits for, it polls for (vi.waitFor)
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
/** Longer than the store's (shortened) change and filter delays. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));
/** The loaded rows, in the table's order. */
const shownRows = (state: LibraryState): DocumentInfo[] => [...state.documentPages.entries()].sort((a, b) => a[0] - b[0]).flatMap(([, rows]) => rows);

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
  const deps: LibraryStoreDeps = { storage, changeDelayMs: 5, filterDelayMs: 5 };
  const store = createLibraryStore(api, deps);
  const search = createLibrarySearchStore(api, { selectedCollectionId: () => store.getState().selectedCollectionId });
  wireLibrarySearch(store, search);
  return { api, store, search, storage, docsByCollection, callsOf };
}

describe('library store: collections', () => {
  it('loads collections, picks the default one, and loads its documents and the embedder state', async () => {
    const { store } = setup();
    await store.getState().load();
    await flush();
    const state = store.getState();
    expect(state.collections).toHaveLength(2);
    expect(state.selectedCollectionId).toBe('default');
    expect(shownRows(state).map((d) => d.id)).toEqual(['doc-1']);
    expect(state.embedder?.state).toBe('ready');
  });

  it('remembers the selected collection across sessions', async () => {
    const storage = memoryStorage({ [SELECTED_COLLECTION_KEY]: 'work' });
    const { store } = setup({}, { storage });
    await store.getState().load();
    await flush();
    expect(store.getState().selectedCollectionId).toBe('work');
    expect(shownRows(store.getState()).map((d) => d.id)).toEqual(['doc-w']);

    await store.getState().selectCollection('default');
    expect(storage.data[SELECTED_COLLECTION_KEY]).toBe('default');
    expect(shownRows(store.getState()).map((d) => d.id)).toEqual(['doc-1']);
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
    expect(shownRows(store.getState()).map((d) => d.id)).toEqual(['doc-1']);
  });
});

describe('library store: documents', () => {
  const many = (n: number, collectionId = 'default'): DocumentInfo[] =>
    Array.from({ length: n }, (_, i) => sampleDocument({ id: `doc-${i}`, collectionId, name: `file-${String(i).padStart(5, '0')}.txt`, path: `/data/file-${i}.txt`, addedAt: i, chunkCount: 1 + (i % 4) }));
  const windowsAsked = (callsOf: (name: string) => Array<{ input: unknown }>) =>
    callsOf('library.documents').map((c) => (c.input as { window: { offset: number; limit: number; sort: unknown; filter: string } }).window);

  it('refreshes on library.changed for the selected collection or for all, not for another one', async () => {
    const { store, callsOf } = setup();
    await store.getState().load();
    await settle();
    const before = callsOf('library.documents').length;
    store.getState().changed('work');
    await settle();
    expect(callsOf('library.documents').length).toBe(before);
    store.getState().changed('default');
    await settle();
    expect(callsOf('library.documents').length).toBe(before + 1);
    store.getState().changed(null);
    await settle();
    expect(callsOf('library.documents').length).toBe(before + 2);
  });

  it('makes a burst of change events one refresh of the rows in view and the counts, and one more for events during it', async () => {
    const { store, api, callsOf, docsByCollection } = setup();
    await store.getState().load();
    await settle();
    const documentsBefore = callsOf('library.documents').length;
    const collectionsBefore = callsOf('library.collections').length;
    for (let i = 0; i < 50; i++) store.getState().changed(i % 2 === 0 ? 'default' : null);
    await flush();
    expect(callsOf('library.documents').length).toBe(documentsBefore);
    await settle();
    expect(callsOf('library.documents').length).toBe(documentsBefore + 1);
    expect(callsOf('library.collections').length).toBe(collectionsBefore + 1);

    // events while that refresh is on its way: one more refresh after it, with the newer rows
    const slow = deferred<{ documents: DocumentInfo[]; total: number }>();
    api.handle({ 'library.documents': () => slow.promise });
    store.getState().changed('default');
    await settle();
    expect(callsOf('library.documents').length).toBe(documentsBefore + 2);
    docsByCollection.default = [sampleDocument(), sampleDocument({ id: 'doc-2', addedAt: 5_000 })];
    api.handle({ 'library.documents': ({ collectionId, window }) => documentWindowOf(docsByCollection[collectionId] ?? [], window) });
    for (let i = 0; i < 10; i++) store.getState().changed('default');
    slow.resolve({ documents: [], total: 0 });
    await settle();
    await settle();
    expect(callsOf('library.documents').length).toBe(documentsBefore + 3);
    expect(shownRows(store.getState()).map((d) => d.id)).toEqual(['doc-2', 'doc-1']);
    expect(store.getState().documentTotal).toBe(2);
  });

  it('fetches only the pages the table shows, each once, and counts from the host’s total', async () => {
    const { store, callsOf, docsByCollection } = setup();
    docsByCollection.default = many(10_000);
    await store.getState().load();
    await settle();
    expect(store.getState().documentTotal).toBe(10_000);
    expect(shownRows(store.getState())).toHaveLength(DOCUMENT_PAGE_SIZE);
    // newest first: the first row is the last added
    expect(documentAt(store.getState(), 0)?.id).toBe('doc-9999');

    store.getState().showDocumentRows(5_010, 5_040);
    await settle();
    store.getState().showDocumentRows(5_020, 5_050); // the same page: nothing to fetch
    await settle();
    expect(documentAt(store.getState(), 5_030)?.id).toBe(`doc-${9_999 - 5_030}`);
    expect(documentAt(store.getState(), 3_000)).toBeUndefined();
    const asked = windowsAsked(callsOf);
    expect(asked.every((w) => w !== undefined && w.limit <= DOCUMENT_PAGE_SIZE * 5)).toBe(true);
    expect(asked.map((w) => w.offset)).toEqual([0, 5_000]);

    // a change refreshes the page in view only, and drops the others
    store.getState().changed('default');
    await settle();
    expect(windowsAsked(callsOf).at(-1)).toMatchObject({ offset: 5_000, limit: DOCUMENT_PAGE_SIZE });
    expect([...store.getState().documentPages.keys()]).toEqual([5_000 / DOCUMENT_PAGE_SIZE]);
  });

  it('sends the sort and the filter to the host, and keeps the selection across them', async () => {
    const { store, callsOf, docsByCollection } = setup();
    docsByCollection.default = many(500);
    await store.getState().load();
    await settle();
    store.getState().setDocumentsSelected(['doc-7', 'doc-123'], true);
    store.getState().sortDocumentsBy('name');
    // the rows are gone until the new order answers, the count stays (the table and its filter stay on screen)
    expect(store.getState().documentPages.size).toBe(0);
    expect(store.getState().documentTotal).toBe(500);
    await settle();
    expect(windowsAsked(callsOf).at(-1)).toMatchObject({ offset: 0, sort: { key: 'name', direction: 'asc' }, filter: '' });
    expect(documentAt(store.getState(), 0)?.id).toBe('doc-0');

    store.getState().setDocumentFilter('f');
    store.getState().setDocumentFilter('fi');
    store.getState().setDocumentFilter(' file-0012 ');
    expect(store.getState().documentFilter).toBe(' file-0012 ');
    await settle();
    await settle();
    // the typing is one request, with the trimmed text
    expect(windowsAsked(callsOf).filter((w) => w.filter !== '').map((w) => w.filter)).toEqual(['file-0012']);
    expect(store.getState().documentTotal).toBe(10);
    expect(shownRows(store.getState()).map((d) => d.id)).toEqual(Array.from({ length: 10 }, (_, i) => `doc-${120 + i}`));
    expect([...store.getState().selectedDocumentIds].sort()).toEqual(['doc-123', 'doc-7']);
    // doc-7 is hidden by the filter: the host's ids tell
    expect(selectedShownCount(store.getState())).toBe(1);
  });

  it('selects every row the filter matches, loaded or not, and clears them again', async () => {
    const { store, callsOf, docsByCollection } = setup();
    docsByCollection.default = many(1_500);
    await store.getState().load();
    await settle();
    await store.getState().setAllShownDocumentsSelected(true);
    expect(store.getState().selectedDocumentIds.size).toBe(1_500);
    expect(selectedShownCount(store.getState())).toBe(1_500);
    expect(callsOf('library.documentIds').at(-1)?.input).toMatchObject({ collectionId: 'default', filter: '' });
    await store.getState().setAllShownDocumentsSelected(false);
    expect(store.getState().selectedDocumentIds.size).toBe(0);
    // the rows themselves were never all fetched
    expect(windowsAsked(callsOf).reduce((sum, w) => sum + w.limit, 0)).toBeLessThan(1_500);
  });

  it('drops from the selection the rows removed elsewhere when it refreshes', async () => {
    const { store, docsByCollection } = setup();
    docsByCollection.default = many(3);
    await store.getState().load();
    await settle();
    store.getState().setDocumentsSelected(['doc-0', 'doc-1'], true);
    docsByCollection.default = docsByCollection.default.filter((d) => d.id !== 'doc-1');
    store.getState().changed('default');
    await settle();
    await settle();
    expect([...store.getState().selectedDocumentIds]).toEqual(['doc-0']);
  });

  it('removes documents, drops them from the selection and refreshes the rows and the counts', async () => {
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
    const collectionsBefore = callsOf('library.collections').length;
    await store.getState().removeDocuments(['doc-1']);
    expect(callsOf('library.removeDocuments')[0]?.input).toEqual({ ids: ['doc-1'] });
    expect(shownRows(store.getState())).toEqual([]);
    expect(store.getState().documentTotal).toBe(0);
    expect(store.getState().selectedDocumentIds.size).toBe(0);
    expect(callsOf('library.collections').length).toBe(collectionsBefore + 1);
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
