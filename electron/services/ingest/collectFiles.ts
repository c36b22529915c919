// Expands import sources into files: folders walked recursively, skipping hidden entries, .git and node_modules.
import fs from 'node:fs/promises';
import path from 'node:path';
import { isHiddenOrIgnored } from '../../../shared/library/skipRules';

export interface FoundFile {
  path: string;
  name: string;
  sizeBytes: number;
}

export interface MissingPath {
  path: string;
  reason: string;
}

/** Walks folders breadth-first; a path that cannot be read is reported, not thrown. */
export async function collectFiles(paths: readonly string[], signal?: AbortSignal): Promise<{ files: FoundFile[]; missing: MissingPath[] }> {
  const files: FoundFile[] = [];
  const missing: MissingPath[] = [];
  const seen = new Set<string>();
  const visit = async (target: string, explicit: boolean): Promise<void> => {
    signal?.throwIfAborted();
    const resolved = path.resolve(target);
    if (seen.has(resolved)) return;
    seen.add(resolved);
    let stat;
    try {
      stat = await fs.stat(resolved);
    } catch (error) {
      if (explicit) missing.push({ path: resolved, reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or folder' : `Cannot read (${(error as Error).message})` });
      return;
    }
    if (stat.isDirectory()) {
      let entries;
      try {
        entries = await fs.readdir(resolved, { withFileTypes: true });
      } catch (error) {
        missing.push({ path: resolved, reason: `Cannot list this folder (${(error as Error).message})` });
        return;
      }
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (isHiddenOrIgnored(entry.name)) continue;
        if (entry.isDirectory() || entry.isFile() || entry.isSymbolicLink()) await visit(path.join(resolved, entry.name), false);
      }
    } else if (stat.isFile()) {
      files.push({ path: resolved, name: path.basename(resolved), sizeBytes: stat.size });
    }
  };
  for (const p of paths) await visit(p, true);
  return { files, missing };
}
