// Uploaded originals kept in <dataDir>/originals, content-addressed by SHA-256, within a size cap, so a re-index
// parses the file again (pages, headings) instead of its stored plain text; plain Node (main thread, file I/O only).
import crypto from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import type { Logger } from '../logging/logger';

// [Note: kept originals] A browser upload is deleted once its import has read it (uploadStore). Without the bytes a
// re-index could only re-chunk the stored text, losing a PDF's pages and every format's headings. After an import,
// each upload that landed is copied here under its content hash (the document row's content_hash, the same SHA-256
// the ingest worker computes), so identical uploads share one file. The folder stays within `originalsMaxMb`:
// the least recently used originals go first, and originals no document refers to are removed.

export interface OriginalsStore {
  /** Keeps the file at `filePath` (a finished upload); returns its hash, or null when it does not fit the cap. */
  keep(filePath: string): Promise<string | null>;
  /** The kept original with this content hash, or null. Marks it as used. */
  pathOf(hash: string): string | null;
  /** Removes originals whose hash no document has any more. */
  prune(liveHashes: ReadonlySet<string>): void;
  /** Bytes kept now. */
  usedBytes(): number;
}

export interface OriginalsStoreOptions {
  dir: string;
  /** The cap, read at each keep (a setting). 0 keeps nothing. */
  maxBytes: () => number;
  logger: Logger;
}

const HASH = /^[0-9a-f]{64}$/;

export function createOriginalsStore(options: OriginalsStoreOptions): OriginalsStore {
  const log = options.logger.child('originals');
  const root = options.dir;
  const fileFor = (hash: string): string => path.join(root, hash.slice(0, 2), hash);

  interface Entry {
    hash: string;
    size: number;
    usedAt: number;
  }
  const list = (): Entry[] => {
    const out: Entry[] = [];
    let shards: string[];
    try {
      shards = fs.readdirSync(root);
    } catch {
      return out;
    }
    for (const shard of shards) {
      if (!/^[0-9a-f]{2}$/.test(shard)) continue;
      for (const name of fs.readdirSync(path.join(root, shard))) {
        if (!HASH.test(name)) continue;
        try {
          const stat = fs.statSync(path.join(root, shard, name));
          out.push({ hash: name, size: stat.size, usedAt: stat.mtimeMs });
        } catch {
          // removed meanwhile
        }
      }
    }
    return out;
  };
  const remove = (hash: string): void => fs.rmSync(fileFor(hash), { force: true });
  const touch = (file: string): void => {
    const now = new Date();
    try {
      fs.utimesSync(file, now, now);
    } catch {
      // a read-only data directory still serves the file
    }
  };

  return {
    async keep(filePath) {
      const cap = options.maxBytes();
      const size = fs.statSync(filePath).size;
      if (cap <= 0 || size > cap) return null;
      const hash = crypto.createHash('sha256');
      await pipeline(fs.createReadStream(filePath), hash);
      const digest = hash.digest('hex');
      const target = fileFor(digest);
      if (fs.existsSync(target)) {
        touch(target);
        return digest;
      }
      // make room: least recently used first
      const entries = list().sort((a, b) => a.usedAt - b.usedAt);
      let used = entries.reduce((sum, e) => sum + e.size, 0);
      for (const e of entries) {
        if (used + size <= cap) break;
        remove(e.hash);
        used -= e.size;
        log.info('original evicted for space', { hash: e.hash, bytes: e.size });
      }
      fs.mkdirSync(path.dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.tmp`;
      try {
        await fs.promises.copyFile(filePath, tmp);
        await fs.promises.rename(tmp, target);
      } catch (error) {
        fs.rmSync(tmp, { force: true });
        throw error;
      }
      return digest;
    },
    pathOf(hash) {
      if (!HASH.test(hash)) return null;
      const file = fileFor(hash);
      if (!fs.existsSync(file)) return null;
      touch(file);
      return file;
    },
    prune(liveHashes) {
      for (const e of list()) if (!liveHashes.has(e.hash)) remove(e.hash);
    },
    usedBytes: () => list().reduce((sum, e) => sum + e.size, 0),
  };
}
