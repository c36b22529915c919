// A small element tree from XML text (package, slide, chart and sheet parts) with saxes, a strict streaming parser; plain Node.
import { SaxesParser } from 'saxes';
import { IngestProblem } from '../../extractedDocument';

export interface XmlElement {
  /** Qualified name as written (`p:sp`). */
  name: string;
  /** Name without its prefix (`sp`). */
  local: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
export type XmlNode = XmlElement | string;

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

/** Parses a whole XML part; a malformed one fails as `corrupt` with the part's name. */
export function parseXml(text: string, part: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false });
  const root: XmlElement = { name: '#document', local: '#document', attrs: {}, children: [] };
  const stack: XmlElement[] = [root];
  let failure: Error | null = null;
  parser.on('error', (error) => {
    failure ??= error;
  });
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const [key, value] of Object.entries(tag.attributes)) attrs[key] = String(value);
    const element: XmlElement = { name: tag.name, local: localName(tag.name), attrs, children: [] };
    stack[stack.length - 1]!.children.push(element);
    stack.push(element);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  const addText = (t: string): void => {
    stack[stack.length - 1]?.children.push(t);
  };
  parser.on('text', addText);
  parser.on('cdata', addText);
  try {
    parser.write(text).close();
  } catch (error) {
    failure ??= error as Error;
  }
  const top = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (failure || !top) throw new IngestProblem('corrupt', `A part of this file (${part}) is not well-formed XML${failure ? ` (${(failure).message.split('\n')[0]})` : ''}.`);
  return top;
}

export function attr(el: XmlElement, name: string): string | null {
  return el.attrs[name] ?? el.attrs[Object.keys(el.attrs).find((k) => localName(k) === name) ?? ''] ?? null;
}

/** Direct children with this local name. */
export function childrenNamed(el: XmlElement, local: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && c.local === local);
}

export function child(el: XmlElement, local: string): XmlElement | null {
  return childrenNamed(el, local)[0] ?? null;
}

/** Every descendant with this local name, in document order (not below a match). */
export function descendants(el: XmlElement, local: string): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (node: XmlElement): void => {
    for (const c of node.children) {
      if (typeof c === 'string') continue;
      if (c.local === local) out.push(c);
      else visit(c);
    }
  };
  visit(el);
  return out;
}

/** All text below an element, concatenated. */
export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** A namespaced attribute (`r:id`, `r:embed`) by its local name, whatever its prefix. */
export function prefixedAttr(el: XmlElement, local: string): string | null {
  const key = Object.keys(el.attrs).find((k) => k.includes(':') && localName(k) === local);
  return key === undefined ? null : (el.attrs[key] ?? null);
}
