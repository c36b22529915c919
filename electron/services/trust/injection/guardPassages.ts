// The injection guard between retrieval and the prompt: every retrieved passage is scanned; a flagged one carries
// its flag into the sources and, with "flag and exclude", stays out of the prompt. Each flag is a security event in
// the log and in Metrics. Runs in main (the scan is regular expressions over a few passages: well under a ms).
import type { Passage } from '../../../../shared/contract/library';
import type { PassageGuard } from '../../../../shared/contract/trust';
import type { Logger } from '../../logging/logger';
import type { MetricsRecorder } from '../../metrics/metricsLog';
import { scanPassage } from './scanPassage';

export interface GuardedPassages {
  /** What goes into the prompt, in rank order; a flagged passage here has `flag.excluded: false`. */
  given: Passage[];
  /** Flagged and kept out of the prompt. */
  withheld: Passage[];
  /** Every flagged passage (given or withheld). */
  flagged: Passage[];
}

export function guardPassages(passages: readonly Passage[], guard: PassageGuard): GuardedPassages {
  const given: Passage[] = [];
  const withheld: Passage[] = [];
  const flagged: Passage[] = [];
  for (const p of passages) {
    // headings and the file name reach the prompt too
    const found = scanPassage([p.text, ...p.headingPath].join('\n'));
    if (!found) {
      given.push(p);
      continue;
    }
    const excluded = guard === 'flag-and-exclude';
    const marked: Passage = { ...p, flag: { kinds: found.kinds, reason: found.reason, excluded } };
    flagged.push(marked);
    (excluded ? withheld : given).push(marked);
  }
  return { given, withheld, flagged };
}

/** One security event per answer that met flagged passages: in the log (with the documents) and in Metrics. */
export function recordFlaggedPassages(flagged: readonly Passage[], context: { source: 'chat' | 'compare'; collectionId: string; model: string | null; metrics: MetricsRecorder; logger: Logger }): void {
  if (flagged.length === 0) return;
  const kinds = [...new Set(flagged.flatMap((p) => p.flag?.kinds ?? []))];
  context.logger.warn('passages flagged as prompt injection', {
    source: context.source,
    collectionId: context.collectionId,
    passages: flagged.map((p) => ({ documentId: p.documentId, document: p.documentName, chunkId: p.chunkId, kinds: p.flag?.kinds, reason: p.flag?.reason, excluded: p.flag?.excluded })),
  });
  context.metrics.record({
    kind: 'security',
    outcome: 'ok',
    model: context.model,
    collectionId: context.collectionId,
    errorType: `prompt-injection:${kinds.join(',')}`,
    errorMessage: flagged.map((p) => `${p.documentName}: ${p.flag?.reason ?? ''}${p.flag?.excluded ? ' (excluded)' : ''}`).join('; ').slice(0, 500),
    items: flagged.length,
  });
}
