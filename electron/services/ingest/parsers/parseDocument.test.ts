// Parsers against the real fixture documents and hand-made bad input: text, structure, offsets and failure codes.
import { beforeAll, describe, expect, it } from 'vitest';
import { IngestProblem, type ExtractedDocument, type IngestProblemCode } from '../extractedDocument';
import { fixtureNames, readFixture } from '../ingestTestAssets';
import { decodeText } from './decodeText';
import { PDF_ENCRYPTED_MESSAGE, PDF_NO_TEXT_MESSAGE, parseDocument } from './parseDocument';
import { blockTexts, problemOf } from './testing/parsedDocuments';

const FAILURES: Record<string, IngestProblemCode> = {
  'pdf/empty-0-bytes.pdf': 'empty',
  'pdf/encrypted-libreoffice-password.pdf': 'encrypted',
  'pdf/image-only-no-text.pdf': 'no-text',
  // pdf.js finds no cross-reference table or trailer in the cut-off file and rejects it as a whole
  'pdf/nist-sp800-145-truncated-60pct.pdf': 'corrupt',
};

const docs = new Map<string, ExtractedDocument>();
const problems = new Map<string, IngestProblem>();

beforeAll(async () => {
  for (const name of fixtureNames()) {
    try {
      docs.set(name, await parseDocument(readFixture(name), name.split('/')[1] ?? name));
    } catch (error) {
      if (!(error instanceof IngestProblem)) throw error;
      problems.set(name, error);
    }
  }
}, 120_000);

const doc = (name: string): ExtractedDocument => {
  const d = docs.get(name);
  if (!d) throw new Error(`${name} did not parse: ${problems.get(name)?.message}`);
  return d;
};

/** Deterministic pseudo-random bytes (no NUL when `noNul`). */
function randomBytes(length: number, seed: number, noNul = false): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = noNul ? 1 + ((state >>> 16) % 255) : (state >>> 16) & 0xff;
  }
  return bytes;
}

describe('every fixture document', () => {
  it('parses to text with sensible blocks, or fails with the expected code', () => {
    for (const name of fixtureNames()) {
      const expected = FAILURES[name];
      if (expected) {
        expect(problems.get(name)?.code, name).toBe(expected);
        continue;
      }
      const d = doc(name);
      expect(d.text.trim().length, name).toBeGreaterThan(0);
      expect(d.blocks.length, name).toBeGreaterThan(0);
      let previousEnd = 0;
      for (const block of d.blocks) {
        expect(block.start, name).toBeGreaterThanOrEqual(previousEnd);
        expect(block.end, name).toBeGreaterThan(block.start);
        expect(block.end, name).toBeLessThanOrEqual(d.text.length);
        const content = d.text.slice(block.start, block.end);
        expect(content, name).toBe(content.trim());
        if (block.kind === 'heading') expect(block.level, name).toBeGreaterThanOrEqual(1);
        previousEnd = block.end;
      }
      expect(d.text.includes('\r'), name).toBe(false);
    }
  });

  it('keeps page numbers on PDF blocks within 1..pageCount and in order', () => {
    for (const [name, d] of docs) {
      if (d.format !== 'pdf') continue;
      expect(d.pageCount, name).toBeGreaterThan(0);
      let previous = 1;
      for (const block of d.blocks) {
        expect(block.page, name).toBeGreaterThanOrEqual(previous);
        expect(block.page, name).toBeLessThanOrEqual(d.pageCount ?? 0);
        previous = block.page ?? 0;
      }
    }
  });
});

describe('PDF', () => {
  it('reads NIST SP 800-145 with its title, 7 pages, and the essential characteristics on page 6', () => {
    const d = doc('pdf/nist-sp800-145-cloud-definition.pdf');
    expect(d.format).toBe('pdf');
    expect(d.pageCount).toBe(7);
    expect(d.title).toBe('NIST SP 800-145, The NIST Definition of Cloud Computing');
    const onPage6 = d.blocks.filter((b) => b.page === 6).map((b) => d.text.slice(b.start, b.end).toLowerCase());
    expect(onPage6.some((t) => t.includes('essential characteristics'))).toBe(true);
    expect(onPage6.some((t) => t.startsWith('on-demand self-service.'))).toBe(true);
    // words from separate text items are spaced, not glued
    expect(d.text).toContain('The NIST Definition of Cloud Computing');
  });

  it('reads all 15 pages of the 3-column Federal Register notice', () => {
    const d = doc('pdf/federal-register-2020-17221-3col.pdf');
    expect(d.pageCount).toBe(15);
    expect(new Set(d.blocks.map((b) => b.page)).size).toBe(15);
    expect(d.text).toContain('Boeing');
    expect(d.text).toContain('FEDERAL REGISTER');
  });

  it('reads the 79-page NIST SP 800-63B and the 2-column LaTeX paper', () => {
    const big = doc('pdf/nist-sp800-63b-digital-identity.pdf');
    expect(big.pageCount).toBe(79);
    expect(big.title).toBe('Digital Identity Guidelines: Authentication and Lifecycle Management');
    expect(big.text).toContain('memorized secret');
    const latex = doc('pdf/latex-two-column.pdf');
    expect(latex.pageCount).toBe(3);
    expect(latex.text).toContain('Two-Column Document with Lorem Ipsum');
    expect(latex.text).toContain('Lorem ipsum dolor sit amet');
  });

  it('returns the Arabic text of the WeasyPrint file and the Korean text of the NARS brief', () => {
    const arabic = doc('pdf/arabic-habibi.pdf');
    expect(arabic.pageCount).toBe(1);
    expect(arabic.text).toContain('habibi');
    // حبيبي: pdf.js returns it in visual order (see the report), but the Arabic letters are all there
    expect(arabic.text.match(/[\u0621-\u064a]/g)?.length ?? 0).toBeGreaterThanOrEqual(10);
    for (const letter of ['ح', 'ب', 'ي']) expect(arabic.text).toContain(letter);
    const korean = doc('pdf/korean-nars-issue-brief-4p.pdf');
    expect(korean.pageCount).toBe(4);
    expect(korean.title).toBe('코로나-19 관련 보험약관상 재해보험금 지급문제 및 개선과제');
    expect(korean.text).toContain('코로나바이러스감염');
    expect(korean.text.match(/[\uac00-\ud7a3]/g)?.length ?? 0).toBeGreaterThan(2000);
  });

  it('reads the malformed pdfplumber file (pdf.js repairs it): one page with its date line', () => {
    const d = doc('pdf/malformed-pdfplumber-issue-932.pdf');
    expect(d.pageCount).toBe(1);
    expect(d.text).toBe('2021 3 31');
  });

  it('fails with specific messages: encrypted, no text layer, truncated, empty', () => {
    expect(problems.get('pdf/encrypted-libreoffice-password.pdf')?.message).toBe(PDF_ENCRYPTED_MESSAGE);
    expect(problems.get('pdf/image-only-no-text.pdf')?.message).toBe(PDF_NO_TEXT_MESSAGE);
    expect(problems.get('pdf/nist-sp800-145-truncated-60pct.pdf')?.message).toMatch(/^This PDF is damaged or incomplete and cannot be read \(.+\)\.$/);
    expect(problems.get('pdf/empty-0-bytes.pdf')?.message).toMatch(/empty/);
  });

  it('rejects garbage named .pdf as corrupt', async () => {
    const problem = await problemOf(randomBytes(2000, 7), 'fake.pdf');
    expect(problem.code).toBe('corrupt');
    expect(problem.message).toMatch(/PDF/);
  });
});

describe('DOCX', () => {
  it('keeps headings with levels, paragraphs and table rows of the AutoGen excerpt', () => {
    const d = doc('docx/autogen-paper-excerpt.docx');
    expect(d.format).toBe('docx');
    expect(d.title).toBe('AutoGen: Enabling Next-Gen LLM Applications via Multi-Agent Conversation');
    const headings = d.blocks.filter((b) => b.kind === 'heading').map((b) => [d.text.slice(b.start, b.end), b.level]);
    expect(headings).toContainEqual(['Abstract', 1]);
    expect(headings).toContainEqual(['Introduction', 1]);
    expect(blockTexts(d, 'row')).toContain('1 | 2 | 3 | 4 | 5 | 6');
    expect(blockTexts(d, 'paragraph').some((t) => t.startsWith('AutoGen is an open-source framework'))).toBe(true);
  });

  it('keeps lists (bulleted and numbered) and merged-cell tables', () => {
    const lists = doc('docx/word-sample-lists-figure.docx');
    expect(blockTexts(lists, 'list')).toEqual(expect.arrayContaining(['- Paddle about', '1. Leaves', '2. Berries']));
    expect(lists.blocks.find((b) => lists.text.slice(b.start, b.end) === 'Let’s eat')).toMatchObject({ kind: 'heading', level: 2 });
    expect(blockTexts(lists, 'row')).toContain('Leaves | Ash, Elm, Maple | 50');
    const tables = doc('docx/word-tables-merged-cells.docx');
    expect(blockTexts(tables, 'heading')).toEqual(['Test with tables']);
    expect(blockTexts(tables, 'row')).toEqual(expect.arrayContaining(['Header 0.0 | Header 0.1 | Header 0.2', 'Cell 1.0 | Merged Cell 1.1 1.2', 'Cell 8.4']));
    // rows of one table are one line each, not separated by blank lines
    expect(tables.text).toContain('Header 0.0 | Header 0.1 | Header 0.2\nCell 1.0 | Cell 1.1 | Cell 1.2');
  });

  it('recognises an encrypted Word file (an OLE2 container) and a legacy .doc under a .docx name', async () => {
    const ole2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const encrypted = new Uint8Array([...ole2, ...randomBytes(600, 2), ...Buffer.from('EncryptedPackage', 'utf16le'), ...randomBytes(600, 4)]);
    expect((await problemOf(encrypted, 'secret.docx')).code).toBe('encrypted');
    expect((await problemOf(new Uint8Array([...ole2, ...randomBytes(1200, 6)]), 'old.docx')).code).toBe('unsupported-type');
    expect((await problemOf(new Uint8Array([...ole2, ...randomBytes(1200, 6)]), 'old.doc')).message).toMatch(/legacy Word/);
  });

  it('rejects random bytes named .docx as corrupt', async () => {
    const problem = await problemOf(randomBytes(4096, 11), 'report.docx');
    expect(problem.code).toBe('corrupt');
    expect(problem.message).toMatch(/Word document/);
  });
});

describe('HTML', () => {
  it('extracts the Wikipedia article without navigation, scripts or edit links', () => {
    const d = doc('html/wikipedia-duck.html');
    expect(d.format).toBe('html');
    expect(d.title).toBe('Duck');
    expect(d.text).toContain('Duck is the common name for numerous species of waterfowl');
    for (const chrome of ['Jump to content', 'Main menu', 'Create account', 'Personal tools', 'Privacy policy', 'RLCONF', '[edit]', 'Retrieved from']) {
      expect(d.text, chrome).not.toContain(chrome);
    }
    expect(blockTexts(d, 'heading')).toEqual(expect.arrayContaining(['Etymology', 'Taxonomy', 'Feeding']));
    expect(d.blocks.find((b) => d.text.slice(b.start, b.end) === 'Feeding')?.level).toBe(3);
    expect(blockTexts(d, 'row')).toContain('Kingdom: | Animalia');
  });

  it('honours a declared charset when the page is not UTF-8', async () => {
    const html = '<html><head><meta charset="windows-1252"><title>Caf\u00e9</title></head><body><p>Cr\u00e8me br\u00fbl\u00e9e \u2014 d\u00e9j\u00e0 vu.</p></body></html>';
    const bytes = new Uint8Array([...html].map((ch) => (ch === '\u2014' ? 0x97 : ch.charCodeAt(0))));
    const d = await parseDocument(bytes, 'menu.htm');
    expect(d.title).toBe('Café');
    expect(d.text).toBe('Crème brûlée — déjà vu.');
  });

  it('falls back to the body without page furniture when Readability finds no article', async () => {
    const html = '<html><head><title>Tiny</title><script>var secret = 1;</script></head><body><nav>Home | About</nav><h1>Hello</h1><p>Short page.</p><footer>© me</footer></body></html>';
    const d = await parseDocument(new TextEncoder().encode(html), 'tiny.html');
    expect(d.text).toContain('Short page.');
    expect(d.text).not.toContain('secret');
    expect(d.text).not.toContain('Home | About');
    expect(d.title).toBe('Tiny');
  });
});

describe('Markdown', () => {
  it('keeps the source as the text and finds headings with their levels at their offsets', () => {
    const d = doc('md/art-of-command-line-en.md');
    const source = new TextDecoder().decode(readFixture('md/art-of-command-line-en.md'));
    expect(d.text).toBe(source.replace(/\r\n?/g, '\n'));
    expect(d.title).toBe('The Art of Command Line');
    const headings = d.blocks.filter((b) => b.kind === 'heading');
    for (const h of headings) {
      const content = d.text.slice(h.start, h.end);
      expect(content).toMatch(new RegExp(`^#{${h.level}} `));
    }
    expect(headings.map((h) => [d.text.slice(h.start, h.end), h.level])).toEqual(
      expect.arrayContaining([
        ['# The Art of Command Line', 1],
        ['## Basics', 2],
        ['## Everyday use', 2],
      ]),
    );
    expect(d.blocks.some((b) => b.kind === 'code' && d.text.slice(b.start, b.end).startsWith('```'))).toBe(true);
    expect(blockTexts(d, 'list').some((t) => t.startsWith('- Learn basic Bash.'))).toBe(true);
  });

  it('reads Chinese Markdown', () => {
    const d = doc('md/art-of-command-line-zh.md');
    expect(d.title).toBe('命令行的艺术');
    expect(blockTexts(d, 'heading')).toEqual(expect.arrayContaining(['# 命令行的艺术', '## 基础']));
    expect(blockTexts(d, 'paragraph').some((t) => t.startsWith('熟练使用命令行是一种常常被忽视'))).toBe(true);
  });

  it('handles front matter, setext headings and tables', async () => {
    const md = '---\ntitle: "Notes"\n---\n\nIntro\n=====\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nEnd.\n';
    const d = await parseDocument(new TextEncoder().encode(md), 'notes.mdx');
    expect(d.title).toBe('Notes');
    expect(d.blocks.map((b) => [b.kind, d.text.slice(b.start, b.end)])).toEqual([
      ['code', '---\ntitle: "Notes"\n---'],
      ['heading', 'Intro\n====='],
      ['row', '| a | b |'],
      ['row', '| 1 | 2 |'],
      ['paragraph', 'End.'],
    ]);
  });

  it('rejects an empty or whitespace-only file as empty', async () => {
    expect((await problemOf(new Uint8Array(0), 'empty.md')).code).toBe('empty');
    expect((await problemOf(new TextEncoder().encode('  \n\n \t\n'), 'blank.md')).code).toBe('empty');
  });
});

describe('CSV', () => {
  it('decodes the Shift-JIS file and writes each row as header: value pairs', () => {
    const d = doc('csv/shift-jis-kanji.csv');
    expect(d.format).toBe('csv');
    expect(blockTexts(d, 'row')).toEqual(['名前: 佐藤太郎; 年齢: 30; 住所: 東京', '名前: 三木英子; 年齢: 25; 住所: 大阪', '名前: 髙橋淳; 年齢: 35; 住所: 名古屋']);
  });

  it('gives one self-contained row block per country', () => {
    const d = doc('csv/country-codes.csv');
    const rows = blockTexts(d, 'row');
    expect(rows).toHaveLength(249);
    expect(rows.every((r) => r.includes('official_name_en: '))).toBe(true);
    expect(rows.some((r) => r.includes('official_name_en: Afghanistan'))).toBe(true);
    expect(rows.some((r) => r.includes('UNTERM Chinese Short: 阿富汗'))).toBe(true);
  });

  it('reads TSV with tabs', async () => {
    const d = await parseDocument(new TextEncoder().encode('name\tcity\nAda\tLondon\n'), 'people.tsv');
    expect(d.text).toBe('name: Ada; city: London');
  });
});

describe('plain text, code and unknown types', () => {
  it('splits tinyshakespeare into paragraphs on blank lines', () => {
    const d = doc('txt/tinyshakespeare.txt');
    expect(d.format).toBe('text');
    expect(d.text.length).toBe(1115394);
    expect(d.text.slice(d.blocks[0]?.start, d.blocks[0]?.end)).toBe('First Citizen:\nBefore we proceed any further, hear me speak.');
  });

  it('reads source files as code and normalises line endings', async () => {
    const d = await parseDocument(new TextEncoder().encode('const a = 1;\r\n\r\nfunction f() {\r\n  return a;\r\n}\r\n'), 'main.ts');
    expect(d.format).toBe('code');
    expect(d.text).toBe('const a = 1;\n\nfunction f() {\n  return a;\n}\n');
    expect(d.blocks.map((b) => b.kind)).toEqual(['code', 'code']);
    expect((await parseDocument(new TextEncoder().encode('FROM node:20\n'), 'Dockerfile')).format).toBe('code');
  });

  it('rejects random bytes named .txt as binary', async () => {
    const problem = await problemOf(randomBytes(4096, 3), 'notes.txt');
    expect(problem.code).toBe('binary');
    expect(problem.message).toBe('binary file, not text');
    // no NUL byte, but mostly control characters once decoded
    expect((await problemOf(randomBytes(4096, 5, true), 'notes.txt')).code).toBe('binary');
  });

  it('rejects an unknown binary type as unsupported, naming the extension', async () => {
    const exe = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, ...randomBytes(2000, 9)]);
    const problem = await problemOf(exe, 'setup.exe');
    expect(problem.code).toBe('unsupported-type');
    expect(problem.message).toContain('.exe');
    const blob = await problemOf(randomBytes(3000, 13), 'data.qqq');
    expect(blob.code).toBe('unsupported-type');
    expect(blob.message).toContain('.qqq');
    expect((await problemOf(randomBytes(100, 1), 'sheet.xls')).message).toMatch(/Excel/);
  });

  it('reads an unknown extension as text when it decodes cleanly', async () => {
    const d = await parseDocument(new TextEncoder().encode('Just some notes.\n\nSecond paragraph.'), 'notes.weird');
    expect(d.format).toBe('text');
    expect(d.blocks).toHaveLength(2);
  });

  it('follows the content where the extension lies', async () => {
    const pdf = readFixture('pdf/nist-sp800-145-cloud-definition.pdf');
    expect((await parseDocument(pdf, 'actually-a-pdf.txt')).format).toBe('pdf');
    const docx = readFixture('docx/word-tables-merged-cells.docx');
    expect((await parseDocument(docx, 'tables.bin')).format).toBe('docx');
  });
});

describe('text decoding', () => {
  it('decodes windows-1252 (Latin-1) text', async () => {
    const latin1 = Buffer.from('Le café est très bon.\nDéjà vu, naïve façade — « voilà ».\n', 'latin1');
    const d = await parseDocument(new Uint8Array(latin1), 'french.txt');
    expect(d.text).toContain('café');
    expect(d.text).toContain('Déjà vu, naïve façade');
    expect(decodeText(new Uint8Array(Buffer.from('café\n', 'latin1'))).text).toBe('café\n');
  });

  it('strips a UTF-8 BOM and reads UTF-16 with a BOM', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x68, 0x69])).text).toBe('hi');
    const utf16 = new Uint8Array([0xff, 0xfe, ...Buffer.from('héllo\r\nwörld', 'utf16le')]);
    expect(decodeText(utf16)).toEqual({ text: 'héllo\nwörld', encoding: 'utf-16le' });
  });

  it('detects Shift-JIS and GBK', () => {
    expect(decodeText(readFixture('csv/shift-jis-kanji.csv')).encoding).toBe('shift_jis');
    const gbk = new Uint8Array([0xd6, 0xd0, 0xce, 0xc4, 0xb2, 0xe2, 0xca, 0xd4, 0xa3, 0xac, 0xc4, 0xe3, 0xba, 0xc3, 0xca, 0xc0, 0xbd, 0xe7, 0xa1, 0xa3]);
    expect(decodeText(gbk).text).toBe('中文测试，你好世界。');
  });
});
