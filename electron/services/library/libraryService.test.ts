// The library end to end under plain Node: real fixture documents, the real embedding model in its worker,
// the real parsers in theirs, LanceDB on disk; driven through the contract like the UI drives it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppContract, FileProgress, ImportSummary } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { DOCUMENTS_DIR } from '../../testing/sharedAssets';
import { connectTestClient, createTestCore, makeTempDir, type TestCore, grantedSources } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

let test: TestCore;
let client: RpcClient<AppContract>;
let scratch: string;

beforeAll(() => {
  test = createTestCore();
  client = connectTestClient(test.core);
  scratch = makeTempDir('loci-import-');
});
afterAll(async () => {
  await test.cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const doc = (...parts: string[]): string => path.join(DOCUMENTS_DIR, ...parts);

async function runImport(paths: string[], collectionId = DEFAULT_COLLECTION_ID): Promise<{ summary: ImportSummary; states: Map<string, string[]> }> {
  const states = new Map<string, string[]>();
  const handle = client.stream('library.import', { collectionId, sources: grantedSources(test.core, paths) }, (item) => {
    for (const f of item.files) states.set(f.path, [...(states.get(f.path) ?? []), f.state]);
  });
  return { summary: await handle.result, states };
}

const byName = (files: FileProgress[], name: string): FileProgress => {
  const found = files.find((f) => f.name === name);
  if (!found) throw new Error(`no file ${name} in ${files.map((f) => f.name).join(', ')}`);
  return found;
};

describe('library import and search', () => {
  it('imports real documents of every format, each with its pages and chunks', async () => {
    const { summary, states } = await runImport([
      doc('pdf', 'nist-sp800-145-cloud-definition.pdf'),
      doc('md', 'art-of-command-line-en.md'),
      doc('html', 'wikipedia-duck.html'),
      doc('docx', 'autogen-paper-excerpt.docx'),
      doc('csv', 'country-codes.csv'),
      doc('csv', 'shift-jis-kanji.csv'),
    ]);
    expect(summary.cancelled).toBe(false);
    for (const f of summary.files) expect(f.state, `${f.name}: ${f.reason}`).toBe('done');
    expect(byName(summary.files, 'nist-sp800-145-cloud-definition.pdf').pages).toBe(7);
    expect(summary.overall).toMatchObject({ filesTotal: 6, filesDone: 6, filesFailed: 0 });
    expect(summary.overall.chunks).toBeGreaterThan(50);
    // the states a file showed follow the pipeline's order. The stream coalesces progress (its policy in the
    // contract), so a stage that ends within one coalescing window may be merged into the next: order, not presence
    const PIPELINE = ['queued', 'parsing', 'embedding', 'done'];
    for (const [file, seen] of states) {
      const ranks = [...new Set(seen)].map((state) => PIPELINE.indexOf(state));
      expect(ranks.every((r) => r >= 0), `${file}: ${seen.join(' → ')}`).toBe(true);
      expect(ranks, `${file}: ${seen.join(' → ')}`).toEqual([...ranks].sort((a, b) => a - b));
      expect(seen.at(-1)).toBe('done');
    }
    const pdfStates = states.get(doc('pdf', 'nist-sp800-145-cloud-definition.pdf'))!;
    expect(pdfStates.indexOf('queued')).toBeLessThan(pdfStates.indexOf('done'));

    const { documents } = await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID });
    expect(documents).toHaveLength(6);
    expect(documents.every((d) => d.status === 'ready' && d.chunkCount > 0 && d.embedder.startsWith('loci/glove-wordpiece-100d'))).toBe(true);
    const { collections } = await client.call('library.collections', {});
    expect(collections[0]).toMatchObject({ id: DEFAULT_COLLECTION_ID, documentCount: 6 });
    // the first import loads both workers and the model; with the OCR tests busy on the same two cores it needs room
  }, 120_000);

  it('finds the expected passage by hybrid, vector and full-text search', async () => {
    for (const mode of ['hybrid', 'fts', 'vector'] as const) {
      const { passages } = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'essential characteristics of the cloud model: on-demand self-service, broad network access', k: 5, mode });
      expect(passages.length, mode).toBeGreaterThan(0);
      expect(passages.slice(0, 3).some((p) => p.documentName === 'nist-sp800-145-cloud-definition.pdf'), mode).toBe(true);
    }
    const { passages } = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'on-demand self-service', k: 3, mode: 'fts' });
    const top = passages[0]!;
    expect(top.text.toLowerCase()).toContain('self-service');
    expect(top.page).toBeGreaterThanOrEqual(1);
    const { text } = await client.call('library.documentText', { documentId: top.documentId });
    expect(text.slice(top.start, top.end)).toBe(top.text);
  });

  it('does no work for an unchanged file and replaces the chunks of a changed one', async () => {
    const file = path.join(scratch, 'notes.md');
    fs.writeFileSync(file, '# Zebra facts\n\nThe okapi zebrafish quasar appears only in this note.\n');
    expect((await runImport([file])).summary.files[0]!.state).toBe('done');
    const again = await runImport([file]);
    expect(again.summary.files[0]).toMatchObject({ state: 'unchanged' });
    expect(again.states.get(file)).not.toContain('embedding');

    fs.writeFileSync(file, '# Zebra facts\n\nNow the note talks about a nebulous marmoset instead.\n');
    expect((await runImport([file])).summary.files[0]!.state).toBe('done');
    const old = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'quasar zebrafish', k: 5, mode: 'fts' });
    expect(old.passages.filter((p) => p.documentName === 'notes.md')).toHaveLength(0);
    const fresh = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'nebulous marmoset', k: 5, mode: 'fts' });
    expect(fresh.passages[0]?.documentName).toBe('notes.md');
    const docs = (await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID })).documents.filter((d) => d.name === 'notes.md');
    expect(docs).toHaveLength(1);
  });

  it('gives each bad input a specific reason and still imports the rest', async () => {
    const bad = path.join(scratch, 'bad inputs ñ 日本語');
    fs.mkdirSync(bad, { recursive: true });
    fs.writeFileSync(path.join(bad, 'binary.txt'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    fs.writeFileSync(path.join(bad, 'empty.txt'), '');
    const huge = path.join(bad, 'huge.txt');
    fs.closeSync(fs.openSync(huge, 'w'));
    fs.truncateSync(huge, 200 * 1024 * 1024); // sparse: 200 MB on paper, nothing on disk
    fs.copyFileSync(doc('md', 'art-of-command-line-zh.md'), path.join(bad, '命令行的艺术 guide.md'));
    fs.mkdirSync(path.join(bad, '.git'));
    fs.writeFileSync(path.join(bad, '.git', 'config'), 'hidden');
    fs.writeFileSync(path.join(bad, '.hidden.md'), '# hidden');

    const { summary } = await runImport([
      bad,
      doc('pdf', 'encrypted-libreoffice-password.pdf'),
      doc('pdf', 'nist-sp800-145-truncated-60pct.pdf'),
      doc('pdf', 'image-only-no-text.pdf'),
      doc('pdf', 'empty-0-bytes.pdf'),
      path.join(scratch, 'does-not-exist.pdf'),
    ]);
    const reasons = Object.fromEntries(summary.files.map((f) => [f.name, `${f.state}: ${f.reason ?? ''}`]));
    expect(reasons['binary.txt']).toMatch(/^skipped: .*binary/i);
    expect(reasons['empty.txt']).toMatch(/^skipped: .*empty/i);
    expect(reasons['huge.txt']).toMatch(/^skipped: .*100 MB/);
    expect(reasons['encrypted-libreoffice-password.pdf']).toMatch(/^failed: .*password/i);
    expect(reasons['image-only-no-text.pdf']).toMatch(/^skipped: .*no extractable text/i);
    expect(reasons['empty-0-bytes.pdf']).toMatch(/^skipped: .*empty/i);
    expect(reasons['does-not-exist.pdf']).toMatch(/^failed: No such file/);
    expect(reasons['命令行的艺术 guide.md']).toBe('done: ');
    expect(reasons['nist-sp800-145-truncated-60pct.pdf']).toMatch(/^(done|failed): /);
    expect(Object.keys(reasons)).not.toContain('config');
    expect(Object.keys(reasons)).not.toContain('.hidden.md');
    // nothing indexed before was lost
    const { documents } = await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID });
    expect(documents.find((d) => d.name === 'nist-sp800-145-cloud-definition.pdf')?.status).toBe('ready');
  });

  it('removes a document with its chunks', async () => {
    const { documents } = await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID });
    const csv = documents.find((d) => d.name === 'country-codes.csv')!;
    const before = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'Afghanistan', k: 3, mode: 'fts' });
    expect(before.passages.some((p) => p.documentId === csv.id)).toBe(true);
    expect(await client.call('library.removeDocuments', { ids: [csv.id] })).toEqual({ removed: 1 });
    const after = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'Afghanistan', k: 3, mode: 'fts' });
    expect(after.passages.some((p) => p.documentId === csv.id)).toBe(false);
  });

  it('keeps collections apart and deletes one with its documents', async () => {
    const other = await client.call('library.createCollection', { name: 'Shakespeare' });
    await runImport([doc('md', 'art-of-command-line-en.md')], other.id);
    const inOther = await client.call('library.search', { collectionId: other.id, query: 'self-service', k: 5, mode: 'fts' });
    expect(inOther.passages.every((p) => p.documentName === 'art-of-command-line-en.md')).toBe(true);
    expect((await client.call('library.renameCollection', { id: other.id, name: 'CLI notes' })).name).toBe('CLI notes');
    await client.call('library.deleteCollection', { id: other.id });
    expect((await client.call('library.collections', {})).collections.map((c) => c.id)).toEqual([DEFAULT_COLLECTION_ID]);
    await expect(client.call('library.deleteCollection', { id: DEFAULT_COLLECTION_ID })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('cancels: finished files stay indexed, the interrupted one leaves nothing', async () => {
    const dir = path.join(scratch, 'many');
    fs.mkdirSync(dir);
    // many files, so that the import cannot have embedded them all by the time the first commit reports (a fast
    // embedder used to finish all 40 of an earlier version first); the test's time is up to the cancel, not the total
    for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(dir, `note-${String(i).padStart(3, '0')}.md`), `# Note ${i}\n\n${'Distinct words about the walrus number ' + i + '. '.repeat(1)}${'Filler sentence for size. '.repeat(3000)}`);
    const states = new Map<string, FileProgress>();
    let cancelled = false;
    const handle = client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, [dir]) }, (item) => {
      for (const f of item.files) states.set(f.fileId, f);
      if (!cancelled && [...states.values()].filter((f) => f.state === 'done').length >= 2) {
        cancelled = true;
        handle.cancel();
      }
    });
    await expect(handle.result).rejects.toMatchObject({ code: 'CANCELLED' });
    const done = [...states.values()].filter((f) => f.state === 'done').map((f) => f.name);
    expect(done.length).toBeGreaterThanOrEqual(2);
    expect(done.length).toBeLessThan(200);
    // the folder stays a source, paused: a sync of it would import the rest the user just cancelled
    await vi.waitFor(async () => {
      const { sources } = await client.call('sources.list', { collectionId: DEFAULT_COLLECTION_ID });
      expect(sources.find((s) => s.name === 'many')?.state).toBe('paused');
    });
    // a fixed pause on purpose: what is checked is that nothing more gets indexed after the cancel, an absence
    // that no poll can wait for
    await new Promise((r) => setTimeout(r, 300));
    const indexed = (await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID })).documents.filter((d) => d.name.startsWith('note-'));
    expect(indexed.filter((d) => d.status !== 'ready').map((d) => `${d.name}: ${d.status}`)).toEqual([]);
    expect(new Set(indexed.map((d) => d.name))).toEqual(new Set(done));
    for (const d of indexed) {
      const { passages } = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: `walrus number ${Number(d.name.slice(5, 8))}`, k: 50, mode: 'fts' });
      expect(passages.filter((p) => p.documentId === d.id).length).toBeGreaterThan(0);
    }
  });

  it('validates import input', async () => {
    const empty = client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: [] }, () => undefined);
    await expect(empty.result).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    const missing = client.stream('library.import', { collectionId: 'nope', sources: grantedSources(test.core, [scratch]) }, () => undefined);
    await expect(missing.result).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('tokenizes each chunk once: the ids from the ingest worker go to the embedder with the texts', async () => {
    const spy = vi.spyOn(test.core.services.embedding, 'embedEach');
    try {
      const copy = path.join(scratch, 'tokenize-once.md');
      fs.writeFileSync(copy, `${fs.readFileSync(doc('md', 'art-of-command-line-en.md'), 'utf8')}\n\nA fresh closing line for this copy.\n`);
      const { summary } = await runImport([copy]);
      expect(summary.overall.filesFailed).toBe(0);
      const calls = spy.mock.calls.filter(([, , options]) => options?.lane === 'import');
      expect(calls.length).toBeGreaterThan(0);
      for (const [texts, , options] of calls) {
        expect(options?.tokenIds?.length).toBe(texts.length);
        // [CLS] … [SEP] around every chunk's word pieces
        expect(options!.tokenIds!.every((ids) => ids.length >= 2)).toBe(true);
      }
    } finally {
      spy.mockRestore();
    }
  });
});
