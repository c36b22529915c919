// The words for an Ollama status, shared by the sidebar indicator and Settings' "Test connection". Renderer (and Node tests).
import type { OllamaStatus } from '../../../shared/contract/ollama';

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** Ollama is up but nothing anywhere can answer: no model in it and no usable built-in one. */
export const noModelAnywhere = (status: OllamaStatus, builtinModels: number): boolean => status.state === 'ready' && status.modelCount === 0 && builtinModels === 0;

/** "Ollama 0.12.6 · 2 models" when ready ("· no models installed" when it has none); a short state otherwise, saying when the built-in engine answers instead. */
export function describeOllamaStatus(status: OllamaStatus, builtinModels = 0): string {
  if ((status.state === 'unreachable' || status.state === 'error') && builtinModels > 0) {
    return `Ollama ${status.state === 'unreachable' ? 'not running' : 'error'} · built-in engine answering`;
  }
  switch (status.state) {
    case 'checking':
      return 'Checking Ollama…';
    case 'ready': {
      const name = status.version ? `Ollama ${status.version}` : 'Ollama ready';
      if (status.modelCount === 0) return builtinModels > 0 ? `${name} · no models · built-in engine answering` : `${name} · no models installed`;
      return status.modelCount === null ? name : `${name} · ${plural(status.modelCount, 'model', 'models')}`;
    }
    case 'unreachable':
      return 'Ollama unreachable';
    case 'error':
      return 'Ollama error';
  }
}
