// Durable metric events: an append-only JSON-lines file in the data directory. A torn last line (crash mid-write)
// is skipped on load; retention rewrites the file atomically.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { MetricEventSchema, type MetricEvent } from '../../../shared/contract/metrics';

/** What a service records: the kind and outcome, plus whichever measurements apply (the rest are null). */
export type NewMetricEvent = Pick<MetricEvent, 'kind' | 'outcome'> & Partial<Omit<MetricEvent, 'id' | 'kind' | 'outcome'>>;

/** What services need to record a measurement. */
export interface MetricsRecorder {
  record(event: NewMetricEvent): unknown;
}

export interface MetricsLog {
  append(event: NewMetricEvent): MetricEvent;
  /** All retained events, oldest first. */
  all(): readonly MetricEvent[];
  /** Drops events older than the cutoff (epoch ms) and rewrites the file. */
  prune(olderThan: number): number;
  clear(): number;
  /** Resolves when every append so far is on disk. */
  flush(): Promise<void>;
}

const blank: Omit<MetricEvent, 'id' | 'time' | 'kind' | 'outcome'> = {
  model: null,
  collectionId: null,
  errorType: null,
  errorMessage: null,
  latencyMs: null,
  ttftMs: null,
  tokensPerSecond: null,
  promptTokens: null,
  completionTokens: null,
  retrievalMs: null,
  embeddingMs: null,
  loadMs: null,
  overheadMs: null,
  cacheHit: null,
  items: null,
};

export function openMetricsLog(dir: string): MetricsLog {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'events.jsonl');
  const events: MetricEvent[] = [];
  if (fs.existsSync(file)) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        const parsed = MetricEventSchema.safeParse(JSON.parse(line));
        if (parsed.success) events.push(parsed.data);
      } catch {
        // a line torn by a crash mid-append; the rest of the log is intact
      }
    }
  }
  let writing: Promise<void> = Promise.resolve();
  // queued behind pending appends, so an append is never written twice or lost by a rewrite
  const rewrite = (): void => {
    const content = events.map((e) => JSON.stringify(e)).join('\n') + (events.length ? '\n' : '');
    writing = writing
      .then(async () => {
        const tmp = `${file}.tmp`;
        await fs.promises.writeFile(tmp, content);
        await fs.promises.rename(tmp, file);
      })
      .catch(() => undefined);
  };
  return {
    append(input) {
      const event = MetricEventSchema.parse({ ...blank, ...input, id: crypto.randomUUID(), time: input.time ?? Date.now() });
      events.push(event);
      const line = `${JSON.stringify(event)}\n`;
      writing = writing.then(() => fs.promises.appendFile(file, line)).catch(() => undefined);
      return event;
    },
    all: () => events,
    prune(olderThan) {
      const keep = events.filter((e) => e.time >= olderThan);
      const removed = events.length - keep.length;
      if (removed > 0) {
        events.splice(0, events.length, ...keep);
        rewrite();
      }
      return removed;
    },
    clear() {
      const removed = events.length;
      events.splice(0);
      rewrite();
      return removed;
    },
    flush: () => writing,
  };
}
