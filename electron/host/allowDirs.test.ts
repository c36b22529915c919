// serve's --allow-dir flag: repeatable, resolved to absolute paths, absent means uploads only.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllowDirs } from './allowDirs';

describe('--allow-dir', () => {
  it('is off unless given, repeatable, and resolved', () => {
    expect(parseAllowDirs(['--port', '0'])).toEqual([]);
    expect(parseAllowDirs(['--allow-dir', '/srv/docs', '--port', '0', '--allow-dir=papers'])).toEqual(['/srv/docs', path.resolve('papers')]);
  });
  it('refuses an empty folder name', () => {
    expect(() => parseAllowDirs(['--allow-dir='])).toThrow(/needs a folder/);
  });
});
