// Assembles an ExtractedDocument's text and block offsets as a parser appends content; plain Node (parse worker).
import type { DocumentFormat } from '../../../../shared/contract/library';
import type { BlockKind, ExtractedDocument, TextBlock } from '../extractedDocument';

export interface AddBlockOptions {
  level?: number;
  page?: number;
  /** Separate from the previous block by one newline instead of a blank line (list items, table rows). */
  tight?: boolean;
}

// C0 controls except tab/newline/form feed, DEL, C1 controls and NUL: noise from PDFs and Word fields.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g;

/** Drops control characters (keeping tab, newline and form feed) that extraction sometimes leaves behind. */
export function stripControlChars(text: string): string {
  return text.replace(CONTROL_CHARS, '');
}

/** Collapses runs of whitespace (as in HTML rendering) into single spaces, keeping explicit newlines when asked. */
export function collapseWhitespace(text: string, keepNewlines = false): string {
  if (!keepNewlines) return text.replace(/\s+/g, ' ').trim();
  return text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

export class DocumentBuilder {
  private readonly parts: string[] = [];
  private length = 0;
  private readonly blocks: TextBlock[] = [];

  constructor(private readonly format: DocumentFormat) {}

  get blockCount(): number {
    return this.blocks.length;
  }

  /** Appends one block; content is trimmed and skipped when empty. Returns whether it was added. */
  add(kind: BlockKind, content: string, options: AddBlockOptions = {}): boolean {
    const trimmed = content.trim();
    if (trimmed === '') return false;
    if (this.length > 0) this.push(options.tight ? '\n' : '\n\n');
    const block: TextBlock = { kind, start: this.length, end: this.length + trimmed.length };
    if (options.level !== undefined) block.level = options.level;
    if (options.page !== undefined) block.page = options.page;
    this.push(trimmed);
    this.blocks.push(block);
    return true;
  }

  build(meta: { title: string | null; pageCount?: number | null; ocrPages?: readonly number[] }): ExtractedDocument {
    const doc: ExtractedDocument = {
      format: this.format,
      text: this.parts.join(''),
      blocks: this.blocks,
      pageCount: meta.pageCount ?? null,
      title: meta.title,
    };
    if (meta.ocrPages && meta.ocrPages.length > 0) doc.ocrPages = [...meta.ocrPages];
    return doc;
  }

  private push(text: string): void {
    this.parts.push(text);
    this.length += text.length;
  }
}

/** A title as shown to the user: one line, no control characters, null when blank. */
export function cleanTitle(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const title = collapseWhitespace(stripControlChars(raw.replace(/\0/g, '')));
  return title === '' ? null : title.slice(0, 300);
}
