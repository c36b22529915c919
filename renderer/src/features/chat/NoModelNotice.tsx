// Chat's first-run notice while no model is installed anywhere: what is missing, one click to pull a small
// recommended model (with its progress), and the way to a GGUF file for the built-in engine. Renderer.
import { useState, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { toAppError } from '../../lib/errors';
import { useModels, useOllamaStatus } from '../../stores/StoresContext';
import { usableBuiltinCount } from '../../lib/builtinAnswering';
import { noModelAnywhere } from '../../lib/describeOllamaStatus';
import { RECOMMENDED_FIRST_MODEL } from '../../lib/modelChoice';
import { pullPercent } from '../../stores/modelsStore';
import { routeHref } from '../../lib/routes';

export function NoModelNotice(): ReactNode {
  const status = useOllamaStatus();
  const builtin = useModels((s) => usableBuiltinCount(s.installed));
  const pulls = useModels((s) => s.pulls);
  const pull = useModels((s) => s.pull);
  const [error, setError] = useState<string | null>(null);
  const latest = pulls.findLast((p) => p.name === RECOMMENDED_FIRST_MODEL) ?? null;
  if (!noModelAnywhere(status, builtin) && latest?.state !== 'running') return null;
  const percent = latest ? pullPercent(latest) : null;
  const start = (): void => {
    setError(null);
    try {
      pull(RECOMMENDED_FIRST_MODEL);
    } catch (e) {
      setError(toAppError(e).message);
    }
  };
  return (
    <div className="chat-no-model" role="region" aria-label="No model installed" data-testid="no-model">
      <h2 className="chat-no-model__title">No model is installed yet</h2>
      <p>
        Ollama is running but has no model to answer with. <strong>{RECOMMENDED_FIRST_MODEL}</strong> is a good first one: about 2 GB, quick on most laptops.
      </p>
      <div className="chat-no-model__actions">
        <Button variant="primary" busy={latest?.state === 'running'} onClick={start} data-testid="no-model-pull">
          {latest?.state === 'running' ? `Downloading ${RECOMMENDED_FIRST_MODEL}${percent !== null ? ` · ${Math.round(percent)}%` : '…'}` : `Download ${RECOMMENDED_FIRST_MODEL}`}
        </Button>
        <a href={routeHref('models')}>Choose another model, or add a GGUF file for the built-in engine</a>
      </div>
      {latest?.state === 'failed' && latest.error ? (
        <p className="chat__error" role="alert">
          The download failed: {latest.error.message}
        </p>
      ) : null}
      {error ? (
        <p className="chat__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
