// PowerPoint (.pptx): a section per slide in presentation order, headed by its title (or "Slide n"), then its text
// frames, tables as rows, charts as their titles and series, and the speaker notes; plain Node (parse worker).
import { IngestProblem, type ExtractedDocument } from '../extractedDocument';
import { DocumentBuilder, cleanTitle, collapseWhitespace, stripControlChars } from './documentBuilder';
import { isRelType, relationshipsOf, type Relationship } from './office/relationships';
import { openZip, type ZipArchive } from './office/zipArchive';
import { attr, child, childrenNamed, descendants, parseXml, prefixedAttr, textOf, type XmlElement } from './office/xmlTree';

const PRESENTATION = 'ppt/presentation.xml';
const TITLE_TYPES = new Set(['title', 'ctrTitle']);
/** Placeholders that repeat on every slide and say nothing about it. */
const FURNITURE_TYPES = new Set(['sldNum', 'dt', 'ftr', 'hdr']);

export function isPptx(zip: ZipArchive): boolean {
  return zip.has(PRESENTATION);
}

export function parsePptx(bytes: Uint8Array): ExtractedDocument {
  const zip = openZip(bytes, 'presentation');
  const presentationXml = zip.text(PRESENTATION);
  if (presentationXml === null) throw new IngestProblem('corrupt', 'This is not a readable PowerPoint file: ppt/presentation.xml is missing.');
  const presentation = parseXml(presentationXml, PRESENTATION);
  const rels = relationshipsOf(zip, PRESENTATION);
  const list = child(presentation, 'sldIdLst');
  const slides = (list ? childrenNamed(list, 'sldId') : [])
    .map((s) => rels.get(prefixedAttr(s, 'id') ?? ''))
    .filter((r): r is Relationship => r !== undefined && isRelType(r, 'slide'));
  if (slides.length === 0) throw new IngestProblem('empty', 'This presentation has no slides.');

  const builder = new DocumentBuilder('pptx');
  slides.forEach((rel, i) => {
    const xml = zip.text(rel.target);
    if (xml !== null) appendSlide(builder, zip, rel.target, parseXml(xml, rel.target), i + 1);
  });
  if (builder.blockCount === 0) throw new IngestProblem('empty', 'This presentation contains no text.');
  return builder.build({ title: documentTitle(zip) });
}

function documentTitle(zip: ZipArchive): string | null {
  const core = zip.text('docProps/core.xml');
  if (core === null) return null;
  const title = descendants(parseXml(core, 'docProps/core.xml'), 'title')[0];
  return cleanTitle(title ? textOf(title) : null);
}

function appendSlide(builder: DocumentBuilder, zip: ZipArchive, part: string, slide: XmlElement, number: number): void {
  const tree = descendants(slide, 'spTree')[0];
  if (!tree) return;
  const rels = relationshipsOf(zip, part);
  const shapes = shapesInOrder(tree);
  const titleShape = shapes.find((s) => s.local === 'sp' && TITLE_TYPES.has(placeholderType(s) ?? ''));
  const title = titleShape ? collapseWhitespace(paragraphs(titleShape).join(' ')) : '';
  builder.add('heading', title === '' ? `Slide ${number}` : `Slide ${number}: ${title}`, { level: 1 });

  for (const shape of shapes) {
    if (shape === titleShape) continue;
    if (shape.local === 'sp') {
      if (FURNITURE_TYPES.has(placeholderType(shape) ?? '')) continue;
      for (const p of paragraphs(shape)) builder.add('paragraph', p);
    } else if (shape.local === 'graphicFrame') {
      const table = descendants(shape, 'tbl')[0];
      if (table) appendTable(builder, table);
      const chart = descendants(shape, 'chart')[0];
      const chartRel = chart ? rels.get(prefixedAttr(chart, 'id') ?? '') : undefined;
      if (chartRel) appendChart(builder, zip, chartRel.target);
    }
  }

  const notesRel = [...rels.values()].find((r) => isRelType(r, 'notesSlide'));
  const notesXml = notesRel ? zip.text(notesRel.target) : null;
  if (notesRel && notesXml !== null) {
    const notesTree = descendants(parseXml(notesXml, notesRel.target), 'spTree')[0];
    const body = notesTree ? shapesInOrder(notesTree).filter((s) => s.local === 'sp' && placeholderType(s) === 'body') : [];
    const text = body.flatMap(paragraphs);
    if (text.length > 0) {
      builder.add('heading', 'Speaker notes', { level: 2 });
      for (const p of text) builder.add('paragraph', p);
    }
  }
}

/** Shapes (`sp`, `graphicFrame`) in z-order, groups flattened. */
function shapesInOrder(tree: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of tree.children) {
    if (typeof c === 'string') continue;
    if (c.local === 'grpSp') out.push(...shapesInOrder(c));
    else if (c.local === 'sp' || c.local === 'graphicFrame') out.push(c);
    else if (c.local === 'AlternateContent') {
      const choice = child(c, 'Choice') ?? child(c, 'Fallback');
      if (choice) out.push(...shapesInOrder(choice));
    }
  }
  return out;
}

function placeholderType(shape: XmlElement): string | null {
  const ph = descendants(shape, 'ph')[0];
  if (!ph) return null;
  return attr(ph, 'type') ?? 'body';
}

/** The text of a shape's paragraphs (`a:p`), one string each, empty ones dropped. */
function paragraphs(shape: XmlElement): string[] {
  const body = child(shape, 'txBody');
  if (!body) return [];
  return childrenNamed(body, 'p')
    .map((p) => collapseWhitespace(stripControlChars(runText(p))))
    .filter((t) => t !== '');
}

function runText(p: XmlElement): string {
  const parts: string[] = [];
  const visit = (el: XmlElement): void => {
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      if (c.local === 't') parts.push(textOf(c));
      else if (c.local === 'br') parts.push(' ');
      else if (c.local === 'tab') parts.push(' ');
      else visit(c);
    }
  };
  visit(p);
  return parts.join('');
}

function appendTable(builder: DocumentBuilder, table: XmlElement): void {
  let first = true;
  for (const row of childrenNamed(table, 'tr')) {
    const cells = childrenNamed(row, 'tc').map((tc) => collapseWhitespace(childrenNamed(child(tc, 'txBody') ?? tc, 'p').map(runText).join(' ')));
    if (cells.every((c) => c === '')) continue;
    builder.add('row', cells.join(' | '), { tight: !first });
    first = false;
  }
}

/** A chart as text: its title, then one row per series, `name: category value; …`. */
function appendChart(builder: DocumentBuilder, zip: ZipArchive, part: string): void {
  const xml = zip.text(part);
  if (xml === null) return;
  const chartSpace = parseXml(xml, part);
  const chart = child(chartSpace, 'chart');
  if (!chart) return;
  const titleEl = child(chart, 'title');
  const title = titleEl ? collapseWhitespace(descendants(titleEl, 't').map(textOf).join(' ')) : '';
  builder.add('paragraph', title === '' ? 'Chart' : `Chart: ${title}`);
  let first = true;
  for (const series of descendants(chart, 'ser')) {
    const txEl = child(series, 'tx');
    const name = txEl ? collapseWhitespace(descendants(txEl, 'v').map(textOf).join(' ')) : '';
    const catEl = child(series, 'cat') ?? child(series, 'xVal');
    const valEl = child(series, 'val') ?? child(series, 'yVal');
    const categories = catEl ? points(catEl) : new Map<number, string>();
    const values = valEl ? points(valEl) : new Map<number, string>();
    const pairs = [...values.entries()].sort((a, b) => a[0] - b[0]).map(([idx, v]) => (categories.has(idx) ? `${categories.get(idx)}: ${v}` : v));
    builder.add('row', `${name || 'Series'}: ${pairs.join('; ')}`, { tight: !first });
    first = false;
  }
}

/** The cached points of a chart reference (`c:pt idx` → `c:v`). */
function points(el: XmlElement): Map<number, string> {
  const out = new Map<number, string>();
  for (const pt of descendants(el, 'pt')) {
    const v = child(pt, 'v');
    if (v) out.set(Number(attr(pt, 'idx') ?? out.size), collapseWhitespace(textOf(v)));
  }
  return out;
}
