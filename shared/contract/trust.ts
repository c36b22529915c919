// Answer trust: the grounding report stored with an answer (which sentences the cited passages support) and the
// flag a retrieved passage gets when it holds instruction-like text (prompt injection).
import { z } from 'zod';

/**
 * `supported`: the cited passage (or, uncited, some passage) supports it. `unsupported`: no cited passage does.
 * `uncited`: a factual sentence with no citation that some passage supports (it should have cited it).
 * `skipped`: not a factual claim (a refusal, a question, a heading, too short to check).
 */
export const SentenceVerdictSchema = z.enum(['supported', 'unsupported', 'uncited', 'skipped']);
export type SentenceVerdict = z.infer<typeof SentenceVerdictSchema>;

export const SentenceGroundingSchema = z.object({
  /** UTF-16 offsets into the answer text: the sentence without its trailing citation markers. */
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  /** Passage numbers the sentence cites ([2] → 2), in order. */
  cited: z.array(z.number().int().positive()),
  verdict: SentenceVerdictSchema,
  /** The passage numbers that support it (for `uncited`, the ones that would). */
  supportedBy: z.array(z.number().int().positive()),
  /** 0..1: how well the best passage supports it. */
  score: z.number().min(0).max(1),
  /** For the user, e.g. "not found in [2]" or "no citation; matches [3]"; null when supported. */
  reason: z.string().nullable(),
});
export type SentenceGrounding = z.infer<typeof SentenceGroundingSchema>;

export const GroundingReportSchema = z.object({
  sentences: z.array(SentenceGroundingSchema),
  /** Factual sentences (all but `skipped`). */
  checked: z.number().int().nonnegative(),
  /** Share of factual sentences some passage supports (`supported` + `uncited`); null when none was factual. */
  groundedShare: z.number().min(0).max(1).nullable(),
  /** Whether a model gave a second opinion on the sentences the local check doubted. */
  verifiedWithModel: z.boolean(),
  /** How long the check took, ms. */
  checkMs: z.number().nonnegative(),
});
export type GroundingReport = z.infer<typeof GroundingReportSchema>;

export const InjectionKindSchema = z.enum(['override', 'role-play', 'secret-request', 'login-link', 'hidden-text', 'forged-structure']);
export type InjectionKind = z.infer<typeof InjectionKindSchema>;

/** Set on a retrieved passage that holds instruction-like text. */
export const PassageFlagSchema = z.object({
  kinds: z.array(InjectionKindSchema).min(1),
  /** For the user, e.g. "asks to ignore previous instructions". */
  reason: z.string(),
  /** true: kept out of the prompt (setting "flag and exclude"); the answer never saw it. */
  excluded: z.boolean(),
});
export type PassageFlag = z.infer<typeof PassageFlagSchema>;

/** What to do with a flagged passage: show the flag only, or also keep it out of the prompt. */
export const PassageGuardSchema = z.enum(['flag', 'flag-and-exclude']);
export type PassageGuard = z.infer<typeof PassageGuardSchema>;
