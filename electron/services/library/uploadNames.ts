// Names for uploaded files: the name the user sees, and a file name that every file system accepts. Plain Node.
import path from 'node:path';

/**
 * [Note: upload names] File systems limit a name in bytes, not characters: ext4, btrfs, XFS and APFS take 255 UTF-8
 * bytes, NTFS 255 UTF-16 units, eCryptfs (encrypted Ubuntu homes) only 143 bytes. The name on disk is cut to
 * MAX_NAME_BYTES of UTF-8 at a grapheme boundary (an emoji is never split), keeping the extension the parsers go by.
 * The user keeps seeing the full name.
 */
export const MAX_NAME_BYTES = 140;
const MAX_EXTENSION_BYTES = 16;
const MAX_DISPLAY_LENGTH = 1024; // the contract's limit for uploads.begin: the user sees the name they dropped

const graphemes = (text: string): string[] => Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (s) => s.segment);
const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** The longest prefix of whole graphemes that fits in `maxBytes` of UTF-8. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    const size = utf8Bytes(g);
    if (used + size > maxBytes) break;
    out += g;
    used += size;
  }
  return out;
}

/** The last segment of what the browser sent (it may be a relative path), without control characters, at most 1024 characters, extension kept. */
export function displayFileName(raw: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a name
  const base = path.posix.basename(raw.normalize('NFC').replaceAll('\\', '/')).replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (base === '' || base === '.' || base === '..') return 'upload';
  if (base.length <= MAX_DISPLAY_LENGTH) return base;
  const ext = path.extname(base).length <= MAX_EXTENSION_BYTES ? path.extname(base) : '';
  let out = '';
  for (const g of graphemes(base.slice(0, base.length - ext.length))) {
    if (out.length + g.length > MAX_DISPLAY_LENGTH - ext.length) break;
    out += g;
  }
  return out + ext;
}

// names Windows reserves in every folder, with or without an extension
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** A name for the bytes on disk: safe characters, not reserved on Windows, at most MAX_NAME_BYTES of UTF-8, extension kept. */
export function diskFileName(displayName: string): string {
  let name = displayName.replace(/[<>:"/\\|?*]/g, '_').replace(/[. ]+$/, '');
  if (name === '' || name === '.' || name === '..') name = 'upload';
  if (WINDOWS_RESERVED.test(name.split('.')[0] ?? '')) name = `_${name}`;
  const ext = path.extname(name);
  const stem = ext === '' ? name : name.slice(0, -ext.length);
  if (utf8Bytes(ext) > MAX_EXTENSION_BYTES) return cutToBytes(name, MAX_NAME_BYTES) || 'upload';
  const cut = cutToBytes(stem, MAX_NAME_BYTES - utf8Bytes(ext)).replace(/[. ]+$/, '');
  return `${cut === '' ? 'upload' : cut}${ext}`;
}

/** A name as it appears inside a message (a 1,000-character name would drown the sentence). */
export const shortForMessage = (name: string): string => {
  const g = graphemes(name);
  return g.length <= 60 ? name : `${g.slice(0, 40).join('')}…${g.slice(-12).join('')}`;
};
