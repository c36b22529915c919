// What the Chat screen says about an answer: its metrics line, the model picker's choices, an error's headline,
// and where a passage sits. Pure functions. Renderer (and Node tests).
import type { AnswerMetrics } from '../../../../shared/contract/chat';
import type { ErrorCode } from '../../../../shared/contract/errors';
import type { DocumentInfo, Passage } from '../../../../shared/contract/library';
import type { ModelInfo } from '../../../../shared/contract/ollama';
import { formatMs } from '../../lib/format';

/** [Note: cold load] Ollama reports a few milliseconds of load_duration even for a model already in memory;
 * below this the model was warm. */
export const COLD_LOAD_MIN_MS = 50;

/** "llama3.2:3b · first token 120 ms · 95 tok/s · 1.4 s total · 812 → 35 tokens · cold load 300 ms". */
export function describeMetrics(metrics: AnswerMetrics): string {
  const parts = [metrics.model];
  if (metrics.ttftMs !== null) parts.push(`first token ${formatMs(metrics.ttftMs)}`);
  if (metrics.tokensPerSecond !== null) parts.push(`${metrics.tokensPerSecond.toFixed(metrics.tokensPerSecond < 10 ? 1 : 0)} tok/s`);
  parts.push(`${formatMs(metrics.totalMs)} total`);
  if (metrics.promptTokens !== null || metrics.completionTokens !== null) parts.push(`${metrics.promptTokens ?? '?'} → ${metrics.completionTokens ?? '?'} tokens`);
  if (metrics.loadMs !== null && metrics.loadMs >= COLD_LOAD_MIN_MS) parts.push(`cold load ${formatMs(metrics.loadMs)}`);
  return parts.join(' · ');
}

export interface ModelOption {
  /** '' stands for the default model (the conversation's model is null). */
  value: string;
  label: string;
}

/** The default the host will use: Settings' default chat model, else the first installed model. */
export const defaultModelName = (installed: readonly ModelInfo[] | null, defaultChatModel: string | null): string | null => defaultChatModel ?? installed?.[0]?.name ?? null;

/** "Default (llama3.2:3b)", the installed models, and the conversation's model when it is not installed. */
export function modelOptions(installed: readonly ModelInfo[] | null, defaultChatModel: string | null, current: string | null): ModelOption[] {
  const fallback = defaultModelName(installed, defaultChatModel);
  const options: ModelOption[] = [{ value: '', label: fallback ? `Default (${fallback})` : 'Default' }];
  for (const model of installed ?? []) options.push({ value: model.name, label: model.name });
  if (current && !options.some((o) => o.value === current)) options.push({ value: current, label: installed ? `${current} (not installed)` : current });
  return options;
}

const ERROR_TITLES: Partial<Record<ErrorCode, string>> = {
  OLLAMA_UNREACHABLE: 'Loci could not reach Ollama',
  OLLAMA_STREAM_CUT: 'The answer was cut off',
  OLLAMA_ERROR: 'Ollama reported an error',
  MODEL_NOT_FOUND: 'The model is not installed',
  EMBEDDER_UNAVAILABLE: 'The embedding model is not available',
  EMBEDDER_MISMATCH: 'The library needs a re-index',
};

export const errorTitle = (code: ErrorCode): string => ERROR_TITLES[code] ?? 'The answer failed';

/** "p. 3 · Methods › Data": where a passage sits in its document. */
export function passageLocation(passage: Pick<Passage, 'page' | 'headingPath'>): string {
  const parts: string[] = [];
  if (passage.page !== null) parts.push(`p. ${passage.page}`);
  if (passage.headingPath.length > 0) parts.push(passage.headingPath.join(' › '));
  return parts.join(' · ');
}

/** Says when the passage's page was read by text recognition (OCR), whose text may hold misread words; null otherwise. */
export function ocrNote(document: Pick<DocumentInfo, 'ocrPages'> | null, passage: Pick<Passage, 'page'>): string | null {
  const pages = document?.ocrPages ?? [];
  if (pages.length === 0 || passage.page === null || !pages.includes(passage.page)) return null;
  return `Text recognised by OCR (page ${passage.page}); it may contain misread words.`;
}

/** The passage's first words, whitespace collapsed, for the sources list. */
export function snippet(text: string, max = 180): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/** A prompt as plain text, for copying: each role, then its content. */
export const promptAsText = (prompt: readonly { role: string; content: string }[]): string => prompt.map((m) => `### ${m.role}\n${m.content}`).join('\n\n');
