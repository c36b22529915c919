// Which GGUF files the built-in engine knows: files added in Models (copied into the data directory), files the
// desktop dialog linked in place, and the models folder from Settings. Names are unique and safe as model names.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../../shared/contract/errors';
import { openJsonFileStore } from '../../dataFiles/jsonFileStore';

export interface BuiltinModelEntry {
  name: string;
  path: string;
  origin: 'added' | 'linked' | 'folder';
  addedAt: number;
}

const EntrySchema = z.object({ name: z.string().min(1).max(200), path: z.string().min(1), origin: z.enum(['added', 'linked']), addedAt: z.number() });

export interface BuiltinModelRegistry {
  /** Added and linked files, then the models folder's (a folder file whose name is taken gets a suffix). */
  list(): BuiltinModelEntry[];
  get(name: string): BuiltinModelEntry | null;
  /** Registers a GGUF file: `added` moves it into the data directory, `linked` uses it where it is. */
  add(filePath: string, origin: 'added' | 'linked', displayName?: string): BuiltinModelEntry;
  /** Forgets a model and deletes the copy Loci made; a folder file is removed in the folder, not here. */
  remove(name: string): void;
}

const GGUF_MAGIC = Buffer.from('GGUF', 'ascii');

/** The first four bytes say GGUF; anything else is refused before any parser sees it. */
export function assertGgufFile(filePath: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(filePath, 'r');
    const head = Buffer.alloc(4);
    const read = fs.readSync(fd, head, 0, 4, 0);
    if (read < 4 || !head.equals(GGUF_MAGIC)) throw new AppError('INVALID_INPUT', 'This is not a GGUF model file (llama.cpp models end in .gguf)');
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('FILE_UNREADABLE', 'Could not read that file');
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

/** "Llama 3.2 3B (Q4_K_M).gguf" → "Llama-3.2-3B-Q4_K_M": the file's name, safe as a model name. */
export function modelNameFor(fileName: string): string {
  const base = path.basename(fileName).replace(/\.gguf$/i, '');
  const safe = base
    .replace(/[^a-zA-Z0-9._-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-zA-Z0-9]+|-+$/g, '')
    .slice(0, 120);
  return safe || 'model';
}

export function openBuiltinModelRegistry(options: { dir: string; getFolder: () => string | null }): BuiltinModelRegistry {
  const filesDir = path.join(options.dir, 'files');
  const store = openJsonFileStore(path.join(options.dir, 'registry'), EntrySchema, (e) => e.name);

  const folderFiles = (): string[] => {
    const folder = options.getFolder();
    if (!folder) return [];
    try {
      return fs
        .readdirSync(folder)
        .filter((name) => /\.gguf$/i.test(name) && !name.startsWith('.'))
        .map((name) => path.join(folder, name))
        .filter((file) => fs.statSync(file, { throwIfNoEntry: false })?.isFile() === true) // symlinks followed
        .sort();
    } catch {
      return []; // a folder that is gone lists nothing; Settings says so
    }
  };

  const uniqueName = (wanted: string, taken: Set<string>): string => {
    let name = wanted;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${wanted}-${n}`;
    return name;
  };

  const list = (): BuiltinModelEntry[] => {
    const entries: BuiltinModelEntry[] = store.all().sort((a, b) => a.addedAt - b.addedAt);
    const taken = new Set(entries.map((e) => e.name.toLowerCase()));
    const registered = new Set(entries.map((e) => path.resolve(e.path)));
    for (const file of folderFiles()) {
      if (registered.has(path.resolve(file))) continue;
      const name = uniqueName(modelNameFor(file), taken);
      taken.add(name.toLowerCase());
      entries.push({ name, path: file, origin: 'folder', addedAt: 0 });
    }
    return entries;
  };

  return {
    list,
    get: (name) => list().find((e) => e.name === name) ?? null,
    add(filePath, origin, displayName) {
      assertGgufFile(filePath);
      const existing = list().find((e) => path.resolve(e.path) === path.resolve(filePath));
      if (existing) return existing;
      const name = uniqueName(modelNameFor(displayName ?? filePath), new Set(list().map((e) => e.name.toLowerCase())));
      let target = filePath;
      if (origin === 'added') {
        fs.mkdirSync(filesDir, { recursive: true });
        target = path.join(filesDir, `${name}.gguf`);
        try {
          fs.renameSync(filePath, target);
        } catch {
          fs.copyFileSync(filePath, target); // across file systems
          fs.rmSync(filePath, { force: true });
        }
      }
      const entry: BuiltinModelEntry = { name, path: target, origin, addedAt: Date.now() };
      store.put(name, { name, path: target, origin, addedAt: entry.addedAt });
      return entry;
    },
    remove(name) {
      const entry = list().find((e) => e.name === name);
      if (!entry) throw new AppError('MODEL_NOT_FOUND', `The built-in engine has no model named "${name}"`, { model: name });
      if (entry.origin === 'folder') throw new AppError('UNSUPPORTED', 'This model is a file in your models folder (Settings); remove it there');
      store.delete(name);
      if (entry.origin === 'added') fs.rmSync(entry.path, { force: true });
    },
  };
}
