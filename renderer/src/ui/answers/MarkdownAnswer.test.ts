import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { MarkdownAnswer } from './MarkdownAnswer';

const render = (text: string, passageCount = 2): string => renderToStaticMarkup(createElement(MarkdownAnswer, { text, passageCount }));

describe('MarkdownAnswer', () => {
  it('renders GFM: lists, code blocks and tables, with alignment as a class (no inline style)', () => {
    const html = render('Steps:\n\n- one\n- two\n\n```sh\necho [1]\n```\n\n| a | b |\n|:-:|--:|\n| 1 | 2 |');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<code class="language-sh">echo [1]\n</code>');
    expect(html).toContain('<th class="markdown__align-center">a</th>');
    expect(html).toContain('<td class="markdown__align-right">2</td>');
    expect(html).not.toContain('style=');
  });

  it('turns citations into buttons and leaves unknown numbers as text', () => {
    const html = render('Cloud [1][2], not [9].');
    expect(html.match(/data-testid="citation"/g)).toHaveLength(2);
    expect(html).toContain('data-n="2"');
    expect(html).toContain('not [9].');
  });

  it('never renders raw HTML, fetches no images, and sends links to the browser without a referrer', () => {
    const html = render('<img src=x onerror=alert(1)> <b>bold</b>\n\n![logo](https://example.com/x.png) [site](https://example.com) [local](file:///etc/passwd) [js](javascript:alert(1))');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;b&gt;');
    expect(html).toContain('[image: logo]');
    expect(html).toContain('<a href="https://example.com" target="_blank" rel="noreferrer noopener">site</a>');
    expect(html).toContain('<span class="markdown__link">local</span>');
    expect(html).toContain('<span class="markdown__link">js</span>');
  });
});
