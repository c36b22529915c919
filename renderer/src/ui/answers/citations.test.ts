import { describe, expect, it } from 'vitest';
import { citationNumber, linkCitations } from './citations';

describe('linkCitations', () => {
  it('links markers to their passages', () => {
    expect(linkCitations('Cloud is a model [1].', 2)).toBe('Cloud is a model [\\[1\\]](#cite-1).');
    expect(linkCitations('Both [1][2] and [1, 2].', 2)).toBe('Both [\\[1\\]](#cite-1)[\\[2\\]](#cite-2) and [\\[1\\]](#cite-1)[\\[2\\]](#cite-2).');
  });

  it('leaves numbers without a passage, links and reference definitions alone', () => {
    expect(linkCitations('See [3].', 2)).toBe('See [3].');
    expect(linkCitations('A [1](https://example.com) link', 2)).toBe('A [1](https://example.com) link');
    expect(linkCitations('[1]: https://example.com', 2)).toBe('[1]: https://example.com');
    expect(linkCitations('No passages [1].', 0)).toBe('No passages [1].');
  });

  it('does not touch code', () => {
    const fenced = 'Run:\n\n```sh\necho [1]\n```\n\nThen [1].';
    expect(linkCitations(fenced, 1)).toBe('Run:\n\n```sh\necho [1]\n```\n\nThen [\\[1\\]](#cite-1).');
    expect(linkCitations('Use `arr[1]` here [1]', 1)).toBe('Use `arr[1]` here [\\[1\\]](#cite-1)');
    // an unclosed fence while the answer streams
    expect(linkCitations('```\nx[1]', 1)).toBe('```\nx[1]');
  });

  it('reads the number back from the href', () => {
    expect(citationNumber('#cite-12')).toBe(12);
    expect(citationNumber('https://example.com')).toBeNull();
    expect(citationNumber(undefined)).toBeNull();
  });
});
