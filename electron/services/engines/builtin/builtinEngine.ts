// The built-in engine: GGUF files run by llama.cpp (node-llama-cpp) in a child process, so loading a model, a long
// prompt or a native crash never blocks or kills the process serving the UI. One model loaded at a time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../../shared/contract/errors';
import { modelKey, type ModelInfo } from '../../../../shared/contract/models';
import type { Logger } from '../../logging/logger';
import type { AnswerStreamOutcome, AnswerStreamTiming, ModelEngine } from '../modelEngine';
import type { BuiltinModelEntry, BuiltinModelRegistry } from './builtinModelRegistry';
import { createLlamaProcess, type LlamaProcess } from './llamaProcess';
import type { InspectResult } from './llamaProtocol';

export interface BuiltinEngineOptions {
  registry: BuiltinModelRegistry;
  /** The child process's entry (see [Note: worker entries]). */
  entry: URL;
  logger: Logger;
  /** Idle minutes before the model is unloaded; read on every use. */
  idleMinutes: () => number;
  /** Generation threads; null picks half the cores. */
  threads: () => number | null;
}

export interface BuiltinEngine extends ModelEngine {
  /** The engine's child process (tests kill it to check recovery). */
  readonly process: LlamaProcess;
}

/** A model may allow far more, but a big window costs memory on every answer: the default is capped (as for Ollama). */
const DEFAULT_CONTEXT_CAP = 8192;

const formatCount = (n: number): string => {
  if (n >= 1e9) return `${+(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${+(n / 1e6).toFixed(1)}M`;
  if (n >= 1e3) return `${Math.round(n / 1e3)}K`;
  return String(n);
};

const STOP_REASONS: Record<string, string> = { eogToken: 'stop', stopGenerationTrigger: 'stop', customStopTrigger: 'stop', maxTokens: 'length', abort: 'abort' };

export function createBuiltinEngine(options: BuiltinEngineOptions): BuiltinEngine {
  const log = options.logger.child('builtin-engine');
  const proc = createLlamaProcess({ entry: options.entry, logger: options.logger, idleMs: () => options.idleMinutes() * 60_000 });
  // metadata read from each file, keyed by path, size and mtime (a changed file is read again)
  const inspected = new Map<string, { stamp: string; result: InspectResult | null; problem: string | null }>();
  const threads = (): number => options.threads() ?? Math.max(1, Math.floor(os.availableParallelism() / 2));

  const stampOf = (file: string): { stamp: string; size: number; mtime: number } | null => {
    try {
      const st = fs.statSync(file);
      return { stamp: `${st.size}|${st.mtimeMs}`, size: st.size, mtime: st.mtimeMs };
    } catch {
      return null;
    }
  };

  const inspect = async (entry: BuiltinModelEntry): Promise<{ result: InspectResult | null; problem: string | null }> => {
    const stat = stampOf(entry.path);
    if (!stat) return { result: null, problem: 'The file is no longer there' };
    const cached = inspected.get(entry.path);
    if (cached && cached.stamp === stat.stamp) return cached;
    let value: { stamp: string; result: InspectResult | null; problem: string | null };
    try {
      value = { stamp: stat.stamp, result: await proc.inspect(entry.path, DEFAULT_CONTEXT_CAP), problem: null };
    } catch (error) {
      const message = error instanceof AppError ? error.message : 'Could not read the file';
      log.warn('could not read a GGUF file', { model: entry.name, message });
      // a crash is not the file's fault: do not remember it
      if (error instanceof AppError && error.code === 'ENGINE_CRASHED') return { result: null, problem: message };
      value = { stamp: stat.stamp, result: null, problem: message };
    }
    inspected.set(entry.path, value);
    return value;
  };

  const infoOf = async (entry: BuiltinModelEntry): Promise<ModelInfo> => {
    const stat = stampOf(entry.path);
    const { result, problem } = await inspect(entry);
    const required = result?.requiredMemoryBytes ?? null;
    return {
      engine: 'builtin',
      name: entry.name,
      key: modelKey({ engine: 'builtin', name: entry.name }),
      sizeBytes: stat?.size ?? 0,
      digest: stat?.stamp ?? '',
      family: result?.architecture ?? null,
      parameterSize: result?.sizeLabel ?? (result?.parameterCount ? formatCount(result.parameterCount) : null),
      quantization: result?.fileType ?? null,
      contextLength: result?.contextLength ?? null,
      modifiedAt: new Date(stat?.mtime ?? entry.addedAt).toISOString(),
      origin: entry.origin,
      fileName: path.basename(entry.path),
      requiredMemoryBytes: required,
      fitsInMemory: required === null ? null : required <= os.totalmem(),
      problem,
      removable: entry.origin !== 'folder',
    };
  };

  const entryOf = (name: string): BuiltinModelEntry => {
    const entry = options.registry.get(name);
    if (!entry) throw new AppError('MODEL_NOT_FOUND', `The built-in engine has no model named "${name}". Add its GGUF file in Models.`, { model: name });
    return entry;
  };

  return {
    id: 'builtin',
    process: proc,
    async health() {
      return { engine: 'builtin', state: 'ready', modelCount: options.registry.list().length, error: null };
    },
    async listModels() {
      const models: ModelInfo[] = [];
      for (const entry of options.registry.list()) models.push(await infoOf(entry));
      return models;
    },
    async loadedModels() {
      const loadedPath = proc.loadedPath();
      const entry = loadedPath ? options.registry.list().find((e) => e.path === loadedPath) : undefined;
      if (!entry) return [];
      const deadline = proc.idleDeadline();
      const size = stampOf(entry.path)?.size ?? 0;
      return [{ engine: 'builtin', name: entry.name, key: modelKey({ engine: 'builtin', name: entry.name }), sizeBytes: size, sizeVramBytes: 0, expiresAt: deadline ? new Date(deadline).toISOString() : null }];
    },
    async addModel(request) {
      if (request.kind !== 'file') throw new AppError('UNSUPPORTED', 'The built-in engine does not pull from a registry: add a GGUF file instead');
      const entry = options.registry.add(request.path, request.origin, request.displayName);
      const { problem } = await inspect(entry);
      if (problem) {
        options.registry.remove(entry.name);
        throw new AppError('INVALID_INPUT', `That GGUF file cannot be used: ${problem}`);
      }
      return entry.name;
    },
    async removeModel(name) {
      const entry = entryOf(name);
      if (proc.loadedPath() === entry.path) await proc.stop();
      options.registry.remove(name);
      inspected.delete(entry.path);
    },
    async modelDetails(name) {
      const entry = entryOf(name);
      const { result, problem } = await inspect(entry);
      const facts: Array<{ label: string; value: string }> = [];
      const push = (label: string, value: string | null | undefined): void => {
        if (value) facts.push({ label, value: value.slice(0, 500) });
      };
      push('File', path.basename(entry.path));
      push('Architecture', result?.architecture);
      push('Name in the file', result?.name);
      push('Size', result?.sizeLabel);
      push('Parameters', result?.parameterCount ? result.parameterCount.toLocaleString('en-US') : null);
      push('Quantization', result?.fileType);
      push('Context length', result?.contextLength ? `${result.contextLength.toLocaleString('en-US')} tokens` : null);
      push('Problem', problem);
      // a GGUF file carries no Ollama-style template, parameters or licence Loci reads: llama.cpp applies the
      // file's own chat template
      return { engine: 'builtin', name: entry.name, key: modelKey({ engine: 'builtin', name: entry.name }), facts, template: null, parameters: null, license: null, modelfile: null, capabilities: ['completion'] };
    },
    async unloadModel(name) {
      const entry = entryOf(name);
      if (proc.loadedPath() === entry.path) await proc.stop();
    },
    async contextLength(name) {
      const entry = options.registry.get(name);
      return entry ? ((await inspect(entry)).result?.contextLength ?? null) : null;
    },
    async streamAnswer(request): Promise<AnswerStreamOutcome> {
      const requestAt = performance.now();
      let firstTokenAt: number | null = null;
      let content = '';
      const timing: Omit<AnswerStreamTiming, 'requestAt' | 'ttftMs' | 'durationMs'> = { loadMs: null, promptTokens: null, completionTokens: null, tokensPerSecond: null, doneReason: null };
      const finish = (error: AppError | null): AnswerStreamOutcome => ({
        content,
        error,
        timing: { ...timing, requestAt, ttftMs: firstTokenAt === null ? null : firstTokenAt - requestAt, durationMs: performance.now() - requestAt },
      });
      try {
        const entry = entryOf(request.model);
        const trained = (await inspect(entry)).result?.contextLength ?? null;
        const contextSize = request.contextLength ?? Math.min(trained ?? 4096, DEFAULT_CONTEXT_CAP);
        const result = await proc.generate({
          path: entry.path,
          contextSize,
          threads: threads(),
          messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
          temperature: request.temperature,
          // the prompt was packed to leave a quarter of the window for the answer; Settings may ask for less
          maxTokens: Math.min(request.maxTokens ?? Infinity, Math.max(64, Math.min(2048, Math.floor(contextSize / 4)))),
          signal: request.signal,
          onDelta: (text) => {
            firstTokenAt ??= performance.now();
            content += text;
            request.onDelta(text);
          },
        });
        timing.loadMs = result.loadMs;
        timing.promptTokens = result.promptTokens;
        timing.completionTokens = result.completionTokens;
        timing.tokensPerSecond = result.completionTokens > 1 && result.generationMs ? ((result.completionTokens - 1) * 1000) / result.generationMs : null;
        timing.doneReason = STOP_REASONS[result.stopReason] ?? result.stopReason;
        if (request.signal.aborted) return finish(new AppError('CANCELLED', 'Stopped'));
        return finish(null);
      } catch (error) {
        if (request.signal.aborted) return finish(new AppError('CANCELLED', 'Stopped'));
        return finish(error instanceof AppError ? error : new AppError('ENGINE_ERROR', 'The built-in engine failed'));
      }
    },
    dispose: () => proc.stop(),
  };
}
