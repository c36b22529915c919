// Splits an answer (Markdown) into sentences with their UTF-16 offsets and the passage numbers each cites. Plain
// Node and renderer-free: the grounding check runs it on the finished answer text.

export interface AnswerSentence {
  /** Offsets into the answer text; the span ends at the sentence's terminator (trailing [n] markers excluded). */
  start: number;
  end: number;
  /** The sentence with citation markers and Markdown emphasis removed: what is checked. */
  text: string;
  /** Cited passage numbers in order of appearance, without repeats. */
  cited: number[];
  /** A heading, a code line or a table rule: never a claim. */
  structural: boolean;
}

/** `[2]`, `[1][3]`, `[1, 2]`, `[1-3]`: the marker forms models write. */
const CITATION = /\[(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\]/g;
const TERMINATOR = /[.!?]+["'’”)\]*_]*(?=\s|$)/g;
const ABBREVIATION = /(?:\b(?:e\.g|i\.e|etc|vs|cf|dr|mr|mrs|ms|st|no|fig|approx|inc|ltd|jr|sr)|\b\p{Lu})\.$/iu;

export function parseCitation(inner: string): number[] {
  const out: number[] = [];
  for (const part of inner.split(/\s*[,;]\s*/)) {
    const range = /^(\d+)\s*[–-]\s*(\d+)$/.exec(part);
    if (range) {
      const a = Number(range[1]);
      const b = Number(range[2]);
      for (let n = a; n <= b && n - a < 20; n++) out.push(n);
    } else if (/^\d+$/.test(part)) out.push(Number(part));
  }
  return out.filter((n) => n > 0);
}

function citationsIn(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(CITATION)) for (const n of parseCitation(m[1] ?? '')) if (!out.includes(n)) out.push(n);
  return out;
}

/** What the check reads: no markers, no emphasis, single spaces. */
export function checkableText(text: string): string {
  return text
    .replace(CITATION, ' ')
    .replace(/[*_`]+/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Length of the run of whitespace and citation markers at `from`. */
function trailingCitations(text: string, from: number): { length: number; cited: number[] } {
  const re = /^(?:\s*\[(\d{1,3}(?:\s*[,;–-]\s*\d{1,3})*)\])+/;
  const m = re.exec(text.slice(from));
  if (!m) return { length: 0, cited: [] };
  return { length: m[0].length, cited: citationsIn(m[0]) };
}

function splitLine(line: string, offset: number, out: AnswerSentence[]): void {
  // list markers, quotes and headings are layout, not words of the sentence
  const lead = /^\s*(?:(#{1,6})\s+|[-*+]\s+|\d{1,3}[.)]\s+|>\s*)?/.exec(line)?.[0] ?? '';
  const heading = /^\s*#{1,6}\s/.test(line);
  const tableRule = /^\s*\|?[\s:|-]+\|[\s:|-]*$/.test(line);
  let start = lead.length;
  const push = (from: number, to: number, extra: number[]): void => {
    const raw = line.slice(from, to);
    const trimmedStart = from + (raw.length - raw.trimStart().length);
    const trimmedEnd = to - (raw.length - raw.trimEnd().length);
    if (trimmedEnd <= trimmedStart) {
      // a citation alone on its line belongs to the sentence before it
      const prev = out[out.length - 1];
      if (prev) for (const n of extra) if (!prev.cited.includes(n)) prev.cited.push(n);
      return;
    }
    const span = line.slice(trimmedStart, trimmedEnd);
    const cited = citationsIn(span);
    for (const n of extra) if (!cited.includes(n)) cited.push(n);
    out.push({ start: offset + trimmedStart, end: offset + trimmedEnd, text: checkableText(span), cited, structural: heading || tableRule });
  };
  TERMINATOR.lastIndex = start;
  for (let m = TERMINATOR.exec(line); m; m = TERMINATOR.exec(line)) {
    const end = m.index + m[0].length;
    // "[3]." is a marker inside the sentence, "e.g." and "J. Smith" are not ends
    if (ABBREVIATION.test(line.slice(Math.max(start, end - 6), end))) continue;
    const tail = trailingCitations(line, end);
    const next = line.slice(end + tail.length).trimStart();
    if (next && /^\p{Ll}/u.test(next)) continue;
    push(start, end, tail.cited);
    start = end + tail.length;
    TERMINATOR.lastIndex = start;
  }
  if (start < line.length) push(start, line.length, []);
}

/** Sentences of an answer in order; fenced code blocks are left out (code is not a claim). */
export function splitAnswer(answer: string): AnswerSentence[] {
  const out: AnswerSentence[] = [];
  let offset = 0;
  let inFence = false;
  for (const line of answer.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    else if (!inFence && line.trim()) splitLine(line, offset, out);
    offset += line.length + 1;
  }
  return out;
}
