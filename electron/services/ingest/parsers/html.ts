// HTML pages: the main content via Readability on a linkedom DOM, then blocks from its structure; plain Node.
import { Readability, isProbablyReaderable } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { ExtractedDocument } from '../extractedDocument';
import { DocumentBuilder, cleanTitle } from './documentBuilder';
import { BOILERPLATE_TAGS, CLUTTER_CLASSES, appendHtmlBlocks, type DomNode } from './htmlBlocks';

/** linkedom builds a usable document only from a full page; wrap fragments. */
export function parseHtmlDocument(html: string): Document {
  const isFullPage = /<html[\s>]/i.test(html.slice(0, 4096)) || /<body[\s>]/i.test(html.slice(0, 65536));
  const page = isFullPage ? html : `<!DOCTYPE html><html><head></head><body>${html}</body></html>`;
  return parseHTML(page).document;
}

/** The charset a page declares in its first bytes, used only when it is not valid UTF-8. */
export function declaredHtmlCharset(bytes: Uint8Array): string | null {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w:.-]+)/i.exec(head)?.[1] ?? null;
}

export function parseHtml(html: string): ExtractedDocument {
  const builder = new DocumentBuilder('html');
  const document = parseHtmlDocument(html);
  const pageTitle = cleanTitle(document.title);
  let article: ReturnType<Readability<Node>['parse']> = null;
  // on a short page Readability keeps everything (menus included); reading the body without furniture does better
  if (isProbablyReaderable(document)) {
    try {
      article = new Readability<Node>(document, { serializer: (node) => node, classesToPreserve: [...CLUTTER_CLASSES] }).parse();
    } catch {
      // Readability gives up on some odd pages; the fallback below still reads the body
    }
  }
  if (article?.content && (article.textContent ?? '').trim() !== '') {
    appendHtmlBlocks(article.content, builder);
  }
  if (builder.blockCount === 0) {
    // Readability found no article (a short or unusual page): take the body without the page furniture.
    const body = parseHtmlDocument(html).body as unknown as DomNode | null;
    if (body) appendHtmlBlocks(body, builder, { skip: BOILERPLATE_TAGS });
  }
  return builder.build({ title: cleanTitle(article?.title) ?? pageTitle });
}
