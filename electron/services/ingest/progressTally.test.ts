// The import's per-state file counts, updated per change, agree with a recount from scratch on every step.
import { describe, expect, it } from 'vitest';
import type { FileProgress } from '../../../shared/contract/library';
import { ACTIVE_STATES, createProgressTally, type FileTally } from './progressTally';

type State = FileProgress['state'];
const STATES: State[] = ['queued', 'parsing', 'embedding', 'done', 'unchanged', 'skipped', 'failed', 'cancelled'];

const recount = (states: State[]): FileTally => ({
  filesTotal: states.length,
  filesDone: states.filter((s) => !ACTIVE_STATES.has(s)).length,
  filesFailed: states.filter((s) => s === 'failed').length,
  filesSkipped: states.filter((s) => s === 'skipped').length,
});

describe('progress tally', () => {
  it('counts files added in final states (planning problems) and active ones', () => {
    const tally = createProgressTally();
    for (const s of ['failed', 'skipped', 'queued', 'queued'] as State[]) tally.add(s);
    expect(tally.counts()).toEqual({ filesTotal: 4, filesDone: 2, filesFailed: 1, filesSkipped: 1 });
  });

  it('follows a file through its states, including a failed file re-marked', () => {
    const tally = createProgressTally();
    tally.add('queued');
    tally.move('queued', 'parsing');
    tally.move('parsing', 'embedding');
    expect(tally.counts()).toEqual({ filesTotal: 1, filesDone: 0, filesFailed: 0, filesSkipped: 0 });
    tally.move('embedding', 'failed');
    expect(tally.counts()).toEqual({ filesTotal: 1, filesDone: 1, filesFailed: 1, filesSkipped: 0 });
    tally.move('failed', 'failed');
    tally.move('failed', 'cancelled');
    expect(tally.counts()).toEqual({ filesTotal: 1, filesDone: 1, filesFailed: 0, filesSkipped: 0 });
  });

  it('agrees with a recount after every one of many random moves', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const tally = createProgressTally();
    const states: State[] = [];
    for (let i = 0; i < 50; i++) {
      const s = STATES[random(STATES.length)]!;
      states.push(s);
      tally.add(s);
    }
    for (let step = 0; step < 2000; step++) {
      const i = random(states.length);
      const to = STATES[random(STATES.length)]!;
      tally.move(states[i]!, to);
      states[i] = to;
      expect(tally.counts()).toEqual(recount(states));
    }
  });
});
