// Pieces shared by the Markdown exporters (plain Node, pure): escaping, numbered sources with pages, and answer text
// with grounding marks as footnotes ("⚠ not found in [2]").
import type { Passage } from '../../../shared/contract/library';
import type { GroundingReport } from '../../../shared/contract/trust';

/** Escapes text that must read literally in Markdown (document names, titles): no links, emphasis or HTML. */
export const escapeMarkdown = (text: string): string => text.replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`).replace(/\s+/g, ' ').trim();

const EXCERPT_CHARS = 280;

/** A passage quoted on one line, cut to a readable length. */
export const excerpt = (text: string): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return escapeMarkdown(flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat);
};

export const sourceLabel = (p: Passage): string => {
  const where = [p.page !== null ? `p. ${p.page}` : null, p.headingPath.length > 0 ? escapeMarkdown(p.headingPath.join(' › ')) : null].filter(Boolean).join(', ');
  return `${escapeMarkdown(p.documentName)}${where ? `, ${where}` : ''}`;
};

/** "1. file.pdf, p. 3 — “excerpt”", numbered as the answer cites them; flagged passages say so. */
export function sourcesList(passages: readonly Passage[]): string[] {
  return passages.map((p, i) => `${i + 1}. **${sourceLabel(p)}**${p.flag ? ` (flagged: ${escapeMarkdown(p.flag.reason)})` : ''} — “${excerpt(p.text)}”`);
}

/** Citation markers and the sentence's own full stop stay before the mark. */
const TRAILING = /^(?:\s*\[\d+\])*[.!?…]?(?:\s*\[\d+\])*/;

/**
 * The answer with a footnote after each sentence the grounding check marked (`unsupported`: ⚠, `uncited`: ℹ), and
 * the footnotes. `prefix` keeps footnote labels unique across a document with several answers.
 */
export function markedAnswer(text: string, grounding: GroundingReport | null | undefined, prefix: string): { body: string; footnotes: string[] } {
  const marks = (grounding?.sentences ?? [])
    .filter((s) => (s.verdict === 'unsupported' || s.verdict === 'uncited') && s.end <= text.length)
    .map((s) => ({ at: s.end + (TRAILING.exec(text.slice(s.end))?.[0].length ?? 0), sentence: s }))
    .sort((a, b) => a.at - b.at);
  let body = '';
  let from = 0;
  const footnotes: string[] = [];
  marks.forEach(({ at, sentence }, i) => {
    const label = `${prefix}-${i + 1}`;
    const symbol = sentence.verdict === 'unsupported' ? '⚠' : 'ℹ';
    body += `${text.slice(from, at)} ${symbol}[^${label}]`;
    from = at;
    const fallback = sentence.verdict === 'unsupported' ? (sentence.cited.length > 0 ? `not found in ${sentence.cited.map((n) => `[${n}]`).join(', ')}` : 'not found in the passages') : 'no citation';
    footnotes.push(`[^${label}]: ${symbol} ${(sentence.reason ?? fallback).replace(/\s+/g, ' ')}`);
  });
  return { body: body + text.slice(from), footnotes };
}

export const percent = (share: number): string => `${Math.round(share * 100)}%`;

export function groundingLine(grounding: GroundingReport | null | undefined): string | null {
  if (!grounding || grounding.groundedShare === null) return null;
  const unsupported = grounding.sentences.filter((s) => s.verdict === 'unsupported').length;
  return `Grounded: ${percent(grounding.groundedShare)} of ${grounding.checked} checked ${grounding.checked === 1 ? 'sentence' : 'sentences'}${unsupported > 0 ? `, ${unsupported} not found in the sources (⚠)` : ''}`;
}

/** A file name from a title: letters, digits and dashes, at most 60 characters. */
export const slug = (title: string): string =>
  title
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .toLowerCase() || 'untitled';
