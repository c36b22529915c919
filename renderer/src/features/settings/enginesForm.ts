// The "Models and answers" settings form as data: the built-in engine's models folder, idle unload and threads,
// and the answer timeouts (first token, stall). Renderer (and Node tests).
import type { Settings } from '../../../../shared/contract/settings';
import { numberText, patchBuilder, settingsKey, type FieldTargets, type PatchResult } from './settingsFormKit';

export interface EnginesDraft {
  readonly modelsDir: string;
  readonly idleMinutes: string;
  /** '' = automatic. */
  readonly threads: string;
  readonly firstTokenSec: string;
  readonly stallSec: string;
}

export type EnginesField = keyof EnginesDraft;

export const ENGINES_KEYS = ['builtinModelsDir', 'builtinIdleUnloadMinutes', 'builtinThreads', 'answerFirstTokenTimeoutSec', 'answerStallTimeoutSec'] as const satisfies readonly (keyof Settings)[];
export const enginesKey = (settings: Settings): string => settingsKey(settings, ENGINES_KEYS);

export const ENGINES_TARGETS: FieldTargets<EnginesField> = {
  builtinModelsDir: { field: 'modelsDir' },
  builtinIdleUnloadMinutes: { field: 'idleMinutes', message: 'Enter minutes from 0.1 to 1,440' },
  builtinThreads: { field: 'threads', message: 'Enter a whole number of threads from 1 to 256, or leave it empty' },
  answerFirstTokenTimeoutSec: { field: 'firstTokenSec', message: 'Enter seconds from 1 to 3,600' },
  answerStallTimeoutSec: { field: 'stallSec', message: 'Enter seconds from 1 to 3,600' },
};

export function enginesDraft(settings: Settings): EnginesDraft {
  return {
    modelsDir: settings.builtinModelsDir ?? '',
    idleMinutes: numberText(settings.builtinIdleUnloadMinutes),
    threads: settings.builtinThreads === null ? '' : numberText(settings.builtinThreads),
    firstTokenSec: numberText(settings.answerFirstTokenTimeoutSec),
    stallSec: numberText(settings.answerStallTimeoutSec),
  };
}

export function enginesPatch(draft: EnginesDraft): PatchResult<EnginesField> {
  const builder = patchBuilder<EnginesField>();
  const dir = draft.modelsDir.trim();
  return builder.result({
    builtinModelsDir: dir === '' ? null : dir,
    builtinIdleUnloadMinutes: builder.num(draft.idleMinutes, 'idleMinutes'),
    builtinThreads: draft.threads.trim() === '' ? null : builder.num(draft.threads, 'threads', { integer: true }),
    answerFirstTokenTimeoutSec: builder.num(draft.firstTokenSec, 'firstTokenSec'),
    answerStallTimeoutSec: builder.num(draft.stallSec, 'stallSec'),
  });
}
