// Answer quality over time: thumbs-down rate, grounded share, unsupported-sentence rate, "nothing relevant" rate and
// injection flags, by model or prompt version, per day or week. Runs anywhere.
import { z } from 'zod';
import { defineMethod } from './define';
import { MetricRangeSchema } from './metrics';

export const QualityGroupBySchema = z.enum(['model', 'prompt']);
export type QualityGroupBy = z.infer<typeof QualityGroupBySchema>;
export const QualityBucketSchema = z.enum(['day', 'week']);
export type QualityBucket = z.infer<typeof QualityBucketSchema>;

/** Quality figures over a set of chat answers. Rates are 0..1, null when there is nothing to divide by. */
export const QualityFiguresSchema = z.object({
  /** Chat answers recorded with quality fields (including "nothing relevant" ones). */
  answers: z.number().int(),
  /** Answers whose latest feedback is a thumbs up or down. */
  up: z.number().int(),
  down: z.number().int(),
  /** down / (up + down). */
  thumbsDownRate: z.number().nullable(),
  /** Answers regenerated (a weak negative), and their share of answers. */
  regenerated: z.number().int(),
  regenerateRate: z.number().nullable(),
  /** Mean grounded share over answers the grounding check looked at. */
  groundedShare: z.number().nullable(),
  /** Unsupported sentences over all checked sentences. */
  unsupportedRate: z.number().nullable(),
  /** Answers where retrieval found nothing relevant, over answers. */
  nothingRelevantRate: z.number().nullable(),
  /** Flagged-passage (injection) events; counted by model only (they carry no prompt version). */
  injectionFlags: z.number().int(),
});
export type QualityFigures = z.infer<typeof QualityFiguresSchema>;

export const QualityGroupSchema = z.object({
  /** The model name or "id@version"; null for answers that lack it. */
  key: z.string().nullable(),
  figures: QualityFiguresSchema,
  series: z.array(z.object({ start: z.number(), figures: QualityFiguresSchema })),
});
export type QualityGroup = z.infer<typeof QualityGroupSchema>;

export const QualityReportSchema = z.object({
  range: MetricRangeSchema,
  groupBy: QualityGroupBySchema,
  bucket: QualityBucketSchema,
  overall: QualityFiguresSchema,
  groups: z.array(QualityGroupSchema),
});
export type QualityReport = z.infer<typeof QualityReportSchema>;

export const qualityContract = {
  methods: {
    /** Answer quality for a range, grouped by model or prompt version, bucketed per day or week (UTC). */
    'metrics.quality': defineMethod({
      input: z.object({ range: MetricRangeSchema.default('week'), groupBy: QualityGroupBySchema.default('model'), bucket: QualityBucketSchema.default('day') }).strict(),
      output: QualityReportSchema,
    }),
  },
} as const;
