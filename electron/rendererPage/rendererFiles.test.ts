// The one rule both app:// and the serve host use to map a URL path to a renderer file, against traversal attempts.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../testing/testCore';
import { resolveRendererFile } from './rendererFiles';

let base: string;
let root: string;

beforeAll(() => {
  base = makeTempDir('loci-renderer-files-');
  root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<title>Loci</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'ok');
  fs.writeFileSync(path.join(root, 'assets', 'a b.css'), 'ok');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'secret');
  fs.mkdirSync(path.join(base, 'renderer-evil'));
  fs.writeFileSync(path.join(base, 'renderer-evil', 'x.js'), 'evil');
  fs.symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'assets', 'leak.js'));
  fs.symlinkSync(base, path.join(root, 'outside'));
  fs.symlinkSync(path.join(root, 'assets', 'app.js'), path.join(root, 'assets', 'alias.js')); // a link that stays inside is fine
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const kindOf = async (p: string): Promise<string> => (await resolveRendererFile(root, p)).kind;

describe('resolveRendererFile', () => {
  it('serves files of the root, decoded once', async () => {
    expect(await resolveRendererFile(root, '/assets/app.js')).toMatchObject({ kind: 'file', path: fs.realpathSync(path.join(root, 'assets', 'app.js')), fallback: false, size: 2 });
    expect(await kindOf('/assets/a%20b.css')).toBe('file');
    expect(await kindOf('/assets/alias.js')).toBe('file');
  });

  it('falls back to index.html for routes and folders, and keeps missing assets missing', async () => {
    for (const p of ['/', '/chat', '/library/some-id', '/assets', '/assets/']) {
      expect(await resolveRendererFile(root, p), p).toMatchObject({ kind: 'file', fallback: true, path: fs.realpathSync(path.join(root, 'index.html')) });
    }
    expect(await kindOf('/assets/missing.js')).toBe('missing');
  });

  const hostile = [
    // plain and encoded traversal
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/assets/%2e%2e/%2e%2e/secret.txt',
    '/../renderer-evil/x.js',
    '/%2E%2E/renderer-evil/x.js',
    '/./index.html',
    '/assets/%2e/app.js',
    // NUL and control bytes
    '/index.html%00.js',
    '/assets/app.js%00',
    '/%0aindex.html',
    // absolute paths
    '//etc/passwd',
    '/%2fetc%2fpasswd',
    '/C:/Windows/win.ini',
    '/c%3a%5cwindows%5cwin.ini',
    '/assets/app.js:stream',
    // backslashes, raw and encoded
    '/..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/assets\\..\\..\\secret.txt',
    // bad encoding
    '/%e0%a4%a',
    '/%',
    // not a path at all
    'index.html',
    '',
    // symlinks out of the root
    '/assets/leak.js',
    '/outside/secret.txt',
    '/outside/renderer-evil/x.js',
    '/outside',
  ];

  it(`refuses ${hostile.length} traversal, encoding, NUL, absolute, backslash and symlink paths`, async () => {
    for (const p of hostile) expect(await kindOf(p), p).toBe('refused');
    console.warn(`[hostile-inputs] renderer files: hostile paths=${hostile.length}`);
  });

  it('says when the renderer is not built', async () => {
    expect(await kindOf('/')).toBe('file');
    expect(await resolveRendererFile(path.join(base, 'nowhere'), '/')).toEqual({ kind: 'not-built' });
  });
});

