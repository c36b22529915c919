// Invisible characters in document text: what counts as hiding (zero-width spaces, bidi overrides, Unicode tag
// characters) and what is ordinary writing (a zero-width joiner inside an emoji or an Indic/Arabic word). Pure.

/** Always invisible, never needed to write a word: zero-width space, word joiners, BOM, bidi controls, tags. */
const ALWAYS_HIDDEN = /[\u200B\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069\u{E0000}-\u{E007F}]/gu;
/** ZWNJ/ZWJ: legitimate between letters (Persian, Hindi) and inside emoji sequences. */
const JOINERS = /[\u200C\u200D]/g;
const JOINABLE = /\p{L}|\p{M}|\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}]|\uFE0F/u;

export interface HiddenChars {
  /** Invisible characters that hide or reorder text. */
  count: number;
}

export function findHiddenChars(text: string): HiddenChars {
  let count = (text.match(ALWAYS_HIDDEN) ?? []).length;
  // a leading BOM is a file-encoding artefact
  if (text.startsWith('\uFEFF')) count--;
  for (const m of text.matchAll(JOINERS)) {
    const i = m.index ?? 0;
    const before = text.slice(Math.max(0, i - 2), i);
    const after = text.slice(i + 1, i + 3);
    const prev = [...before].at(-1) ?? '';
    const next = [...after][0] ?? '';
    if (!(JOINABLE.test(prev) && JOINABLE.test(next))) count++;
  }
  return { count };
}

/** The text with hiding characters removed (joiners between letters or emoji stay). */
export function stripHiddenChars(text: string): string {
  const out = text.replace(ALWAYS_HIDDEN, '');
  return out.replace(JOINERS, (ch, offset: number, whole: string) => {
    const prev = [...whole.slice(Math.max(0, offset - 2), offset)].at(-1) ?? '';
    const next = [...whole.slice(offset + 1, offset + 3)][0] ?? '';
    return JOINABLE.test(prev) && JOINABLE.test(next) ? ch : '';
  });
}

/** `<!-- … -->`: present in Markdown and raw HTML text, invisible when rendered, read by a model. */
export const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
