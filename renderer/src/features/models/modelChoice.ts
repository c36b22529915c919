// How a model is offered wherever one is chosen (Chat, Compare, Settings): by key, labelled with its engine
// (`built-in · stories260K`, `ollama · llama3.2:3b`), and which one the host uses by default. Renderer (and Node tests).
import { AUTO_MODEL } from '../../../../shared/contract/chat';
import { canAnswer, modelLabel, type ModelInfo } from '../../../../shared/contract/models';

export interface ModelOption {
  /** A model key; '' stands for the default model (the conversation's model is null). */
  value: string;
  label: string;
}

/** Models that can answer: readable, and small enough for this machine. */
export const usableModels = (installed: readonly ModelInfo[] | null): ModelInfo[] => (installed ?? []).filter(canAnswer);

/** The default the host will use: Settings' default chat model, else the first model that can answer (a key). */
export const defaultModelKey = (installed: readonly ModelInfo[] | null, defaultChatModel: string | null): string | null => defaultChatModel ?? usableModels(installed)[0]?.key ?? null;

/** "Default (ollama · llama3.2:3b)", Auto when it has tiers (`autoTiers`, Chat only), every engine's models, and the current model when it is gone. */
export function modelOptions(installed: readonly ModelInfo[] | null, defaultChatModel: string | null, current: string | null, autoTiers = 0): ModelOption[] {
  const fallback = defaultModelKey(installed, defaultChatModel);
  const options: ModelOption[] = [{ value: '', label: fallback ? `Default (${modelLabel(fallback)})` : 'Default' }];
  if (autoTiers > 0) options.push({ value: AUTO_MODEL, label: `Auto (${autoTiers} ${autoTiers === 1 ? 'tier' : 'tiers'}, by question)` });
  else if (current === AUTO_MODEL) options.push({ value: AUTO_MODEL, label: 'Auto (no tiers: set them in Settings)' });
  for (const model of usableModels(installed)) options.push({ value: model.key, label: modelLabel(model) });
  if (current && !options.some((o) => o.value === current)) options.push({ value: current, label: installed ? `${modelLabel(current)} (not available)` : modelLabel(current) });
  return options;
}
