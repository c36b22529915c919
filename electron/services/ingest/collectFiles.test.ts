// Folder walks on a real file system: symlink loops end, and a file reached through a link is found once.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../testing/testCore';
import { collectFiles } from './collectFiles';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function tree(): string {
  const root = makeTempDir('loci-walk-');
  dirs.push(root);
  return root;
}

describe('collectFiles', () => {
  it('ends on two symlink loops and finds each file once', async () => {
    const root = tree();
    fs.mkdirSync(path.join(root, 'a'));
    fs.mkdirSync(path.join(root, 'b'));
    fs.writeFileSync(path.join(root, 'a', 'one.txt'), 'one');
    fs.writeFileSync(path.join(root, 'b', 'two.txt'), 'two');
    // a/to-b -> b and b/to-a -> a: two loops that, followed blindly, multiply paths without end
    fs.symlinkSync(path.join(root, 'b'), path.join(root, 'a', 'to-b'));
    fs.symlinkSync(path.join(root, 'a'), path.join(root, 'b', 'to-a'));
    const { files, missing } = await collectFiles([root]);
    // the first path in name order wins: b/two.txt is first reached as a/to-b/two.txt
    expect(files.map((f) => path.relative(root, f.path))).toEqual([path.join('a', 'one.txt'), path.join('a', 'to-b', 'two.txt')]);
    expect(missing).toEqual([]);
  });

  it('imports a file once through an `again -> .` loop', async () => {
    const root = tree();
    fs.writeFileSync(path.join(root, 'note.txt'), 'note');
    fs.symlinkSync('.', path.join(root, 'again'));
    const { files } = await collectFiles([root]);
    expect(files.map((f) => f.name)).toEqual(['note.txt']);
  });

  it('takes a file reached by a link and by its own path once, and names a self-link the user chose', async () => {
    const root = tree();
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs', 'real.md'), '# real');
    fs.symlinkSync(path.join(root, 'docs', 'real.md'), path.join(root, 'alias.md'));
    fs.symlinkSync(path.join(root, 'self'), path.join(root, 'self'));
    const { files, missing } = await collectFiles([root, path.join(root, 'docs', 'real.md'), path.join(root, 'self')]);
    expect(files).toHaveLength(1);
    expect(missing).toEqual([{ path: path.join(root, 'self'), reason: expect.stringMatching(/points back to itself/) }]);
  });
});
