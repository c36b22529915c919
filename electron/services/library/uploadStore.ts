// Files the browser uploads in serve mode: written under <dataDir>/uploads until an import has read them.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/contract/errors';

export interface Upload {
  id: string;
  name: string;
  path: string;
  size: number;
  received: number;
}

export interface UploadStore {
  begin(name: string, size: number): Upload;
  append(id: string, base64: string): number;
  get(id: string): Upload | null;
  discard(id: string): void;
}

const MAX_APPEND_BYTES = 4 * 1024 * 1024;

/** Keeps the name readable but safe as one path segment. */
const safeName = (name: string): string => {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must not reach a file name
  const base = path.basename(name.replaceAll('\\', '/')).replace(/[\u0000-\u001f<>:"|?*]/g, '_').trim();
  return base === '' || base === '.' || base === '..' ? 'upload' : base.slice(0, 200);
};

export function createUploadStore(dataDir: string): UploadStore {
  const root = path.join(dataDir, 'uploads');
  // uploads never outlive a run: whatever is left was abandoned
  fs.rmSync(root, { recursive: true, force: true });
  const uploads = new Map<string, Upload>();
  return {
    begin(name, size) {
      const id = crypto.randomUUID();
      const dir = path.join(root, id);
      fs.mkdirSync(dir, { recursive: true });
      const upload: Upload = { id, name: safeName(name), path: path.join(dir, safeName(name)), size, received: 0 };
      fs.writeFileSync(upload.path, '');
      uploads.set(id, upload);
      return upload;
    },
    append(id, base64) {
      const upload = uploads.get(id);
      if (!upload) throw new AppError('NOT_FOUND', 'Unknown upload', { id });
      const bytes = Buffer.from(base64, 'base64');
      if (bytes.byteLength > MAX_APPEND_BYTES) throw new AppError('INVALID_INPUT', 'Upload pieces must be at most 4 MiB');
      if (upload.received + bytes.byteLength > upload.size) throw new AppError('INVALID_INPUT', 'More data than the announced size');
      fs.appendFileSync(upload.path, bytes);
      upload.received += bytes.byteLength;
      return upload.received;
    },
    get: (id) => uploads.get(id) ?? null,
    discard(id) {
      const upload = uploads.get(id);
      uploads.delete(id);
      if (upload) fs.rmSync(path.dirname(upload.path), { recursive: true, force: true });
    },
  };
}
