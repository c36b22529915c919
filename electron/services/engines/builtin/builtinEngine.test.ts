// The built-in engine with the real stories260K GGUF through real llama.cpp in its child process: metadata, real
// streamed tokens and timings, Stop, removal, a refused non-GGUF file, and a killed child process.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logging/logger';
import { makeTempDir } from '../../../testing/testCore';
import { STORIES_GGUF } from '../../../testing/sharedAssets';
import { sourceWorkerEntries } from '../../workers/workerEntries';
import { createBuiltinEngine, type BuiltinEngine } from './builtinEngine';
import { openBuiltinModelRegistry } from './builtinModelRegistry';

let dir: string;
let folder: string;
let engine: BuiltinEngine;
const messages = [
  { role: 'system' as const, content: 'You tell short stories.' },
  { role: 'user' as const, content: 'Once upon a time' },
];
const answer = (signal = new AbortController().signal, onDelta: (t: string) => void = () => undefined) =>
  engine.streamAnswer({ model: 'stories260K', messages, temperature: 0.5, contextLength: 512, signal, onDelta });

beforeAll(() => {
  dir = makeTempDir('loci-builtin-');
  folder = makeTempDir('loci-gguf-folder-');
  fs.symlinkSync(STORIES_GGUF, path.join(folder, 'stories260K.gguf'));
  engine = createBuiltinEngine({
    registry: openBuiltinModelRegistry({ dir, getFolder: () => folder }),
    entry: sourceWorkerEntries().llama,
    logger: createLogger({ consoleLevel: 'silent' }),
    idleMinutes: () => 10,
    threads: () => 1,
  });
});
afterAll(async () => {
  await engine.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(folder, { recursive: true, force: true });
});

describe('built-in engine (stories260K, real llama.cpp)', () => {
  it('lists a models-folder file with the metadata read from it', async () => {
    const [model, ...rest] = await engine.listModels();
    expect(rest).toHaveLength(0);
    expect(model).toMatchObject({ engine: 'builtin', name: 'stories260K', key: 'builtin:stories260K', origin: 'folder', family: 'llama', contextLength: 2048, fileName: 'stories260K.gguf', fitsInMemory: true, problem: null, removable: false });
    expect(model!.sizeBytes).toBe(fs.statSync(STORIES_GGUF).size);
    expect(model!.parameterSize).toMatch(/K$/);
    expect(model!.requiredMemoryBytes).toBeGreaterThan(0);
  }, 60_000);

  it('loads the model, streams real tokens and reports real timings', async () => {
    const deltas: string[] = [];
    const cold = await answer(undefined, (t) => deltas.push(t));
    expect(cold.error).toBeNull();
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(cold.content);
    expect(cold.content.trim().length).toBeGreaterThan(10);
    expect(cold.timing.loadMs).toBeGreaterThan(0);
    expect(cold.timing.ttftMs).toBeGreaterThan(0);
    expect(cold.timing.promptTokens).toBeGreaterThan(3);
    expect(cold.timing.completionTokens).toBeGreaterThan(3);
    expect(cold.timing.tokensPerSecond).toBeGreaterThan(0);
    expect(['stop', 'length']).toContain(cold.timing.doneReason);
    expect((await engine.loadedModels()).map((m) => m.key)).toEqual(['builtin:stories260K']);
    // loaded now: the next answer does not load again
    const warm = await answer();
    expect(warm.error).toBeNull();
    expect(warm.timing.loadMs).toBe(0);
  }, 120_000);

  it('stops on cancel, keeping what arrived', async () => {
    const controller = new AbortController();
    const outcome = await answer(controller.signal, () => controller.abort());
    expect(outcome.error?.code).toBe('CANCELLED');
    expect(outcome.content.length).toBeGreaterThan(0);
    expect((await answer()).error).toBeNull();
  }, 120_000);

  it('survives its process dying: a clear error, then the next answer works', async () => {
    await answer();
    const pid = engine.process.pid();
    expect(pid).not.toBeNull();
    const outcome = await answer(undefined, () => {
      if (engine.process.pid() === pid) process.kill(pid!, 'SIGKILL');
    });
    expect(outcome.error).toMatchObject({ code: 'ENGINE_CRASHED' });
    expect(outcome.error!.message).toMatch(/stopped unexpectedly/);
    const next = await answer();
    expect(next.error).toBeNull();
    expect(next.content.length).toBeGreaterThan(0);
    expect(engine.process.pid()).not.toBe(pid);
  }, 120_000);

  it('adds a copied file, refuses what is not GGUF, removes what it added', async () => {
    const copy = path.join(dir, 'upload-My Story Model.gguf');
    fs.copyFileSync(STORIES_GGUF, copy);
    const name = await engine.addModel({ kind: 'file', path: copy, origin: 'added', displayName: 'My Story Model.gguf' });
    expect(name).toBe('My-Story-Model');
    expect(fs.existsSync(copy)).toBe(false); // moved into the data directory
    const listed = (await engine.listModels()).find((m) => m.name === name)!;
    expect(listed).toMatchObject({ origin: 'added', removable: true, family: 'llama' });
    const fake = path.join(dir, 'fake.gguf');
    fs.writeFileSync(fake, 'not a model at all');
    await expect(engine.addModel({ kind: 'file', path: fake, origin: 'added' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await engine.removeModel(name);
    expect((await engine.listModels()).map((m) => m.name)).toEqual(['stories260K']);
    await expect(engine.removeModel('stories260K')).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(engine.addModel({ kind: 'pull', name: 'x', signal: new AbortController().signal, onProgress: () => undefined })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  }, 120_000);

  it('names a model it does not have', async () => {
    const outcome = await engine.streamAnswer({ model: 'nope', messages, temperature: 0, contextLength: null, signal: new AbortController().signal, onDelta: () => undefined });
    expect(outcome.error?.code).toBe('MODEL_NOT_FOUND');
  });
});
