// The upload store on a temporary folder: size limit, pending-bytes cap, abandoned uploads, safe names, and errors
// in the user's words without paths.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../../shared/contract/errors';
import { createLogger } from '../logging/logger';
import { makeTempDir } from '../../testing/testCore';
import { MAX_NAME_BYTES, cutToBytes, diskFileName, displayFileName } from './uploadNames';
import { createUploadStore, type UploadStore, type UploadStoreOptions } from './uploadStore';

const dirs: string[] = [];
const stores: UploadStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function makeStore(options: Partial<UploadStoreOptions> = {}) {
  const dataDir = makeTempDir('loci-uploads-');
  dirs.push(dataDir);
  const clock = { t: 1_000_000 };
  const store = createUploadStore({ dataDir, logger: createLogger({ consoleLevel: 'silent' }), maxFileBytes: () => 100_000_000, now: () => clock.t, ...options });
  stores.push(store);
  return { store, clock, dataDir };
}

const failure = (fn: () => unknown): AppError => {
  try {
    fn();
  } catch (error) {
    return error as AppError;
  }
  throw new Error('expected a failure');
};

const b64 = (text: string): string => Buffer.from(text).toString('base64');

describe('upload names', () => {
  it('cuts by UTF-8 bytes at grapheme boundaries and keeps the extension', () => {
    const emoji = '😀'.repeat(200);
    const disk = diskFileName(`${emoji}.txt`);
    expect(Buffer.byteLength(disk)).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(disk.endsWith('.txt')).toBe(true);
    expect(disk.slice(0, -4)).toMatch(/^(😀)+$/u);
    const family = '👨‍👩‍👧‍👦'; // one grapheme, 25 bytes
    expect(cutToBytes(family.repeat(3), 30)).toBe(family);
    expect(Buffer.byteLength(diskFileName(`${'é'.repeat(300)}.markdown`))).toBeLessThanOrEqual(MAX_NAME_BYTES);
    expect(diskFileName('a'.repeat(500) + '.pdf')).toBe(`${'a'.repeat(MAX_NAME_BYTES - 4)}.pdf`);
  });
  it('makes names safe on every file system', () => {
    expect(diskFileName('CON.txt')).toBe('_CON.txt');
    expect(diskFileName('nul')).toBe('_nul');
    expect(diskFileName('a<b>c:d"e|f?g*.txt')).toBe('a_b_c_d_e_f_g_.txt');
    expect(diskFileName('trailing. . ')).toBe('trailing');
    expect(displayFileName('../../etc/passwd')).toBe('passwd');
    expect(displayFileName('folder\\sub\\notes.md')).toBe('notes.md');
    expect(displayFileName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(displayFileName('..')).toBe('upload');
    expect(displayFileName(`${'😀'.repeat(200)}.txt`)).toBe(`${'😀'.repeat(200)}.txt`);
    const long = displayFileName(`${'😀'.repeat(600)}.txt`);
    expect(long.length).toBeLessThanOrEqual(1024);
    expect(long).toMatch(/^(😀)+\.txt$/u);
  });
});

describe('upload store', () => {
  it('stores a 200-emoji name under a short file name and shows the user the name', () => {
    const { store } = makeStore();
    const name = `${'😀'.repeat(200)}.txt`;
    const upload = store.begin(name, 5);
    expect(upload.name).toBe(displayFileName(name));
    expect(store.append(upload.id, b64('hello'))).toBe(5);
    expect(fs.readFileSync(upload.path, 'utf8')).toBe('hello');
    expect(Buffer.byteLength(path.basename(upload.path))).toBeLessThanOrEqual(MAX_NAME_BYTES);
  });

  it('announces a file over the size limit without reserving or accepting a byte', () => {
    const { store, dataDir } = makeStore();
    const upload = store.begin('huge.pdf', 9e15);
    expect(upload.path).toBe('');
    const error = failure(() => store.append(upload.id, b64('x')));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toBe('“huge.pdf” is larger than the 100 MB file size limit (Settings → Library), so it is not uploaded.');
    expect(fs.existsSync(path.join(dataDir, 'uploads'))).toBe(false);
    // it does not count against the pending bytes
    expect(() => store.begin('ok.txt', 100_000_000)).not.toThrow();
  });

  it('caps the bytes pending uploads may announce, and frees them on discard', () => {
    const { store } = makeStore({ maxPendingBytes: 250_000_000 });
    const a = store.begin('a.txt', 100_000_000);
    store.begin('b.txt', 100_000_000);
    const error = failure(() => store.begin('c.txt', 100_000_000));
    expect(error.code).toBe('CONFLICT');
    expect(error.message).toBe('Too much is waiting to be imported (200 MB of at most 250 MB); let the current import finish, then add “c.txt” again.');
    store.discard(a.id);
    expect(() => store.begin('c.txt', 100_000_000)).not.toThrow();
  });

  it('caps the number of open uploads', () => {
    const { store } = makeStore({ maxOpenUploads: 3 });
    for (let i = 0; i < 3; i++) store.begin(`f${i}.txt`, 1);
    expect(failure(() => store.begin('f4.txt', 1)).code).toBe('CONFLICT');
  });

  it('clears abandoned uploads while running, but never one an import has taken', () => {
    const { store, clock } = makeStore({ idleMs: 1000, finishedIdleMs: 5000 });
    const idle = store.begin('idle.txt', 10);
    const finished = store.begin('done.txt', 2);
    store.append(finished.id, b64('ok'));
    const taken = store.begin('taken.txt', 10);
    expect(store.get(taken.id)).not.toBeNull();
    clock.t += 1500;
    store.sweep();
    expect(failure(() => store.append(idle.id, b64('x'))).code).toBe('NOT_FOUND');
    expect(store.append(taken.id, b64('x'))).toBe(1);
    clock.t += 5000;
    store.sweep();
    expect(store.get(finished.id)).toBeNull();
    expect(store.get(taken.id)).not.toBeNull();
  });

  it('reports a file-system failure in words, without the path', () => {
    const { store, dataDir } = makeStore();
    const upload = store.begin('notes.txt', 10);
    fs.rmSync(path.join(dataDir, 'uploads'), { recursive: true, force: true });
    fs.writeFileSync(path.join(dataDir, 'uploads'), 'a file where the folder was'); // ENOTDIR for everything below
    const error = failure(() => store.append(upload.id, b64('hello')));
    expect(error.code).toBe('STORE_ERROR');
    expect(error.message).toBe("Loci could not store “notes.txt” (the file system refused it). Details are in Loci's log.");
    expect(error.message).not.toContain(dataDir);
    const begin = failure(() => store.begin('other.txt', 1));
    expect(begin.code).toBe('STORE_ERROR');
    expect(begin.message).not.toContain(dataDir);
  });
});
