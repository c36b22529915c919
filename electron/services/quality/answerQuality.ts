// What a chat answer's metric event carries about its quality (grounded share, unsupported sentences, prompt
// version, nothing relevant), taken from the stored message. Plain Node, pure.
import type { ChatMessage } from '../../../shared/contract/chat';
import type { NewMetricEvent } from '../metrics/metricsLog';

export const templateKey = (t: { id: string; version: number } | null): string | null => (t ? `${t.id}@${t.version}` : null);

export function answerQualityFields(message: ChatMessage): Partial<NewMetricEvent> {
  const g = message.grounding ?? null;
  return {
    messageId: message.id,
    promptTemplate: templateKey(message.promptTemplate),
    groundedShare: g?.groundedShare ?? null,
    checkedSentences: g ? g.checked : null,
    unsupportedSentences: g ? g.sentences.filter((s) => s.verdict === 'unsupported').length : null,
    nothingRelevant: message.status === 'no-context',
  };
}
