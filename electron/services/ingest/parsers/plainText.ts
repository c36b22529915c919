// Plain text and source files: the decoded text as it is, with a block per blank-line-separated paragraph; plain Node.
import type { BlockKind, ExtractedDocument, TextBlock } from '../extractedDocument';

/** Blocks for text separated by blank lines; `text` is kept unchanged so offsets point into what the user wrote. */
export function paragraphBlocks(text: string, kind: BlockKind, base = 0, end = text.length): TextBlock[] {
  const blocks: TextBlock[] = [];
  const separator = /\n[ \t\f\v]*\n\s*/g;
  separator.lastIndex = base;
  let start = base;
  for (;;) {
    const match = separator.exec(text);
    const stop = match && match.index < end ? match.index : end;
    pushTrimmed(blocks, text, kind, start, stop);
    if (!match || match.index >= end) break;
    start = match.index + match[0].length;
  }
  return blocks;
}

/** Adds the non-whitespace core of text[start, end) as a block, if any. */
export function pushTrimmed(blocks: TextBlock[], text: string, kind: BlockKind, start: number, end: number, extra: Partial<TextBlock> = {}): void {
  let s = start;
  let e = end;
  while (s < e && isSpace(text.charCodeAt(s))) s++;
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (e > s) blocks.push({ kind, start: s, end: e, ...extra });
}

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000 || code === 0xfeff || (code >= 0x2000 && code <= 0x200b) || code === 0x2028 || code === 0x2029;
}

export function parsePlainText(text: string, format: 'text' | 'code'): ExtractedDocument {
  return {
    format,
    text,
    blocks: paragraphBlocks(text, format === 'code' ? 'code' : 'paragraph'),
    pageCount: null,
    title: null,
  };
}
