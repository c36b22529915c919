// The import jobs store: imports and re-indexes into the library store's selected collection, their streamed
// progress, cancel, retry, the queue, host resumes, and picking files.
import { describe, expect, it } from 'vitest';
import type { AppCapabilities } from '../../../shared/contract/app';
import { AppError } from '../../../shared/contract/errors';
import type { DocumentInfo, ImportSource } from '../../../shared/contract/library';
import { createImportJobsStore } from './importJobsStore';
import { createLibraryStore } from './libraryStore';
import { createFakeLociApi, deferred, type FakeHandlers, type FakeLociApiOptions, type FakeStream } from './testing/fakeLociApi';
import { filterDocuments } from '../../../shared/library/documentOrder';
import { documentWindowOf, fileProgress, importOverall, sampleCollection, sampleDocument, sampleEmbedderStatus } from './testing/fixtures';

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const collections = [sampleCollection(), sampleCollection({ id: 'work', name: 'Work', createdAt: 2_000 })];

function setup(handlers: FakeHandlers = {}, options: { capabilities?: AppCapabilities | null; api?: FakeLociApiOptions } = {}) {
  const docsByCollection: Record<string, DocumentInfo[]> = {
    default: [sampleDocument()],
    work: [sampleDocument({ id: 'doc-w', collectionId: 'work', name: 'plan.pdf', format: 'pdf' })],
  };
  const api = createFakeLociApi(
    {
      'library.collections': () => ({ collections }),
      'library.documents': ({ collectionId, window }) => documentWindowOf(docsByCollection[collectionId] ?? [], window),
      'library.documentIds': ({ collectionId, filter }) => ({ ids: filterDocuments(docsByCollection[collectionId] ?? [], filter ?? '').map((d) => d.id) }),
      'library.embedderStatus': () => sampleEmbedderStatus(),
      ...handlers,
    },
    options.api,
  );
  // wired as in appStores: the embedder's Retry re-runs an import that failed for want of it
  const library = createLibraryStore(api, { storage: null, retryFailedImport: () => store.getState().retryAfterEmbedder() });
  const store = createImportJobsStore(api, {
    library,
    capabilities: () => (options.capabilities === undefined ? { revealInFileManager: false, openFiles: false, nativeFileDialog: false, hostFolders: false } : options.capabilities),
    maxFileBytes: () => 5_000_000,
  });
  const callsOf = (name: string) => api.calls.filter((c) => c.name === name);
  const lastStream = (): FakeStream<'library.import'> => {
    const stream = api.streams.at(-1);
    if (!stream) throw new Error('no stream opened');
    return stream as FakeStream<'library.import'>;
  };
  return { api, store, library, callsOf, lastStream };
}

describe('import jobs store: embedder', () => {
  it('Retry asks again, and re-runs an import that failed for want of the embedder', async () => {
    const { store, library, api, callsOf, lastStream } = setup();
    await library.getState().load();
    void store.getState().startImport([{ kind: 'grant', grantId: 'g-docs' }]);
    await flush();
    lastStream().fail(new AppError('EMBEDDER_UNAVAILABLE', 'The embedding model is not on this computer'));
    await flush();
    expect(store.getState().job?.phase).toBe('failed');
    expect(store.getState().job?.error?.code).toBe('EMBEDDER_UNAVAILABLE');
    const asked = callsOf('library.embedderStatus').length;
    await library.getState().retryEmbedder();
    expect(callsOf('library.embedderStatus').length).toBe(asked + 1);
    expect(api.streams).toHaveLength(2);
    expect(lastStream().input.sources).toEqual([{ kind: 'grant', grantId: 'g-docs' }]);
    expect(store.getState().job?.phase).toBe('running');
  });
});

describe('import jobs store: import', () => {
  it('opens the import stream for the selected collection and merges per-file progress', async () => {
    const { store, library, lastStream } = setup();
    await library.getState().load();
    await library.getState().selectCollection('work');
    const done = store.getState().startImport([{ kind: 'grant', grantId: 'g-docs' }]);
    await flush();
    const stream = lastStream();
    expect(stream.name).toBe('library.import');
    expect(stream.input).toEqual({ collectionId: 'work', sources: [{ kind: 'grant', grantId: 'g-docs' }], reindexDocumentIds: [], reindexAll: false });
    expect(store.getState().job?.phase).toBe('running');

    stream.emit({ files: [fileProgress('f0'), fileProgress('f1'), fileProgress('f2')], overall: importOverall({ filesTotal: 3 }) });
    const afterFirst = store.getState().job!.files;
    stream.emit({ files: [fileProgress('f0', { state: 'embedding', chunks: 4, pages: 2 })], overall: importOverall({ filesTotal: 3 }) });
    const job = store.getState().job!;
    expect([...job.files.keys()]).toEqual(['f0', 'f1', 'f2']);
    expect(job.files.get('f0')?.state).toBe('embedding');
    // untouched files keep their object, so their rows do not re-render
    expect(job.files.get('f1')).toBe(afterFirst.get('f1'));
    expect(job.files).not.toBe(afterFirst);

    stream.emit({
      files: [fileProgress('f0', { state: 'done', chunks: 4, pages: 2 }), fileProgress('f2', { state: 'skipped', reason: 'Not a supported file type' })],
      overall: importOverall({ filesTotal: 3, filesDone: 2, filesSkipped: 1, chunks: 4, chunksPerSecond: 12, etaSeconds: 3 }),
    });
    expect(store.getState().job?.overall?.filesDone).toBe(2);
    expect(store.getState().job?.files.get('f2')?.reason).toBe('Not a supported file type');

    const files = [
      fileProgress('f0', { state: 'done', chunks: 4 }),
      fileProgress('f1', { state: 'done', chunks: 1 }),
      fileProgress('f2', { state: 'skipped', reason: 'Not a supported file type' }),
    ];
    stream.end({ files, overall: importOverall({ filesTotal: 3, filesDone: 3, filesSkipped: 1, chunks: 5 }), cancelled: false });
    await done;
    expect(store.getState().job?.phase).toBe('finished');
    expect(store.getState().job?.summary?.overall.chunks).toBe(5);
    expect(store.getState().job?.files.get('f1')?.state).toBe('done');
    store.getState().dismissImport();
    expect(store.getState().job).toBeNull();
  });

  it('shows upload progress before the stream starts, then imports the uploads', async () => {
    const upload = deferred<ImportSource[]>();
    let report: ((bytesSent: number) => void) | undefined;
    const { store, library, api, lastStream } = setup(
      {},
      {
        api: {
          toSources: (_names, options) => {
            report = (bytesSent) => options.onProgress?.({ filesDone: 0, filesTotal: 2, bytesSent, bytesTotal: 300 });
            return upload.promise;
          },
        },
      },
    );
    await library.getState().load();
    void store.getState().importFiles([new File(['a'], 'a.md'), new File(['b'], 'b.txt')]);
    await flush();
    expect(store.getState().job?.phase).toBe('uploading');
    expect(api.files.requests[0]).toMatchObject({ kind: 'files', names: ['a.md', 'b.txt'], options: { maxBytes: 5_000_000 } });
    report?.(120);
    expect(store.getState().job?.upload).toEqual({ filesDone: 0, filesTotal: 2, bytesSent: 120, bytesTotal: 300 });
    expect(api.streams).toHaveLength(0);
    upload.resolve([
      { kind: 'upload', uploadId: 'u1' },
      { kind: 'upload', uploadId: 'u2' },
    ]);
    await flush();
    expect(store.getState().job?.phase).toBe('running');
    expect(lastStream().input.sources).toEqual([
      { kind: 'upload', uploadId: 'u1' },
      { kind: 'upload', uploadId: 'u2' },
    ]);
  });

  it('imports a drop through the file importer', async () => {
    const { store, library, api, lastStream } = setup();
    await library.getState().load();
    void store.getState().importDrop([{ file: new File(['# hi'], 'dropped.md'), entry: null }]);
    await flush();
    expect(api.files.requests[0]).toMatchObject({ kind: 'drop', names: ['dropped.md'] });
    expect(lastStream().input.sources).toEqual([{ kind: 'upload', uploadId: 'upload-dropped.md' }]);
  });

  it('cancels: finished files stay, unfinished ones are marked cancelled', async () => {
    const { store, library, lastStream } = setup();
    await library.getState().load();
    const done = store.getState().startImport([{ kind: 'grant', grantId: 'g-many' }]);
    await flush();
    const stream = lastStream();
    stream.emit({
      files: [fileProgress('f0', { state: 'done', chunks: 3 }), fileProgress('f1', { state: 'embedding' }), fileProgress('f2')],
      overall: importOverall({ filesTotal: 3, filesDone: 1 }),
    });
    store.getState().cancelImport();
    expect(stream.cancelled).toBe(true);
    expect(store.getState().job?.cancelling).toBe(true);
    stream.fail(new AppError('CANCELLED', 'Cancelled'));
    await done;
    const job = store.getState().job!;
    expect(job.phase).toBe('cancelled');
    expect(job.cancelling).toBe(false);
    expect([...job.files.values()].map((f) => f.state)).toEqual(['done', 'cancelled', 'cancelled']);
  });

  it('cancels a job the host resumed by itself through sources.cancelJob, and ends it with the host\'s last event', async () => {
    const { store, library, callsOf } = setup({ 'sources.cancelJob': () => ({ cancelled: true }) });
    await library.getState().load();
    const pushed = { jobId: 'job-7', kind: 'resume' as const, collectionId: 'default', label: 'Resuming 3 files', files: [fileProgress('f0'), fileProgress('f1')], overall: importOverall({ filesTotal: 3 }), summary: null, error: null };
    store.getState().backgroundJobReceived({ ...pushed, phase: 'running' });
    expect(store.getState().job?.kind).toBe('resume');
    store.getState().cancelImport();
    expect(store.getState().job?.cancelling).toBe(true);
    await flush();
    expect(callsOf('sources.cancelJob').map((c) => c.input)).toEqual([{ jobId: 'job-7' }]);
    store.getState().backgroundJobReceived({ ...pushed, phase: 'cancelled', files: [fileProgress('f0', { state: 'done' }), fileProgress('f1', { state: 'cancelled' })] });
    const job = store.getState().job!;
    expect(job.phase).toBe('cancelled');
    expect(job.cancelling).toBe(false);
    expect([...job.files.values()].map((f) => f.state)).toEqual(['done', 'cancelled']);
  });

  it('stops showing Cancelling when the host says the resumed job had already ended', async () => {
    const { store, library } = setup({ 'sources.cancelJob': () => ({ cancelled: false }) });
    await library.getState().load();
    store.getState().backgroundJobReceived({ jobId: 'job-8', kind: 'resume', collectionId: 'default', label: 'Resuming 1 file', phase: 'running', files: [], overall: null, summary: null, error: null });
    store.getState().cancelImport();
    await flush();
    expect(store.getState().job?.cancelling).toBe(false);
  });

  it('cancels during the upload without opening the stream', async () => {
    const upload = deferred<ImportSource[]>();
    let report: (() => void) | undefined;
    const { store, library, api } = setup(
      {},
      {
        api: {
          toSources: (_names, options) => {
            report = () => options.onProgress?.({ filesDone: 0, filesTotal: 1, bytesSent: 1, bytesTotal: 2 });
            return upload.promise;
          },
        },
      },
    );
    await library.getState().load();
    const done = store.getState().importFiles([new File(['x'], 'x.txt')]);
    await flush();
    store.getState().cancelImport();
    expect(() => report?.()).toThrow(/Cancelled/);
    upload.reject(new AppError('CANCELLED', 'Cancelled'));
    await done;
    expect(store.getState().job?.phase).toBe('cancelled');
    expect(api.streams).toHaveLength(0);
  });

  it('keeps the error of a failed import', async () => {
    const { store, library, lastStream } = setup();
    await library.getState().load();
    const done = store.getState().startImport([{ kind: 'grant', grantId: 'g-docs' }]);
    await flush();
    lastStream().fail(new AppError('EMBEDDER_MISMATCH', 'The library was indexed with another model; re-index it'));
    await done;
    expect(store.getState().job).toMatchObject({ phase: 'failed', error: { code: 'EMBEDDER_MISMATCH' } });
  });

  it('runs an import asked for during another one afterwards', async () => {
    const { store, library, api } = setup();
    await library.getState().load();
    void store.getState().startImport([{ kind: 'grant', grantId: 'g-one' }]);
    await flush();
    void store.getState().startImport([{ kind: 'grant', grantId: 'g-two' }]);
    await flush();
    expect(api.streams).toHaveLength(1);
    expect(store.getState().queuedImports).toBe(1);
    api.streams[0]!.end({ files: [], overall: importOverall(), cancelled: false });
    await flush();
    await flush();
    expect(api.streams).toHaveLength(2);
    expect((api.streams[1] as FakeStream<'library.import'>).input.sources).toEqual([{ kind: 'grant', grantId: 'g-two' }]);
    expect(store.getState().queuedImports).toBe(0);
  });

  it('re-indexes chosen documents, or the whole library', async () => {
    const { store, library, api } = setup();
    await library.getState().load();
    void store.getState().reindex(['doc-1']);
    await flush();
    expect((api.streams[0] as FakeStream<'library.import'>).input).toEqual({ collectionId: 'default', sources: [], reindexDocumentIds: ['doc-1'], reindexAll: false });
    expect(store.getState().job?.kind).toBe('reindex');
    api.streams[0]!.end({ files: [], overall: importOverall(), cancelled: false });
    await flush();
    void store.getState().reindexAll();
    await flush();
    expect((api.streams[1] as FakeStream<'library.import'>).input).toMatchObject({ reindexAll: true, reindexDocumentIds: [] });
  });
});

describe('import jobs store: picking files', () => {
  it('uses the native dialog where the host has one, and imports the grants main issued for the picked folder', async () => {
    const { store, library, callsOf, lastStream } = setup(
      { 'library.pickSources': ({ kind }) => ({ grants: kind === 'folder' ? [{ grantId: 'g-papers', name: 'papers', kind: 'folder' as const }] : [] }) },
      { capabilities: { revealInFileManager: true, openFiles: true, nativeFileDialog: true, hostFolders: false } },
    );
    await library.getState().load();
    expect(store.getState().addFromPicker('folder')).toBe('dialog');
    await flush();
    await flush();
    expect(callsOf('library.pickSources')[0]?.input).toEqual({ kind: 'folder' });
    expect(lastStream().input.sources).toEqual([{ kind: 'grant', grantId: 'g-papers' }]);
  });

  it('starts nothing when the dialog is cancelled', async () => {
    const { store, library, api } = setup({ 'library.pickSources': () => ({ grants: [] }) }, { capabilities: { revealInFileManager: true, openFiles: true, nativeFileDialog: true, hostFolders: false } });
    await library.getState().load();
    store.getState().addFromPicker('files');
    await flush();
    expect(api.streams).toHaveLength(0);
    expect(store.getState().job).toBeNull();
  });

  it('imports a host path through the grant the host issued, and hands a refusal back to the form', async () => {
    const { store, library, callsOf, lastStream, api } = setup({
      'library.grantAllowedPath': ({ path }) =>
        path === '/srv/papers' ? { grantId: 'g-srv', name: 'papers', kind: 'folder' as const } : Promise.reject(new AppError('FORBIDDEN', 'That path is not inside a folder this host allows')),
    });
    await library.getState().load();
    expect(await store.getState().importHostPath(' /srv/papers ')).toBeNull();
    await flush();
    expect(callsOf('library.grantAllowedPath')[0]?.input).toEqual({ path: '/srv/papers' });
    expect(lastStream().input.sources).toEqual([{ kind: 'grant', grantId: 'g-srv' }]);
    const streams = api.streams.length;
    expect(await store.getState().importHostPath('/etc')).toMatchObject({ code: 'FORBIDDEN' });
    await flush();
    expect(api.streams).toHaveLength(streams);
  });

  it('asks for the hidden file input in the browser, and before app.info answers', async () => {
    for (const capabilities of [{ revealInFileManager: false, openFiles: false, nativeFileDialog: false, hostFolders: false }, null]) {
      const { store, callsOf } = setup({}, { capabilities });
      expect(store.getState().addFromPicker('files')).toBe('input');
      expect(store.getState().addFromPicker('folder')).toBe('input');
      expect(callsOf('library.pickSources')).toHaveLength(0);
    }
  });
});

