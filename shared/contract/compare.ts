// Compare: one question, one retrieval, the identical prompt to 2-4 variants (model + prompt version), answers side
// by side with their metrics; winners and ratings persist and feed a leaderboard.
import { z } from 'zod';
import { AnswerMetricsSchema, PromptMessageSchema } from './chat';
import { defineMethod, defineStream } from './define';
import { AppErrorDataSchema } from './errors';
import { PassageSchema } from './library';
import { ModelKeySchema } from './models';
import { GroundingReportSchema } from './trust';

const Id = z.string().min(1).max(100);

export const VariantSchema = z.object({
  /** A model key `engine:name` (see [Note: model keys]); variants may mix engines. */
  model: ModelKeySchema,
  /** "id@version" of a prompt template. */
  promptTemplate: z.string().regex(/^[a-z0-9-]+@\d+$/),
});
export type Variant = z.infer<typeof VariantSchema>;

export const ColumnStatusSchema = z.enum(['waiting', 'running', 'complete', 'incomplete', 'error']);

export const ComparisonColumnSchema = z.object({
  variant: VariantSchema,
  status: ColumnStatusSchema,
  content: z.string(),
  metrics: AnswerMetricsSchema.nullable(),
  /** Cloud-equivalent cost of this answer's tokens at the reference price, USD. */
  costUsd: z.number().nullable(),
  error: AppErrorDataSchema.nullable(),
  /** 1..5 stars, or null. */
  rating: z.number().int().min(1).max(5).nullable(),
  prompt: z.array(PromptMessageSchema),
  /** Which sentences of this answer the passages support. */
  grounding: GroundingReportSchema.nullable().optional(),
});
export type ComparisonColumn = z.infer<typeof ComparisonColumnSchema>;

export const RunModeSchema = z.enum(['sequential', 'parallel']);
export type RunMode = z.infer<typeof RunModeSchema>;

export const ComparisonSchema = z.object({
  id: z.string(),
  createdAt: z.number(),
  question: z.string(),
  collectionId: z.string(),
  collectionName: z.string(),
  /** Which mode produced the timings: sequential is fair on one machine; parallel shares it. */
  mode: RunModeSchema,
  temperature: z.number(),
  passages: z.array(PassageSchema),
  /** Retrieved passages kept out of every prompt because they were flagged. */
  withheldPassages: z.array(PassageSchema).optional(),
  embedMs: z.number().nullable(),
  retrievalMs: z.number().nullable(),
  columns: z.array(ComparisonColumnSchema),
  /** Index of the winning column, or null. */
  winner: z.number().int().nonnegative().nullable(),
  /** The user voted a tie (winner is then null). Absent on comparisons stored before ties existed. */
  tie: z.boolean().optional(),
  /**
   * Blind (arena) mode: the columns were shuffled by the host and the UI hides which model wrote which until the
   * thread has a vote. Absent: not blind.
   */
  blind: z.boolean().optional(),
  /** The comparison this one follows up (same variants, same column order, each column continuing its own answer). */
  parentId: z.string().nullable().optional(),
  /** false while it runs or when it was stopped. */
  finished: z.boolean(),
});
export type Comparison = z.infer<typeof ComparisonSchema>;

export const ComparisonSummarySchema = z.object({
  id: z.string(),
  createdAt: z.number(),
  question: z.string(),
  collectionName: z.string(),
  mode: RunModeSchema,
  variants: z.array(VariantSchema),
  winner: z.number().int().nullable(),
  tie: z.boolean().optional(),
  blind: z.boolean().optional(),
  parentId: z.string().nullable().optional(),
});
export type ComparisonSummary = z.infer<typeof ComparisonSummarySchema>;

export const LeaderboardEntrySchema = z.object({
  variant: VariantSchema,
  /** Comparisons this variant ran in. */
  count: z.number().int(),
  /** Of those, the ones where a winner was chosen. */
  decided: z.number().int(),
  wins: z.number().int(),
  /** wins / decided; null before any decision. */
  winRate: z.number().nullable(),
  medianTtftMs: z.number().nullable(),
  medianTokensPerSecond: z.number().nullable(),
  meanRating: z.number().nullable(),
  /** Elo rating from every stored vote (pairwise; ties count as half; see [Note: Elo from votes]); null before any vote. */
  elo: z.number().nullable().optional(),
  /** Votes (a winner or a tie) on comparisons this variant ran in. */
  votes: z.number().int().optional(),
  /** Chat answers of this variant whose latest thumbs is up / down, and those regenerated (a weak negative). */
  chatUp: z.number().int().optional(),
  chatDown: z.number().int().optional(),
  chatRegenerated: z.number().int().optional(),
});
export type LeaderboardEntry = z.infer<typeof LeaderboardEntrySchema>;

/** A stream item: the comparison once retrieval is done, then per-column patches (deltas concatenate). */
export const ComparePatchSchema = z.object({
  comparison: ComparisonSchema.optional(),
  columns: z
    .array(
      z.object({
        index: z.number().int().nonnegative(),
        delta: z.string().optional(),
        status: ColumnStatusSchema.optional(),
        metrics: AnswerMetricsSchema.nullable().optional(),
        costUsd: z.number().nullable().optional(),
        error: AppErrorDataSchema.nullable().optional(),
        grounding: GroundingReportSchema.nullable().optional(),
      }),
    )
    .default([]),
});
export type ComparePatch = z.infer<typeof ComparePatchSchema>;

/** Two stream items as one (the host coalesces items with this): per column, deltas concatenate, the other fields replace. */
export const mergeComparePatch = (a: ComparePatch, b: ComparePatch): ComparePatch => {
  const byIndex = new Map(a.columns.map((c) => [c.index, { ...c }]));
  for (const c of b.columns) {
    const prev = byIndex.get(c.index);
    const delta = (prev?.delta ?? '') + (c.delta ?? '');
    byIndex.set(c.index, { ...prev, ...c, ...(delta ? { delta } : {}) });
  }
  return { ...(b.comparison ?? a.comparison ? { comparison: b.comparison ?? a.comparison } : {}), columns: [...byIndex.values()] };
};

/** A comparison after a stream item's column patches: deltas append, the other fields replace. Unchanged columns keep their object. */
export function applyColumnPatches(comparison: Comparison, patches: ComparePatch['columns']): Comparison {
  if (patches.length === 0) return comparison;
  const columns = [...comparison.columns];
  for (const p of patches) {
    const column = columns[p.index];
    if (!column) continue;
    const next: ComparisonColumn = { ...column };
    if (p.delta) next.content = column.content + p.delta;
    if (p.status !== undefined) next.status = p.status;
    if (p.metrics !== undefined) next.metrics = p.metrics;
    if (p.costUsd !== undefined) next.costUsd = p.costUsd;
    if (p.error !== undefined) next.error = p.error;
    if (p.grounding !== undefined) next.grounding = p.grounding;
    columns[p.index] = next;
  }
  return { ...comparison, columns };
}

/**
 * The comparison on screen after one compare.run stream item: the item's comparison (sent once retrieval is done)
 * replaces the current one, then its column patches apply. Null until a comparison has arrived.
 */
export function applyComparePatch(current: Comparison | null, patch: ComparePatch): Comparison | null {
  const base = patch.comparison ?? current;
  return base ? applyColumnPatches(base, patch.columns) : null;
}

export const compareContract = {
  methods: {
    /** Past comparisons, newest first. */
    'compare.list': defineMethod({ input: z.object({}).strict().default({}), output: z.object({ comparisons: z.array(ComparisonSummarySchema) }) }),
    'compare.get': defineMethod({ input: z.object({ id: Id }).strict(), output: ComparisonSchema }),
    /** Marks the winning column, or a tie (`'tie'`); null clears the vote. */
    'compare.setWinner': defineMethod({ input: z.object({ id: Id, column: z.union([z.number().int().nonnegative(), z.literal('tie')]).nullable() }).strict(), output: ComparisonSchema }),
    /** A comparison with the ones it follows up: root first, this one last. */
    'compare.thread': defineMethod({ input: z.object({ id: Id }).strict(), output: z.object({ comparisons: z.array(ComparisonSchema) }) }),
    /** Rates one column 1..5 (null clears it). */
    'compare.rate': defineMethod({ input: z.object({ id: Id, column: z.number().int().nonnegative(), rating: z.number().int().min(1).max(5).nullable() }).strict(), output: ComparisonSchema }),
    'compare.delete': defineMethod({ input: z.object({ id: Id }).strict(), output: z.object({ id: z.string() }) }),
    /** Per variant across all comparisons: Elo, wins, win rate, median time to first token and tokens per second; by Elo. */
    'compare.leaderboard': defineMethod({ input: z.object({}).strict().default({}), output: z.object({ entries: z.array(LeaderboardEntrySchema) }) }),
  },
  streams: {
    /**
     * Runs one question against 2-4 variants on the same passages and prompt. Sequential (default) runs one at a
     * time for fair timings; parallel runs all at once. A failing column does not stop the others. Cancellable.
     * With `followUpOf`, a follow-up question continues every column's conversation.
     */
    'compare.run': defineStream({
      input: z
        .object({
          collectionId: Id,
          question: z.string().trim().min(1, 'Type a question').max(20_000),
          variants: z.array(VariantSchema).min(2, 'Choose at least two').max(4, 'Choose at most four'),
          mode: RunModeSchema.default('sequential'),
          temperature: z.number().min(0).max(2).optional(),
          /** Arena mode: the host shuffles the columns; the UI hides the names until a vote. */
          blind: z.boolean().default(false),
          /**
           * A follow-up to this comparison: it runs the parent's variants in the parent's column order (the given
           * variants must be those), and each column's prompt carries its own earlier answers in this thread.
           */
          followUpOf: Id.optional(),
        })
        .strict(),
      item: ComparePatchSchema,
      result: ComparisonSchema,
      coalesce: { intervalMs: 16, merge: mergeComparePatch },
    }),
  },
  events: {},
} as const;
