// What Chat and Compare say about an answer: its metrics line, an error's headline, where a passage sits, the
// prompt as text. Pure functions. Renderer (and Node tests).
import type { AnswerMetrics, AnswerRoute, AnswerStages, CachedAnswerInfo } from '../../../../shared/contract/chat';
import type { ErrorCode } from '../../../../shared/contract/errors';
import type { DocumentInfo, Passage } from '../../../../shared/contract/library';
import { modelLabel } from '../../../../shared/contract/models';
import { formatMs, formatRelativeTime } from '../../lib/format';

/** "Cached answer from 5 minutes ago (same question) · saved 1.4 s, 812 tokens". */
export function describeCached(cached: CachedAnswerInfo, now: number = Date.now(), locale?: string): string {
  const how = cached.match === 'exact' ? 'same question' : `similar question, ${(cached.similarity * 100).toFixed(1)}% alike`;
  const saved = [cached.savedMs !== null ? formatMs(cached.savedMs) : null, cached.savedTokens !== null ? `${cached.savedTokens} tokens` : null].filter(Boolean).join(', ');
  return `Cached answer from ${formatRelativeTime(cached.answeredAt, now, locale)} (${how})${saved ? ` · saved ${saved}` : ''}`;
}

/** "Auto → large: score 3 (comparison +2, 2 parts +1) ≥ 2". */
export const describeRoute = (route: AnswerRoute): string => `Auto → ${route.tier}: ${route.reason}`;

/** [Note: cold load] Ollama reports a few milliseconds of load_duration even for a model already in memory (the
 * built-in engine reports 0); below this the model was warm. */
export const COLD_LOAD_MIN_MS = 50;

/** "ollama · llama3.2:3b · first token 120 ms · 95 tok/s · 1.4 s total · 812 → 35 tokens · cold load 300 ms". */
export function describeMetrics(metrics: AnswerMetrics): string {
  const parts = [modelLabel(metrics.model)];
  if (metrics.ttftMs !== null) parts.push(`first token ${formatMs(metrics.ttftMs)}`);
  if (metrics.tokensPerSecond !== null) parts.push(`${metrics.tokensPerSecond.toFixed(metrics.tokensPerSecond < 10 ? 1 : 0)} tok/s`);
  parts.push(`${formatMs(metrics.totalMs)} total`);
  if (metrics.promptTokens !== null || metrics.completionTokens !== null) parts.push(`${metrics.promptTokens ?? '?'} → ${metrics.completionTokens ?? '?'} tokens`);
  if (metrics.loadMs !== null && metrics.loadMs >= COLD_LOAD_MIN_MS) parts.push(`cold load ${formatMs(metrics.loadMs)}`);
  return parts.join(' · ');
}

const ERROR_TITLES: Partial<Record<ErrorCode, string>> = {
  OLLAMA_UNREACHABLE: 'Loci could not reach Ollama',
  OLLAMA_STREAM_CUT: 'The answer was cut off',
  OLLAMA_ERROR: 'Ollama reported an error',
  MODEL_NOT_FOUND: 'The model is not installed',
  ENGINE_CRASHED: 'The built-in engine stopped unexpectedly',
  ENGINE_ERROR: 'The built-in engine could not answer',
  ANSWER_TIMEOUT: 'The model stalled',
  ANSWER_INTERRUPTED: 'The answer was interrupted',
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

export interface StageRow {
  key: keyof AnswerStages;
  label: string;
  ms: number;
  /** Vector and full-text search run side by side inside "Search": shown indented, not added to the total. */
  within: boolean;
  /** A comparison column's stage that ran once for all the columns (the same figure on each). */
  shared: boolean;
  /** Failed attempts: how many (a mean in Metrics). */
  count?: number;
}

const STAGES: { key: keyof AnswerStages; label: string; within?: boolean; shared?: boolean }[] = [
  { key: 'prepareMs', label: 'Preparing', shared: true },
  { key: 'rewriteMs', label: 'Rewriting the follow-up', shared: true },
  { key: 'embedMs', label: 'Embedding the question', shared: true },
  { key: 'searchMs', label: 'Search', shared: true },
  { key: 'vectorSearchMs', label: 'vector search', within: true, shared: true },
  { key: 'fullTextSearchMs', label: 'full-text search', within: true, shared: true },
  { key: 'fusionMs', label: 'Fusion', shared: true },
  { key: 'packingMs', label: 'Packing the prompt', shared: true },
  { key: 'waitMs', label: 'Waiting for a generation slot' },
  { key: 'failedAttemptsMs', label: 'Failed attempts' },
  { key: 'firstTokenMs', label: 'Waiting for the first token' },
  { key: 'decodeMs', label: 'Writing the answer' },
  { key: 'unattributedMs', label: 'Between stages' },
];

/** An answer's stages in the order they ran, for the details view and the Metrics breakdown. */
export function stageRows(stages: AnswerStages): StageRow[] {
  const shared = stages.sharedMs > 0;
  return STAGES.map((s) => ({
    key: s.key,
    label: s.label,
    ms: stages[s.key],
    within: s.within ?? false,
    shared: shared && (s.shared ?? false),
    ...(s.key === 'failedAttemptsMs' ? { count: stages.failedAttempts } : {}),
  }));
}
