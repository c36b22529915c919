// The attack from issue 10 through the contract, as a compromised page or a token holder would try it: raw paths,
// made-up grant ids, reading text back by id, and a serve host started with --allow-dir (real services and database).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContract } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { DOCUMENTS_DIR } from '../../testing/sharedAssets';
import { connectTestClient, createTestCore, grantedSources, makeTempDir, type TestCore } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

let scratch: string;
let secret: string;
let allowed: string;

beforeAll(() => {
  scratch = fs.realpathSync(makeTempDir('loci-grant-import-'));
  secret = path.join(scratch, 'home', '.ssh', 'id_rsa');
  fs.mkdirSync(path.dirname(secret), { recursive: true });
  fs.writeFileSync(secret, '-----BEGIN OPENSSH PRIVATE KEY----- walrus-secret-material');
  fs.writeFileSync(path.join(scratch, 'outside.md'), '# Outside\n\nThe narwhal secret lives outside the allowed folder.');
  allowed = path.join(scratch, 'allowed');
  fs.mkdirSync(path.join(allowed, 'papers'), { recursive: true });
  fs.copyFileSync(path.join(DOCUMENTS_DIR, 'md', 'art-of-command-line-en.md'), path.join(allowed, 'papers', 'command-line.md'));
  // a symlink inside the allowed folder that points out of it: the folder walk must not follow it out
  fs.symlinkSync(path.join(scratch, 'outside.md'), path.join(allowed, 'papers', 'escape.md'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('library.import over the contract (desktop and serve without --allow-dir)', () => {
  let test: TestCore;
  let client: RpcClient<AppContract>;
  beforeAll(() => {
    test = createTestCore();
    client = connectTestClient(test.core);
  });
  afterAll(() => test.cleanup());

  it('refuses a raw path with a typed error, and nothing is read', async () => {
    const raw = client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: [{ kind: 'path', path: secret }] } as never, () => undefined);
    await expect(raw.result).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect((await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID })).documents).toEqual([]);
  });

  it('refuses a grant id this session never issued', async () => {
    const made = client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: [{ kind: 'grant', grantId: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }] }, () => undefined);
    await expect(made.result).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID })).documents).toEqual([]);
  });

  it('refuses to grant a path when the host allows no folder', async () => {
    await expect(client.call('library.grantAllowedPath', { path: secret })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses the native picker outside the desktop app', async () => {
    await expect(client.call('library.pickSources', { kind: 'files' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });
  });

  it('reads back text of indexed documents only, by id', async () => {
    await expect(client.call('library.documentText', { documentId: secret })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.call('library.documentText', { documentId: 'not-a-document' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(client.call('library.reveal', { documentId: 'not-a-document' })).rejects.toMatchObject({ code: 'UNSUPPORTED' });

    const summary = await client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, [path.join(allowed, 'papers', 'command-line.md')]) }, () => undefined).result;
    const id = summary.files[0]?.documentId;
    expect(summary.files.map((f) => f.state)).toEqual(['done']);
    const { text, document } = await client.call('library.documentText', { documentId: id! });
    expect(document.name).toBe('command-line.md');
    expect(text.length).toBeGreaterThan(1000);
  });
});

describe('library.import in a serve host started with --allow-dir', () => {
  let test: TestCore;
  let client: RpcClient<AppContract>;
  beforeAll(() => {
    test = createTestCore({ allowedImportDirs: [allowed] });
    client = connectTestClient(test.core);
  });
  afterAll(() => test.cleanup());

  it('imports a folder under DIR, and skips a symlink inside it that points out', async () => {
    const grant = await client.call('library.grantAllowedPath', { path: path.join(allowed, 'papers') });
    expect(grant).toMatchObject({ name: 'papers', kind: 'folder' });
    const summary = await client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: [{ kind: 'grant', grantId: grant.grantId }] }, () => undefined).result;
    const states = Object.fromEntries(summary.files.map((f) => [f.name, f.state]));
    expect(states).toEqual({ 'command-line.md': 'done', 'escape.md': 'skipped' });
    const { passages } = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'narwhal secret', k: 10, mode: 'fts' });
    expect(passages).toEqual([]);
  });

  it('refuses `..` escapes and symlinks pointing out of DIR', async () => {
    for (const target of [path.join(allowed, '..', 'outside.md'), '../outside.md', path.join(allowed, 'papers', 'escape.md'), secret]) {
      await expect(client.call('library.grantAllowedPath', { path: target }), target).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
  });
});
