import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/errors';
import type { ModelInfo } from '../../../shared/contract/ollama';
import { createModelsStore } from './modelsStore';
import { createFakeLociApi, deferred } from './testing/fakeLociApi';

const model: ModelInfo = {
  name: 'llama3.2:1b',
  sizeBytes: 1_300_000_000,
  digest: 'abc',
  family: 'llama',
  parameterSize: '1.2B',
  quantization: 'Q8_0',
  contextLength: 131072,
  modifiedAt: '2025-01-01T00:00:00.000Z',
};

describe('models store', () => {
  it('lists installed models', async () => {
    const store = createModelsStore(createFakeLociApi({ 'models.list': () => ({ models: [model] }) }));
    await store.getState().refresh();
    expect(store.getState().installed).toEqual([model]);
    expect(store.getState().loading).toBe(false);
  });

  it('shares one request between concurrent refreshes', async () => {
    const list = deferred<{ models: ModelInfo[] }>();
    const api = createFakeLociApi({ 'models.list': () => list.promise });
    const store = createModelsStore(api);
    const a = store.getState().refresh();
    const b = store.getState().refresh();
    expect(store.getState().loading).toBe(true);
    list.resolve({ models: [] });
    await Promise.all([a, b]);
    expect(api.calls).toHaveLength(1);
  });

  it('keeps the last list and records the error when Ollama is down', async () => {
    const api = createFakeLociApi({ 'models.list': () => ({ models: [model] }) });
    const store = createModelsStore(api);
    await store.getState().refresh();
    api.handle({ 'models.list': () => Promise.reject(new AppError('OLLAMA_UNREACHABLE', 'Ollama is not running')) });
    await store.getState().refresh();
    expect(store.getState().installed).toEqual([model]);
    expect(store.getState().error?.code).toBe('OLLAMA_UNREACHABLE');
  });
});
