// A short, non-streaming text from any engine's model (a follow-up's search rewrite, the grounding check's second
// opinion): one user turn at temperature 0 through the engine interface, so no feature builds its own client.
import type { ModelEngines } from '../engines/modelEngines';

/** Text for a prompt; rejects with the engine's typed error (or the abort) when no answer comes. */
export type Generate = (prompt: string, signal: AbortSignal) => Promise<string>;

export function engineGenerate(engines: ModelEngines, modelKey: string, contextLength: number | null = null): Generate {
  return async (prompt, signal) => {
    const { engine, ref } = engines.resolve(modelKey);
    const outcome = await engine.streamAnswer({ model: ref.name, messages: [{ role: 'user', content: prompt }], temperature: 0, contextLength, signal, onDelta: () => undefined });
    if (outcome.error) throw outcome.error;
    return outcome.content;
  };
}
