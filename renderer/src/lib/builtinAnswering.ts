// Whether the built-in engine can answer while Ollama cannot: its usable models. Renderer (and Node tests).
import { canAnswer, type ModelInfo } from '../../../shared/contract/models';

/** Built-in models that can run here (readable, small enough). */
export const usableBuiltinCount = (installed: readonly ModelInfo[] | null): number =>
  (installed ?? []).filter((m) => m.engine === 'builtin' && canAnswer(m)).length;
