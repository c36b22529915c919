// Reading one JSON file from disk through its schema, never by a cast: what is there, that nothing is, or why what
// is there cannot be used (not JSON, or not the shape). Plain Node; the caller decides what a bad file means.
import fs from 'node:fs';
import type { z } from 'zod';

export type JsonFileRead<T> = { state: 'ok'; value: T } | { state: 'missing' } | { state: 'invalid'; reason: string };

export function readJsonFile<S extends z.ZodType>(file: string, schema: S): JsonFileRead<z.output<S>> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'invalid', reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { state: 'invalid', reason: 'is not valid JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return { state: 'invalid', reason: `does not have the expected shape (${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ')})` };
  return { state: 'ok', value: parsed.data };
}
