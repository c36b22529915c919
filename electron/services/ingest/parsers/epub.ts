// EPUB e-books: the package (OPF) gives the spine, the table of contents (nav or NCX) gives chapter titles, and each
// chapter's XHTML goes through the HTML block walker; chapters become level-1 headings, in spine order; plain Node.
import { IngestProblem, type ExtractedDocument, type TextBlock } from '../extractedDocument';
import { DocumentBuilder, cleanTitle, collapseWhitespace } from './documentBuilder';
import { parseHtmlDocument } from './html';
import { appendHtmlBlocks } from './htmlBlocks';
import { openZip, resolveEntry, type ZipArchive } from './office/zipArchive';
import { attr, child, childrenNamed, descendants, parseXml, textOf, type XmlElement } from './office/xmlTree';

interface ManifestItem {
  href: string;
  mediaType: string;
  properties: string;
}

const XHTML_TYPES = new Set(['application/xhtml+xml', 'text/html', 'application/xml', 'text/xml']);

export function parseEpub(bytes: Uint8Array): ExtractedDocument {
  const zip = openZip(bytes, 'e-book');
  const opfPath = packagePath(zip);
  const opfText = zip.text(opfPath);
  if (opfText === null) throw new IngestProblem('corrupt', 'This e-book is damaged: its package document is missing.');
  const opf = parseXml(opfText, opfPath);
  // font obfuscation also lives in encryption.xml; only refuse when a content document is listed as encrypted
  if (encryptedContent(zip)) throw new IngestProblem('encrypted', 'This e-book is protected by DRM; Loci cannot read it.');

  const manifest = new Map<string, ManifestItem>();
  const manifestEl = child(opf, 'manifest');
  for (const item of manifestEl ? childrenNamed(manifestEl, 'item') : []) {
    const id = attr(item, 'id');
    const href = attr(item, 'href');
    if (id && href) manifest.set(id, { href: resolveEntry(opfPath, href), mediaType: (attr(item, 'media-type') ?? '').toLowerCase(), properties: attr(item, 'properties') ?? '' });
  }
  const spineEl = child(opf, 'spine');
  const linear: ManifestItem[] = [];
  const auxiliary: ManifestItem[] = [];
  for (const ref of spineEl ? childrenNamed(spineEl, 'itemref') : []) {
    const item = manifest.get(attr(ref, 'idref') ?? '');
    if (!item || !XHTML_TYPES.has(item.mediaType) || /\bnav\b/.test(item.properties)) continue;
    (attr(ref, 'linear') === 'no' ? auxiliary : linear).push(item);
  }
  if (linear.length + auxiliary.length === 0) throw new IngestProblem('empty', 'This e-book has no chapters to read.');

  const titles = tocTitles(zip, [...manifest.values()], spineEl ? attr(spineEl, 'toc') : null, manifest);
  const builder = new DocumentBuilder('epub');
  const seen = new Set<string>();
  // auxiliary documents (linear="no": cover, notes) follow the reading order
  for (const item of [...linear, ...auxiliary]) {
    if (seen.has(item.href)) continue;
    seen.add(item.href);
    const html = zip.text(item.href);
    if (html === null) continue;
    appendChapter(builder, html, titles.get(item.href) ?? null);
  }
  if (builder.blockCount === 0) throw new IngestProblem('empty', 'This e-book contains no text.');
  const metadata = child(opf, 'metadata');
  const title = metadata ? child(metadata, 'title') : null;
  return builder.build({ title: cleanTitle(title ? textOf(title) : null) });
}

function packagePath(zip: ZipArchive): string {
  const container = zip.text('META-INF/container.xml');
  if (container !== null) {
    const rootfile = descendants(parseXml(container, 'META-INF/container.xml'), 'rootfile')[0];
    const fullPath = rootfile ? attr(rootfile, 'full-path') : null;
    if (fullPath) return resolveEntry('', fullPath);
  }
  const opf = zip.names.find((n) => n.toLowerCase().endsWith('.opf'));
  if (!opf) throw new IngestProblem('corrupt', 'This is not a readable e-book: it has no package document (META-INF/container.xml).');
  return opf;
}

function encryptedContent(zip: ZipArchive): boolean {
  const text = zip.text('META-INF/encryption.xml');
  if (text === null) return false;
  const refs = descendants(parseXml(text, 'META-INF/encryption.xml'), 'CipherReference').map((r) => attr(r, 'URI') ?? '');
  return refs.some((uri) => /\.(x?html?|xml)$/i.test(uri));
}

/** Chapter titles by content document, from the EPUB 3 nav document or else the EPUB 2 NCX; the first entry per file wins. */
function tocTitles(zip: ZipArchive, items: readonly ManifestItem[], ncxId: string | null, manifest: ReadonlyMap<string, ManifestItem>): Map<string, string> {
  const titles = new Map<string, string>();
  const put = (from: string, href: string | null, label: string): void => {
    const text = collapseWhitespace(label);
    if (!href || text === '') return;
    const target = resolveEntry(from, href);
    if (!titles.has(target)) titles.set(target, text);
  };
  const nav = items.find((i) => /\bnav\b/.test(i.properties));
  const navHtml = nav ? zip.text(nav.href) : null;
  if (nav && navHtml !== null) {
    const document = parseHtmlDocument(navHtml);
    const tocNav = [...document.querySelectorAll('nav')].find((n) => /\btoc\b/.test(n.getAttribute('epub:type') ?? n.getAttribute('role') ?? '')) ?? document.querySelector('nav');
    for (const a of tocNav ? [...tocNav.querySelectorAll('a')] : []) put(nav.href, a.getAttribute('href'), a.textContent ?? '');
  }
  if (titles.size > 0) return titles;
  const ncx = (ncxId ? manifest.get(ncxId) : undefined) ?? items.find((i) => i.mediaType === 'application/x-dtbncx+xml');
  const ncxText = ncx ? zip.text(ncx.href) : null;
  if (ncx && ncxText !== null) {
    for (const point of descendantsDeep(parseXml(ncxText, ncx.href), 'navPoint')) {
      const label = child(point, 'navLabel');
      const content = child(point, 'content');
      put(ncx.href, content ? attr(content, 'src') : null, label ? textOf(label) : '');
    }
  }
  return titles;
}

/** Like descendants, but also below matches (nested navPoints), in document order. */
function descendantsDeep(el: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (node: XmlElement): void => {
    for (const c of node.children) {
      if (typeof c === 'string') continue;
      if (c.local === local) out.push(c);
      visit(c);
    }
  };
  visit(el);
  return out;
}

/**
 * Appends one chapter: its table-of-contents title as a level-1 heading (unless the chapter opens with that same
 * heading, which then becomes level 1), and its own headings shifted below it.
 */
function appendChapter(builder: DocumentBuilder, html: string, tocTitle: string | null): void {
  const document = parseHtmlDocument(html);
  const chapter = new DocumentBuilder('epub');
  if (document.body) appendHtmlBlocks(document.body, chapter);
  const doc = chapter.build({ title: null });
  if (doc.blocks.length === 0) return;
  const headings = doc.blocks.filter((b) => b.kind === 'heading');
  const minLevel = Math.min(...headings.map((b) => b.level ?? 1));
  const first = doc.blocks[0]!;
  const opensWithTitle = tocTitle !== null && first.kind === 'heading' && sameText(doc.text.slice(first.start, first.end), tocTitle);
  const title = tocTitle ?? cleanTitle(document.title);
  let shift = headings.length > 0 ? 1 - minLevel : 0;
  if (!opensWithTitle && title !== null) {
    builder.add('heading', title, { level: 1 });
    shift += 1;
  }
  let previous: TextBlock | null = null;
  for (const block of doc.blocks) {
    const tight = previous !== null && doc.text.slice(previous.end, block.start) === '\n';
    const content = doc.text.slice(block.start, block.end);
    if (block.kind === 'heading') builder.add('heading', content, { level: Math.min(6, Math.max(1, (block.level ?? 1) + shift)), tight });
    else builder.add(block.kind, content, { tight });
    previous = block;
  }
}

const sameText = (a: string, b: string): boolean => collapseWhitespace(a).toLowerCase() === collapseWhitespace(b).toLowerCase();
