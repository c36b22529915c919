// What the Models screen says: a pull error's headline, context windows, loaded-model details, the delete question.
// Pure functions. Renderer (and Node tests).
import type { ErrorCode } from '../../../../shared/contract/errors';
import { modelLabel, type ModelInfo, type RunningModel } from '../../../../shared/contract/models';
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

/** "Delete ollama · llama3.2:3b? It frees 2.0 GB." / "Remove built-in · stories260K? Its copy (1.1 MB) is deleted." */
export function deleteQuestion(model: Pick<ModelInfo, 'engine' | 'name' | 'sizeBytes' | 'origin'>): string {
  const label = modelLabel(model);
  if (model.origin === 'linked') return `Remove ${label}? Loci forgets it; your file stays where it is.`;
  if (model.origin === 'added') return `Remove ${label}? Loci’s copy of the file (${formatBytes(model.sizeBytes)}) is deleted.`;
  return `Delete ${label}? It frees ${formatBytes(model.sizeBytes)}.`;
}

/** Why a built-in model cannot run here, or null: "Needs about 9.1 GB of memory, more than this machine has." */
export function memoryProblem(model: Pick<ModelInfo, 'fitsInMemory' | 'requiredMemoryBytes'>): string | null {
  if (model.fitsInMemory !== false) return null;
  return model.requiredMemoryBytes !== null ? `Needs about ${formatBytes(model.requiredMemoryBytes)} of memory, more than this machine has.` : 'Needs more memory than this machine has.';
}
