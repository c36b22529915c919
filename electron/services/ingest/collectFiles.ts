// Expands import sources into files: folders walked recursively, skipping hidden entries, .git and node_modules.
// [Note: symlink loops] Every directory and file is identified by device and inode (what a symlink resolves to), so
// a loop (`again -> .`, two folders linking to each other) ends, and a file reached by two paths is imported once.
import fs from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { isHiddenOrIgnored } from '../../../shared/library/skipRules';

export interface FoundFile {
  path: string;
  name: string;
  sizeBytes: number;
  /** The file's modification time, epoch ms (what the index keeps as `modifiedAt`). */
  modifiedAt: number;
}

export interface MissingPath {
  path: string;
  reason: string;
}

/** dev+inode; where a file system reports no inode (0), the real path instead. */
const identity = async (stat: Stats, target: string): Promise<string> => (stat.ino !== 0 ? `${stat.dev}:${stat.ino}` : `path:${await fs.realpath(target)}`);

const unreadable = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'No such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'Loci has no permission to read it';
  if (code === 'ELOOP') return 'It is a symbolic link that points back to itself';
  return `Cannot read it (${code ?? 'unknown error'})`;
};

/** Walks folders depth-first in name order; a path that cannot be read is reported, not thrown. */
export async function collectFiles(paths: readonly string[], signal?: AbortSignal): Promise<{ files: FoundFile[]; missing: MissingPath[] }> {
  const files: FoundFile[] = [];
  const missing: MissingPath[] = [];
  const seen = new Set<string>();
  const visit = async (target: string, explicit: boolean): Promise<void> => {
    signal?.throwIfAborted();
    const resolved = path.resolve(target);
    let stat: Stats;
    try {
      stat = await fs.stat(resolved);
    } catch (error) {
      // a dangling link inside a folder is not worth a line in the import panel; one the user named is
      if (explicit) missing.push({ path: resolved, reason: unreadable(error) });
      return;
    }
    const id = await identity(stat, resolved).catch(() => `path:${resolved}`);
    if (seen.has(id)) return;
    seen.add(id);
    if (stat.isDirectory()) {
      let entries;
      try {
        entries = await fs.readdir(resolved, { withFileTypes: true });
      } catch (error) {
        missing.push({ path: resolved, reason: `Cannot list this folder: ${unreadable(error)}` });
        return;
      }
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (isHiddenOrIgnored(entry.name)) continue;
        if (entry.isDirectory() || entry.isFile() || entry.isSymbolicLink()) await visit(path.join(resolved, entry.name), false);
      }
    } else if (stat.isFile()) {
      files.push({ path: resolved, name: path.basename(resolved), sizeBytes: stat.size, modifiedAt: stat.mtimeMs });
    }
  };
  for (const p of paths) await visit(p, true);
  return { files, missing };
}
