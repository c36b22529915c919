import { describe, expect, it } from 'vitest';
import { sampleSettings } from '../../stores/testing/fixtures';
import { enginesDraft, enginesPatch } from './enginesForm';

describe('engines form', () => {
  it('round-trips the settings, an empty folder and threads meaning "none" and "automatic"', () => {
    const draft = enginesDraft(sampleSettings());
    expect(draft).toEqual({ modelsDir: '', idleMinutes: '10', threads: '', firstTokenSec: '300', stallSec: '60' });
    expect(enginesPatch(draft)).toEqual({
      patch: { builtinModelsDir: null, builtinIdleUnloadMinutes: 10, builtinThreads: null, answerFirstTokenTimeoutSec: 300, answerStallTimeoutSec: 60 },
      errors: null,
    });
    expect(enginesPatch({ ...draft, modelsDir: ' /models ', threads: '2' }).patch).toMatchObject({ builtinModelsDir: '/models', builtinThreads: 2 });
  });

  it('names the field that is not a number', () => {
    expect(enginesPatch({ ...enginesDraft(sampleSettings()), stallSec: 'soon', threads: '1.5' }).errors).toMatchObject({ stallSec: expect.any(String), threads: expect.any(String) });
  });
});
