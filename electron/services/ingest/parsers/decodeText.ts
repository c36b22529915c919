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
    decoded = { text: decodeLossy(bom.encoding, bytes.subarray(bom.length)), encoding: bom.encoding };
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
  return { text: decodeLossy(label, bytes), encoding: label };
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
    return fixWindows1252(label, new TextDecoder(label, { fatal: true }).decode(bytes, { stream }));
  } catch {
    return null;
  }
}

function decodeLossy(label: string, bytes: Uint8Array): string {
  return fixWindows1252(label, new TextDecoder(label).decode(bytes));
}

// [Note: windows-1252 in Node] Node's TextDecoder decodes windows-1252 (and its aliases latin1, iso-8859-1, ascii) as
// ISO-8859-1, leaving bytes 0x80–0x9F as C1 control characters instead of € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š
// › œ ž Ÿ. The WHATWG mapping is restored here (the five unassigned bytes stay as they are, as WHATWG specifies).
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
function fixWindows1252(label: string, text: string): string {
  if (label !== 'windows-1252') return text;
  return text.replace(/[\u0080-\u009f]/g, (ch) => WINDOWS_1252_C1[ch.charCodeAt(0) - 0x80] ?? ch);
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;

// Frequent characters of Chinese (simplified and traditional), Japanese and Korean. Text read with the right East
// Asian encoding is full of them; the same bytes read with a wrong one give valid but rare characters (GBK read as
// EUC-KR mixes rare Hangul and Hanja), which strict decoding and chardet's confidence alone cannot tell apart.
const COMMON_CJK = new Set(
  (
    '的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校志飞观争究包组造落视济喜离虽坐集编宝谈府拉黑且随格尽剑讲布杀微怕母调局根曾准团段终乐切级克精哪官示冷域试测们這個來說國會時對過還後發經學開動現問題們點長門東車電語書讀與為裡麼樣見話氣頭實們這種應該關係經濟發展歷史網絡私彼間本見行気思今何東京円駅読食店場最新週曜様方々田川佐藤鈴木高橋伊渡辺山本中村小林加藤吉田山田松井上木村林斎清水森池阿部橋'
  ).split(''),
);
const COMMON_KANA_HANGUL = new Set(
  (
    'のにはをたがでてとしれさいうかなるあもすこりまっくらよおけだせつんやねわきちえそほへめみむゆろどじばぶべぼぱぷ' +
    'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワンーッ' +
    '이다는의에가을를하고지사한서기로대어도니정리인자수시나있것들게해일적전우상부보주그성아라었구면만제거요동원여장방미소국회와내과학경비중연때위선문신세화치물후발생결실분개설계통공민법'
  ).split(''),
);
const CJK_LETTER = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const TYPOGRAPHIC = new Set('«»‹›‘’‚“”„–—…•·°€£¥©®™§¶¿¡\u00a0'.split(''));

/**
 * Share of non-ASCII characters that are letters, digits, CJK punctuation or common typography, minus a penalty for
 * junk, plus the share of East Asian characters that are common ones.
 */
function plausibility(text: string): number {
  let nonAscii = 0;
  let good = 0;
  let bad = 0;
  let total = 0;
  let cjk = 0;
  let common = 0;
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
    if (cp >= 0x3040 && CJK_LETTER.test(ch)) {
      cjk++;
      if (COMMON_CJK.has(ch) || COMMON_KANA_HANGUL.has(ch)) common++;
    }
  }
  if (total === 0) return 0;
  return (nonAscii === 0 ? 0 : good / nonAscii) - (5 * bad) / total + (cjk === 0 ? 0 : common / cjk);
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
