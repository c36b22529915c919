// Markdown: the source is the extracted text; blocks come from marked's lexer, located by walking token `raw` lengths; plain Node.
import { marked, type Token, type Tokens } from 'marked';
import type { ExtractedDocument, TextBlock } from '../extractedDocument';
import { cleanTitle } from './documentBuilder';
import { paragraphBlocks, pushTrimmed } from './plainText';

const FRONT_MATTER = /^(?:---|\+\+\+)[ \t]*\n[\s\S]*?\n(?:---|\.\.\.|\+\+\+)[ \t]*(?:\n|$)/;

export function parseMarkdown(text: string): ExtractedDocument {
  const blocks: TextBlock[] = [];
  let title: string | null = null;
  let offset = 0;

  const frontMatter = FRONT_MATTER.exec(text);
  if (frontMatter) {
    title = cleanTitle(/^title\s*[:=]\s*["']?(.*?)["']?\s*$/m.exec(frontMatter[0])?.[1]);
    pushTrimmed(blocks, text, 'code', 0, frontMatter[0].length);
    offset = frontMatter[0].length;
  }

  const tokens = marked.lexer(text.slice(offset), { gfm: true });
  let position = offset;
  for (const token of tokens) {
    const at = locate(text, token.raw, position);
    if (at < 0) {
      // the lexer's raw text no longer matches the source (should not happen): keep the rest as plain paragraphs
      blocks.push(...paragraphBlocks(text, 'paragraph', position));
      break;
    }
    const end = at + token.raw.length;
    const headingTitle = addToken(blocks, text, token, at, end);
    title ??= headingTitle;
    position = end;
  }
  return { format: 'markdown', text, blocks, pageCount: null, title };
}

function locate(text: string, raw: string, from: number): number {
  if (text.startsWith(raw, from)) return from;
  return text.indexOf(raw, from);
}

/** Adds the blocks of one top-level token; returns the text of a level-1 heading (a title candidate), else null. */
function addToken(blocks: TextBlock[], text: string, token: Token, start: number, end: number): string | null {
  switch (token.type) {
    case 'space':
    case 'hr':
    case 'def':
      return null;
    case 'heading': {
      const heading = token as Tokens.Heading;
      pushTrimmed(blocks, text, 'heading', start, end, { level: heading.depth });
      return heading.depth === 1 ? cleanTitle(heading.text.replace(/[*_`]/g, '')) : null;
    }
    case 'code':
      pushTrimmed(blocks, text, 'code', start, end);
      return null;
    case 'list':
      addList(blocks, text, token as Tokens.List, start, end);
      return null;
    case 'table':
      addTableRows(blocks, text, start, end);
      return null;
    case 'html':
      if (/^\s*<!--[\s\S]*-->\s*$/.test(token.raw)) return null;
      pushTrimmed(blocks, text, 'paragraph', start, end);
      return null;
    default:
      // paragraph, blockquote, text and anything an extension adds
      pushTrimmed(blocks, text, 'paragraph', start, end);
      return null;
  }
}

/** One `list` block per top-level item (nested lists stay inside their item). */
function addList(blocks: TextBlock[], text: string, list: Tokens.List, start: number, end: number): void {
  let position = start;
  for (const item of list.items) {
    const at = locate(text, item.raw, position);
    if (at < 0 || at + item.raw.length > end) {
      pushTrimmed(blocks, text, 'list', position, end);
      return;
    }
    pushTrimmed(blocks, text, 'list', at, at + item.raw.length);
    position = at + item.raw.length;
  }
}

/** One `row` block per table line, without the `|---|` delimiter line. */
function addTableRows(blocks: TextBlock[], text: string, start: number, end: number): void {
  let lineStart = start;
  while (lineStart < end) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const line = text.slice(lineStart, lineEnd);
    if (!/^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$/.test(line)) pushTrimmed(blocks, text, 'row', lineStart, lineEnd);
    lineStart = lineEnd + 1;
  }
}
