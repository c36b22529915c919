import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import type { ModelInfo, PullProgress, RunningModel } from '../../../shared/contract/models';
import { createAppStores } from './appStores';
import { applyPullProgress, createModelsStore, pullPercent, type ModelPull } from './modelsStore';
import { createFakeLociApi, deferred, type FakeStream } from './testing/fakeLociApi';
import { readyStatus, sampleModel, unreachableStatus } from './testing/fixtures';

const model = (patch: Partial<ModelInfo> = {}): ModelInfo =>
  sampleModel(patch.name ?? 'llama3.2:1b', { sizeBytes: 1_300_000_000, digest: 'abc', family: 'llama', parameterSize: '1.2B', quantization: 'Q8_0', contextLength: 131072, ...patch });

const ENGINES_READY = [
  { engine: 'ollama' as const, state: 'ready' as const, modelCount: 1, error: null },
  { engine: 'builtin' as const, state: 'ready' as const, modelCount: 0, error: null },
];

const loaded: RunningModel = { engine: 'ollama', key: 'ollama:llama3.2:1b', name: 'llama3.2:1b', sizeBytes: 1_500_000_000, sizeVramBytes: 1_500_000_000, expiresAt: '2025-01-01T00:05:00.000Z' };

const progress = (patch: Partial<PullProgress>): PullProgress => ({ status: 'pulling manifest', digest: null, totalBytes: null, completedBytes: null, percent: null, ...patch });

// lets the store's pending promises run: only where a test checks that something did NOT happen (which no poll can
// wait for) or lets the last ones end inside the test; what a test waits for, it polls for (vi.waitFor)
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A fake api whose installed list the test changes, as Ollama's would after a pull or delete. */
function modelsApi(initial: ModelInfo[] = [model()]) {
  let installed = initial;
  const api = createFakeLociApi({
    'models.list': () => ({ models: installed, engines: ENGINES_READY }),
    'models.running': () => ({ models: [loaded] }),
    'models.delete': ({ engine, name }) => {
      installed = installed.filter((m) => m.name !== name || m.engine !== engine);
      return { key: `${engine}:${name}` };
    },
  });
  return { api, setInstalled: (models: ModelInfo[]) => (installed = models) };
}

const pullStream = (streams: FakeStream[], index = 0) => streams[index] as FakeStream<'models.pull'>;

describe('models store', () => {
  it('lists installed and loaded models', async () => {
    const { api } = modelsApi();
    const store = createModelsStore(api);
    await store.getState().refresh();
    expect(store.getState().installed).toEqual([model()]);
    expect(store.getState().running).toEqual([loaded]);
    expect(store.getState().loading).toBe(false);
  });

  it('runs one more list after the one in flight when asked meanwhile, shared by every caller', async () => {
    const first = deferred<{ models: ModelInfo[]; engines: typeof ENGINES_READY }>();
    let calls = 0;
    const api = createFakeLociApi({
      'models.list': () => (++calls === 1 ? first.promise : { models: [model({ name: 'phi3:mini' })], engines: ENGINES_READY }),
      'models.running': () => ({ models: [] }),
    });
    const store = createModelsStore(api);
    const a = store.getState().refresh();
    const b = store.getState().refresh();
    const c = store.getState().refresh();
    expect(store.getState().loading).toBe(true);
    first.resolve({ models: [], engines: ENGINES_READY });
    await Promise.all([a, b, c]);
    expect(calls).toBe(2);
    // the later answer wins: what changed while the first list was on its way is not lost
    expect(store.getState().installed?.map((m) => m.name)).toEqual(['phi3:mini']);
  });

  it('keeps the last list when the host fails, and records Ollama being down while the built-in models stay listed', async () => {
    const { api } = modelsApi();
    const store = createModelsStore(api);
    await store.getState().refresh();
    api.handle({ 'models.list': () => Promise.reject(new AppError('INTERNAL', 'boom')) });
    await store.getState().refresh();
    expect(store.getState().installed).toEqual([model()]);
    expect(store.getState().error?.code).toBe('INTERNAL');
    const builtin = sampleModel('stories260K', { engine: 'builtin' });
    api.handle({
      'models.list': () => ({
        models: [builtin],
        engines: [{ engine: 'ollama', state: 'unavailable', modelCount: null, error: { code: 'OLLAMA_UNREACHABLE', message: 'Ollama is not running' } }, ENGINES_READY[1]!],
      }),
    });
    await store.getState().refresh();
    expect(store.getState().installed).toEqual([builtin]);
    expect(store.getState().error?.code).toBe('OLLAMA_UNREACHABLE');
    expect(store.getState().engines?.map((e) => e.state)).toEqual(['unavailable', 'ready']);
  });

  it('pulls with live progress summed over layers, then lists the new model', async () => {
    const { api, setInstalled } = modelsApi();
    const store = createModelsStore(api);
    const id = store.getState().pull('  phi3:mini ');
    const stream = pullStream(api.streams);
    expect(stream.input).toEqual({ name: 'phi3:mini' });
    expect(store.getState().pulls).toMatchObject([{ id, name: 'phi3:mini', state: 'running', totalBytes: null }]);

    stream.emit(progress({ status: 'pulling manifest' }));
    expect(store.getState().pulls[0]!.status).toBe('pulling manifest');
    // like Ollama, a layer's first message has its size but no `completed`
    stream.emit(progress({ status: 'pulling 1a2b3c4d5e6f', digest: 'sha256:1a2b', totalBytes: 2_000 }));
    expect(store.getState().pulls[0]).toMatchObject({ totalBytes: 2_000, completedBytes: 0 });
    stream.emit(progress({ status: 'pulling 1a2b3c4d5e6f', digest: 'sha256:1a2b', totalBytes: 2_000, completedBytes: 500, percent: 25 }));
    expect(pullPercent(store.getState().pulls[0]!)).toBe(25);
    stream.emit(progress({ status: 'pulling 1a2b3c4d5e6f', digest: 'sha256:1a2b', totalBytes: 2_000, completedBytes: 2_000, percent: 100 }));
    stream.emit(progress({ status: 'pulling 9f8e7d6c5b4a', digest: 'sha256:9f8e', totalBytes: 100, completedBytes: 100, percent: 100 }));
    expect(store.getState().pulls[0]).toMatchObject({ totalBytes: 2_100, completedBytes: 2_100 });
    stream.emit(progress({ status: 'verifying sha256 digest' }));
    expect(store.getState().pulls[0]).toMatchObject({ status: 'verifying sha256 digest', totalBytes: 2_100 });

    setInstalled([model(), model({ name: 'phi3:mini' })]);
    stream.end({ name: 'phi3:mini' });
    await vi.waitFor(() => {
      expect(store.getState().pulls[0]).toMatchObject({ state: 'done', error: null });
      expect(store.getState().installed?.map((m) => m.name)).toEqual(['llama3.2:1b', 'phi3:mini']);
    });
  });

  it('refuses a malformed name, or one already being pulled, before asking the host', () => {
    const { api } = modelsApi();
    const store = createModelsStore(api);
    expect(() => store.getState().pull('   ')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: 'Enter a model name' }));
    expect(() => store.getState().pull('bad name!')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    store.getState().pull('phi3:mini');
    expect(() => store.getState().pull('phi3:mini')).toThrow(expect.objectContaining({ message: 'phi3:mini is already being pulled' }));
    expect(api.streams).toHaveLength(1);
  });

  it('shows an unknown model or Ollama going away on that pull, and lists again', async () => {
    const { api } = modelsApi();
    const store = createModelsStore(api);
    store.getState().pull('nope:1b');
    store.getState().pull('mistral:7b');
    const listsBefore = api.calls.filter((c) => c.name === 'models.list').length;
    pullStream(api.streams, 0).fail(new AppError('MODEL_NOT_FOUND', 'Ollama’s registry has no model named "nope:1b"'));
    pullStream(api.streams, 1).emit(progress({ status: 'pulling 1a2b3c4d5e6f', digest: 'sha256:1a2b', totalBytes: 4_000, completedBytes: 1_000 }));
    pullStream(api.streams, 1).fail(new AppError('OLLAMA_STREAM_CUT', 'The connection to Ollama broke mid-stream'));
    await vi.waitFor(() => {
      const [nope, mistral] = store.getState().pulls;
      expect(nope).toMatchObject({ name: 'nope:1b', state: 'failed', error: { code: 'MODEL_NOT_FOUND' } });
      expect(mistral).toMatchObject({ name: 'mistral:7b', state: 'failed', error: { code: 'OLLAMA_STREAM_CUT' }, completedBytes: 1_000 });
      expect(api.calls.filter((c) => c.name === 'models.list').length).toBeGreaterThan(listsBefore);
    });
  });

  it('cancels a pull: cancelling, then cancelled without an error; dismiss hides only finished pulls', async () => {
    const { api } = modelsApi();
    const store = createModelsStore(api);
    const id = store.getState().pull('mistral:7b');
    const other = store.getState().pull('phi3:mini');
    store.getState().cancelPull(id);
    expect(pullStream(api.streams, 0).cancelled).toBe(true);
    expect(store.getState().pulls[0]).toMatchObject({ state: 'running', cancelling: true });
    store.getState().dismissPull(other); // still running: stays
    pullStream(api.streams, 0).fail(new AppError('CANCELLED', 'Pull cancelled'));
    await vi.waitFor(() => expect(store.getState().pulls[0]).toMatchObject({ state: 'cancelled', cancelling: false, error: null }));
    store.getState().dismissPull(id);
    expect(store.getState().pulls.map((p) => p.name)).toEqual(['phi3:mini']);
  });

  it('deletes a model: the row goes, and a failure rejects with the AppError', async () => {
    const { api } = modelsApi([model(), model({ name: 'qwen2.5:7b' })]);
    const store = createModelsStore(api);
    await store.getState().refresh();
    const deleting = store.getState().deleteModel('ollama:qwen2.5:7b');
    expect(store.getState().deleting.has('ollama:qwen2.5:7b')).toBe(true);
    await deleting;
    expect(store.getState().deleting.size).toBe(0);
    expect(store.getState().installed?.map((m) => m.name)).toEqual(['llama3.2:1b']);
    expect(api.calls.filter((c) => c.name === 'models.delete')).toEqual([{ name: 'models.delete', input: { engine: 'ollama', name: 'qwen2.5:7b' } }]);

    api.handle({ 'models.delete': () => Promise.reject(new AppError('MODEL_NOT_FOUND', 'Model "x" is not installed in Ollama')) });
    await expect(store.getState().deleteModel('ollama:x')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    expect(store.getState().installed?.map((m) => m.name)).toEqual(['llama3.2:1b']);
  });
});

describe('applyPullProgress', () => {
  const base: ModelPull = {
    id: 1,
    name: 'm',
    state: 'running',
    cancelling: false,
    status: null,
    progress: null,
    layers: new Map(),
    totalBytes: null,
    completedBytes: null,
    startedAt: 0,
    finishedAt: null,
    error: null,
  };

  it('keeps a layer’s bytes when a later item of that layer has no `completed`, and never exceeds its size', () => {
    let pull = applyPullProgress(base, progress({ status: 'pulling a', digest: 'a', totalBytes: 10, completedBytes: 4 }));
    pull = applyPullProgress(pull, progress({ status: 'pulling a', digest: 'a', totalBytes: 10 }));
    expect(pull).toMatchObject({ completedBytes: 4, totalBytes: 10 });
    pull = applyPullProgress(pull, progress({ status: 'pulling a', digest: 'a', totalBytes: 10, completedBytes: 12 }));
    expect(pull.completedBytes).toBe(10);
  });

  it('has no size or percent before a layer reports one', () => {
    const pull = applyPullProgress(base, progress({ status: 'pulling manifest' }));
    expect(pull).toMatchObject({ status: 'pulling manifest', totalBytes: null, completedBytes: null });
    expect(pullPercent(pull)).toBeNull();
  });
});

describe('models wiring', () => {
  it('probes Ollama at once when a list finds it gone while the last probe said ready', async () => {
    const { api } = modelsApi();
    api.handle({ 'ollama.status': () => unreachableStatus({ checkedAt: 5_000 }) });
    const stores = createAppStores(api);
    api.emit('ollama.statusChanged', readyStatus({ checkedAt: 2_000 }));
    await flush(); // a ready status must not send a probe
    expect(api.calls.some((c) => c.name === 'ollama.status')).toBe(false);
    api.handle({ 'models.list': () => Promise.reject(new AppError('OLLAMA_UNREACHABLE', 'Could not reach Ollama')) });
    await stores.models.getState().refresh();
    expect(api.calls.filter((c) => c.name === 'ollama.status').map((c) => c.input)).toEqual([{ refresh: true }]);
    await flush(); // lets the probe's answer land before the stores go
    stores.dispose();
  });
});

describe('model details and unload', () => {
  const details = { engine: 'ollama' as const, name: 'llama3.2:1b', key: 'ollama:llama3.2:1b', facts: [{ label: 'Quantization', value: 'Q8_0' }], template: '{{ .Prompt }}', parameters: null, license: 'MIT', modelfile: null, capabilities: ['completion'] };

  it('opens a model’s details, closes them on a second toggle, and keeps a failure on the view', async () => {
    const { api } = modelsApi();
    api.handle({ 'models.show': () => details });
    const store = createModelsStore(api);
    const opening = store.getState().toggleDetails('ollama:llama3.2:1b');
    expect(store.getState().details).toEqual({ state: 'loading' });
    await opening;
    expect(store.getState().details).toEqual({ state: 'loaded', details });
    expect(api.calls.find((c) => c.name === 'models.show')?.input).toEqual({ engine: 'ollama', name: 'llama3.2:1b' });
    await store.getState().toggleDetails('ollama:llama3.2:1b');
    expect(store.getState().detailsKey).toBeNull();
    api.handle({ 'models.show': () => Promise.reject(new AppError('MODEL_NOT_FOUND', 'gone')) });
    await store.getState().toggleDetails('ollama:ghost:1b');
    expect(store.getState().details).toMatchObject({ state: 'failed', error: { code: 'MODEL_NOT_FOUND' } });
  });

  it('unloads: the model leaves the loaded list, the list is asked again, and a failure is kept', async () => {
    const { api } = modelsApi();
    let loadedNow: RunningModel[] = [loaded];
    api.handle({ 'models.running': () => ({ models: loadedNow }), 'models.unload': ({ engine, name }) => ((loadedNow = []), { key: `${engine}:${name}` }) });
    const store = createModelsStore(api);
    await store.getState().refresh();
    expect(store.getState().running).toHaveLength(1);
    const unloading = store.getState().unload('ollama:llama3.2:1b');
    expect(store.getState().unloading.has('ollama:llama3.2:1b')).toBe(true);
    await unloading;
    expect(store.getState().running).toEqual([]);
    expect(store.getState().unloading.size).toBe(0);
    api.handle({ 'models.unload': () => Promise.reject(new AppError('OLLAMA_UNREACHABLE', 'down')) });
    await store.getState().unload('ollama:llama3.2:1b');
    expect(store.getState().unloadError?.code).toBe('OLLAMA_UNREACHABLE');
  });

  it('asks Ollama for its status at once when the models change, so the sidebar count agrees', async () => {
    const { api } = modelsApi();
    api.handle({ 'ollama.status': () => readyStatus({ modelCount: 3 }) });
    const stores = createAppStores(api);
    api.emit('ollama.statusChanged', readyStatus({ modelCount: 2 }));
    await vi.waitFor(() => expect(stores.models.getState().installed).not.toBeNull()); // the list that ready asked for
    api.emit('models.changed', { reason: 'pulled' });
    await vi.waitFor(() => expect(api.calls.filter((c) => c.name === 'ollama.status').map((c) => c.input)).toEqual([{ refresh: true }]));
    stores.dispose();
  });
});
