// Turns the bytes of a text-like file (plain, code, Markdown, CSV, HTML) into a string, or rejects it as binary; plain Node.
import chardet from 'chardet';
import { IngestProblem } from '../extractedDocument';

export interface DecodedText {
  /** Decoded text, BOM removed, line endings normalised to `\n`. */
  text: string;
  /** WHATWG name of the encoding used (e.g. `utf-8`, `shift_jis`, `windows-1252`). */
  encoding: string;
}

export interface DecodeOptions {
  /** A charset the file declares about itself (an HTML `<meta charset>`), tried before detection. */
  declaredCharset?: string | null;
}

const SNIFF_BYTES = 8192;
const DETECT_SAMPLE_BYTES = 64 * 1024;
/** Above this share of control/replacement characters, a decoded file is not text. */
const MAX_BAD_CHAR_RATIO = 0.05;

export const BINARY_MESSAGE = 'binary file, not text';

/** True when the first bytes contain a NUL, which text files (other than UTF-16/32) never do. */
export function hasNulByte(bytes: Uint8Array, limit = SNIFF_BYTES): boolean {
  const end = Math.min(bytes.length, limit);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

/**
 * Decodes text with the right encoding: BOM first, then strict UTF-8, then the file's declared charset, then the
 * most plausible of chardet's candidates. Throws IngestProblem('binary') for data that is not text.
 */
export function decodeText(bytes: Uint8Array, options: DecodeOptions = {}): DecodedText {
  const bom = detectBom(bytes);
  let decoded: DecodedText;
  if (bom) {
    decoded = { text: new TextDecoder(bom.encoding).decode(bytes.subarray(bom.length)), encoding: bom.encoding };
  } else {
    if (hasNulByte(bytes)) throw new IngestProblem('binary', BINARY_MESSAGE);
    decoded = decodeWithoutBom(bytes, options.declaredCharset ?? null);
  }
  if (badCharRatio(decoded.text.slice(0, SNIFF_BYTES)) > MAX_BAD_CHAR_RATIO) throw new IngestProblem('binary', BINARY_MESSAGE);
  return { text: normalizeLineEndings(decoded.text), encoding: decoded.encoding };
}

export function normalizeLineEndings(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function detectBom(bytes: Uint8Array): { encoding: string; length: number } | null {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

function decodeWithoutBom(bytes: Uint8Array, declaredCharset: string | null): DecodedText {
  // streaming tolerates a file cut in the middle of its last character
  const utf8 = tryDecode('utf-8', bytes, true);
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8' };

  if (declaredCharset) {
    const label = supportedLabel(declaredCharset);
    if (label && label !== 'utf-8') {
      const text = tryDecode(label, bytes, false);
      if (text !== null) return { text, encoding: label };
    }
  }

  const sample = bytes.subarray(0, DETECT_SAMPLE_BYTES);
  const streaming = bytes.length > sample.length;
  let best: { label: string; score: number } | null = null;
  const seen = new Set<string>();
  for (const match of chardet.analyse(sample)) {
    const label = supportedLabel(match.name);
    if (!label || label === 'utf-8' || seen.has(label)) continue;
    seen.add(label);
    // Strict decoding rules out most wrong multi-byte candidates; the rest are ranked by how much the result
    // looks like text in some script (a Shift-JIS file read as windows-1252 is mostly stray symbols).
    const text = tryDecode(label, sample, streaming);
    if (text === null) continue;
    const score = match.confidence / 100 + plausibility(text);
    if (!best || score > best.score) best = { label, score };
  }
  const label = best?.label ?? 'windows-1252';
  return { text: new TextDecoder(label).decode(bytes), encoding: label };
}

function supportedLabel(name: string): string | null {
  try {
    return new TextDecoder(name.trim().toLowerCase()).encoding;
  } catch {
    return null;
  }
}

function tryDecode(label: string, bytes: Uint8Array, stream: boolean): string | null {
  try {
    // `stream` lets a sample end in the middle of a multi-byte character without counting as an error.
    return new TextDecoder(label, { fatal: true }).decode(bytes, { stream });
  } catch {
    return null;
  }
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const TYPOGRAPHIC = new Set('«»‹›‘’‚“”„–—…•·°€£¥©®™§¶¿¡\u00a0'.split(''));

/** Share of non-ASCII characters that are letters, digits, CJK punctuation or common typography, minus a penalty for junk. */
function plausibility(text: string): number {
  let nonAscii = 0;
  let good = 0;
  let bad = 0;
  let total = 0;
  for (const ch of text) {
    total++;
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 0x80) {
      if (isBadAscii(cp)) bad++;
      continue;
    }
    nonAscii++;
    if ((cp >= 0x80 && cp <= 0x9f) || cp === 0xfffd || (cp >= 0xe000 && cp <= 0xf8ff)) bad++;
    else if (cp >= 0xff61 && cp <= 0xff9f) continue; // half-width katakana: what Latin text looks like read as Shift-JIS
    else if (WORD_CHAR.test(ch) || (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff01 && cp <= 0xff60) || TYPOGRAPHIC.has(ch)) good++;
  }
  if (total === 0) return 0;
  return (nonAscii === 0 ? 0 : good / nonAscii) - (5 * bad) / total;
}

function isBadAscii(cp: number): boolean {
  // tab, newline, carriage return, form feed and escape (ANSI colours in logs) are normal in text files
  return (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d && cp !== 0x0c && cp !== 0x1b) || cp === 0x7f;
}

/** Share of control, replacement and private-use characters: high for binary data pushed through a decoder. */
export function badCharRatio(text: string): number {
  if (text.length === 0) return 0;
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.charCodeAt(i);
    if (isBadAscii(cp) || (cp >= 0x80 && cp <= 0x9f) || cp === 0xfffd) bad++;
  }
  return bad / text.length;
}
