// Chunker invariants on every fixture with the real tokenizer, plus structure, overlap, stress and speed cases.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKING, chunkDocument } from './chunkDocument';
import { IngestProblem, type ChunkingOptions, type DocumentChunk, type ExtractedDocument, type TokenCounter } from './extractedDocument';
import { fixtureNames, readFixture, testTokenCounter } from './ingestTestAssets';
import { parseDocument } from './parsers/parseDocument';

let counter: TokenCounter;
const docs = new Map<string, ExtractedDocument>();
const SMALL: ChunkingOptions = { targetTokens: 48, overlapTokens: 12, maxTokens: 64 };

beforeAll(async () => {
  counter = await testTokenCounter();
  for (const name of fixtureNames()) {
    try {
      docs.set(name, await parseDocument(readFixture(name), name.split('/')[1] ?? name));
    } catch (error) {
      if (!(error instanceof IngestProblem)) throw error;
    }
  }
}, 120_000);

const doc = (name: string): ExtractedDocument => {
  const d = docs.get(name);
  if (!d) throw new Error(`${name} did not parse`);
  return d;
};

function textDoc(text: string, format: ExtractedDocument['format'] = 'text'): ExtractedDocument {
  return { format, text, blocks: [{ kind: 'paragraph', start: 0, end: text.length }], pageCount: null, title: null };
}

/** The invariants every chunk list must satisfy, checked against the real tokenizer. */
function checkInvariants(d: ExtractedDocument, chunks: DocumentChunk[], options: ChunkingOptions, label: string): void {
  expect(chunks.length, label).toBeGreaterThan(0);
  const real = counter.count(chunks.map((c) => c.text));
  chunks.forEach((c, i) => {
    expect(c.ordinal, label).toBe(i);
    expect(c.text, label).toBe(d.text.slice(c.start, c.end));
    expect(c.text, label).toBe(c.text.trim());
    expect(c.tokenCount, label).toBe(real[i]);
    expect(c.tokenCount, label).toBeLessThanOrEqual(options.maxTokens);
    if (i > 0) {
      const previous = chunks[i - 1] as DocumentChunk;
      expect(c.start, label).toBeGreaterThanOrEqual(previous.start);
      expect(c.end, label).toBeGreaterThan(previous.end);
    }
  });
  // nothing but whitespace is left out
  let covered = 0;
  for (const c of chunks) {
    expect(d.text.slice(covered, Math.max(covered, c.start)).trim(), label).toBe('');
    covered = Math.max(covered, c.end);
  }
  expect(d.text.slice(covered).trim(), label).toBe('');
}

describe('chunkDocument on every fixture', () => {
  it('keeps offsets, ordinals and the token limit with the default options', () => {
    for (const [name, d] of docs) checkInvariants(d, chunkDocument(d, counter, DEFAULT_CHUNKING), DEFAULT_CHUNKING, name);
  });

  it('keeps them with a small limit that forces sentence, word and character splits', () => {
    for (const [name, d] of docs) checkInvariants(d, chunkDocument(d, counter, SMALL), SMALL, `${name} (small)`);
  });

  it('goes over the target only for a single long sentence', () => {
    const d = doc('txt/tinyshakespeare.txt');
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'sentence' });
    for (const c of chunkDocument(d, counter, SMALL)) {
      if (c.tokenCount <= SMALL.targetTokens) continue;
      const sentences = [...segmenter.segment(c.text.replace(/(?<=[^\n])\n(?=[^\n])/g, ' '))].filter((s) => s.segment.trim() !== '');
      expect(sentences, c.text).toHaveLength(1);
    }
  });
});

describe('structure', () => {
  it('follows Markdown headings: paths, levels replaced, sections starting at their heading', () => {
    const d = doc('md/art-of-command-line-en.md');
    const chunks = chunkDocument(d, counter, DEFAULT_CHUNKING);
    const basics = chunks.filter((c) => c.headingPath.join(' > ') === 'The Art of Command Line > Basics');
    expect(basics.length).toBeGreaterThan(0);
    expect(basics[0]?.text.startsWith('## Basics')).toBe(true);
    expect(chunks.some((c) => c.headingPath.join(' > ') === 'The Art of Command Line > Everyday use')).toBe(true);
    // a heading replaces those of its level and below: siblings never pile up
    const paths = new Set(chunks.map((c) => c.headingPath.join(' > ')));
    expect(paths).toContain('The Art of Command Line > Windows only > Useful Windows command-line tools');
    expect(paths).toContain('The Art of Command Line > More resources');
    for (const c of chunks) expect(c.headingPath.length).toBeLessThanOrEqual(3);
    // chunks before the first heading have no path
    expect(chunks[0]?.headingPath).toEqual([]);
    // no chunk crosses into a new section after content of the previous one
    for (const c of chunks) {
      const inner = c.text.indexOf('\n## ');
      if (inner >= 0) expect(c.text.slice(0, inner).split('\n').every((line) => line.startsWith('#') || line.trim() === ''), c.text).toBe(true);
    }
  });

  it('tracks nested heading levels (DOCX and HTML)', () => {
    const html = chunkDocument(doc('html/wikipedia-duck.html'), counter, DEFAULT_CHUNKING);
    expect(html.some((c) => c.headingPath.join(' > ') === 'Behaviour > Feeding' && c.text.includes('Dabbling ducks'))).toBe(true);
    const docx = chunkDocument(doc('docx/word-sample-lists-figure.docx'), counter, DEFAULT_CHUNKING);
    expect(docx.some((c) => c.headingPath.join(' > ') === 'Let’s swim! > Let’s eat' && c.text.includes('Leaves | Ash, Elm, Maple | 50'))).toBe(true);
  });

  it('gives PDF chunks the page of their first character', () => {
    const d = doc('pdf/nist-sp800-145-cloud-definition.pdf');
    const chunks = chunkDocument(d, counter, DEFAULT_CHUNKING);
    for (const c of chunks) {
      const block = d.blocks.find((b) => b.start <= c.start && c.start < b.end);
      expect(c.page).toBe(block?.page);
    }
    // the definition starts on page 6; its chunk may begin with the end of page 5
    expect([5, 6]).toContain(chunks.find((c) => c.text.includes('On-demand self-service'))?.page);
    expect(chunks.find((c) => c.text.includes('Private cloud. The cloud infrastructure'))?.page).toBe(7);
    expect(new Set(chunks.map((c) => c.page)).size).toBeGreaterThan(4);
    expect(chunkDocument(doc('md/art-of-command-line-en.md'), counter, DEFAULT_CHUNKING)[0]?.page).toBeNull();
  });
});

describe('overlap', () => {
  it('starts each chunk inside the previous one when overlapTokens > 0, with whole sentences where possible', () => {
    const d = doc('txt/tinyshakespeare.txt');
    const chunks = chunkDocument(d, counter, DEFAULT_CHUNKING).slice(0, 300);
    let overlapping = 0;
    for (let i = 1; i < chunks.length; i++) {
      const previous = chunks[i - 1] as DocumentChunk;
      const c = chunks[i] as DocumentChunk;
      if (c.start < previous.end) {
        overlapping++;
        const repeated = counter.count([d.text.slice(c.start, previous.end)])[0] ?? 0;
        expect(repeated - 2).toBeLessThanOrEqual(DEFAULT_CHUNKING.overlapTokens);
      }
    }
    // only a sentence too long to share its chunk with the overlap goes without one
    expect(overlapping / (chunks.length - 1)).toBeGreaterThan(0.97);
    const nist = chunkDocument(doc('pdf/nist-sp800-63b-digital-identity.pdf'), counter, DEFAULT_CHUNKING);
    const nistOverlapping = nist.filter((c, i) => i > 0 && c.start < (nist[i - 1] as DocumentChunk).end).length;
    // its table of contents is dot leaders: sentences too long to repeat, and no word boundary to start an overlap at
    expect(nistOverlapping / (nist.length - 1)).toBeGreaterThan(0.8);
    const fed = chunkDocument(doc('pdf/federal-register-2020-17221-3col.pdf'), counter, DEFAULT_CHUNKING);
    expect(fed.filter((c, i) => i > 0 && c.start < (fed[i - 1] as DocumentChunk).end).length).toBeGreaterThanOrEqual(fed.length - 3);
  });

  it('has none when overlapTokens is 0', () => {
    for (const name of ['txt/tinyshakespeare.txt', 'md/art-of-command-line-en.md', 'pdf/federal-register-2020-17221-3col.pdf']) {
      const chunks = chunkDocument(doc(name), counter, { ...DEFAULT_CHUNKING, overlapTokens: 0 });
      for (let i = 1; i < chunks.length; i++) expect((chunks[i] as DocumentChunk).start, name).toBeGreaterThanOrEqual((chunks[i - 1] as DocumentChunk).end);
    }
  });

  it('does not carry a section’s tail across a heading', () => {
    const d = doc('md/art-of-command-line-en.md');
    const chunks = chunkDocument(d, counter, DEFAULT_CHUNKING);
    const headingStarts = new Set(d.blocks.filter((b) => b.kind === 'heading').map((b) => b.start));
    const sectionStarts = chunks.filter((c) => headingStarts.has(c.start));
    expect(sectionStarts.length).toBeGreaterThan(10);
    for (const c of sectionStarts) expect(chunks.some((o) => o.ordinal < c.ordinal && o.end > c.start)).toBe(false);
  });
});

describe('hard input', () => {
  it('chunks a 50,000-character line without spaces within the limit', () => {
    let state = 7;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const blob = Array.from({ length: 50_000 }, () => alphabet[(state = (state * 1103515245 + 12345) >>> 0) % 64]).join('');
    for (const options of [DEFAULT_CHUNKING, SMALL]) {
      const d = textDoc(`Header line.\n\n${blob}\n\nThe end.`);
      checkInvariants(d, chunkDocument(d, counter, options), options, `blob ${options.maxTokens}`);
    }
    const letters = textDoc('x'.repeat(50_000)); // a single [UNK]-sized run: cut by characters, not left as one huge chunk
    const chunks = chunkDocument(letters, counter, DEFAULT_CHUNKING);
    checkInvariants(letters, chunks, DEFAULT_CHUNKING, 'letters');
    expect(Math.max(...chunks.map((c) => c.text.length))).toBeLessThanOrEqual(DEFAULT_CHUNKING.maxTokens * 16);
  });

  it('chunks CJK text without spaces or punctuation within the limit, cutting between words', () => {
    const chinese = '天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏闰余成岁律吕调阳云腾致雨露结为霜金生丽水玉出昆冈'.repeat(150);
    for (const options of [DEFAULT_CHUNKING, SMALL]) {
      const d = textDoc(chinese);
      const chunks = chunkDocument(d, counter, options);
      checkInvariants(d, chunks, options, `cjk ${options.maxTokens}`);
      expect(chunks.length).toBeGreaterThan(chinese.length / 4 / options.maxTokens);
    }
    const zh = doc('md/art-of-command-line-zh.md');
    checkInvariants(zh, chunkDocument(zh, counter, SMALL), SMALL, 'zh markdown');
  });

  it('returns no chunks for blank text and rejects a limit below the special tokens', () => {
    expect(chunkDocument(textDoc('   \n\n  '), counter, DEFAULT_CHUNKING)).toEqual([]);
    expect(() => chunkDocument(textDoc('hello'), counter, { targetTokens: 1, overlapTokens: 0, maxTokens: 2 })).toThrow(RangeError);
  });

  it('includes text that falls between blocks so every character is counted', () => {
    const text = 'Intro paragraph.\n\nstray text outside any block\n\nLast paragraph.';
    const d: ExtractedDocument = { format: 'text', text, blocks: [{ kind: 'paragraph', start: 0, end: 16 }, { kind: 'paragraph', start: 48, end: 63 }], pageCount: null, title: null };
    const chunks = chunkDocument(d, counter, DEFAULT_CHUNKING);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.text).toBe(text);
    expect(chunks[0]?.tokenCount).toBe(counter.count([text])[0]);
  });
});

describe('speed', () => {
  it('chunks the 1.1 MB tinyshakespeare quickly', () => {
    const d = doc('txt/tinyshakespeare.txt');
    chunkDocument(d, counter, DEFAULT_CHUNKING); // the first pass fills the tokenizer's word cache
    const t0 = performance.now();
    const chunks = chunkDocument(d, counter, DEFAULT_CHUNKING);
    const ms = performance.now() - t0;
    process.stdout.write(`chunking tinyshakespeare (${d.text.length} chars): ${chunks.length} chunks in ${ms.toFixed(0)} ms (${((ms / chunks.length) * 1000).toFixed(0)} µs per chunk)\n`);
    // typically 70–150 µs per chunk on one core; the bound only catches a blow-up (CI machines are shared)
    expect(ms / chunks.length).toBeLessThan(2);
  });
});
