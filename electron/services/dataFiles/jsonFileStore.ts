// A folder of JSON documents, one file per id, validated on load and written atomically (temp file + rename):
// a crash never leaves a half-written file, and an unreadable file is set aside instead of stopping the app.
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';

export interface JsonFileStore<T> {
  all(): T[];
  get(id: string): T | undefined;
  put(id: string, value: T): void;
  delete(id: string): void;
}

export function openJsonFileStore<S extends z.ZodType>(dir: string, schema: S, idOf: (value: z.output<S>) => string): JsonFileStore<z.output<S>> {
  fs.mkdirSync(dir, { recursive: true });
  const cache = new Map<string, z.output<S>>();
  for (const name of fs.readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    const file = path.join(dir, name);
    try {
      const value = schema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
      cache.set(idOf(value), value);
    } catch {
      fs.renameSync(file, `${file}.unreadable-${Date.now()}`);
    }
  }
  const fileOf = (id: string): string => path.join(dir, `${encodeURIComponent(id)}.json`);
  return {
    all: () => [...cache.values()],
    get: (id) => cache.get(id),
    put(id, value) {
      const tmp = `${fileOf(id)}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(value));
      fs.renameSync(tmp, fileOf(id));
      cache.set(id, value);
    },
    delete(id) {
      cache.delete(id);
      fs.rmSync(fileOf(id), { force: true });
    },
  };
}
