// Walks an HTML DOM (linkedom) into blocks: headings, paragraphs, list items, table rows, code; shared by HTML and DOCX; plain Node.
import { type DocumentBuilder, collapseWhitespace, stripControlChars } from './documentBuilder';

/** The slice of the DOM the walker needs; linkedom's nodes satisfy it. */
export interface DomNode {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  getAttribute?(name: string): string | null;
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

/** Never content. */
const ALWAYS_SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'img', 'picture', 'source', 'track', 'map', 'area', 'button', 'select', 'input', 'textarea', 'option', 'head', 'title', 'meta', 'link', 'base']);
/** Page furniture, skipped when there is no Readability result to rely on. */
export const BOILERPLATE_TAGS = ['nav', 'header', 'footer', 'aside', 'form', 'dialog', 'menu'];

const CONTAINERS = new Set(['html', 'body', 'main', 'article', 'section', 'div', 'blockquote', 'figure', 'details', 'dl', 'center', 'fieldset', 'address', 'hgroup', 'nav', 'header', 'footer', 'aside', 'form', 'dialog', 'menu', 'search']);
const PARAGRAPHS = new Set(['p', 'figcaption', 'caption', 'summary', 'dt', 'dd', 'legend']);
const LISTS = new Set(['ul', 'ol']);
/** Wikipedia-style clutter that survives Readability: edit links, reference markers, hidden print-only bits. */
export const CLUTTER_CLASSES: readonly string[] = ['mw-editsection', 'reference', 'noprint', 'mw-cite-backlink', 'navbox', 'sistersitebox', 'mw-jump-link'];
const CLUTTER = new Set(CLUTTER_CLASSES);

export interface WalkOptions {
  /** Extra tags to skip entirely (e.g. BOILERPLATE_TAGS). */
  skip?: readonly string[];
}

export function appendHtmlBlocks(root: DomNode, builder: DocumentBuilder, options: WalkOptions = {}): void {
  new HtmlWalker(builder, new Set([...ALWAYS_SKIPPED, ...(options.skip ?? [])])).run(root);
}

class HtmlWalker {
  private inline: string[] = [];
  /** Identifies the list or table the last block belonged to, so its items are separated by one newline. */
  private lastGroup: object | null = null;

  constructor(
    private readonly builder: DocumentBuilder,
    private readonly skip: ReadonlySet<string>,
  ) {}

  run(root: DomNode): void {
    this.walk(root);
    this.flush();
  }

  private walk(node: DomNode): void {
    const children = node.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!child) continue;
      if (child.nodeType === TEXT || child.nodeType === CDATA) {
        this.inline.push(child.textContent ?? '');
      } else if (child.nodeType === ELEMENT) {
        this.element(child);
      }
    }
  }

  private element(el: DomNode): void {
    const tag = el.nodeName.toLowerCase();
    if (this.isSkipped(el, tag)) return;
    if (tag === 'br') {
      this.inline.push('\n');
    } else if (/^h[1-6]$/.test(tag)) {
      this.flush();
      this.add('heading', collapseWhitespace(this.textOf(el)), null, Number(tag[1]));
    } else if (LISTS.has(tag)) {
      this.flush();
      this.list(el, tag === 'ol', 0);
    } else if (tag === 'li') {
      this.flush();
      this.listItem(el, '-', 0, el);
    } else if (tag === 'table') {
      this.flush();
      this.table(el);
    } else if (tag === 'pre') {
      this.flush();
      const code = stripControlChars(el.textContent ?? '').replace(/\s+$/, '').replace(/^\n+/, '');
      this.add('code', code, null);
    } else if (tag === 'hr') {
      this.flush();
    } else if (PARAGRAPHS.has(tag) || CONTAINERS.has(tag)) {
      this.flush();
      this.walk(el);
      this.flush();
    } else {
      // inline element (span, a, em, code, …) or unknown: its text joins the running paragraph; blocks inside still split
      this.walk(el);
    }
  }

  private isSkipped(el: DomNode, tag: string): boolean {
    if (this.skip.has(tag)) return true;
    const get = el.getAttribute?.bind(el);
    if (!get) return false;
    if (get('hidden') !== null || get('aria-hidden') === 'true') return true;
    const className = get('class');
    return className !== null && className.split(/\s+/).some((name) => CLUTTER.has(name));
  }

  private flush(): void {
    if (this.inline.length === 0) return;
    const text = collapseWhitespace(stripControlChars(this.inline.join('')), true);
    this.inline = [];
    this.add('paragraph', text, null);
  }

  private add(kind: 'heading' | 'paragraph' | 'code' | 'list' | 'row', text: string, group: object | null, level?: number): void {
    const tight = group !== null && group === this.lastGroup;
    const added = this.builder.add(kind, text, level === undefined ? { tight } : { tight, level });
    if (added) this.lastGroup = group;
  }

  private list(el: DomNode, ordered: boolean, depth: number): void {
    let n = 0;
    const children = el.childNodes;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (!child || child.nodeType !== ELEMENT) continue;
      const tag = child.nodeName.toLowerCase();
      if (this.isSkipped(child, tag)) continue;
      if (tag === 'li') {
        n++;
        this.listItem(child, ordered ? `${n}.` : '-', depth, el);
      } else if (LISTS.has(tag)) {
        this.list(child, tag === 'ol', depth + 1);
      }
    }
  }

  private listItem(li: DomNode, marker: string, depth: number, group: object): void {
    const nested: DomNode[] = [];
    const text = collapseWhitespace(this.textOf(li, nested));
    if (text !== '') this.add('list', `${'  '.repeat(depth)}${marker} ${text}`, group);
    for (const list of nested) this.list(list, list.nodeName.toLowerCase() === 'ol', depth + 1);
  }

  private table(table: DomNode): void {
    for (const row of this.rows(table)) {
      const cells: string[] = [];
      const children = row.childNodes;
      for (let i = 0; i < children.length; i++) {
        const cell = children[i];
        if (!cell || cell.nodeType !== ELEMENT) continue;
        const tag = cell.nodeName.toLowerCase();
        if ((tag !== 'td' && tag !== 'th') || this.isSkipped(cell, tag)) continue;
        const text = collapseWhitespace(this.textOf(cell));
        if (text !== '') cells.push(text);
      }
      if (cells.length > 0) this.add('row', cells.join(' | '), table);
    }
  }

  /** The rows of this table (through thead/tbody/tfoot), not those of tables nested in its cells. */
  private rows(table: DomNode): DomNode[] {
    const rows: DomNode[] = [];
    const visit = (node: DomNode): void => {
      const children = node.childNodes;
      for (let i = 0; i < children.length; i++) {
        const child = children[i];
        if (!child || child.nodeType !== ELEMENT) continue;
        const tag = child.nodeName.toLowerCase();
        if (tag === 'tr') rows.push(child);
        else if (tag === 'thead' || tag === 'tbody' || tag === 'tfoot') visit(child);
        else if (tag === 'caption') {
          this.add('paragraph', collapseWhitespace(this.textOf(child)), null);
        }
      }
    };
    visit(table);
    return rows;
  }

  /** Visible text below a node; nested lists are collected into `nestedLists` instead when given. */
  private textOf(node: DomNode, nestedLists?: DomNode[]): string {
    const parts: string[] = [];
    const visit = (current: DomNode): void => {
      const children = current.childNodes;
      for (let i = 0; i < children.length; i++) {
        const child = children[i];
        if (!child) continue;
        if (child.nodeType === TEXT || child.nodeType === CDATA) {
          parts.push(child.textContent ?? '');
          continue;
        }
        if (child.nodeType !== ELEMENT) continue;
        const tag = child.nodeName.toLowerCase();
        if (this.isSkipped(child, tag)) continue;
        if (nestedLists && LISTS.has(tag)) {
          nestedLists.push(child);
          continue;
        }
        if (tag === 'br') {
          parts.push(' ');
          continue;
        }
        const isBlock = PARAGRAPHS.has(tag) || CONTAINERS.has(tag) || tag === 'li' || tag === 'tr' || /^h[1-6]$/.test(tag);
        if (isBlock) parts.push(' ');
        visit(child);
        if (isBlock || tag === 'td' || tag === 'th') parts.push(' ');
      }
    };
    visit(node);
    return stripControlChars(parts.join(''));
  }
}
