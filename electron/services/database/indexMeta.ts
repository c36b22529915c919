// index-meta.json beside the library database (plain Node): which embedder the chunks were built with, read through
// its schema and written atomically (temp file, then rename).
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../dataFiles/readJsonFile';
import type { Logger } from '../logging/logger';
import type { RecordedVectorIndex } from './maintenance';

const IndexMetaSchema = z.object({
  embedderId: z.string().min(1),
  dimension: z.number().int().positive(),
  /** Weights variant (q8, fp32, …): another dtype gives other vectors, so it is part of the embedder. Absent in indexes written before it was recorded. */
  dtype: z.string().optional(),
  schemaVersion: z.number().int().nonnegative(),
  /** Rows the vector index was built over (its partitions' size); absent: no index yet, or one built before it was recorded. */
  vectorIndexRows: z.number().int().nonnegative().optional(),
  /** The recipe (VECTOR_INDEX_RECIPE) that built the vector index; absent: built before it was recorded. */
  vectorIndexRecipe: z.number().int().nonnegative().optional(),
});
export type IndexMeta = z.infer<typeof IndexMetaSchema>;

/** Whether an index built as `meta` needs a re-index for this embedder (an unrecorded dtype is adopted, not a change). */
export function embedderDiffers(meta: IndexMeta, embedderId: string, dimension: number | null, dtype: string | null): boolean {
  if (meta.embedderId !== embedderId) return true;
  if (dimension !== null && meta.dimension !== dimension) return true;
  return meta.dtype !== undefined && dtype !== null && meta.dtype !== dtype;
}

const metaPath = (dir: string): string => path.join(dir, 'index-meta.json');

/** None yet: no embedder chosen. One that cannot be read is treated the same (as before), and said in the log. */
export function readIndexMeta(dir: string, log: Logger): IndexMeta | null {
  const read = readJsonFile(metaPath(dir), IndexMetaSchema);
  if (read.state === 'invalid') log.warn(`index-meta.json ${read.reason}; the library is opened as if no embedder had been chosen`);
  return read.state === 'ok' ? read.value : null;
}

export function writeIndexMeta(dir: string, meta: IndexMeta): void {
  const tmp = `${metaPath(dir)}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(meta, null, 2));
  fs.renameSync(tmp, metaPath(dir));
}

/** What the meta says of the vector index, as maintenance plans with it. */
export function recordedVectorIndex(meta: IndexMeta | null): RecordedVectorIndex {
  return { rows: meta?.vectorIndexRows ?? null, recipe: meta?.vectorIndexRecipe ?? null };
}
