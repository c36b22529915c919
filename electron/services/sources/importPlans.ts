// Import plans on disk (<data dir>/import-plans/<id>.json): what an import is about to read, written before its
// work starts and deleted when it ends; one left behind at start-up is an import a quit or crash interrupted.
// Plain Node, main thread.
// [Note: import resume] The plan lists every file of the import (queued ones included). At the next start the
// files whose documents are ready and whose size and modified time are unchanged are dropped from it (they finished:
// no re-read, no re-embedding); the rest are imported again as one job the UI shows as "Resuming N files".
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logging/logger';
import type { ImportPlanFiles, ImportPlanRecorder } from '../library/libraryService';

const PlanSchema = z.object({
  id: z.string(),
  collectionId: z.string(),
  createdAt: z.number(),
  files: z.array(z.object({ path: z.string(), confineTo: z.string().nullable() })),
});
export type ImportPlan = z.infer<typeof PlanSchema>;

export interface ImportPlanStore extends ImportPlanRecorder {
  /** Plans left by imports that never ended (read at start-up, before any new import begins). */
  leftOver(): ImportPlan[];
  /** Forgets a left-over plan (once its files are resumed, or when nothing of it remains). */
  discard(id: string): void;
  /** The app is shutting down: imports cancelled from now on keep their plans, to resume at the next start. */
  freeze(): void;
}

export function openImportPlanStore(dataDir: string, logger: Logger): ImportPlanStore {
  const log = logger.child('import-plans');
  const dir = path.join(dataDir, 'import-plans');
  fs.mkdirSync(dir, { recursive: true });
  const fileOf = (id: string): string => path.join(dir, `${id}.json`);

  // read once, before this session writes any: everything here now was left by an earlier run
  const found: ImportPlan[] = [];
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (name.endsWith('.tmp')) {
      fs.rmSync(file, { force: true }); // a plan half-written when the app stopped: its import had not started
      continue;
    }
    if (!name.endsWith('.json')) continue;
    try {
      found.push(PlanSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8'))));
    } catch (error) {
      log.warn('an unreadable import plan was set aside', { name, error });
      fs.renameSync(file, `${file}.unreadable-${Date.now()}`);
    }
  }
  found.sort((a, b) => a.createdAt - b.createdAt);
  let frozen = false;

  return {
    leftOver: () => [...found],
    freeze: () => {
      frozen = true;
    },
    discard: (id) => {
      const i = found.findIndex((p) => p.id === id);
      if (i >= 0) found.splice(i, 1);
      fs.rmSync(fileOf(id), { force: true });
    },
    begin: (plan: ImportPlanFiles) => {
      const id = crypto.randomUUID();
      const value: ImportPlan = { id, collectionId: plan.collectionId, createdAt: Date.now(), files: plan.files };
      try {
        const tmp = `${fileOf(id)}.tmp`;
        fs.writeFileSync(tmp, JSON.stringify(value));
        fs.renameSync(tmp, fileOf(id));
      } catch (error) {
        // without a plan the import still runs; it just cannot resume after a crash
        log.warn('could not write an import plan', { error });
      }
      return {
        end: (how) => {
          if (how === 'cancelled' && frozen) return;
          fs.rmSync(fileOf(id), { force: true });
        },
      };
    },
  };
}
