// The Models screen: where Ollama is and whether it answers, adding GGUF files for the built-in engine, pulling
// Ollama models (live progress, cancel, errors), and every engine's models with what is loaded, the default chat
// model, and remove. Renderer.
import { useEffect, type ReactNode } from 'react';
import { Page } from '../../components/Page';
import { StatusDot } from '../../components/StatusDot';
import { useModels, useOllamaStatus } from '../../stores/StoresContext';
import { describeOllamaStatus } from '../../lib/describeOllamaStatus';
import { routeHref } from '../../lib/routes';
import { AddModelFile } from './AddModelFile';
import { InstalledModels } from './InstalledModels';
import { BreakersPanel } from '../../ui/resilience/BreakersPanel';
import { PullPanel } from './PullPanel';
import './models.css';

/** How often the loaded-models badges are refreshed while this screen is open, ms. */
const RUNNING_POLL_MS = 15_000;

export function ModelsView(): ReactNode {
  const refresh = useModels((s) => s.refresh);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), RUNNING_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  return (
    <Page
      title="Models"
      lead="The local models Loci runs: GGUF files in its built-in engine, and Ollama’s models. Add new ones, see what is loaded, and remove what you no longer need."
      testId="models-view"
      wide
    >
      <OllamaConnection />
      <AddModelFile />
      <PullPanel />
      <InstalledModels />
      <BreakersPanel />
    </Page>
  );
}

const TONES = { checking: 'pending', ready: 'ok', unreachable: 'warning', error: 'danger' } as const;

/** Where Ollama is and how it answered; the URL itself is changed in Settings. */
function OllamaConnection(): ReactNode {
  const status = useOllamaStatus();
  return (
    <p className="models-connection" data-testid="models-ollama" data-state={status.state}>
      <StatusDot tone={TONES[status.state]} />
      <span>
        {describeOllamaStatus(status)}
        {status.url ? (
          <>
            {' '}
            at <code data-testid="models-ollama-url">{status.url}</code>
          </>
        ) : null}
      </span>
      <a className="models-connection__link" href={routeHref('settings')} data-testid="models-settings-link">
        Change in Settings
      </a>
    </p>
  );
}
