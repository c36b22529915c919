// Turns what the user dropped or picked into import sources: grants in the desktop app (main checks a dropped file's
// path and hands back an opaque id: [Note: path grants]), uploads in the browser (the serve host cannot see the user's
// disk). Chosen once by connectApi.
import { AppError } from '../../../shared/contract/errors';
import type { ImportSource } from '../../../shared/contract/library';
import type { DesktopFileHelpers } from '../../../shared/rpc/bridge';
import { isHiddenOrIgnored } from '../../../shared/library/skipRules';

/** Captured synchronously in the drop handler: the DataTransfer is emptied once the event returns. */
export interface DroppedItem {
  file: File | null;
  entry: FileSystemEntry | null;
}

export interface UploadProgress {
  filesDone: number;
  filesTotal: number;
  bytesSent: number;
  bytesTotal: number;
}

export interface FileImporter {
  sourcesFromDrop(items: readonly DroppedItem[], options: ImportOptions): Promise<ImportSource[]>;
  /** From an <input type="file"> (with or without webkitdirectory). */
  sourcesFromFiles(files: readonly File[], options: ImportOptions): Promise<ImportSource[]>;
}

export interface ImportOptions {
  /** Larger files are announced but not sent; the import reports them as too large. */
  maxBytes: number;
  onProgress?: (progress: UploadProgress) => void;
}

/** The upload calls the browser importer needs from the contract. */
export interface UploadCalls {
  begin(name: string, size: number): Promise<string>;
  append(uploadId: string, base64: string): Promise<void>;
}

export function captureDrop(dataTransfer: DataTransfer): DroppedItem[] {
  const items: DroppedItem[] = [];
  if (dataTransfer.items.length > 0) {
    for (const item of Array.from(dataTransfer.items)) {
      if (item.kind !== 'file') continue;
      items.push({ file: item.getAsFile(), entry: typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null });
    }
  } else {
    for (const file of Array.from(dataTransfer.files)) items.push({ file, entry: null });
  }
  return items;
}

/**
 * The desktop: a drop becomes grants that main issues for the dropped files' paths (the page never sees or sends a
 * path); files from an <input type="file">, which the desktop only uses without a native dialog, are uploaded.
 */
export function createDesktopImporter(helpers: DesktopFileHelpers, uploads: FileImporter): FileImporter {
  return {
    sourcesFromDrop: async (items) => {
      const files = items.flatMap((i) => (i.file ? [i.file] : []));
      if (files.length === 0) return [];
      const grants = await helpers.grantDroppedFiles(files);
      if (grants.length === 0) {
        // main refused every path (the log says why); say what is never imported rather than do nothing
        throw new AppError('FORBIDDEN', "Loci cannot import what was dropped: hidden files and folders, and Loci's own data folder, are never imported from a drop. Use Add files instead.");
      }
      return grants.map((g) => ({ kind: 'grant' as const, grantId: g.grantId }));
    },
    sourcesFromFiles: (files, options) => uploads.sourcesFromFiles(files, options),
  };
}

const readEntries = (reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> =>
  new Promise((resolve, reject) => reader.readEntries(resolve, reject));
const entryFile = (entry: FileSystemFileEntry): Promise<File> => new Promise((resolve, reject) => entry.file(resolve, reject));

/** Walks a dropped folder like main walks one: hidden entries, .git and node_modules are skipped. */
async function filesOf(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) return [await entryFile(entry as FileSystemFileEntry)];
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const out: File[] = [];
  for (;;) {
    const batch = await readEntries(reader); // returns at most 100 entries per call
    if (batch.length === 0) break;
    for (const child of batch) if (!isHiddenOrIgnored(child.name)) out.push(...(await filesOf(child)));
  }
  return out;
}

const PIECE_BYTES = 3 * 1024 * 1024; // 4 MiB once base64-encoded

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function createUploadImporter(calls: UploadCalls): FileImporter {
  const upload = async (files: readonly File[], options: ImportOptions): Promise<ImportSource[]> => {
    const bytesTotal = files.reduce((sum, f) => sum + (f.size <= options.maxBytes ? f.size : 0), 0);
    const progress: UploadProgress = { filesDone: 0, filesTotal: files.length, bytesSent: 0, bytesTotal };
    options.onProgress?.({ ...progress });
    const sources: ImportSource[] = [];
    for (const file of files) {
      const name = file.webkitRelativePath || file.name;
      const uploadId = await calls.begin(name, file.size);
      if (file.size <= options.maxBytes) {
        for (let offset = 0; offset < file.size; offset += PIECE_BYTES) {
          const piece = new Uint8Array(await file.slice(offset, offset + PIECE_BYTES).arrayBuffer());
          await calls.append(uploadId, toBase64(piece));
          progress.bytesSent += piece.byteLength;
          options.onProgress?.({ ...progress });
        }
      }
      progress.filesDone++;
      options.onProgress?.({ ...progress });
      sources.push({ kind: 'upload', uploadId });
    }
    return sources;
  };
  return {
    async sourcesFromDrop(items, options) {
      const files: File[] = [];
      for (const item of items) {
        if (item.entry) files.push(...(await filesOf(item.entry)));
        else if (item.file) files.push(item.file);
      }
      return upload(files, options);
    },
    sourcesFromFiles: (files, options) => upload(files.filter((f) => !(f.webkitRelativePath || f.name).split('/').some(isHiddenOrIgnored)), options),
  };
}
