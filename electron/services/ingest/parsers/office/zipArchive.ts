// Reads entries of a ZIP container (EPUB, PPTX, XLSX) one at a time with fflate, within size caps; plain Node (parse worker).
import { unzipSync } from 'fflate';
import { IngestProblem } from '../../extractedDocument';

// [Note: bounded unzip] A container is read from bytes already in memory (the file size limit bounds them). Entries are
// inflated one at a time, only those the parser asks for, each released once parsed; the declared size is checked
// before inflating, so a zip bomb fails as `corrupt` instead of exhausting memory.
export const MAX_ENTRY_BYTES = 64 * 1024 * 1024;
export const MAX_TOTAL_INFLATED_BYTES = 512 * 1024 * 1024;

export interface ZipArchive {
  /** Every entry name, in the archive's order. */
  readonly names: readonly string[];
  has(name: string): boolean;
  /** The entry's bytes, or null when absent. */
  bytes(name: string): Uint8Array | null;
  /** The entry decoded as UTF-8 (BOM dropped), or null when absent. */
  text(name: string): string | null;
}

export function openZip(data: Uint8Array, what: string): ZipArchive {
  const sizes = new Map<string, number>();
  try {
    unzipSync(data, {
      filter: (file) => {
        sizes.set(file.name, file.originalSize);
        return false;
      },
    });
  } catch (error) {
    throw new IngestProblem('corrupt', `This ${what} is damaged: its ZIP container cannot be read (${error instanceof Error ? error.message : String(error)}).`);
  }
  let inflated = 0;
  const bytes = (name: string): Uint8Array | null => {
    const size = sizes.get(name);
    if (size === undefined) return null;
    if (size > MAX_ENTRY_BYTES || inflated + size > MAX_TOTAL_INFLATED_BYTES) {
      throw new IngestProblem('corrupt', `This ${what} holds a part (${name}) too large to read safely.`);
    }
    let out: Uint8Array | undefined;
    try {
      out = unzipSync(data, { filter: (file) => file.name === name })[name];
    } catch (error) {
      throw new IngestProblem('corrupt', `This ${what} is damaged: ${name} cannot be unpacked (${error instanceof Error ? error.message : String(error)}).`);
    }
    inflated += out?.byteLength ?? 0;
    return out ?? null;
  };
  return {
    names: [...sizes.keys()],
    has: (name) => sizes.has(name),
    bytes,
    text: (name) => {
      const b = bytes(name);
      return b === null ? null : new TextDecoder('utf-8').decode(b).replace(/^\uFEFF/, '');
    },
  };
}

/** Resolves a relative reference (`../media/x.png`, `chap.xhtml#frag`) against the entry that holds it; no fragment. */
export function resolveEntry(from: string, href: string): string {
  const target = safeDecode(href.split('#')[0] ?? '');
  if (target.startsWith('/')) return normalise(target.slice(1));
  const base = from.includes('/') ? from.slice(0, from.lastIndexOf('/') + 1) : '';
  return normalise(base + target);
}

function normalise(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return out.join('/');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
