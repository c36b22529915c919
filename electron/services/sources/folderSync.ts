// What a folder source's sync must do: compares files on disk with the documents indexed from that folder and
// answers what to import, what to remove and what moved. Plain Node, main thread (stats and, only for a possible
// move, a streamed hash of a file whose size matches a vanished document).
// [Note: cheap rescans] A file whose size and modified time equal its document's is not read at all; only a changed
// one goes to the import, which still skips the parse when its content hash is the same.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { DocumentInfo } from '../../../shared/contract/library';
import { isHiddenOrIgnored } from '../../../shared/library/skipRules';

/** A file as found on disk. */
export interface DiskFile {
  path: string;
  sizeBytes: number;
  modifiedAt: number;
}

export interface Relocation {
  documentId: string;
  path: string;
  name: string;
  sizeBytes: number;
  modifiedAt: number;
}

export interface SyncPlan {
  /** Files to import (new, or changed since they were indexed). */
  toImport: DiskFile[];
  /** Documents whose file moved or was renamed with the same content: only the path changes. */
  moves: Relocation[];
  /** Documents whose file is gone. */
  gone: DocumentInfo[];
  /** Files left as they are (size and modified time unchanged). */
  unchanged: number;
}

export const isInsideFolder = (child: string, root: string): boolean => {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** True when any segment of `file` below `root` is hidden or a tool folder (what folder imports skip). */
export const isSkippedBelow = (file: string, root: string): boolean =>
  path
    .relative(root, file)
    .split(path.sep)
    .some((segment) => segment.length > 0 && segment !== '..' && isHiddenOrIgnored(segment));

/** Same size, and a modified time within a millisecond (file systems round differently). */
export const sameStat = (doc: Pick<DocumentInfo, 'sizeBytes' | 'modifiedAt'>, file: Pick<DiskFile, 'sizeBytes' | 'modifiedAt'>): boolean =>
  doc.sizeBytes === file.sizeBytes && Math.abs(doc.modifiedAt - file.modifiedAt) < 1;

/** A document whose stat still matches its file needs nothing, whether it landed or failed for good. */
const settled = (doc: DocumentInfo): boolean => doc.status === 'ready' || doc.status === 'failed';

export async function sha256OfFile(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const piece of fs.createReadStream(file)) hash.update(piece as Buffer);
  return hash.digest('hex');
}

export interface PlanSyncInput {
  /** Documents of the source's collection that were imported from inside its folder. */
  documents: readonly DocumentInfo[];
  /** Files on disk: every file of the folder (full rescan) or only those an event named. */
  files: readonly DiskFile[];
  /** Paths known to be gone in this round (full rescan: every indexed path not in `files`). */
  gonePaths: ReadonlySet<string>;
  /** Documents gone in an earlier round and not yet removed, that a new file may still claim as moved. */
  earlierGone?: readonly DocumentInfo[];
  contentHashOf(documentId: string): string | null;
  /** Reads a file's hash; a file that cannot be read answers null (it is imported, and fails there with a reason). */
  hashFile?(file: string): Promise<string | null>;
}

export async function planSync(input: PlanSyncInput): Promise<SyncPlan> {
  const byPath = new Map(input.documents.map((d) => [d.path, d]));
  const plan: SyncPlan = { toImport: [], moves: [], gone: [], unchanged: 0 };
  const fresh: DiskFile[] = [];
  for (const file of input.files) {
    const doc = byPath.get(file.path);
    if (!doc) fresh.push(file);
    else if (settled(doc) && sameStat(doc, file)) plan.unchanged++;
    else plan.toImport.push(file);
  }
  const gone = new Map<string, DocumentInfo>();
  for (const doc of input.earlierGone ?? []) gone.set(doc.id, doc);
  for (const p of input.gonePaths) {
    const doc = byPath.get(p);
    if (doc) gone.set(doc.id, doc);
  }
  // a new file with the size of a vanished ready document may be that document, moved: the content hash decides
  const hashFile = input.hashFile ?? ((f: string) => sha256OfFile(f).catch(() => null));
  for (const file of fresh) {
    const candidates = [...gone.values()].filter((d) => d.status === 'ready' && d.sizeBytes === file.sizeBytes);
    let moved: DocumentInfo | undefined;
    if (candidates.length > 0) {
      const hash = await hashFile(file.path);
      moved = hash === null ? undefined : candidates.find((d) => input.contentHashOf(d.id) === hash);
    }
    if (moved) {
      gone.delete(moved.id);
      plan.moves.push({ documentId: moved.id, path: file.path, name: path.basename(file.path), sizeBytes: file.sizeBytes, modifiedAt: file.modifiedAt });
    } else {
      plan.toImport.push(file);
    }
  }
  plan.gone = [...gone.values()];
  return plan;
}

/** Stats the paths an event named: files that exist (and are not skipped) and paths that are gone. */
export async function statNamedPaths(paths: Iterable<string>, root: string): Promise<{ files: DiskFile[]; gone: Set<string> }> {
  const files: DiskFile[] = [];
  const gone = new Set<string>();
  for (const p of paths) {
    if (isSkippedBelow(p, root)) continue;
    const stat = await fs.promises.stat(p).catch(() => null);
    if (stat === null) gone.add(p);
    else if (stat.isFile()) files.push({ path: p, sizeBytes: stat.size, modifiedAt: stat.mtimeMs });
  }
  return { files, gone };
}
