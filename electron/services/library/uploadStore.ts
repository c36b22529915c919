// Files the browser uploads in serve mode: written under <dataDir>/uploads until an import has read them, within
// the file size limit and a cap on pending bytes, and cleared when abandoned. Plain Node (main thread).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors';
import type { Logger } from '../logging/logger';
import { diskFileName, displayFileName, shortForMessage } from './uploadNames';

export interface Upload {
  id: string;
  /** What the user sees (the browser's name, cleaned). */
  name: string;
  /** Where the bytes are ('' for a file announced over the size limit, which never gets any). */
  path: string;
  size: number;
  received: number;
}

export interface UploadStore {
  begin(name: string, size: number): Upload;
  append(id: string, base64: string): number;
  /** Hands an upload to an import: from then on only discard() removes it. */
  get(id: string): Upload | null;
  discard(id: string): void;
  /** Removes abandoned uploads now (the store also does this on a timer). */
  sweep(): void;
  dispose(): void;
}

export interface UploadStoreOptions {
  dataDir: string;
  logger: Logger;
  /** The file size limit (Settings → Library), bytes, read on every begin. */
  maxFileBytes: () => number;
  /** Bytes that open uploads may announce together (at least one file at the size limit always fits). */
  maxPendingBytes?: number;
  /** Uploads open at once, finished or not. */
  maxOpenUploads?: number;
  /** An unfinished upload with no data for this long is abandoned, ms. */
  idleMs?: number;
  /** A finished upload that no import has taken for this long is abandoned, ms. */
  finishedIdleMs?: number;
  sweepIntervalMs?: number;
  now?: () => number;
}

export const UPLOAD_LIMITS = {
  maxPendingBytes: 2 * 1024 ** 3,
  maxOpenUploads: 10_000,
  idleMs: 10 * 60_000,
  finishedIdleMs: 60 * 60_000,
  sweepIntervalMs: 60_000,
};

const MAX_APPEND_BYTES = 4 * 1024 * 1024;

interface Entry extends Upload {
  tooLarge: boolean;
  claimed: boolean;
  lastActivity: number;
}

const megabytes = (bytes: number): string => `${Math.round(bytes / 1e6).toLocaleString('en')} MB`;

export function createUploadStore(options: UploadStoreOptions): UploadStore {
  const root = path.join(options.dataDir, 'uploads');
  const log = options.logger.child('uploads');
  const limits = {
    maxPendingBytes: options.maxPendingBytes ?? UPLOAD_LIMITS.maxPendingBytes,
    maxOpenUploads: options.maxOpenUploads ?? UPLOAD_LIMITS.maxOpenUploads,
    idleMs: options.idleMs ?? UPLOAD_LIMITS.idleMs,
    finishedIdleMs: options.finishedIdleMs ?? UPLOAD_LIMITS.finishedIdleMs,
    sweepIntervalMs: options.sweepIntervalMs ?? UPLOAD_LIMITS.sweepIntervalMs,
  };
  const now = options.now ?? Date.now;
  const removeQuietly = (target: string): void => {
    try {
      fs.rmSync(target, { recursive: true, force: true });
    } catch (error) {
      log.warn('could not remove uploads', { error });
    }
  };
  // uploads never outlive a run: whatever is left was abandoned
  removeQuietly(root);
  const uploads = new Map<string, Entry>();

  /** [Note: upload errors] File-system failures reach the user in words; the path and errno go to the log. */
  const storageFailure = (what: string, upload: Pick<Upload, 'name' | 'path'>, error: unknown): AppError => {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    log.error(`could not ${what} an upload`, { error, code, path: upload.path });
    const why = code === 'ENOSPC' ? 'the disk is full' : code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'the data folder is not writable' : 'the file system refused it';
    return new AppError('STORE_ERROR', `Loci could not store “${shortForMessage(upload.name)}” (${why}). Details are in Loci's log.`);
  };

  const pendingBytes = (): number => {
    let sum = 0;
    for (const u of uploads.values()) if (!u.tooLarge) sum += u.size;
    return sum;
  };

  const remove = (upload: Entry): void => {
    uploads.delete(upload.id);
    if (upload.path !== '') fs.rm(path.dirname(upload.path), { recursive: true, force: true }, (error) => error && log.warn('could not remove an upload', { error }));
  };

  const sweep = (): void => {
    const t = now();
    for (const upload of uploads.values()) {
      if (upload.claimed) continue;
      const idle = upload.received === upload.size && !upload.tooLarge ? limits.finishedIdleMs : limits.idleMs;
      if (t - upload.lastActivity < idle) continue;
      log.info('cleared an abandoned upload', { id: upload.id, received: upload.received, size: upload.size });
      remove(upload);
    }
  };
  const timer = setInterval(sweep, limits.sweepIntervalMs);
  timer.unref();

  return {
    begin(rawName, size) {
      if (!Number.isSafeInteger(size) || size < 0) throw new AppError('INVALID_INPUT', 'An upload needs its size in bytes');
      const name = displayFileName(rawName);
      if (uploads.size >= limits.maxOpenUploads) sweep();
      if (uploads.size >= limits.maxOpenUploads) {
        throw new AppError('CONFLICT', `Too many files are waiting to be imported (${limits.maxOpenUploads.toLocaleString('en')}); import them, then add more.`);
      }
      const id = crypto.randomUUID();
      const maxFile = options.maxFileBytes();
      if (size > maxFile) {
        // [Note: announced, not sent] the browser announces a file over the limit so the import can list it as
        // skipped; it reserves nothing and can never receive a byte
        const entry: Entry = { id, name, path: '', size, received: 0, tooLarge: true, claimed: false, lastActivity: now() };
        uploads.set(id, entry);
        return entry;
      }
      const quota = Math.max(limits.maxPendingBytes, maxFile);
      const pending = pendingBytes();
      if (pending + size > quota) {
        throw new AppError('CONFLICT', `Too much is waiting to be imported (${megabytes(pending)} of at most ${megabytes(quota)}); let the current import finish, then add “${shortForMessage(name)}” again.`, {
          pendingBytes: pending,
          maxPendingBytes: quota,
        });
      }
      const dir = path.join(root, id);
      const entry: Entry = { id, name, path: path.join(dir, diskFileName(name)), size, received: 0, tooLarge: false, claimed: false, lastActivity: now() };
      try {
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(entry.path, '');
      } catch (error) {
        removeQuietly(dir);
        throw storageFailure('start', entry, error);
      }
      uploads.set(id, entry);
      return entry;
    },
    append(id, base64) {
      const upload = uploads.get(id);
      if (!upload) throw new AppError('NOT_FOUND', 'This upload is no longer open (it was finished, cancelled or left idle too long); add the file again.', { id });
      if (upload.tooLarge) {
        throw new AppError('INVALID_INPUT', `“${shortForMessage(upload.name)}” is larger than the ${megabytes(options.maxFileBytes())} file size limit (Settings → Library), so it is not uploaded.`);
      }
      const bytes = Buffer.from(base64, 'base64');
      if (bytes.byteLength > MAX_APPEND_BYTES) throw new AppError('INVALID_INPUT', 'Upload pieces must be at most 4 MiB');
      if (upload.received + bytes.byteLength > upload.size) throw new AppError('INVALID_INPUT', 'More data than the announced size');
      try {
        fs.appendFileSync(upload.path, bytes);
      } catch (error) {
        remove(upload); // a half-written file is of no use, and it holds space
        throw storageFailure('write', upload, error);
      }
      upload.received += bytes.byteLength;
      upload.lastActivity = now();
      return upload.received;
    },
    get(id) {
      const upload = uploads.get(id);
      if (!upload) return null;
      upload.claimed = true;
      return upload;
    },
    discard(id) {
      const upload = uploads.get(id);
      if (upload) remove(upload);
    },
    sweep,
    dispose() {
      clearInterval(timer);
      uploads.clear();
      removeQuietly(root);
    },
  };
}
