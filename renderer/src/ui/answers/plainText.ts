// An answer's Markdown as plain text (for "Copy as text"): the words and line structure without the markup, citations
// kept as [n]. Uses marked's lexer, which the exports already use. Renderer (and Node tests).
import { Lexer, type Token, type Tokens } from 'marked';

const decode = (text: string): string =>
  text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

function inline(tokens: readonly Token[] | undefined, fallback: string): string {
  if (!tokens) return decode(fallback);
  return tokens
    .map((t) => {
      switch (t.type) {
        case 'br':
          return '\n';
        case 'codespan':
          return decode((t as Tokens.Codespan).text);
        case 'image':
          return (t as Tokens.Image).text;
        case 'html':
          return '';
        case 'escape':
          return (t as Tokens.Escape).text;
        default:
          return 'tokens' in t && Array.isArray(t.tokens) ? inline(t.tokens, '') : decode('text' in t ? String(t.text) : t.raw);
      }
    })
    .join('');
}

function blocks(tokens: readonly Token[]): string[] {
  const out: string[] = [];
  for (const t of tokens) {
    switch (t.type) {
      case 'space':
      case 'hr':
      case 'html':
        break;
      case 'code':
        out.push((t as Tokens.Code).text);
        break;
      case 'list': {
        const list = t as Tokens.List;
        const start = typeof list.start === 'number' ? list.start : 1;
        out.push(
          list.items
            .map((item, i) => {
              const body = blocks(item.tokens).join('\n');
              return `${list.ordered ? `${start + i}.` : '-'} ${body.replace(/\n/g, '\n   ')}`;
            })
            .join('\n'),
        );
        break;
      }
      case 'blockquote':
        out.push(blocks((t as Tokens.Blockquote).tokens).join('\n\n'));
        break;
      case 'table': {
        const table = t as Tokens.Table;
        const row = (cells: Tokens.TableCell[]): string => cells.map((c) => inline(c.tokens, c.text)).join('\t');
        out.push([row(table.header), ...table.rows.map(row)].join('\n'));
        break;
      }
      default:
        out.push(inline('tokens' in t ? (t.tokens) : undefined, 'text' in t ? String(t.text) : t.raw));
    }
  }
  return out;
}

export function markdownToPlainText(markdown: string): string {
  return blocks(new Lexer({ gfm: true }).lex(markdown)).join('\n\n').trim();
}
