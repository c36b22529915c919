// The desktop importer: drops become grants main issued (no path in the page's hands), picked files are uploaded.
import { describe, expect, it } from 'vitest';
import type { ImportSource, PathGrant } from '../../../shared/contract/library';
import { createDesktopImporter, type FileImporter } from './fileImport';

const file = (name: string): File => new File(['x'], name);

describe('desktop importer', () => {
  it('asks the bridge for grants on the dropped files and imports exactly those grants', async () => {
    const asked: object[][] = [];
    const uploads: FileImporter = { sourcesFromDrop: async () => [], sourcesFromFiles: async () => [] };
    const importer = createDesktopImporter(
      {
        grantDroppedFiles: async (files) => {
          asked.push([...files]);
          // main refused the second file (say, a dotfile): it gets no grant
          return [{ grantId: 'g1', name: 'a.pdf', kind: 'file' } satisfies PathGrant];
        },
      },
      uploads,
    );
    const a = file('a.pdf');
    const sources = await importer.sourcesFromDrop([{ file: a, entry: null }, { file: file('.secret'), entry: null }, { file: null, entry: null }], { maxBytes: 1e9 });
    expect(asked).toHaveLength(1);
    expect(asked[0]).toHaveLength(2);
    expect(sources).toEqual([{ kind: 'grant', grantId: 'g1' }]);
    expect(sources.some((s) => 'path' in s)).toBe(false);
  });

  it('says so when main granted none of the dropped files', async () => {
    const importer = createDesktopImporter({ grantDroppedFiles: async () => [] }, { sourcesFromDrop: async () => [], sourcesFromFiles: async () => [] });
    await expect(importer.sourcesFromDrop([{ file: file('id_rsa'), entry: null }], { maxBytes: 1e9 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('asks nothing for a drop without files', async () => {
    let asked = 0;
    const importer = createDesktopImporter({ grantDroppedFiles: async () => (asked++, []) }, { sourcesFromDrop: async () => [], sourcesFromFiles: async () => [] });
    expect(await importer.sourcesFromDrop([{ file: null, entry: null }], { maxBytes: 1e9 })).toEqual([]);
    expect(asked).toBe(0);
  });

  it('uploads files from a file input instead of reading their paths', async () => {
    const uploaded: string[] = [];
    const uploads: FileImporter = {
      sourcesFromDrop: async () => [],
      sourcesFromFiles: async (files) => files.map((f): ImportSource => (uploaded.push(f.name), { kind: 'upload', uploadId: `u-${f.name}` })),
    };
    const importer = createDesktopImporter({ grantDroppedFiles: async () => [] }, uploads);
    expect(await importer.sourcesFromFiles([file('b.md')], { maxBytes: 1e9 })).toEqual([{ kind: 'upload', uploadId: 'u-b.md' }]);
    expect(uploaded).toEqual(['b.md']);
  });
});
