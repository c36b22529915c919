// Sentence and word boundaries with Intl.Segmenter, in bounded windows so long texts stay linear; plain Node.

// [Note: Intl.Segmenter cost]
// V8 builds every segment object with its own copy of the segmented string (`segment.input`), so one pass over a string
// of n characters costs O(n) per segment: a 100 kB block takes ~200 ms for sentences and ~1.5 s for words, and the whole
// of a 1 MB file runs out of memory. So text is segmented in windows of a few hundred to a few thousand characters;
// the last segment of a window, which may be cut short, is re-segmented as the start of the next window.

const SENTENCE_WINDOW = 1500;
const WORD_WINDOW = 300;

const sentenceSegmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
const wordSegmenter = new Intl.Segmenter(undefined, { granularity: 'word' });

/** A single newline between two non-newline characters: a soft line wrap (PDF lines, verse, wrapped Markdown). */
const SOFT_WRAP = /(?<=[^\n])\n(?=[^\n])/g;

export type Range = readonly [start: number, end: number];

/**
 * Sentences of text[start, end) as trimmed ranges. With `softWraps`, single newlines count as spaces (a hard
 * sentence break otherwise), so a sentence wrapped over several lines stays one sentence.
 */
export function sentenceRanges(text: string, start: number, end: number, softWraps: boolean): Range[] {
  return segmentRanges(text, start, end, sentenceSegmenter, SENTENCE_WINDOW, softWraps);
}

/** Words and punctuation of text[start, end) as ranges; whitespace is left out. Works for scripts without spaces (CJK). */
export function wordRanges(text: string, start: number, end: number): Range[] {
  return segmentRanges(text, start, end, wordSegmenter, WORD_WINDOW, false);
}

function segmentRanges(text: string, start: number, end: number, segmenter: Intl.Segmenter, window: number, softWraps: boolean): Range[] {
  const out: Range[] = [];
  let position = start;
  const starts: number[] = [];
  while (position < end) {
    let windowEnd = Math.min(end, position + window);
    if (windowEnd < end && isLowSurrogate(text.charCodeAt(windowEnd))) windowEnd--;
    let slice = text.slice(position, windowEnd);
    if (softWraps) slice = slice.replace(SOFT_WRAP, ' ');
    starts.length = 0;
    for (const segment of segmenter.segment(slice)) starts.push(segment.index);
    starts.push(slice.length);
    const segmentCount = starts.length - 1;
    let consumed: number;
    if (windowEnd >= end) {
      consumed = segmentCount;
    } else if (segmentCount > 1) {
      consumed = segmentCount - 1; // the last one may run past the window
    } else {
      // one segment fills the whole window: cut it at its last whitespace, or at the window edge
      const cut = lastSpace(slice, Math.floor(slice.length / 2)) ?? slice.length;
      pushTrimmed(out, text, position, position + cut);
      position += cut;
      continue;
    }
    for (let i = 0; i < consumed; i++) pushTrimmed(out, text, position + (starts[i] ?? 0), position + (starts[i + 1] ?? 0));
    position += starts[consumed] ?? slice.length;
  }
  return out;
}

function pushTrimmed(out: Range[], text: string, start: number, end: number): void {
  let s = start;
  let e = end;
  while (s < e && isWhitespace(text.charCodeAt(s))) s++;
  while (e > s && isWhitespace(text.charCodeAt(e - 1))) e--;
  if (e > s) out.push([s, e]);
}

function lastSpace(slice: string, notBefore: number): number | null {
  for (let i = slice.length - 1; i >= notBefore; i--) if (isWhitespace(slice.charCodeAt(i))) return i + 1;
  return null;
}

export function isWhitespace(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
