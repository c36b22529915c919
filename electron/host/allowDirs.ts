// Serve mode's `--allow-dir DIR` flags (repeatable): the only folders the host imports from by path. Plain Node.
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * Without the flag, serve mode imports only what the browser uploads: anyone holding the token reads nothing else
 * of the disk. Each DIR is checked (exists, is a folder, real path) when the grant registry starts.
 */
export function parseAllowDirs(argv: readonly string[]): string[] {
  const { values } = parseArgs({ args: [...argv], options: { 'allow-dir': { type: 'string', multiple: true } }, strict: false, allowPositionals: true });
  const dirs = values['allow-dir'];
  if (dirs === undefined) return [];
  const list = (Array.isArray(dirs) ? dirs : [dirs]).filter((d): d is string => typeof d === 'string');
  if (list.some((d) => d.length === 0)) throw new Error('--allow-dir needs a folder');
  return list.map((d) => path.resolve(d));
}
