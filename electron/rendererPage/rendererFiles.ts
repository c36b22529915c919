// Resolves a URL path to a file of the built renderer, for both the desktop app:// protocol and the serve host.
// Plain Node. Refuses anything that could name a file outside the renderer folder; see rendererFiles.test.ts.
import fs from 'node:fs/promises';
import path from 'node:path';

export type RendererFile =
  /** A file inside the root (`fallback`: the app shell, served for a client-side route). */
  | { kind: 'file'; path: string; size: number; fallback: boolean }
  /** An asset (a name with an extension) that does not exist: 404, never the app shell. */
  | { kind: 'missing' }
  /** A path that tries to leave the root or is malformed: 400/403. */
  | { kind: 'refused'; reason: string }
  /** The renderer has no index.html (not built). */
  | { kind: 'not-built' };

const within = (root: string, candidate: string): boolean => candidate === root || candidate.startsWith(root + path.sep);

/**
 * [Note: renderer files] The URL path is decoded once and then judged by its segments, before the file system is
 * asked anything: NUL, backslashes, `:` (drive letters, NTFS streams), `.`/`..` and empty segments are refused,
 * whatever their encoding. What remains is joined under the root, and its real path (symlinks followed) must still
 * be inside the root's real path.
 */
export async function resolveRendererFile(rootDir: string, urlPathname: string): Promise<RendererFile> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return { kind: 'refused', reason: 'bad percent-encoding' };
  }
  if (!decoded.startsWith('/')) return { kind: 'refused', reason: 'not an absolute URL path' };
  // eslint-disable-next-line no-control-regex -- control characters never name a renderer file
  if (/[\u0000-\u001f\\:]/.test(decoded)) return { kind: 'refused', reason: 'forbidden character' };
  const segments = decoded.slice(1).split('/');
  if (segments.some((s, i) => s === '.' || s === '..' || (s === '' && i !== segments.length - 1))) return { kind: 'refused', reason: 'relative or empty segment' };

  const root = path.resolve(rootDir);
  const realRoot = await fs.realpath(root).catch(() => null);
  if (realRoot === null) return { kind: 'not-built' };
  const candidate = path.join(root, ...segments);
  if (!within(root, candidate)) return { kind: 'refused', reason: 'outside the renderer folder' };

  const inspect = async (file: string): Promise<{ real: string; size: number; directory: boolean } | null> => {
    const real = await fs.realpath(file).catch(() => null);
    if (real === null) return null;
    const stat = await fs.stat(real).catch(() => null);
    return stat ? { real, size: stat.size, directory: stat.isDirectory() } : null;
  };

  const found = await inspect(candidate);
  if (found && !within(realRoot, found.real)) return { kind: 'refused', reason: 'a link out of the renderer folder' };
  if (found && !found.directory) return { kind: 'file', path: found.real, size: found.size, fallback: false };
  // client-side routes (and folders) fall back to the app shell; a missing asset stays missing
  if (path.extname(segments.at(-1) ?? '') !== '') return { kind: 'missing' };
  const shell = await inspect(path.join(root, 'index.html'));
  if (!shell || shell.directory) return { kind: 'not-built' };
  if (!within(realRoot, shell.real)) return { kind: 'refused', reason: 'a link out of the renderer folder' };
  return { kind: 'file', path: shell.real, size: shell.size, fallback: true };
}
