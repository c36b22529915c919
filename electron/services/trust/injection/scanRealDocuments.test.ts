// The scanner against real documents (the fixture corpus, through the real import): documents about passwords,
// authentication, login shells and LLM agents must not be flagged. Every passage-sized window of their extracted text.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { DOCUMENTS_DIR } from '../../../testing/sharedAssets';
import { connectTestClient, createTestCore, grantedSources } from '../../../testing/testCore';
import { DEFAULT_COLLECTION_ID } from '../../../../shared/contract/library';
import { scanPassage } from './scanPassage';

const test = createTestCore({});
afterAll(() => test.cleanup());

it('flags nothing in the fixture documents', async () => {
  const client = connectTestClient(test.core);
  // the text-bearing ones; the broken, encrypted and image-only PDFs have nothing to scan
  const files = ['pdf/nist-sp800-63b-digital-identity.pdf', 'pdf/nist-sp800-145-cloud-definition.pdf', 'pdf/latex-two-column.pdf', 'md/art-of-command-line-en.md', 'md/art-of-command-line-zh.md', 'html/wikipedia-duck.html', 'docx/autogen-paper-excerpt.docx', 'csv/country-codes.csv'].map((p) => path.join(DOCUMENTS_DIR, p));
  expect(files.every((f) => fs.existsSync(f))).toBe(true);
  await client.stream('library.import', { collectionId: DEFAULT_COLLECTION_ID, sources: grantedSources(test.core, files) }, () => undefined).result;
  const documents = (await client.call('library.documents', { collectionId: DEFAULT_COLLECTION_ID })).documents.filter((d) => d.status === 'ready');
  expect(documents.map((d) => d.name)).toEqual(expect.arrayContaining(['nist-sp800-63b-digital-identity.pdf', 'art-of-command-line-en.md', 'wikipedia-duck.html']));
  const flagged: string[] = [];
  for (const d of documents) {
    const { text } = await client.call('library.documentText', { documentId: d.id });
    for (let i = 0; i < text.length; i += 800) {
      const found = scanPassage(text.slice(i, i + 1200));
      if (found) flagged.push(`${d.name} @${i}: ${found.reason}`);
    }
  }
  expect(flagged).toEqual([]);
}, 300_000);
