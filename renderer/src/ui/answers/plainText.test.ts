// "Copy as text": Markdown answers become plain text that keeps the structure and the citations.
import { describe, expect, it } from 'vitest';
import { markdownToPlainText } from './plainText';

describe('markdownToPlainText', () => {
  it('drops emphasis, headings and links but keeps words, citations and paragraphs', () => {
    expect(markdownToPlainText('## Cloud\n\nIt has **five** _essential_ [characteristics](https://x.org) [1].\n\nAnd `more` [2].')).toBe(
      'Cloud\n\nIt has five essential characteristics [1].\n\nAnd more [2].',
    );
  });

  it('keeps lists numbered, code as it is, and tables as tab-separated rows', () => {
    const md = '1. one\n2. **two**\n\n- a\n- b\n\n```sh\nls -la | grep x\n```\n\n| k | v |\n|---|---|\n| a & b | 1 |';
    expect(markdownToPlainText(md)).toBe('1. one\n2. two\n\n- a\n- b\n\nls -la | grep x\n\nk\tv\na & b\t1');
  });

  it('decodes entities marked escapes and keeps escaped characters', () => {
    expect(markdownToPlainText('Use a < b and \\*stars\\* & "quotes"')).toBe('Use a < b and *stars* & "quotes"');
  });
});
