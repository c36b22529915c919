// A conversation as Markdown (questions, answers with grounding marks, numbered sources with pages, feedback) or as
// JSON (the stored conversation, schema-checked). Plain Node, pure: the export service feeds it stored records.
import { AUTO_MODEL, type ChatMessage, type Conversation } from '../../../shared/contract/chat';
import { ConversationExportSchema, type ExportFile, type ExportFormat } from '../../../shared/contract/export';
import { escapeMarkdown, groundingLine, markedAnswer, slug, sourcesList } from './markdownParts';
import { modelLabel } from '../../../shared/contract/models';

const REASONS: Record<string, string> = { wrong: 'wrong', 'not-in-documents': 'not in my documents', incomplete: 'incomplete', other: 'other' };

function feedbackLine(message: ChatMessage): string | null {
  const f = message.feedback;
  if (!f) return null;
  const parts = [f.rating === 'up' ? '👍 helpful' : '👎 not helpful', f.reason ? REASONS[f.reason] : null, f.note ? `“${escapeMarkdown(f.note)}”` : null].filter(Boolean);
  return `Feedback: ${parts.join(' · ')}`;
}

function answerSection(message: ChatMessage, index: number): string[] {
  const lines: string[] = [];
  const about = [message.model ? escapeMarkdown(modelLabel(message.model)) : null, message.promptTemplate ? `${message.promptTemplate.id}@${message.promptTemplate.version}` : null].filter(Boolean).join(' · ');
  lines.push(`### Answer${about ? ` (${about})` : ''}`, '');
  if (message.status === 'no-context') lines.push('> Nothing relevant was found in the collection.', '');
  if (!message.grounded) lines.push('> Answered without your documents.', '');
  if (message.status === 'incomplete') lines.push('> Incomplete: the answer stopped before the end.', '');
  if (message.status === 'error') lines.push(`> Failed: ${escapeMarkdown(message.error?.message ?? 'no answer')}`, '');
  const { body, footnotes } = markedAnswer(message.content, message.grounding, `a${index}`);
  if (body.trim()) lines.push(body.trim(), '');
  const facts = [groundingLine(message.grounding), feedbackLine(message)].filter((l): l is string => l !== null);
  if (facts.length) lines.push(...facts.map((f) => `*${f}*`), '');
  if (message.passages.length > 0) lines.push('**Sources**', '', ...sourcesList(message.passages), '');
  if (message.withheldPassages?.length) lines.push('**Kept out of the answer (flagged)**', '', ...sourcesList(message.withheldPassages), '');
  if (footnotes.length) lines.push(...footnotes, '');
  return lines;
}

export function conversationMarkdown(input: { conversation: Conversation; messages: readonly ChatMessage[]; collectionName: string | null; exportedAt: Date }): string {
  const { conversation, messages } = input;
  const lines = [`# ${escapeMarkdown(conversation.title)}`, ''];
  const meta = [input.collectionName ? `Collection: ${escapeMarkdown(input.collectionName)}` : null, conversation.model ? `Model: ${conversation.model === AUTO_MODEL ? 'Auto' : escapeMarkdown(modelLabel(conversation.model))}` : null, `Exported: ${input.exportedAt.toISOString()}`].filter(Boolean);
  lines.push(meta.join(' · '), '');
  messages.forEach((m, i) => {
    if (m.role === 'user') {
      lines.push(`## ${escapeMarkdown(m.content.split('\n')[0]!.slice(0, 120))}`, '');
      if (m.content.includes('\n') || m.content.length > 120) lines.push(...m.content.split('\n').map((l) => `> ${l}`), '');
    } else lines.push(...answerSection(m, i + 1));
  });
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

export function exportConversation(input: { conversation: Conversation; messages: readonly ChatMessage[]; collectionName: string | null; format: ExportFormat; exportedAt: Date }): ExportFile {
  const base = `loci-conversation-${slug(input.conversation.title)}`;
  if (input.format === 'md') return { filename: `${base}.md`, mimeType: 'text/markdown', content: conversationMarkdown(input) };
  const record = ConversationExportSchema.parse({
    format: 'loci.conversation',
    version: 1,
    exportedAt: input.exportedAt.toISOString(),
    collectionName: input.collectionName,
    conversation: input.conversation,
    messages: input.messages,
  });
  return { filename: `${base}.json`, mimeType: 'application/json', content: `${JSON.stringify(record, null, 2)}\n` };
}
