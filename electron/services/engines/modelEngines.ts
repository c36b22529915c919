// All model engines behind one lookup: a model key to its engine, every engine's models and states, and the model
// a conversation falls back to. Chat and compare reach models only through here; a model added or removed through
// it raises `changed`.
import { AppError } from '../../../shared/contract/errors';
import { canAnswer, ENGINE_IDS, parseModelKey, type EngineId, type EngineState, type ModelInfo, type ModelRef, type ModelsChangedReason, type RunningModel } from '../../../shared/contract/models';
import { createListeners } from '../events/listeners';
import type { ModelEngine } from './modelEngine';

export interface ModelEngines {
  get(id: EngineId): ModelEngine;
  /** The engine and name a model key (or bare legacy name) points at. */
  resolve(key: string): { engine: ModelEngine; ref: ModelRef };
  /** Every engine's models; an engine that cannot be reached lists none and says why in its state. */
  listAll(signal?: AbortSignal): Promise<{ models: ModelInfo[]; engines: EngineState[] }>;
  loadedAll(): Promise<RunningModel[]>;
  /** The first model that can answer: Ollama's first when it is running, else the built-in engine's first usable one. */
  firstAvailable(): Promise<ModelInfo | null>;
  /** Fires after a model was pulled, added or deleted through an engine from `get` (see [Note: one event path]). */
  onChanged(listener: (reason: ModelsChangedReason) => void): () => void;
  dispose(): Promise<void>;
}

export function createModelEngines(engines: Record<EngineId, ModelEngine>): ModelEngines {
  const changed = createListeners<[ModelsChangedReason]>();
  // what `get` hands out: the same engine, whose successful adds and removes are announced
  const announce = (engine: ModelEngine): ModelEngine => ({
    ...engine,
    async addModel(request) {
      const name = await engine.addModel(request);
      changed.emit(request.kind === 'pull' ? 'pulled' : 'added');
      return name;
    },
    async removeModel(name) {
      await engine.removeModel(name);
      changed.emit('deleted');
    },
  });
  const announced = Object.fromEntries(ENGINE_IDS.map((id) => [id, announce(engines[id])])) as Record<EngineId, ModelEngine>;
  const get = (id: EngineId): ModelEngine => announced[id];
  const listAll: ModelEngines['listAll'] = async (signal) => {
    const results = await Promise.all(
      ENGINE_IDS.map(async (id): Promise<{ models: ModelInfo[]; state: EngineState }> => {
        const health = await engines[id].health();
        if (health.state !== 'ready') return { models: [], state: health };
        try {
          const models = await engines[id].listModels(signal);
          return { models, state: { ...health, modelCount: models.length } };
        } catch (error) {
          const data = error instanceof AppError ? error.toData() : { code: 'ENGINE_ERROR' as const, message: 'Could not list models' };
          return { models: [], state: { engine: id, state: 'unavailable', modelCount: null, error: data } };
        }
      }),
    );
    return { models: results.flatMap((r) => r.models), engines: results.map((r) => r.state) };
  };
  return {
    get,
    resolve(key) {
      const ref = parseModelKey(key);
      return { engine: get(ref.engine), ref };
    },
    listAll,
    async loadedAll() {
      const lists = await Promise.all(ENGINE_IDS.map((id) => engines[id].loadedModels().catch(() => [] as RunningModel[])));
      return lists.flat();
    },
    async firstAvailable() {
      const { models } = await listAll();
      return models.find(canAnswer) ?? null;
    },
    onChanged: changed.add,
    async dispose() {
      await Promise.all(ENGINE_IDS.map((id) => engines[id].dispose()));
    },
  };
}
