// File names are hostile input: names that match Object's own members must not reach a parser lookup table.
import { describe, expect, it } from 'vitest';
import { fileNameInfo, parserForName, unsupportedReason } from './fileTypes';
import { parseDocument } from './parseDocument';

const text = new TextEncoder().encode('Meeting notes\n\nThe walrus committee meets on Tuesday.\n');
const INHERITED = ['constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf', 'isPrototypeOf', '__defineGetter__'];

describe('file names that are Object members', () => {
  it('are unknown to the lookup tables', () => {
    for (const member of INHERITED) {
      for (const name of [`notes.${member}`, member]) {
        const info = fileNameInfo(name);
        expect(parserForName(info), name).toBeNull();
        expect(unsupportedReason(info), name).toBeNull();
      }
    }
  });

  it('parse as text by content', async () => {
    for (const member of INHERITED) {
      for (const name of [`notes.${member}`, member]) {
        const doc = await parseDocument(text, name);
        expect(doc.format, name).toBe('text');
        expect(doc.text, name).toContain('walrus committee');
      }
    }
  });

  it('still finds real extensions and names', () => {
    expect(parserForName(fileNameInfo('a.md'))).toBe('markdown');
    expect(parserForName(fileNameInfo('Makefile'))).toBe('code');
    expect(parserForName(fileNameInfo('x.ts'))).toBe('code');
    expect(unsupportedReason(fileNameInfo('deck.key'))).toMatch(/Keynote/);
  });
});
