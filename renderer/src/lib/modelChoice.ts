// How a model is offered wherever one is chosen (Chat, Compare, Settings): by key, labelled with its engine
// (`built-in · stories260K`, `ollama · llama3.2:3b`), and which one the host uses by default. Renderer (and Node tests).
import { AUTO_MODEL } from '../../../shared/contract/chat';
import { canAnswer, modelLabel, type ModelInfo } from '../../../shared/contract/models';

export interface ModelOption {
  /** A model key; '' stands for the default model (the conversation's model is null). */
  value: string;
  label: string;
}

/** Models that can answer: readable, and small enough for this machine. */
export const usableModels = (installed: readonly ModelInfo[] | null): ModelInfo[] => (installed ?? []).filter(canAnswer);

/** The default the host will use: Settings' default chat model, else the first model that can answer (a key). */
export const defaultModelKey = (installed: readonly ModelInfo[] | null, defaultChatModel: string | null): string | null => defaultChatModel ?? usableModels(installed)[0]?.key ?? null;

/** A small model to offer when none is installed anywhere: about 2 GB, answers well enough on a laptop. */
export const RECOMMENDED_FIRST_MODEL = 'llama3.2:3b';

/**
 * "Default (ollama · llama3.2:3b)" (", not installed" when it is not), Auto when it has tiers (`autoTiers`, Chat
 * only), every engine's models, and the current model when it is gone.
 */
export function modelOptions(installed: readonly ModelInfo[] | null, defaultChatModel: string | null, current: string | null, autoTiers = 0): ModelOption[] {
  const fallback = defaultModelKey(installed, defaultChatModel);
  // a default that is not installed is said to be so, wherever it is offered
  const missing = fallback !== null && installed !== null && !usableModels(installed).some((m) => m.key === fallback);
  const defaultLabel = fallback ? `Default (${modelLabel(fallback)}${missing ? ', not installed' : ''})` : installed !== null && usableModels(installed).length === 0 ? 'Default (no model installed)' : 'Default';
  const options: ModelOption[] = [{ value: '', label: defaultLabel }];
  if (autoTiers > 0) options.push({ value: AUTO_MODEL, label: `Auto (${autoTiers} ${autoTiers === 1 ? 'tier' : 'tiers'}, by question)` });
  else if (current === AUTO_MODEL) options.push({ value: AUTO_MODEL, label: 'Auto (no tiers: set them in Settings)' });
  for (const model of usableModels(installed)) options.push({ value: model.key, label: modelLabel(model) });
  if (current && !options.some((o) => o.value === current)) options.push({ value: current, label: installed ? `${modelLabel(current)} (not available)` : modelLabel(current) });
  return options;
}
