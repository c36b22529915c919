// Builds what is sent to the model: the template's system and user messages around the question, with the passages
// packed to fit the context window (grounded), or the question alone (answering without documents).
import type { PromptMessage } from '../../../shared/contract/chat';
import type { Passage } from '../../../shared/contract/library';
import { answerReserveFor, estimateTokens, packPassages } from './contextPacking';
import { createFence } from '../trust/injection/fencePassages';
import { renderGrounded, renderUngrounded, type PromptTemplate } from './promptTemplates';

export interface PromptRequest {
  template: PromptTemplate;
  question: string;
  /** Earlier turns (chat follow-ups); empty for comparisons. */
  history: readonly PromptMessage[];
  /** null: answer without documents. */
  passages: readonly Passage[] | null;
  contextLength: number;
  /** The collection's system prompt (workspace settings), added after the template's system message; null: none. */
  instructions?: string | null;
}

/** Added after the template's own system message, so the template's rules (grounding, the fence) stay first and whole. */
export const withInstructions = (system: string, instructions: string | null | undefined): string => (instructions ? `${system}\n\nInstructions for this collection:\n${instructions.trim()}` : system);

export function buildPrompt(request: PromptRequest): { prompt: PromptMessage[]; passages: Passage[] } {
  const { template, question, history, contextLength } = request;
  if (request.passages === null) {
    const { system, user } = renderUngrounded(template, question);
    return { prompt: [{ role: 'system', content: withInstructions(system, request.instructions) }, ...history, { role: 'user', content: user }], passages: [] };
  }
  const fence = createFence();
  const skeleton = renderGrounded(template, [], question, fence);
  const fixedTokens = estimateTokens(withInstructions(skeleton.system, request.instructions)) + estimateTokens(skeleton.user) + history.reduce((n, m) => n + estimateTokens(m.content), 0);
  const passages = packPassages(request.passages, { contextLength, answerReserve: answerReserveFor(contextLength), fixedTokens });
  const { system, user } = renderGrounded(template, passages, question, fence);
  return { prompt: [{ role: 'system', content: withInstructions(system, request.instructions) }, ...history, { role: 'user', content: user }], passages };
}
