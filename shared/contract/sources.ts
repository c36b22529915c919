// Folder sources: imported folders that Loci keeps current (watched while it runs, rescanned at start), and the
// jobs the host starts by itself (resuming an interrupted import). Runs anywhere; both sides import it.
import { z } from 'zod';
import { defineEvent, defineMethod } from './define';
import { ImportOverallSchema, ImportSummarySchema, FileProgressSchema } from './library';

const Id = z.string().min(1).max(100);

/**
 * `watching`: in step with its folder, changes are picked up as they happen. `syncing`: importing or removing
 * `pending` files. `paused`: the user paused it (nothing is watched or rescanned). `missing`: the folder is gone or
 * unreadable (checked again at each rescan). `notAllowed`: this host may not read it (serve mode without an
 * `--allow-dir` that contains it).
 */
export const SourceStateSchema = z.enum(['watching', 'syncing', 'paused', 'missing', 'notAllowed']);
export type SourceState = z.infer<typeof SourceStateSchema>;

export const SourceInfoSchema = z.object({
  id: z.string(),
  collectionId: z.string(),
  /** The folder's name. */
  name: z.string(),
  /** The folder's path on the host, for display. */
  path: z.string(),
  state: SourceStateSchema,
  /** Files the running sync still has to handle (0 unless `syncing`). */
  pending: z.number().int().nonnegative(),
  /** When the last sync finished, epoch ms; null before the first. */
  lastSyncAt: z.number().nullable(),
  /** What the last sync did, for the panel ("3 added, 1 removed"). */
  lastSyncSummary: z.string().nullable(),
  /** What went wrong last, in the user's words; null when nothing did. */
  problem: z.string().nullable(),
  createdAt: z.number(),
});
export type SourceInfo = z.infer<typeof SourceInfoSchema>;

/** A job the host started by itself: resuming an import the app was stopped in. */
export const BackgroundJobSchema = z.object({
  jobId: z.string(),
  kind: z.literal('resume'),
  collectionId: z.string(),
  /** What the panel says, e.g. "Resuming 340 files". */
  label: z.string(),
  /** `cancelled`: the user cancelled it (sources.cancelJob); what had landed stays, the rest is not resumed again. */
  phase: z.enum(['running', 'finished', 'cancelled', 'failed']),
  /** Files whose state changed since the previous event (all of them in the first). */
  files: z.array(FileProgressSchema),
  overall: ImportOverallSchema.nullable(),
  summary: ImportSummarySchema.nullable(),
  /** Why it failed (phase `failed`). */
  error: z.string().nullable(),
});
export type BackgroundJob = z.infer<typeof BackgroundJobSchema>;

export const sourcesContract = {
  methods: {
    /** The folder sources of a collection (NOT_FOUND for an unknown collection). */
    'sources.list': defineMethod({ input: z.object({ collectionId: Id }).strict(), output: z.object({ sources: z.array(SourceInfoSchema) }) }),
    /**
     * Makes a granted folder a source of a collection and syncs it (INVALID_INPUT for a file's grant, FORBIDDEN for a
     * grant this session never issued). A folder imported with library.import becomes a source by itself.
     */
    'sources.add': defineMethod({ input: z.object({ collectionId: Id, grantId: Id }).strict(), output: SourceInfoSchema }),
    /** Stops watching (and rescanning) until resumed. */
    'sources.pause': defineMethod({ input: z.object({ id: Id }).strict(), output: SourceInfoSchema }),
    /** Watches again, after a rescan that catches what changed while paused. */
    'sources.resume': defineMethod({ input: z.object({ id: Id }).strict(), output: SourceInfoSchema }),
    /** Compares the folder with the index now (size and modified time first, nothing unchanged is re-read). */
    'sources.rescan': defineMethod({ input: z.object({ id: Id }).strict(), output: SourceInfoSchema }),
    /**
     * Cancels a job the host started by itself (a resume). Files already indexed stay; the rest of the interrupted
     * import is dropped (not resumed at the next start). Answers `cancelled: false` when the job is no longer running;
     * the job's last `library.backgroundJob` event follows with phase `cancelled`.
     */
    'sources.cancelJob': defineMethod({ input: z.object({ jobId: Id }).strict(), output: z.object({ cancelled: z.boolean() }) }),
    /** Forgets the source; with `removeDocuments`, its documents leave the library too (the files stay on disk). */
    'sources.remove': defineMethod({ input: z.object({ id: Id, removeDocuments: z.boolean().default(false) }).strict(), output: z.object({ id: z.string() }) }),
  },
  events: {
    /** A source's state changed (`source` null: it was removed). */
    'sources.changed': defineEvent({ payload: z.object({ id: z.string(), collectionId: z.string(), source: SourceInfoSchema.nullable() }) }),
    /** Progress of a job the host started by itself, at most ~4 per second, always with the last. */
    'library.backgroundJob': defineEvent({ payload: BackgroundJobSchema }),
  },
} as const;
