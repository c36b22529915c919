// EPUB, PPTX and XLSX parsers against the real files in ../shared/fixtures/formats: golden structure, offsets, chunking.
import fs from 'node:fs';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHUNKING, chunkDocument } from '../chunkDocument';
import type { ExtractedDocument } from '../extractedDocument';
import { FORMATS_DIR, testTokenCounter } from '../ingestTestAssets';
import { parseDocument } from './parseDocument';
import { blockTexts, problemOf } from './testing/parsedDocuments';

const read = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(FORMATS_DIR, name)));
const headings = (d: ExtractedDocument): string[] => d.blocks.filter((b) => b.kind === 'heading').map((b) => `${b.level}:${d.text.slice(b.start, b.end)}`);

const docs = new Map<string, ExtractedDocument>();
beforeAll(async () => {
  for (const name of fs.readdirSync(FORMATS_DIR)) docs.set(name, await parseDocument(read(name), name));
}, 60_000);
const doc = (name: string): ExtractedDocument => docs.get(name)!;

describe('EPUB', () => {
  it('reads the small book: chapters from the table of contents as level-1 headings, in spine order, nav left out', () => {
    const d = doc('markitdown-test.epub');
    expect(d.format).toBe('epub');
    expect(d.title).toBe('Test EPUB Document');
    expect(headings(d)).toEqual(['1:Chapter 1', '2:Chapter 1: Test Content', '1:Chapter 2', '2:Chapter 2: More Content']);
    expect(blockTexts(d, 'list')).toEqual(['- A bullet point', '- Another point']);
    expect(d.text).toContain('This is a test paragraph with some formatting.');
    // the nav document is in the spine but is not content
    expect(d.text.match(/Test EPUB Document/g) ?? []).toHaveLength(0);
  });

  it('reads the Gutenberg book: ten chapters in order, each its own heading, the title page first', () => {
    const d = doc('alice-in-wonderland.epub');
    expect(d.title).toBe("Alice's Adventures in Wonderland");
    const chapters = d.blocks.filter((b) => b.kind === 'heading' && b.level === 1).map((b) => d.text.slice(b.start, b.end));
    expect(chapters).toEqual([
      'Title Page',
      'Down The Rabbit-Hole',
      'The Pool Of Tears',
      'A Caucus-Race And A Long Tale',
      'The Rabbit Sends In A Little Bill',
      'Advice From A Caterpillar',
      'Pig And Pepper',
      'A Mad Tea-Party',
      "The Queen's Croquet Ground",
      'Who Stole The Tarts?',
      "Alice's Evidence",
    ]);
    // the book's lines are wrapped in its XHTML; the wraps are kept as newlines
    const flat = d.text.replace(/\s+/g, ' ');
    const first = flat.indexOf('Alice was beginning to get very tired of sitting by her sister on the bank');
    expect(first).toBeGreaterThan(flat.indexOf('Down The Rabbit-Hole'));
    expect(first).toBeLessThan(flat.indexOf('The Pool Of Tears'));
    expect(d.text.length).toBeGreaterThan(40_000);
  });
});

describe('PPTX', () => {
  it('gives each slide a section headed by its number and title, in presentation order', () => {
    const d = doc('markitdown-test.pptx');
    expect(d.format).toBe('pptx');
    expect(headings(d)).toEqual([
      '1:Slide 1: AutoGen: Enabling Next-Gen LLM Applications via Multi-Agent Conversation',
      '1:Slide 2: 2cdda5c8-e50e-4db4-b5f0-9722a649f455',
      '1:Slide 3: A table to test parsing:',
      '1:Slide 4: A chart to test parsing:',
      '1:Slide 5: A Nested Shape parsing',
      '1:Slide 6: These Test Strings are in the Image!',
    ]);
    expect(d.text).toContain('AutoGen is an open-source framework that allows developers to build LLM applications');
    // shapes nested in groups are read too
    expect(blockTexts(d, 'paragraph')).toEqual(expect.arrayContaining(['This is a nested shape with content in 2 shapes', 'Sub comment 2']));
  });

  it('reads tables as rows, and charts as their title and series', () => {
    const d = doc('markitdown-test.pptx');
    expect(blockTexts(d, 'row')).toEqual([
      'ColA | ColB | ColC | ColD | ColE | ColF',
      '1 | 2 | 3 | 4 | 5 | 6',
      '7 | 8 | 9 | 1b92870d-e3b5-4e65-8153-919f4ff45592 | 11 | 12',
      '13 | 14 | 15 | 16 | 17 | 18',
      'Series 1: 2000: 2000; 2001: 2001; 2002: 2002; 2003: 2003',
    ]);
    expect(blockTexts(d, 'paragraph')).toContain('Chart: a3f6004b-6f4f-4ea8-bee3-3741f4dc385f');
    // table rows are one newline apart, so they chunk together
    const table = d.text.indexOf('ColA | ColB');
    expect(d.text.slice(table, table + 60)).toContain('ColF\n1 | 2');
  });

  it('adds the speaker notes under their slide', async () => {
    // the fixture has no notes: add a notes part to slide 3, as PowerPoint writes it
    const entries = unzipSync(read('markitdown-test.pptx'));
    const notes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:notes xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld><p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image"/><p:cNvSpPr/><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr></p:sp><p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes"/><p:cNvSpPr/><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:txBody><a:p><a:r><a:t>Mention the </a:t></a:r><a:r><a:t>twelfth cell.</a:t></a:r></a:p></p:txBody></p:sp><p:sp><p:nvSpPr><p:cNvPr id="4" name="Number"/><p:cNvSpPr/><p:nvPr><p:ph type="sldNum" idx="5"/></p:nvPr></p:nvSpPr><p:txBody><a:p><a:r><a:t>3</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>`;
    const rels = new TextDecoder().decode(entries['ppt/slides/_rels/slide3.xml.rels']).replace('</Relationships>', '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide" Target="../notesSlides/notesSlide1.xml"/></Relationships>');
    entries['ppt/slides/_rels/slide3.xml.rels'] = strToU8(rels);
    entries['ppt/notesSlides/notesSlide1.xml'] = strToU8(notes);
    const d = await parseDocument(zipSync(entries), 'with-notes.pptx');
    const h = headings(d);
    expect(h.slice(2, 5)).toEqual(['1:Slide 3: A table to test parsing:', '2:Speaker notes', '1:Slide 4: A chart to test parsing:']);
    expect(blockTexts(d, 'paragraph')).toContain('Mention the twelfth cell.');
  });
});

describe('XLSX', () => {
  it('puts each sheet under its name, every row as header: value pairs like CSV', () => {
    const d = doc('markitdown-test.xlsx');
    expect(d.format).toBe('xlsx');
    expect(headings(d)).toEqual(['1:Sheet1', '1:09060124-b5e7-4717-9d07-3c046eb']);
    const rows = blockTexts(d, 'row');
    expect(rows).toHaveLength(23 + 4);
    expect(rows[0]).toBe('Alpha: 89; Beta: 82; Gamma: 100; Delta: 12');
    expect(rows).toContain('Alpha: 58; Beta: 6ff4173b-42a5-4784-9b19-f49caff4d93d; Gamma: 22; Delta: 9');
    expect(rows.slice(-1)).toEqual(['ColA: 13; ColB: 14; ColC: 15; ColD: affc7dad-52dc-4b98-9b5d-51e65d8a8ad0']);
  });
});

describe('every format', () => {
  it('keeps blocks in order within the text and chunks so that text === extracted.slice(start, end)', async () => {
    const counter = await testTokenCounter();
    for (const [name, d] of docs) {
      let last = 0;
      for (const b of d.blocks) {
        expect(b.start, name).toBeGreaterThanOrEqual(last);
        expect(b.end).toBeLessThanOrEqual(d.text.length);
        expect(d.text.slice(b.start, b.end).trim()).toBe(d.text.slice(b.start, b.end));
        last = b.end;
      }
      const chunks = chunkDocument(d, counter, DEFAULT_CHUNKING);
      expect(chunks.length, name).toBeGreaterThan(0);
      for (const c of chunks) {
        expect(c.text).toBe(d.text.slice(c.start, c.end));
        expect(c.tokenCount).toBeLessThanOrEqual(DEFAULT_CHUNKING.maxTokens);
      }
    }
    const alice = chunkDocument(doc('alice-in-wonderland.epub'), counter, DEFAULT_CHUNKING);
    const tea = alice.find((c) => /the March Hare and the Hatter\s+were having tea/.test(c.text));
    expect(tea?.headingPath).toEqual(['A Mad Tea-Party']);
  });

  it('fails a damaged container alone, with the reason', async () => {
    const truncated = read('markitdown-test.pptx').slice(0, 5000);
    expect((await problemOf(truncated, 'cut.pptx')).code).toBe('corrupt');
    const notZip = new TextEncoder().encode('not a zip at all, just words');
    expect((await problemOf(notZip, 'fake.xlsx')).code).toMatch(/corrupt|binary|unsupported-type/);
    const epubWithoutPackage = zipSync({ mimetype: strToU8('application/epub+zip'), 'META-INF/container.xml': strToU8('<container><rootfiles><rootfile full-path="missing.opf"/></rootfiles></container>') });
    expect((await problemOf(epubWithoutPackage, 'broken.epub')).code).toBe('corrupt');
  });
});
