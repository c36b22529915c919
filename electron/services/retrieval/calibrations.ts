// Each collection's calibration (services process): kept in a JSON file beside the library, looked up by the
// retriever, and re-measured in the background after an import changed the collection or the embedder changed.
import fs from 'node:fs';
import { z } from 'zod';
import type { Logger } from '../logging/logger';
import { calibrateCollection, type CalibrationDeps, type CalibrationResult } from './calibration';
import type { Fusion } from './fuseRankings';

const Rates = z.object({ top1: z.number(), mrr10: z.number() });
const ResultSchema = z.object({
  collectionId: z.string(),
  embedderId: z.string(),
  chunkCount: z.number(),
  measuredAt: z.number(),
  queries: z.number(),
  fusion: z.object({ method: z.enum(['rrf', 'convex']), weight: z.number().min(0).max(1) }),
  keywords: Rates,
  meaning: Rates,
  hybrid: Rates,
});

export interface Calibrations {
  /** The fusion measured for this collection with the current embedder, or null. */
  fusionFor(collectionId: string): Fusion | null;
  get(collectionId: string): CalibrationResult | null;
  /** Measures now (waits for any run in progress first). */
  calibrate(collectionId: string, signal?: AbortSignal): Promise<CalibrationResult | null>;
  /** Measures in the background when the collection has none, or its size changed by a quarter since. */
  refreshSoon(collectionId: string): void;
  /** Resolves when background runs have finished. */
  idle(): Promise<void>;
  dispose(): Promise<void>;
}

export function createCalibrations(deps: CalibrationDeps & { file: string; embedderId: () => string; logger: Logger }): Calibrations {
  const log = deps.logger.child('calibration');
  const results = new Map<string, CalibrationResult>();
  try {
    const parsed = z.array(ResultSchema).safeParse(JSON.parse(fs.readFileSync(deps.file, 'utf8')));
    if (parsed.success) for (const r of parsed.data) results.set(r.collectionId, r);
  } catch {
    // no file yet, or an unreadable one: collections are measured again
  }
  const save = (): void => {
    fs.writeFileSync(`${deps.file}.tmp`, JSON.stringify([...results.values()], null, 2));
    fs.renameSync(`${deps.file}.tmp`, deps.file);
  };
  const current = (collectionId: string): CalibrationResult | null => {
    const r = results.get(collectionId);
    return r && r.embedderId === deps.embedderId() ? r : null;
  };
  const abort = new AbortController();
  let queue: Promise<unknown> = Promise.resolve();
  const checks = new Set<Promise<void>>();
  const run = (collectionId: string, signal?: AbortSignal): Promise<CalibrationResult | null> => {
    const next = queue.then(async () => {
      const started = performance.now();
      const result = await calibrateCollection(deps, collectionId, deps.embedderId(), { signal: signal ?? abort.signal });
      if (result) {
        results.set(collectionId, result);
        save();
        log.info('calibrated', { collectionId, queries: result.queries, fusion: result.fusion, ms: Math.round(performance.now() - started) });
      }
      return result;
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    fusionFor: (collectionId) => current(collectionId)?.fusion ?? null,
    get: current,
    calibrate: run,
    refreshSoon: (collectionId) => {
      const check = (async () => {
        const known = current(collectionId);
        const chunks = await deps.database.chunkCount(collectionId);
        if (known && Math.abs(chunks - known.chunkCount) < 0.25 * known.chunkCount) return;
        await run(collectionId);
      })().catch((error: unknown) => {
        if (!abort.signal.aborted) log.warn('calibration failed', { collectionId, error: (error as Error).message });
      });
      // idle() also waits for a check that has not queued its run yet
      checks.add(check);
      void check.finally(() => checks.delete(check));
    },
    idle: async () => {
      await Promise.all([...checks]);
      await queue;
    },
    dispose: async () => {
      abort.abort();
      await queue;
    },
  };
}
