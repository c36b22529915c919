// Open Packaging Convention relationships (`_rels/*.rels`): which part an r:id points to; plain Node (parse worker).
import { resolveEntry, type ZipArchive } from './zipArchive';
import { attr, childrenNamed, parseXml } from './xmlTree';

export interface Relationship {
  id: string;
  type: string;
  /** Entry name inside the archive (external targets are left out). */
  target: string;
}

/** The relationships of one part, by id; empty when the part has none. */
export function relationshipsOf(zip: ZipArchive, part: string): Map<string, Relationship> {
  const slash = part.lastIndexOf('/');
  const relsName = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const text = zip.text(relsName);
  const out = new Map<string, Relationship>();
  if (text === null) return out;
  for (const rel of childrenNamed(parseXml(text, relsName), 'Relationship')) {
    const id = attr(rel, 'Id');
    const target = attr(rel, 'Target');
    if (!id || !target || attr(rel, 'TargetMode') === 'External') continue;
    out.set(id, { id, type: attr(rel, 'Type') ?? '', target: resolveEntry(part, target) });
  }
  return out;
}

/** Whether a relationship type URI ends with this name (`…/relationships/slide`). */
export const isRelType = (rel: Relationship, name: string): boolean => rel.type.endsWith(`/${name}`);
