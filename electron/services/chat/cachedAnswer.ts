// A cache hit as a chat message (services process): the original answer's text, citations, prompt and grounding,
// marked cached with when it was written, and this hit's own (tiny) timing. See [Note: answer cache].
import type { ChatMessage } from '../../../shared/contract/chat';
import type { CacheHit } from '../answerCache/answerCache';

export function cachedAnswerMessage(assistant: ChatMessage, hit: CacheHit, elapsedMs: number): ChatMessage {
  const { entry } = hit;
  const saved = entry.metrics;
  return {
    ...assistant,
    status: 'complete',
    model: entry.model,
    promptTemplate: entry.promptTemplate,
    content: entry.content,
    passages: entry.passages,
    ...(entry.withheldPassages ? { withheldPassages: entry.withheldPassages } : {}),
    prompt: entry.prompt,
    grounding: entry.grounding ?? null,
    route: entry.route ?? null,
    grounded: true,
    error: null,
    // what this answer cost: no retrieval, no engine, no tokens; the whole answer arrives at once
    metrics: { model: entry.model, embedMs: null, retrievalMs: null, overheadMs: elapsedMs, ttftMs: elapsedMs, tokensPerSecond: null, totalMs: elapsedMs, loadMs: null, promptTokens: null, completionTokens: null, outcome: 'ok', doneReason: 'cached' },
    cached: {
      answeredAt: entry.answeredAt,
      sourceMessageId: entry.id,
      match: hit.match,
      similarity: Math.min(1, Math.max(-1, hit.similarity)),
      savedMs: saved.totalMs,
      savedTokens: saved.promptTokens === null && saved.completionTokens === null ? null : (saved.promptTokens ?? 0) + (saved.completionTokens ?? 0),
    },
  };
}
