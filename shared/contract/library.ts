// The library: collections, documents, import jobs (streamed progress), search, and the embedder's state.
import { z } from 'zod';
import { defineEvent, defineMethod, defineStream } from './define';
import { PassageFlagSchema } from './trust';

const Id = z.string().min(1).max(100);
const CollectionName = z.string().trim().min(1, 'Enter a name').max(120);

/** The collection every library has, which cannot be deleted; the renderer falls back to it. */
export const DEFAULT_COLLECTION_ID = 'default';

export const CollectionSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Epoch ms. */
  createdAt: z.number(),
  documentCount: z.number().int().nonnegative(),
  chunkCount: z.number().int().nonnegative(),
});
export type Collection = z.infer<typeof CollectionSchema>;

export const DocumentFormatSchema = z.enum(['pdf', 'docx', 'markdown', 'text', 'html', 'csv', 'code', 'epub', 'pptx', 'xlsx', 'image']);
export type DocumentFormat = z.infer<typeof DocumentFormatSchema>;

/** `stale`: indexed with another embedder, needs a re-index. `interrupted`: the app stopped mid-import. */
export const DocumentStatusSchema = z.enum(['indexing', 'ready', 'failed', 'interrupted', 'stale']);
export type DocumentStatus = z.infer<typeof DocumentStatusSchema>;

export const DocumentInfoSchema = z.object({
  id: z.string(),
  collectionId: z.string(),
  name: z.string(),
  /** Absolute path of the source file; for browser uploads, the uploaded file's name. */
  path: z.string(),
  source: z.enum(['path', 'upload']),
  format: DocumentFormatSchema,
  title: z.string().nullable(),
  sizeBytes: z.number().nonnegative(),
  /** Source file's modification time, epoch ms. */
  modifiedAt: z.number(),
  pageCount: z.number().int().nonnegative().nullable(),
  /** Pages (1-based) whose text was recognised by OCR, not read from a text layer (an image is page 1); absent or empty: none. */
  ocrPages: z.array(z.number().int().positive()).optional(),
  chunkCount: z.number().int().nonnegative(),
  status: DocumentStatusSchema,
  error: z.string().nullable(),
  /** Embedder id the chunks were made with. */
  embedder: z.string(),
  addedAt: z.number(),
  updatedAt: z.number(),
  /** What the user should know about a ready document, e.g. passages found by keywords only. */
  note: z.string().nullable(),
});
export type DocumentInfo = z.infer<typeof DocumentInfoSchema>;

/** The documents table's columns a window can be sorted by. */
export const DocumentSortKeySchema = z.enum(['name', 'type', 'pages', 'chunks', 'size', 'status', 'added']);
export type DocumentSortKey = z.infer<typeof DocumentSortKeySchema>;
export const DocumentSortSchema = z.object({ key: DocumentSortKeySchema, direction: z.enum(['asc', 'desc']) }).strict();
export type DocumentSort = z.infer<typeof DocumentSortSchema>;

/** A window of a collection's documents: sorted (ties by name, then id), filtered by name or path, then sliced. */
export const DocumentWindowSchema = z
  .object({
    offset: z.number().int().nonnegative(),
    /** Rows, at most 1,000 (a table shows a screenful and asks for more as it scrolls). */
    limit: z.number().int().min(1).max(1000),
    sort: DocumentSortSchema,
    /** Case-insensitive text the name or path contains; empty for every row. */
    filter: z.string().max(500).default(''),
  })
  .strict();
export type DocumentWindow = z.infer<typeof DocumentWindowSchema>;

export const SearchModeSchema = z.enum(['hybrid', 'vector', 'fts']);
export type SearchMode = z.infer<typeof SearchModeSchema>;

/** Why a search by meaning ran as full text: the query had no usable vector, or the index is another embedder's. */
export const SearchFallbackSchema = z.enum(['query-vector-unusable', 'embedder-changed']);
export type SearchFallback = z.infer<typeof SearchFallbackSchema>;

export const PassageSchema = z.object({
  chunkId: z.string(),
  documentId: z.string(),
  documentName: z.string(),
  ordinal: z.number().int().nonnegative(),
  text: z.string(),
  page: z.number().int().positive().nullable(),
  headingPath: z.array(z.string()),
  /** UTF-16 offsets into the document's extracted text. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** The fused score that ranked it (higher is better). */
  score: z.number(),
  /** Cosine similarity, when the vector search found it. */
  vectorScore: z.number().nullable(),
  /** BM25 score, when the full-text search found it. */
  textScore: z.number().nullable(),
  /** Set when the passage holds instruction-like text (prompt injection); see trust.ts. */
  flag: PassageFlagSchema.optional(),
});
export type Passage = z.infer<typeof PassageSchema>;

/** The embedding model's own state, as the embedding service holds it (the library adds the index's side). */
export const EmbedderRuntimeStatusSchema = z.object({
  state: z.enum(['idle', 'loading', 'downloading', 'ready', 'unavailable', 'error']),
  modelId: z.string(),
  dtype: z.string(),
  /** Where the model was found, when it was. */
  location: z.string().nullable(),
  dimension: z.number().int().positive().nullable(),
  /** The longest input the model reads, in tokens; chunks never exceed it. */
  maxTokens: z.number().int().positive().nullable(),
  /** 0..100 while downloading. */
  progress: z.number().min(0).max(100).nullable(),
  /** What went wrong and how to fix it. */
  message: z.string().nullable(),
});
export type EmbedderRuntimeStatus = z.infer<typeof EmbedderRuntimeStatusSchema>;

export const EmbedderStatusSchema = EmbedderRuntimeStatusSchema.extend({
  /** The embedder the index was built with, and whether it differs from the configured one. */
  indexEmbedder: z.string().nullable(),
  indexDimension: z.number().int().positive().nullable(),
  needsReindex: z.boolean(),
});
export type EmbedderStatus = z.infer<typeof EmbedderStatusSchema>;

/**
 * [Note: path grants] The renderer never hands main a path to read: a compromised page (or anyone holding the serve
 * token) could otherwise import ~/.ssh/id_rsa and read it back through library.documentText. Main registers the
 * paths it got itself (a native dialog, a checked drop, a folder the serve host was started with) and hands the
 * renderer an opaque grant id, unguessable and valid for this session only. The CLI, which is the user, calls the
 * services with paths directly and never goes through this contract.
 */
export const PathGrantSchema = z.object({
  /** Opaque; only meaningful to the host that issued it, during this session. */
  grantId: z.string(),
  /** The file or folder's name, for display. */
  name: z.string(),
  kind: z.enum(['file', 'folder']),
});
export type PathGrant = z.infer<typeof PathGrantSchema>;

/** What a native picker chooses: files, or one folder. */
export const PickKindSchema = z.enum(['files', 'folder']);
export type PickKind = z.infer<typeof PickKindSchema>;

export const ImportSourceSchema = z.discriminatedUnion('kind', [
  /** A file or folder main granted (desktop dialog or drop; serve mode's --allow-dir folders). Folders are walked. */
  z.object({ kind: z.literal('grant'), grantId: Id }),
  /** A file the browser uploaded with uploads.* (serve mode). */
  z.object({ kind: z.literal('upload'), uploadId: Id }),
]);
export type ImportSource = z.infer<typeof ImportSourceSchema>;

export const FileStateSchema = z.enum(['queued', 'parsing', 'embedding', 'done', 'unchanged', 'skipped', 'failed', 'cancelled']);
export type FileState = z.infer<typeof FileStateSchema>;

export const FileProgressSchema = z.object({
  /** Stable within one job. */
  fileId: z.string(),
  name: z.string(),
  path: z.string(),
  state: FileStateSchema,
  /** Why it was skipped or failed; for a done file, what to know about it (its document's note), else null. */
  reason: z.string().nullable(),
  chunks: z.number().int().nonnegative().nullable(),
  pages: z.number().int().nonnegative().nullable(),
  /** Pages parsed so far while a slow parse (OCR) runs; null or absent otherwise. */
  pagesDone: z.number().int().nonnegative().nullable().optional(),
  /** Whether text recognition (OCR) is reading this file's pages. */
  ocr: z.boolean().optional(),
  documentId: z.string().nullable(),
});
export type FileProgress = z.infer<typeof FileProgressSchema>;

export const ImportOverallSchema = z.object({
  filesTotal: z.number().int().nonnegative(),
  /** Files finished in any way (done, unchanged, skipped, failed). */
  filesDone: z.number().int().nonnegative(),
  filesFailed: z.number().int().nonnegative(),
  filesSkipped: z.number().int().nonnegative(),
  chunks: z.number().int().nonnegative(),
  chunksPerSecond: z.number().nonnegative(),
  /** Estimated seconds left, null until there is enough to estimate. */
  etaSeconds: z.number().nonnegative().nullable(),
  elapsedMs: z.number().nonnegative(),
});
export type ImportOverall = z.infer<typeof ImportOverallSchema>;

/** Files whose state changed since the previous item, and the overall figures. */
export const ImportProgressSchema = z.object({ files: z.array(FileProgressSchema), overall: ImportOverallSchema });
export type ImportProgress = z.infer<typeof ImportProgressSchema>;

export const ImportSummarySchema = z.object({
  overall: ImportOverallSchema,
  files: z.array(FileProgressSchema),
  cancelled: z.boolean(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

/** Two progress items as one (the host coalesces items with this): the newer state of each file, the newer overall figures. */
export const mergeImportProgress = (a: ImportProgress, b: ImportProgress): ImportProgress => {
  const byId = new Map(a.files.map((f) => [f.fileId, f]));
  for (const f of b.files) byId.set(f.fileId, f);
  return { files: [...byId.values()], overall: b.overall };
};

/** What a running import shows: every file by fileId in first-seen order, and the overall figures (null until the first item). */
export interface ImportProgressState {
  readonly files: ReadonlyMap<string, FileProgress>;
  readonly overall: ImportOverall | null;
}

/**
 * An import after one stream item (what the renderer's job store does): each file's newer state replaces the older
 * in place, new files append, the overall figures replace. Unchanged files keep their object, so a memoised row
 * skips them. Applying mergeImportProgress(a, b) equals applying a then b.
 */
export function applyImportProgress<S extends ImportProgressState>(current: S, progress: ImportProgress): S {
  const files = new Map(current.files);
  for (const file of progress.files) files.set(file.fileId, file);
  return { ...current, files, overall: progress.overall };
}

const CalibrationRatesSchema = z.object({ top1: z.number().min(0).max(1), mrr10: z.number().min(0).max(1) });

/** What calibration measured on a collection (retrieval/calibration): per mode, and the fusion hybrid search uses. */
export const CalibrationSchema = z.object({
  collectionId: Id,
  embedderId: z.string(),
  chunkCount: z.number().int().min(0),
  measuredAt: z.number(),
  /** Pseudo-queries built from the collection's own passages. */
  queries: z.number().int().min(0),
  fusion: z.object({ method: z.enum(['rrf', 'convex']), weight: z.number().min(0).max(1) }),
  keywords: CalibrationRatesSchema,
  meaning: CalibrationRatesSchema,
  hybrid: CalibrationRatesSchema,
});
export type Calibration = z.infer<typeof CalibrationSchema>;

export const libraryContract = {
  methods: {
    /** All collections with their counts. */
    'library.collections': defineMethod({ input: z.object({}).strict().default({}), output: z.object({ collections: z.array(CollectionSchema) }) }),
    'library.createCollection': defineMethod({ input: z.object({ name: CollectionName }).strict(), output: CollectionSchema }),
    'library.renameCollection': defineMethod({ input: z.object({ id: Id, name: CollectionName }).strict(), output: CollectionSchema }),
    /** Deletes a collection with its documents and chunks. The default collection cannot be deleted (CONFLICT). */
    'library.deleteCollection': defineMethod({ input: z.object({ id: Id }).strict(), output: z.object({ id: z.string() }) }),
    /** What calibration last measured on a collection with the current embedder; null when it has not been measured. */
    'library.calibration': defineMethod({ input: z.object({ collectionId: Id }).strict(), output: z.object({ calibration: CalibrationSchema.nullable() }) }),
    /** Measures a collection again now (seconds on a large one); null when it has too little text to measure. */
    'library.calibrate': defineMethod({ input: z.object({ collectionId: Id }).strict(), output: z.object({ calibration: CalibrationSchema.nullable() }) }),
    /**
     * A collection's documents. With `window`: that slice of the sorted, filtered rows, and `total`, how many rows
     * match the filter (what a long table asks for: 10,000 rows at once block the host for a tenth of a second).
     * Without: every document, newest first, and `total` their number.
     */
    'library.documents': defineMethod({
      input: z.object({ collectionId: Id, window: DocumentWindowSchema.optional() }).strict(),
      output: z.object({ documents: z.array(DocumentInfoSchema), total: z.number().int().nonnegative() }),
    }),
    /** The ids of every document of a collection whose name or path contains the filter, in the sort's order ("select all shown" of a windowed table). */
    'library.documentIds': defineMethod({
      input: z.object({ collectionId: Id, filter: z.string().max(500).default(''), sort: DocumentSortSchema.default({ key: 'added', direction: 'desc' }) }).strict(),
      output: z.object({ ids: z.array(z.string()) }),
    }),
    /** Removes documents and their chunks. */
    'library.removeDocuments': defineMethod({ input: z.object({ ids: z.array(Id).min(1).max(10_000) }).strict(), output: z.object({ removed: z.number().int() }) }),
    /** Shows a document's source file in the file manager (desktop only: UNSUPPORTED elsewhere). */
    'library.reveal': defineMethod({ input: z.object({ documentId: Id }).strict(), output: z.object({ ok: z.literal(true) }) }),
    /** Opens a document's source file in its default app (desktop only: UNSUPPORTED elsewhere). */
    'library.open': defineMethod({ input: z.object({ documentId: Id }).strict(), output: z.object({ ok: z.literal(true) }) }),
    /** Opens a native file or folder picker (desktop only: UNSUPPORTED elsewhere); returns grants for what was chosen, empty when cancelled. */
    'library.pickSources': defineMethod({ input: z.object({ kind: PickKindSchema }).strict(), output: z.object({ grants: z.array(PathGrantSchema) }) }),
    /**
     * Grants a file or folder inside one of the folders the serve host was started with (`--allow-dir`). Refused
     * (FORBIDDEN) when there are none, when the path resolves outside them (`..`, a symlink pointing out) or does not exist.
     */
    'library.grantAllowedPath': defineMethod({ input: z.object({ path: z.string().min(1).max(4096) }).strict(), output: PathGrantSchema }),
    /** Top passages for a query, with scores; the same retrieval chat uses. */
    'library.search': defineMethod({
      input: z
        .object({
          collectionId: Id,
          // any text is a valid query; retrieval searches the head of a very long one
          query: z.string().trim().min(1, 'Enter a query').max(20_000),
          k: z.number().int().min(1).max(100).default(10),
          mode: SearchModeSchema.default('hybrid'),
        })
        .strict(),
      output: z.object({ passages: z.array(PassageSchema), embedMs: z.number(), searchMs: z.number(), mode: SearchModeSchema, fallback: SearchFallbackSchema.nullable().optional() }),
    }),
    /** An indexed document's extracted text (for showing a cited passage in context); NOT_FOUND for an id not in the library. */
    'library.documentText': defineMethod({
      input: z.object({ documentId: Id }).strict(),
      output: z.object({ document: DocumentInfoSchema, text: z.string() }),
    }),
    /** The embedding model's state, and whether the index needs a re-index. `refresh: true` tries to load the model again (after fixing its folder or connecting); progress arrives as events. */
    'library.embedderStatus': defineMethod({
      input: z.object({ refresh: z.boolean().default(false) }).strict().default({ refresh: false }),
      output: EmbedderStatusSchema,
    }),
    /** Starts an upload (serve mode: the browser sends dropped files' bytes). `size` in bytes. */
    'uploads.begin': defineMethod({
      input: z.object({ name: z.string().min(1).max(1024), size: z.number().int().nonnegative() }).strict(),
      output: z.object({ uploadId: z.string() }),
    }),
    /** Appends base64 data (at most 4 MiB decoded per call) to an upload. */
    'uploads.append': defineMethod({
      input: z.object({ uploadId: Id, data: z.string().max(6_000_000) }).strict(),
      output: z.object({ received: z.number().int() }),
    }),
  },
  streams: {
    /**
     * Imports files and folders into a collection, or re-indexes documents. Cancellable: finished files stay
     * indexed, the file in progress leaves nothing behind. Items arrive at most ~8 per second.
     */
    'library.import': defineStream({
      input: z
        .object({
          collectionId: Id,
          sources: z.array(ImportSourceSchema).max(100_000).default([]),
          /** Documents to re-index (re-read from their source when it still exists, else from the stored text). */
          reindexDocumentIds: z.array(Id).max(100_000).default([]),
          /** Re-index every document of every collection (after changing the embedder). */
          reindexAll: z.boolean().default(false),
        })
        .strict()
        .refine((v) => v.reindexAll || v.sources.length + v.reindexDocumentIds.length > 0, 'Nothing to import'),
      item: ImportProgressSchema,
      result: ImportSummarySchema,
      coalesce: { intervalMs: 125, merge: mergeImportProgress },
    }),
  },
  events: {
    /** Documents or collections changed (import, removal, rename). */
    'library.changed': defineEvent({ payload: z.object({ collectionId: z.string().nullable() }) }),
    'library.embedderStatusChanged': defineEvent({ payload: EmbedderStatusSchema }),
  },
} as const;
