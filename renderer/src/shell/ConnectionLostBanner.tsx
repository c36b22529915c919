// Shown when the host (the app's main process, or `npm run serve`) went away: nothing works until a restart. Renderer.
import type { ReactNode } from 'react';
import { Button } from '../components/Button';
import { Callout } from '../components/Callout';
import { useConnectionLost } from '../stores/StoresContext';
import './shell.css';

export function ConnectionLostBanner({ onReload }: { onReload(): void }): ReactNode {
  const reason = useConnectionLost();
  if (reason === null) return null;
  return (
    <Callout tone="danger" role="alert" title="Loci lost its connection" testId="connection-lost">
      <p>
        The part of Loci that reads your documents and talks to Ollama has stopped, so nothing here can work until it is
        back. Restart it — run <code>npm run serve</code> again, or reopen the Loci app — then reload. In serve mode, open
        the new URL it prints.
      </p>
      <p className="connection-lost__reason">Reason: {reason}</p>
      <div>
        <Button variant="primary" onClick={onReload} data-testid="connection-lost-reload">
          Reload
        </Button>
      </div>
    </Callout>
  );
}
