// The Ollama engine: the ModelEngine interface over the Ollama gateway (the one door to Ollama) and its monitor.
import { AppError } from '../../../shared/contract/errors';
import type { OllamaGateway } from '../ollama/ollamaGateway';
import type { OllamaMonitor } from '../ollama/ollamaMonitor';
import type { ModelEngine } from './modelEngine';

export function createOllamaEngine(gateway: OllamaGateway, monitor: OllamaMonitor): ModelEngine {
  return {
    id: 'ollama',
    async health() {
      const status = monitor.current().state === 'checking' ? await monitor.refresh() : monitor.current();
      return { engine: 'ollama', state: status.state === 'ready' ? 'ready' : 'unavailable', modelCount: status.modelCount, error: status.error };
    },
    listModels: (signal) => gateway.listModels(signal),
    loadedModels: () => gateway.runningModels(),
    async addModel(request) {
      if (request.kind !== 'pull') throw new AppError('UNSUPPORTED', 'Ollama adds models by pulling them by name; GGUF files go to the built-in engine');
      await gateway.pullModel(request.name, request.signal, request.onProgress);
      return request.name;
    },
    removeModel: (name) => gateway.deleteModel(name),
    modelDetails: (name) => gateway.showModel(name),
    unloadModel: (name) => gateway.unloadModel(name),
    contextLength: (name) => gateway.contextLength(name),
    streamAnswer: (request) => gateway.streamAnswer(request),
    dispose: async () => undefined,
  };
}
