// What the Models screen says: a pull error's headline, context windows, loaded-model details, the delete question.
// Pure functions. Renderer (and Node tests).
import type { ErrorCode } from '../../../../shared/contract/errors';
import type { ModelInfo, RunningModel } from '../../../../shared/contract/ollama';
import { formatBytes, formatInteger, NONE } from '../../lib/format';

export function pullErrorTitle(code: ErrorCode, name: string): string {
  switch (code) {
    case 'MODEL_NOT_FOUND':
      return `Ollama’s library has no model called ${name}`;
    case 'OLLAMA_UNREACHABLE':
      return 'Ollama stopped answering';
    case 'OLLAMA_STREAM_CUT':
      return 'The download was cut off';
    case 'OLLAMA_ERROR':
      return 'Ollama reported an error';
    case 'INVALID_INPUT':
      return 'That is not a model name';
    default:
      return 'The download failed';
  }
}

/** A context window in tokens: 131072 → "131,072"; null → "—". */
export const formatContext = (tokens: number | null): string => (tokens === null ? NONE : formatInteger(tokens));

/** "2.3 GB in VRAM · unloads at 14:32" for a loaded model. */
export function describeLoaded(running: RunningModel, locale?: string): string {
  const parts = [running.sizeVramBytes > 0 ? `${formatBytes(running.sizeVramBytes)} in VRAM` : `${formatBytes(running.sizeBytes)} in memory`];
  if (running.expiresAt) {
    const at = new Date(running.expiresAt);
    if (!Number.isNaN(at.getTime())) parts.push(`unloads at ${at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })}`);
  }
  return parts.join(' · ');
}

/** "Delete llama3.2:3b? It frees 2.0 GB." */
export const deleteQuestion = (model: Pick<ModelInfo, 'name' | 'sizeBytes'>): string => `Delete ${model.name}? It frees ${formatBytes(model.sizeBytes)}.`;

