// The Ollama gateway through the real client against the stand-in: probes, listing, pulls (progress, cancel,
// unknown names, Ollama going away mid-pull), deletes, and typed errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PullProgress } from '../../../shared/contract/models';
import { startOllamaStandIn, type OllamaStandIn } from '../../../e2e/fixtures/ollama-standin/server';
import { createOllamaGateway, type OllamaGateway } from './ollamaGateway';

let standIn: OllamaStandIn;
let gateway: OllamaGateway;
beforeAll(async () => {
  standIn = await startOllamaStandIn({ timeScale: 0.05, pullBytesPerSecond: 2e9 });
  gateway = createOllamaGateway({ getUrl: () => standIn.url });
});
afterAll(() => standIn.close());

describe('Ollama gateway', () => {
  it('probes: ready with version and model count, unreachable with the reason', async () => {
    expect(await gateway.probe()).toMatchObject({ state: 'ready', version: expect.any(String), modelCount: 2, error: null });
    const closed = await startOllamaStandIn();
    const url = closed.url;
    await closed.close(); // a port nobody listens on
    const down = await gateway.probe(url);
    expect(down).toMatchObject({ state: 'unreachable', url, error: { code: 'OLLAMA_UNREACHABLE' } });
    expect(down.error!.message).toMatch(/connection refused/);
  });

  it('lists models with their context length and family', async () => {
    const models = await gateway.listModels();
    expect(models.map((m) => m.name).sort()).toEqual(['llama3.2:3b', 'qwen2.5:7b']);
    expect(models.find((m) => m.name === 'qwen2.5:7b')).toMatchObject({ family: 'qwen2', contextLength: 32768, quantization: 'Q4_K_M' });
  });

  it('shows a model: facts, template, parameters, licence and modelfile; MODEL_NOT_FOUND for an unknown one', async () => {
    const details = await gateway.showModel('qwen2.5:7b');
    expect(details).toMatchObject({ engine: 'ollama', name: 'qwen2.5:7b', key: 'ollama:qwen2.5:7b', capabilities: ['completion'] });
    expect(details.facts).toEqual(expect.arrayContaining([{ label: 'Quantization', value: 'Q4_K_M' }, { label: 'Context length', value: '32,768 tokens' }, { label: 'Architecture', value: 'qwen2' }]));
    expect(details.template).toContain('{{ .Prompt }}');
    expect(details.parameters).toContain('stop');
    expect(details.license).toMatch(/stand-in/i);
    expect(details.modelfile).toMatch(/^# Modelfile/);
    await expect(gateway.showModel('ghost:1b')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('unloads a loaded model at once (keep_alive 0)', async () => {
    const outcome = await gateway.streamAnswer({ model: 'llama3.2:3b', messages: [{ role: 'user', content: 'hi' }], temperature: 0, contextLength: null, signal: new AbortController().signal, onDelta: () => undefined });
    expect(outcome.error).toBeNull();
    expect(standIn.loaded()).toContain('llama3.2:3b');
    await gateway.unloadModel('llama3.2:3b');
    expect(standIn.loaded()).not.toContain('llama3.2:3b');
    const unload = standIn.requests.findLast((r) => r.path === '/api/generate');
    expect(unload?.body).toMatchObject({ model: 'llama3.2:3b', keep_alive: 0 });
  });

  it('pulls with progress, then the model is listed at once (no stale cache)', async () => {
    await gateway.listModels(); // warm the cache
    const progress: PullProgress[] = [];
    await gateway.pullModel('phi3:mini', new AbortController().signal, (p) => progress.push(p));
    expect(progress[0]?.status).toBe('pulling manifest');
    expect(progress.at(-1)?.status).toBe('success');
    expect(progress.some((p) => p.percent !== null && p.percent > 0 && p.percent <= 100)).toBe(true);
    expect((await gateway.listModels()).map((m) => m.name)).toContain('phi3:mini');
    await gateway.deleteModel('phi3:mini');
    expect((await gateway.listModels()).map((m) => m.name)).not.toContain('phi3:mini');
  });

  it('names the failures: unknown model, delete of a missing one, cancel', async () => {
    await expect(gateway.pullModel('nope:1b', new AbortController().signal, () => undefined)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    await expect(gateway.deleteModel('ghost:1b')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
    const controller = new AbortController();
    const pull = gateway.pullModel('mistral:7b', controller.signal, () => controller.abort());
    await expect(pull).rejects.toMatchObject({ code: 'CANCELLED' });
    expect((await gateway.listModels()).map((m) => m.name)).not.toContain('mistral:7b');
  });

  it('reports Ollama going away mid-pull as a cut stream', async () => {
    const slow = await startOllamaStandIn({ timeScale: 1, pullBytesPerSecond: 1e9 });
    const g = createOllamaGateway({ getUrl: () => slow.url });
    let stopped = false;
    const pull = g.pullModel('mistral:7b', new AbortController().signal, (p) => {
      if (!stopped && (p.completedBytes ?? 0) > 0) {
        stopped = true;
        void slow.stop();
      }
    });
    await expect(pull).rejects.toMatchObject({ code: 'OLLAMA_STREAM_CUT' });
    await slow.close();
  });
});
