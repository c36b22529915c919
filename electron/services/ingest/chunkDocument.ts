// Splits an extracted document into overlapping, structure-following chunks within the embedder's token limit; plain Node.
import type { ChunkingOptions, DocumentChunk, ExtractedDocument, TextBlock, TokenCounter } from './extractedDocument';
import { isWhitespace, sentenceRanges, wordRanges, type Range } from './segmentText';

export const DEFAULT_CHUNKING: ChunkingOptions = { targetTokens: 200, overlapTokens: 40, maxTokens: 256 };

/** Longest chunk in characters per token of the limit; only tokens the tokenizer maps to [UNK] (or to nothing) reach it. */
const MAX_CHARS_PER_TOKEN = 16;

/** How finely a unit was cut from its block. */
const enum Level {
  Block = 0,
  Sentence = 1,
  /** A clause or a word. */
  Words = 2,
  Chars = 3,
}

/** Characters after which a word may start an overlap: whitespace, or scripts written without spaces. */
const WORD_START_BEFORE = /[\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/** Where a sentence too long to keep whole is best cut before resorting to words: after `;` `,` or a newline. */
const CLAUSE_END = /[;,]\s+|[，；、]|\n/g;

/** A contiguous, trimmed piece of the text with its token count (without special tokens). */
interface Unit {
  start: number;
  end: number;
  tokens: number;
  block: number;
  level: Level;
}

interface Draft {
  units: Unit[];
  /** The first `overlap` units repeat the end of the previous chunk. */
  overlap: number;
  tokens: number;
  /** Holds a unit that is not a heading (beyond the overlap). */
  hasContent: boolean;
}

interface Block extends TextBlock {
  /** Headings in effect for this block's content (for a heading, including itself). */
  path: readonly string[];
}

/**
 * Chunks a document: blocks are packed in order toward `targetTokens`; a heading starts a new chunk; blocks too large
 * are cut by sentences, then words, then characters; each chunk repeats about `overlapTokens` of the previous chunk's
 * trailing sentences (not across a heading). Every chunk's text is `doc.text.slice(start, end)` and its token count,
 * measured on that text, is at most `maxTokens`.
 */
export function chunkDocument(doc: ExtractedDocument, counter: TokenCounter, options: ChunkingOptions = DEFAULT_CHUNKING): DocumentChunk[] {
  return new Chunker(doc, counter, options).run();
}

class Chunker {
  private readonly text: string;
  private readonly blocks: Block[];
  /** Special tokens every count includes. */
  private readonly special: number;
  /** Content-token budgets (special tokens excluded). */
  private readonly target: number;
  private readonly max: number;
  private readonly overlapBudget: number;
  private readonly maxChars: number;
  private readonly sentenceCache = new Map<number, Unit[]>();

  constructor(
    doc: ExtractedDocument,
    private readonly counter: TokenCounter,
    options: ChunkingOptions,
  ) {
    this.text = doc.text;
    this.blocks = normalizeBlocks(doc);
    this.special = counter.count([''])[0] ?? 0;
    const max = Math.floor(options.maxTokens) - this.special;
    if (max < 1) throw new RangeError(`maxTokens (${options.maxTokens}) leaves no room beside the ${this.special} special tokens`);
    this.max = max;
    this.target = Math.max(1, Math.min(Math.floor(options.targetTokens) - this.special, max));
    this.overlapBudget = Math.max(0, Math.min(Math.floor(options.overlapTokens), Math.floor(this.target / 2)));
    this.maxChars = Math.max(64, options.maxTokens * MAX_CHARS_PER_TOKEN);
  }

  run(): DocumentChunk[] {
    if (this.blocks.length === 0) return [];
    const drafts = this.pack(this.blockUnits());
    return this.finalize(drafts);
  }

  // ---- units ---------------------------------------------------------------------------------------------------

  /** One unit per block that fits the target; larger blocks are cut into sentences (and finer) straight away. */
  private blockUnits(): Unit[] {
    const counts = this.countRanges(this.blocks.map((b) => [b.start, b.end] as const));
    const units: Unit[] = [];
    this.blocks.forEach((block, i) => {
      const tokens = counts[i] ?? Infinity;
      if (tokens <= this.target) units.push({ start: block.start, end: block.end, tokens, block: i, level: Level.Block });
      else units.push(...this.sentences(i));
    });
    return units;
  }

  /** The sentences of a block, each within `max` (longer ones cut into clauses, words or characters within `target`). Cached. */
  private sentences(blockIndex: number): Unit[] {
    const cached = this.sentenceCache.get(blockIndex);
    if (cached) return cached;
    const block = this.blocks[blockIndex];
    if (!block) return [];
    const softWraps = block.kind !== 'code' && block.kind !== 'table';
    const ranges = sentenceRanges(this.text, block.start, block.end, softWraps);
    const counts = this.countRanges(ranges);
    const units: Unit[] = [];
    ranges.forEach(([start, end], i) => {
      const tokens = counts[i] ?? Infinity;
      if (tokens <= this.max) units.push({ start, end, tokens, block: blockIndex, level: Level.Sentence });
      else units.push(...this.clauses(start, end, tokens, blockIndex)); // packed like any other units, so overlap still fits
    });
    this.sentenceCache.set(blockIndex, units);
    return units;
  }

  /** Clauses of an over-long sentence (a CSV row, a run-on list); a clause beyond the target is cut into words. */
  private clauses(start: number, end: number, tokens: number, blockIndex: number): Unit[] {
    const ranges: Range[] = [];
    let from = start;
    CLAUSE_END.lastIndex = 0;
    const sentence = this.text.slice(start, end);
    for (let match = CLAUSE_END.exec(sentence); match; match = CLAUSE_END.exec(sentence)) {
      const cut = start + match.index + match[0].length;
      trimInto(ranges, this.text, from, cut);
      from = cut;
    }
    trimInto(ranges, this.text, from, end);
    // no clause boundary: the sentence's own count stands (counting is the costly part for long runs)
    const counts = ranges.length === 1 ? [tokens] : this.countRanges(ranges);
    const units: Unit[] = [];
    ranges.forEach(([s, e], i) => {
      const n = counts[i] ?? Infinity;
      if (n <= this.target) units.push({ start: s, end: e, tokens: n, block: blockIndex, level: Level.Words });
      else units.push(...this.words(s, e, blockIndex));
    });
    return units;
  }

  /** Words (and punctuation) of a range; a "word" beyond the target (a base64 blob, a long URL) is cut into characters. */
  private words(start: number, end: number, blockIndex: number): Unit[] {
    const ranges = wordRanges(this.text, start, end);
    const counts = this.countRanges(ranges);
    const units: Unit[] = [];
    ranges.forEach(([s, e], i) => {
      const tokens = counts[i] ?? Infinity;
      if (tokens <= this.target) units.push({ start: s, end: e, tokens, block: blockIndex, level: Level.Words });
      else units.push(...this.chars(s, e, tokens, blockIndex));
    });
    return units;
  }

  /** Character windows of a range, each within the target; sized from the range's own characters per token. */
  private chars(start: number, end: number, tokens: number, blockIndex: number): Unit[] {
    const length = end - start;
    const estimate = Number.isFinite(tokens) ? ((length * this.target) / Math.max(tokens, 1)) * 0.9 : this.target * 2;
    const perWindow = Math.max(1, Math.min(this.maxChars, Math.floor(estimate)));
    const pending: Range[] = [];
    for (let s = start; s < end; ) {
      let e = Math.min(end, s + perWindow);
      if (e < end && e - s > 1 && isLowSurrogate(this.text.charCodeAt(e))) e--;
      pending.push([s, e]);
      s = e;
    }
    const out: Unit[] = [];
    let ranges = pending;
    while (ranges.length > 0) {
      const counts = this.countRanges(ranges);
      const retry: Range[] = [];
      ranges.forEach(([s, e], i) => {
        const n = counts[i] ?? 0;
        if (n <= this.target || e - s <= 1) {
          out.push({ start: s, end: e, tokens: n, block: blockIndex, level: Level.Chars });
        } else {
          let mid = s + Math.floor((e - s) / 2);
          if (isLowSurrogate(this.text.charCodeAt(mid)) && mid - 1 > s) mid--;
          retry.push([s, mid], [mid, e]);
        }
      });
      ranges = retry;
    }
    return out.sort((a, b) => a.start - b.start);
  }

  /** Content tokens of each range; a range longer than `maxChars` is not counted (Infinity), since it must be cut anyway. */
  private countRanges(ranges: readonly Range[]): number[] {
    const measured = ranges.filter(([s, e]) => e - s <= this.maxChars);
    if (measured.length === 0) return ranges.map(() => Infinity);
    const counts = this.counter.count(measured.map(([s, e]) => this.text.slice(s, e)));
    let k = 0;
    return ranges.map(([s, e]) => (e - s <= this.maxChars ? (counts[k++] ?? 0) - this.special : Infinity));
  }

  // ---- packing -------------------------------------------------------------------------------------------------

  private isHeading(unit: Unit): boolean {
    return this.blocks[unit.block]?.kind === 'heading';
  }

  private pack(units: Unit[]): Draft[] {
    const drafts: Draft[] = [];
    const front: Unit[] = []; // units put back for another try, next one last
    let index = 0;
    let current = emptyDraft();
    const next = (): Unit | undefined => front.pop() ?? units[index++];
    const finish = (): Draft => {
      const done = current;
      if (done.units.length > done.overlap) drafts.push(done);
      return done;
    };

    for (let unit = next(); unit; unit = next()) {
      const heading = this.isHeading(unit);
      if (heading && current.hasContent) {
        finish();
        current = emptyDraft(); // a section starts clean, without the previous section's tail
      }
      if (this.fits(current, unit, this.target)) {
        this.add(current, unit, heading);
        continue;
      }
      if (!current.hasContent || current.tokens < this.target / 2) {
        // room is left (or only overlap and headings so far): fill it with the block's sentences rather than closing early
        if (unit.level === Level.Block) {
          const parts = this.sentences(unit.block);
          if (parts.length > 1) {
            for (let i = parts.length - 1; i >= 0; i--) front.push(parts[i] as Unit);
            continue;
          }
        }
        if (!current.hasContent) {
          while (current.overlap > 0 && !this.fits(current, unit, this.target)) dropFirst(current);
          if (this.fits(current, unit, this.target) || this.fits(current, unit, this.max)) {
            this.add(current, unit, heading); // a single sentence longer than the target: the only slack allowed
            continue;
          }
          finish(); // headings alone, with a sentence too long to join them
          current = emptyDraft();
          this.add(current, unit, heading);
          continue;
        }
      }
      const done = finish();
      current = this.overlapDraft(done);
      front.push(unit);
    }
    finish();
    return drafts;
  }

  private fits(draft: Draft, unit: Unit, budget: number): boolean {
    if (draft.tokens + unit.tokens > budget) return false;
    const first = draft.units[0];
    return !first || unit.end - first.start <= this.maxChars;
  }

  private add(draft: Draft, unit: Unit, heading: boolean): void {
    draft.units.push(unit);
    draft.tokens += unit.tokens;
    if (!heading) draft.hasContent = true;
  }

  /** A new draft that starts with about `overlapBudget` tokens of the previous draft's end, whole sentences when possible. */
  private overlapDraft(previous: Draft): Draft {
    const draft = emptyDraft();
    if (this.overlapBudget === 0) return draft;
    const tail: Unit[] = [];
    this.takeTail(previous.units, tail, this.overlapBudget);
    // an overlap made of words starts at a word boundary, not inside "[link](url)" or "don't"
    while (tail.length > 0 && (tail[0] as Unit).level >= Level.Words && !WORD_START_BEFORE.test(this.text[(tail[0] as Unit).start - 1] ?? ' ')) tail.shift();
    for (const unit of tail) this.add(draft, unit, false);
    draft.overlap = tail.length;
    draft.hasContent = false;
    return draft;
  }

  /**
   * Prepends to `tail` the last units of `units` that fit `budget`. A unit too large to take whole is opened up
   * (a block into its sentences) and its last parts taken; only when nothing fits at all does it fall
   * back to the last words of a sentence. Stops at a heading. Returns the budget left.
   */
  private takeTail(units: readonly Unit[], tail: Unit[], budget: number): number {
    let left = budget;
    for (let i = units.length - 1; i >= 0; i--) {
      const unit = units[i] as Unit;
      if (this.isHeading(unit)) return 0;
      if (unit.tokens <= left) {
        tail.unshift(unit);
        left -= unit.tokens;
        continue;
      }
      const parts = unit.level === Level.Block ? this.sentences(unit.block) : null;
      if (parts && parts.length > 1) {
        this.takeTail(parts, tail, left);
      } else if (tail.length === 0 && unit.level !== Level.Chars) {
        // a single sentence longer than the whole overlap: take its last words instead
        const words = this.words(unit.start, unit.end, unit.block);
        let k = words.length;
        let used = 0;
        while (k > 0 && used + (words[k - 1] as Unit).tokens <= left) used += (words[--k] as Unit).tokens;
        tail.unshift(...words.slice(k));
      }
      return 0;
    }
    return left;
  }

  // ---- output --------------------------------------------------------------------------------------------------

  /** Measures every chunk's real text once; a chunk over the limit (tokens that do not add up) is halved until it fits. */
  private finalize(drafts: Draft[]): DocumentChunk[] {
    let pending = drafts.map((d) => d.units);
    const done: { units: Unit[]; tokens: number }[] = [];
    while (pending.length > 0) {
      const counts = this.counter.count(pending.map((units) => this.slice(units)));
      const retry: Unit[][] = [];
      pending.forEach((units, i) => {
        const tokens = counts[i] ?? 0;
        if (tokens <= this.max + this.special || units.length <= 1) done.push({ units, tokens });
        else retry.push(units.slice(0, Math.ceil(units.length / 2)), units.slice(Math.ceil(units.length / 2)));
      });
      pending = retry;
    }
    done.sort((a, b) => (a.units[0]?.start ?? 0) - (b.units[0]?.start ?? 0) || (a.units.at(-1)?.end ?? 0) - (b.units.at(-1)?.end ?? 0));
    return done.map(({ units, tokens }, ordinal) => {
      const first = units[0] as Unit;
      const last = units[units.length - 1] as Unit;
      return {
        ordinal,
        text: this.text.slice(first.start, last.end),
        start: first.start,
        end: last.end,
        page: this.blocks[first.block]?.page ?? null,
        headingPath: [...this.headingPath(units)],
        tokenCount: tokens,
      };
    });
  }

  private slice(units: Unit[]): string {
    const first = units[0];
    const last = units[units.length - 1];
    return first && last ? this.text.slice(first.start, last.end) : '';
  }

  /** The headings the chunk's own content sits under (after any headings it opens with). */
  private headingPath(units: Unit[]): readonly string[] {
    let path: readonly string[] = [];
    for (const unit of units) {
      const block = this.blocks[unit.block];
      if (!block) continue;
      path = block.path;
      if (block.kind !== 'heading') break;
    }
    return path;
  }
}

function emptyDraft(): Draft {
  return { units: [], overlap: 0, tokens: 0, hasContent: false };
}

function dropFirst(draft: Draft): void {
  const unit = draft.units.shift();
  if (unit) draft.tokens -= unit.tokens;
  draft.overlap--;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function trimInto(out: Range[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && isWhitespace(text.charCodeAt(s))) s++;
  while (e > s && isWhitespace(text.charCodeAt(e - 1))) e--;
  if (e > s) out.push([s, e]);
}

/**
 * Blocks in order, clipped so they do not overlap, trimmed, with any text between blocks that is not whitespace
 * added as a paragraph (so every character that reaches a chunk was counted), and each with its heading path.
 */
function normalizeBlocks(doc: ExtractedDocument): Block[] {
  const text = doc.text;
  const source: TextBlock[] = doc.blocks.length > 0 ? [...doc.blocks].sort((a, b) => a.start - b.start) : [{ kind: 'paragraph', start: 0, end: text.length }];
  const out: Block[] = [];
  const stack: { level: number; label: string }[] = [];
  let path: readonly string[] = [];
  let position = 0;
  const push = (block: TextBlock, start: number, end: number): void => {
    let s = start;
    let e = end;
    while (s < e && isWhitespace(text.charCodeAt(s))) s++;
    while (e > s && isWhitespace(text.charCodeAt(e - 1))) e--;
    if (e <= s) return;
    if (block.kind === 'heading') {
      const level = block.level ?? 1;
      while (stack.length > 0 && (stack[stack.length - 1]?.level ?? 0) >= level) stack.pop();
      stack.push({ level, label: headingLabel(text.slice(s, e)) });
      path = stack.map((h) => h.label);
    }
    const normalized: Block = { ...block, start: s, end: e, path };
    out.push(normalized);
  };
  for (const block of source) {
    const start = Math.max(block.start, position);
    const end = Math.min(block.end, text.length);
    if (end <= start) continue;
    if (start > position && /\S/.test(text.slice(position, start))) {
      const previous = out[out.length - 1];
      push({ kind: 'paragraph', start: position, end: start, ...(previous?.page !== undefined ? { page: previous.page } : {}) }, position, start);
    }
    push(block, start, end);
    position = end;
  }
  if (position < text.length && /\S/.test(text.slice(position))) {
    const previous = out[out.length - 1];
    push({ kind: 'paragraph', start: position, end: text.length, ...(previous?.page !== undefined ? { page: previous.page } : {}) }, position, text.length);
  }
  return out;
}

/** A heading as a path element: its first line without Markdown markers, at most 200 characters. */
function headingLabel(raw: string): string {
  const firstLine = raw.split('\n', 1)[0] ?? raw;
  const label = firstLine
    .replace(/^\s{0,3}#{1,6}\s+/, '')
    .replace(/\s+#+\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  return label.slice(0, 200);
}
