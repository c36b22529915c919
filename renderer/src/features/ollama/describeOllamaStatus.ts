// The words for an Ollama status, shared by the sidebar indicator and Settings' "Test connection". Renderer (and Node tests).
import type { OllamaStatus } from '../../../../shared/contract/ollama';

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** "Ollama 0.12.6 · 2 models" when ready; a short state otherwise, saying when the built-in engine answers instead. */
export function describeOllamaStatus(status: OllamaStatus, builtinModels = 0): string {
  if ((status.state === 'unreachable' || status.state === 'error') && builtinModels > 0) {
    return `Ollama ${status.state === 'unreachable' ? 'not running' : 'error'} · built-in engine answering`;
  }
  switch (status.state) {
    case 'checking':
      return 'Checking Ollama…';
    case 'ready': {
      const name = status.version ? `Ollama ${status.version}` : 'Ollama ready';
      return status.modelCount === null ? name : `${name} · ${plural(status.modelCount, 'model', 'models')}`;
    }
    case 'unreachable':
      return 'Ollama unreachable';
    case 'error':
      return 'Ollama error';
  }
}
