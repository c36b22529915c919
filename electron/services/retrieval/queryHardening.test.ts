// Any string is a valid search in every mode: quoted phrases, full-text syntax, emoji, huge queries; Chinese and
// Japanese substrings are found; a query without a usable vector falls back to full text and says so; a library
// whose full-text index has no positions is searched without failing and migrated in place.
import fs from 'node:fs';
import path from 'node:path';
import * as lancedb from '@lancedb/lancedb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContract } from '../../../shared/contract';
import type { RpcClient } from '../../../shared/rpc/client';
import { DOCUMENTS_DIR } from '../../testing/sharedAssets';
import { connectTestClient, createTestCore, grantedSources, makeTempDir, type TestCore } from '../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../shared/contract/library';

let test: TestCore;
let client: RpcClient<AppContract>;
let scratch: string;

const ZH_FILE = path.join(DOCUMENTS_DIR, 'md', 'art-of-command-line-zh.md');
const JA_FILE = path.join(DOCUMENTS_DIR, 'csv', 'shift-jis-kanji.csv');

async function importPaths(paths: string[]): Promise<void> {
  const handle = client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, paths) }, () => undefined);
  const summary = await handle.result;
  for (const f of summary.files) expect(f.state, `${f.name}: ${f.reason}`).toBe('done');
  await (await test.core.services.library.database()).maintain();
}

beforeAll(async () => {
  test = createTestCore();
  client = connectTestClient(test.core);
  scratch = makeTempDir('loci-queries-');
  fs.writeFileSync(path.join(scratch, 'warsaw.md'), '# Warsaw parks\n\nThe Saxon Garden is the oldest public park in Warsaw, opened to the public in 1727.\n');
  fs.writeFileSync(path.join(scratch, 'kings.md'), '# Royal gardens\n\nThe garden of the palace was planted for Saxon kings who ruled Poland; a different garden entirely.\n');
  await importPaths([path.join(scratch, 'warsaw.md'), path.join(scratch, 'kings.md'), ZH_FILE, JA_FILE]);
}, 120_000);
afterAll(async () => {
  await test.cleanup();
  fs.rmSync(scratch, { recursive: true, force: true });
});

const HOSTILE = [
  '"Saxon Garden"',
  '"Saxon Garden" Warsaw',
  '"unbalanced quote',
  'a "b" "" """',
  'title:garden',
  '(saxon OR garden) AND NOT kings',
  'gard* saxo? garden~2 warsaw^3',
  '+saxon -kings',
  'AND',
  'OR NOT',
  'back\\slash \\"escaped\\" \\\\',
  '[garden] {park} <b>warsaw</b>',
  '😀🌳🏰',
  '"😀"',
  '!!! ??? ***',
  '-',
  "'single' `tick`",
  'garden '.repeat(1500),
  '"Saxon '.repeat(800),
  '\u0000\u0007 garden \ud800',
];

describe('any string is a valid search', () => {
  for (const mode of ['vector', 'fts', 'hybrid'] as const) {
    it(`never fails with an internal error in ${mode} search`, async () => {
      for (const query of HOSTILE) {
        const result = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query, k: 5, mode }).catch((error: unknown) => error as { code: string; message: string });
        expect('passages' in result ? 'ok' : `${result.code}: ${result.message}`, `query ${JSON.stringify(query.slice(0, 40))}`).toBe('ok');
      }
    }, 120_000);
  }

  it('searches a quoted phrase as a phrase in full text and hybrid search', async () => {
    for (const mode of ['fts', 'hybrid'] as const) {
      const { passages } = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: '"Saxon Garden"', k: 5, mode });
      expect(passages[0]?.documentName, mode).toBe('warsaw.md');
      if (mode === 'fts') expect(passages.map((p) => p.documentName)).not.toContain('kings.md');
    }
    // without quotes both documents share the words
    const loose = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: 'Saxon Garden', k: 5, mode: 'fts' });
    expect(loose.passages.map((p) => p.documentName)).toEqual(expect.arrayContaining(['warsaw.md', 'kings.md']));
  });

  it('falls back to the words when no passage holds the exact phrase', async () => {
    const { passages } = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: '"garden Saxon palace"', k: 5, mode: 'fts' });
    expect(passages.length).toBeGreaterThan(0);
  });

  it('finds substrings of Chinese and Japanese text by full-text search', async () => {
    const zh = fs.readFileSync(ZH_FILE, 'utf8');
    const ja = new TextDecoder('shift_jis').decode(fs.readFileSync(JA_FILE));
    const pick = (text: string, n: number, len: number): string[] => {
      const runs = [...text.matchAll(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]{2,}/gu)].map((m) => m[0]);
      const step = Math.max(1, Math.floor(runs.length / n));
      return [...new Set(runs.filter((_, i) => i % step === 0).map((r) => r.slice(Math.min(1, r.length - 2), Math.min(1, r.length - 2) + len)))].slice(0, n);
    };
    const substrings = [...pick(zh, 8, 3), ...pick(ja, 8, 2)];
    expect(substrings.length).toBeGreaterThanOrEqual(12);
    for (const s of substrings) {
      for (const mode of ['fts', 'hybrid'] as const) {
        const { passages } = await client.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: s, k: 5, mode });
        expect(passages[0]?.text.includes(s), `${mode} ${s}`).toBe(true);
      }
    }
  }, 60_000);

  it('a query vector that is zero or not finite falls back to full text and says so', async () => {
    const library = test.core.services.library;
    for (const vector of [new Float32Array(100), new Float32Array(100).fill(Number.NaN)]) {
      for (const mode of ['vector', 'hybrid'] as const) {
        // hybrid with a fusion that asks for vectors (an uncalibrated collection's hybrid is full text alone)
        const result = await library.search({ collectionId: DEFAULT_COLLECTION_ID, query: 'Saxon Garden', k: 5, mode, queryVector: vector, fusion: { method: 'convex', weight: 0.5 } });
        expect(result).toMatchObject({ mode: 'fts', fallback: 'query-vector-unusable' });
        expect(result.passages.length).toBeGreaterThan(0);
      }
    }
    const asked = await library.search({ collectionId: DEFAULT_COLLECTION_ID, query: 'Saxon Garden', k: 5, mode: 'vector' });
    expect(asked).toMatchObject({ mode: 'vector', fallback: null });
  });
});

describe('a library whose full-text index has no positions', () => {
  it('is searched without failing, then migrated in place so that phrases work', async () => {
    const dataDir = makeTempDir('loci-migrate-');
    const first = createTestCore({ dataDir });
    const c1 = connectTestClient(first.core);
    const handle = c1.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(first.core, [path.join(scratch, 'warsaw.md'), path.join(scratch, 'kings.md')]) }, () => undefined);
    await handle.result;
    await (await first.core.services.library.database()).maintain();
    await first.cleanup();
    // the recipe of earlier versions: no positions, and no record of the recipe
    const libraryDir = path.join(dataDir, 'library');
    const db = await lancedb.connect(libraryDir);
    await (await db.openTable('chunks')).createIndex('text', { config: lancedb.Index.fts({ withPosition: false }), replace: true });
    db.close();
    fs.rmSync(path.join(libraryDir, 'fts-index.json'));

    const second = createTestCore({ dataDir });
    try {
      const c2 = connectTestClient(second.core);
      const before = await c2.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: '"Saxon Garden"', k: 5, mode: 'fts' });
      expect(before.passages.length).toBeGreaterThan(0);
      await (await second.core.services.library.database()).maintain();
      expect(JSON.parse(fs.readFileSync(path.join(libraryDir, 'fts-index.json'), 'utf8'))).toEqual({ version: 2 });
      const after = await c2.call('library.search', { collectionId: DEFAULT_COLLECTION_ID, query: '"Saxon Garden"', k: 5, mode: 'fts' });
      expect(after.passages.map((p) => p.documentName)).toEqual(['warsaw.md']);
    } finally {
      await second.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
