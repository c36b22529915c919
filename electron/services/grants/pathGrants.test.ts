// The grant registry on a real temporary tree: ids, drops a compromised renderer could send, --allow-dir confinement.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/testCore';
import { createPathGrants } from './pathGrants';

let root: string;
let allowed: string;
let outside: string;
let dataDir: string;

beforeAll(() => {
  root = fs.realpathSync(makeTempDir('loci-grants-'));
  allowed = path.join(root, 'allowed');
  outside = path.join(root, 'outside');
  dataDir = path.join(root, 'data');
  for (const d of [allowed, path.join(allowed, 'sub'), outside, path.join(root, 'home', '.ssh'), dataDir]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(allowed, 'sub', 'notes.md'), '# notes');
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'secret');
  fs.writeFileSync(path.join(root, 'home', '.ssh', 'id_rsa'), 'PRIVATE KEY');
  fs.writeFileSync(path.join(dataDir, 'settings.json'), '{}');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(allowed, 'link-to-secret.txt'));
  fs.symlinkSync(outside, path.join(allowed, 'link-to-outside'));
  fs.symlinkSync(path.join(root, 'home', '.ssh', 'id_rsa'), path.join(root, 'innocent-looking.txt'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('path grants', () => {
  it('issues unguessable ids that resolve to the real path, and refuses ids it never issued', () => {
    const grants = createPathGrants();
    const [a, b] = grants.grantChosen([path.join(allowed, 'sub', 'notes.md'), path.join(allowed, 'sub')]);
    expect(a).toMatchObject({ name: 'notes.md', kind: 'file' });
    expect(b).toMatchObject({ name: 'sub', kind: 'folder' });
    expect(a!.grantId).toMatch(/^[\w-]{32}$/);
    expect(a!.grantId).not.toBe(b!.grantId);
    expect(grants.resolve(a!.grantId)).toEqual({ path: path.join(allowed, 'sub', 'notes.md'), confineTo: null });
    expect(() => grants.resolve('never-issued')).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    // another session's registry knows nothing of this one's ids
    expect(() => createPathGrants().resolve(a!.grantId)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('grants dropped paths only when they are real, absolute, not hidden and not Loci data', () => {
    const grants = createPathGrants({ protectedDirs: [dataDir] });
    const { granted, refused } = grants.grantDropped([
      path.join(allowed, 'sub', 'notes.md'),
      path.join(root, 'home', '.ssh', 'id_rsa'),
      path.join(root, 'innocent-looking.txt'), // a symlink whose real path is ~/.ssh/id_rsa
      path.join(dataDir, 'settings.json'),
      'relative/notes.md',
      path.join(root, 'no-such-file'),
      `${allowed}\0`,
      42,
    ]);
    expect(granted.map((g) => g.name)).toEqual(['notes.md']);
    expect(refused.map((r) => r.reason)).toEqual(['a hidden or tool path', 'a hidden or tool path', "inside Loci's data folder", 'not an absolute path', 'does not exist', 'not a path', 'not a path']);
    expect(() => grants.grantDropped('not an array')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => grants.grantDropped(Array.from({ length: 10_001 }, () => allowed))).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('refuses every path by default: only --allow-dir folders can be granted by path', () => {
    expect(() => createPathGrants().grantAllowed(path.join(allowed, 'sub', 'notes.md'))).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });

  it('allows paths under an --allow-dir folder and refuses `..` escapes and symlinks pointing out', () => {
    const grants = createPathGrants({ allowedRoots: [allowed] });
    expect(grants.allowedRoots).toEqual([allowed]);
    const inside = grants.grantAllowed(path.join(allowed, 'sub', 'notes.md'));
    expect(grants.resolve(inside.grantId)).toEqual({ path: path.join(allowed, 'sub', 'notes.md'), confineTo: allowed });
    expect(grants.grantAllowed('sub')).toMatchObject({ name: 'sub', kind: 'folder' }); // relative: inside the first folder
    expect(grants.grantAllowed(allowed)).toMatchObject({ kind: 'folder' });

    const refused = [
      path.join(allowed, '..', 'outside', 'secret.txt'),
      '../outside/secret.txt',
      path.join(allowed, 'link-to-secret.txt'),
      path.join(allowed, 'link-to-outside'),
      path.join(allowed, 'link-to-outside', 'secret.txt'),
      path.join(root, 'home', '.ssh', 'id_rsa'),
    ];
    for (const target of refused) expect(() => grants.grantAllowed(target), target).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => grants.grantAllowed(path.join(allowed, 'missing.md'))).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('refuses to start on an --allow-dir that is not a folder', () => {
    expect(() => createPathGrants({ allowedRoots: [path.join(root, 'nope')] })).toThrow();
    expect(() => createPathGrants({ allowedRoots: [path.join(outside, 'secret.txt')] })).toThrow(/not a folder/);
  });

  it('forgets the oldest grants past its limit', () => {
    const grants = createPathGrants({ maxGrants: 2 });
    const [first, second, third] = grants.grantChosen([allowed, outside, path.join(allowed, 'sub')]);
    expect(() => grants.resolve(first!.grantId)).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(grants.resolve(second!.grantId).path).toBe(outside);
    expect(grants.resolve(third!.grantId).path).toBe(path.join(allowed, 'sub'));
  });
});
