// Path grants: paths main got itself (a native dialog, a checked drop, a folder the serve host allows) behind opaque
// ids the renderer hands back in library.import. Plain Node; one registry per session, in memory only.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors';
import type { PathGrant } from '../../../shared/contract/library';
import { isHiddenOrIgnored } from '../../../shared/library/skipRules';

/** What a grant id stands for, once resolved on the host side. */
export interface ResolvedGrant {
  /** The real path (symlinks resolved) main checked when it issued the grant. */
  path: string;
  /** The real path of the allowed folder every file under this grant must stay inside, or null (the user chose it). */
  confineTo: string | null;
}

export interface DroppedPathsResult {
  granted: PathGrant[];
  /** Paths refused, with the reason, for the log (never shown with the path to the page). */
  refused: { path: string; reason: string }[];
}

export interface PathGrants {
  /** Paths the user picked in main's native dialog: the page cannot drive that dialog, so they are taken as they are. */
  grantChosen(paths: readonly string[]): PathGrant[];
  /**
   * Paths of files dropped on the window, sent by the preload. A compromised renderer process can send any string
   * here, so each is checked (see [Note: dropped paths]).
   */
  grantDropped(paths: unknown): DroppedPathsResult;
  /** A path inside one of the allowed folders (serve mode's --allow-dir); FORBIDDEN otherwise. */
  grantAllowed(target: string): PathGrant;
  /** The real paths of the allowed folders (empty unless the serve host was started with --allow-dir). */
  readonly allowedRoots: readonly string[];
  /** The path behind an id this registry issued; FORBIDDEN for any other id. */
  resolve(grantId: string): ResolvedGrant;
  /** True when `realFile` (a real path) is inside `root` (a real path) or is it. */
  isInside(realFile: string, root: string): boolean;
}

export interface PathGrantsOptions {
  /** Folders imports may come from by path in serve mode (--allow-dir); each must exist. */
  allowedRoots?: readonly string[];
  /** Folders a drop may never grant (the data directory: settings, index, logs). */
  protectedDirs?: readonly string[];
  /** Oldest grants are forgotten past this many (a page asking for grants in a loop cannot grow memory forever). */
  maxGrants?: number;
}

const MAX_DROPPED_PATHS = 10_000;
const MAX_PATH_LENGTH = 4096;

const isInside = (child: string, root: string): boolean => {
  const rel = path.relative(root, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** The real path of an existing directory; throws a plain Error naming it (start-up configuration, not the page). */
function realDirectory(dir: string): string {
  const real = fs.realpathSync(path.resolve(dir));
  if (!fs.statSync(real).isDirectory()) throw new Error(`${dir} is not a folder`);
  return real;
}

export function createPathGrants(options: PathGrantsOptions = {}): PathGrants {
  const allowedRoots = (options.allowedRoots ?? []).map(realDirectory);
  const protectedDirs = (options.protectedDirs ?? []).map((d) => {
    try {
      return fs.realpathSync(d);
    } catch {
      return path.resolve(d);
    }
  });
  const maxGrants = options.maxGrants ?? 100_000;
  const grants = new Map<string, ResolvedGrant>();

  const issue = (resolved: ResolvedGrant, kind: PathGrant['kind']): PathGrant => {
    // 24 random bytes: ids cannot be guessed or enumerated, and mean nothing after a restart
    const grantId = crypto.randomBytes(24).toString('base64url');
    grants.set(grantId, resolved);
    if (grants.size > maxGrants) grants.delete(grants.keys().next().value as string);
    return { grantId, name: path.basename(resolved.path) || resolved.path, kind };
  };

  const kindOf = (real: string): PathGrant['kind'] | null => {
    const stat = fs.statSync(real);
    return stat.isDirectory() ? 'folder' : stat.isFile() ? 'file' : null;
  };

  /**
   * [Note: dropped paths] The preload only forwards paths of Files from drops the browser marked as trusted (a page
   * cannot make a File that carries a path), so a compromised page gets grants only for what the user dropped. A
   * compromised renderer *process* can still send any string over IPC; these checks bound what that gains: a real,
   * absolute, existing file or folder, with no hidden or tool segment anywhere in its real path (~/.ssh, ~/.aws,
   * ~/.gnupg, ~/.config: where credentials live, and what folder imports skip anyway), and not Loci's own data.
   */
  const checkDropped = (candidate: unknown): { real: string; kind: PathGrant['kind'] } | string => {
    if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > MAX_PATH_LENGTH || candidate.includes('\0')) return 'not a path';
    if (!path.isAbsolute(candidate)) return 'not an absolute path';
    let real: string;
    let kind: PathGrant['kind'] | null;
    try {
      real = fs.realpathSync(candidate);
      kind = kindOf(real);
    } catch {
      return 'does not exist';
    }
    if (kind === null) return 'neither a file nor a folder';
    const segments = real.split(path.sep).filter((s) => s.length > 0);
    if (segments.some(isHiddenOrIgnored)) return 'a hidden or tool path';
    if (protectedDirs.some((d) => isInside(real, d))) return "inside Loci's data folder";
    return { real, kind };
  };

  return {
    allowedRoots,
    isInside,
    grantChosen: (paths) =>
      paths.map((p) => {
        try {
          const real = fs.realpathSync(p);
          return issue({ path: real, confineTo: null }, kindOf(real) ?? 'file');
        } catch {
          // gone since the user chose it: the import reports it as missing
          return issue({ path: path.resolve(p), confineTo: null }, 'file');
        }
      }),
    grantDropped(paths) {
      if (!Array.isArray(paths) || paths.length > MAX_DROPPED_PATHS) throw new AppError('INVALID_INPUT', `Drop at most ${MAX_DROPPED_PATHS} files at once`);
      const result: DroppedPathsResult = { granted: [], refused: [] };
      for (const candidate of paths as unknown[]) {
        const checked = checkDropped(candidate);
        if (typeof checked === 'string') result.refused.push({ path: String(candidate).slice(0, MAX_PATH_LENGTH), reason: checked });
        else result.granted.push(issue({ path: checked.real, confineTo: null }, checked.kind));
      }
      return result;
    },
    grantAllowed(target) {
      if (allowedRoots.length === 0) throw new AppError('FORBIDDEN', 'This host reads files only from uploads: it was started without --allow-dir');
      const refuse = (): never => {
        throw new AppError('FORBIDDEN', 'That path is not inside a folder this host allows (see --allow-dir)');
      };
      if (target.includes('\0')) refuse();
      // a relative path is taken inside the first allowed folder; either way the real path decides
      const candidate = path.isAbsolute(target) ? target : path.join(allowedRoots[0]!, target);
      let real: string;
      try {
        real = fs.realpathSync(candidate);
      } catch {
        throw new AppError('NOT_FOUND', 'No such file or folder in the allowed folders');
      }
      const root = allowedRoots.find((r) => isInside(real, r));
      if (root === undefined) return refuse();
      const kind = kindOf(real);
      if (kind === null) return refuse();
      return issue({ path: real, confineTo: root }, kind);
    },
    resolve(grantId) {
      const grant = grants.get(grantId);
      if (!grant) throw new AppError('FORBIDDEN', 'That file was not chosen in this session; add it again', { grantId });
      return grant;
    },
  };
}
