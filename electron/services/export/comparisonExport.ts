// A comparison as Markdown (the question, the shared numbered sources, each variant's answer with its metrics,
// rating, winner and grounding marks) or as JSON (the stored comparison, schema-checked). Plain Node, pure.
import type { Comparison } from '../../../shared/contract/compare';
import { ComparisonExportSchema, type ExportFile, type ExportFormat } from '../../../shared/contract/export';
import { escapeMarkdown, groundingLine, markedAnswer, slug, sourcesList } from './markdownParts';
import { modelLabel } from '../../../shared/contract/models';

const ms = (v: number | null | undefined): string | null => (v === null || v === undefined ? null : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`);

export function comparisonMarkdown(comparison: Comparison, exportedAt: Date): string {
  const lines = [`# Comparison: ${escapeMarkdown(comparison.question.slice(0, 160))}`, ''];
  lines.push(`Collection: ${escapeMarkdown(comparison.collectionName)} · Mode: ${comparison.mode} · Temperature: ${comparison.temperature} · Run: ${new Date(comparison.createdAt).toISOString()} · Exported: ${exportedAt.toISOString()}`, '');
  if (comparison.question.length > 160) lines.push(...comparison.question.split('\n').map((l) => `> ${l}`), '');
  const footnotes: string[] = [];
  comparison.columns.forEach((col, i) => {
    const winner = comparison.winner === i ? ' ★ winner' : '';
    lines.push(`## ${i + 1}. ${escapeMarkdown(modelLabel(col.variant.model))} · ${col.variant.promptTemplate}${winner}`, '');
    const m = col.metrics;
    const facts = [
      m ? [`first token ${ms(m.ttftMs) ?? '—'}`, `total ${ms(m.totalMs) ?? '—'}`, m.tokensPerSecond !== null ? `${m.tokensPerSecond.toFixed(1)} tokens/s` : null, m.completionTokens !== null ? `${m.completionTokens} tokens` : null].filter(Boolean).join(' · ') : null,
      col.rating !== null ? `Rating: ${'★'.repeat(col.rating)}${'☆'.repeat(5 - col.rating)}` : null,
      groundingLine(col.grounding),
    ].filter((f): f is string => f !== null && f !== '');
    if (col.status !== 'complete') lines.push(`> ${col.status === 'error' ? `Failed: ${escapeMarkdown(col.error?.message ?? 'no answer')}` : col.status === 'incomplete' ? 'Incomplete: the answer stopped before the end.' : `Not run (${col.status}).`}`, '');
    const marked = markedAnswer(col.content, col.grounding, `c${i + 1}`);
    if (marked.body.trim()) lines.push(marked.body.trim(), '');
    if (facts.length) lines.push(...facts.map((f) => `*${f}*`), '');
    footnotes.push(...marked.footnotes);
  });
  if (comparison.passages.length > 0) lines.push('## Sources', '', 'Every variant was given these passages, numbered as they cite them.', '', ...sourcesList(comparison.passages), '');
  if (comparison.withheldPassages?.length) lines.push('**Kept out of the answers (flagged)**', '', ...sourcesList(comparison.withheldPassages), '');
  if (footnotes.length) lines.push(...footnotes, '');
  return `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

export function exportComparison(comparison: Comparison, format: ExportFormat, exportedAt: Date): ExportFile {
  const base = `loci-comparison-${slug(comparison.question)}`;
  if (format === 'md') return { filename: `${base}.md`, mimeType: 'text/markdown', content: comparisonMarkdown(comparison, exportedAt) };
  const record = ComparisonExportSchema.parse({ format: 'loci.comparison', version: 1, exportedAt: exportedAt.toISOString(), comparison });
  return { filename: `${base}.json`, mimeType: 'application/json', content: `${JSON.stringify(record, null, 2)}\n` };
}
