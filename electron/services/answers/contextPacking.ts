// Fits passages and history into the model's context window, leaving room for the answer.
import type { Passage } from '../../../shared/contract/library';

/** Conservative: most tokenizers average 3.5-4 characters per token on English; CJK runs closer to 1-2. */
export function estimateTokens(text: string): number {
  let cjk = 0;
  for (const ch of text) if (/[\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/.test(ch)) cjk++;
  return Math.ceil((text.length - cjk) / 3.2 + cjk * 1.2) + 4;
}

export interface PackingBudget {
  /** num_ctx, tokens. */
  contextLength: number;
  /** Tokens kept free for the answer. */
  answerReserve: number;
  /** Tokens the fixed parts (system prompt, question, template text) take. */
  fixedTokens: number;
}

/** Default answer room: a quarter of the window, between 256 and 2048 tokens. */
export const answerReserveFor = (contextLength: number): number => Math.max(256, Math.min(2048, Math.floor(contextLength / 4)));

/**
 * Keeps the best-ranked passages that fit. A passage that does not fit whole is cut at a sentence boundary when at
 * least a third of it fits, so the top passage is never dropped for being long.
 */
export function packPassages(passages: readonly Passage[], budget: PackingBudget, perPassageOverhead = 24): Passage[] {
  let room = budget.contextLength - budget.answerReserve - budget.fixedTokens;
  const kept: Passage[] = [];
  for (const p of passages) {
    const cost = estimateTokens(p.text) + perPassageOverhead;
    if (cost <= room) {
      kept.push(p);
      room -= cost;
      continue;
    }
    const fraction = (room - perPassageOverhead) / (cost - perPassageOverhead);
    if (fraction >= 1 / 3 || kept.length === 0) {
      const chars = Math.max(0, Math.floor(p.text.length * fraction));
      if (chars > 40) {
        const cut = p.text.slice(0, chars);
        const lastStop = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('\n'));
        const text = lastStop > chars / 2 ? cut.slice(0, lastStop + 1) : cut;
        kept.push({ ...p, text, end: p.start + text.length });
      }
    }
    break;
  }
  return kept;
}
