// Shown above every screen while Ollama is unreachable or failing: what was tried, how to start Ollama,
// a URL field and Retry. When the built-in engine can answer, it shrinks to one line (chat goes on) with the same
// help folded away. Renderer.
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../components/Button';
import { Callout } from '../../components/Callout';
import { TextField } from '../../components/TextField';
import { useConnectionLost, useModels, useStatus } from '../../stores/StoresContext';
import { usableBuiltinCount } from '../../lib/builtinAnswering';
import { useOllamaUrlForm } from '../../ui/useOllamaUrlForm';
import './ollama.css';

export function OllamaUnreachablePanel(): ReactNode {
  const { state, url, error, checkedAt, refreshing, refreshError, refreshOllama } = useStatus(
    useShallow((s) => ({
      state: s.ollama.state,
      url: s.ollama.url,
      error: s.ollama.error,
      checkedAt: s.ollama.checkedAt,
      refreshing: s.ollamaRefreshing,
      refreshError: s.ollamaRefreshError,
      refreshOllama: s.refreshOllama,
    })),
  );
  const connectionLost = useConnectionLost();
  const form = useOllamaUrlForm();
  const builtin = useModels((s) => usableBuiltinCount(s.installed));

  // with the host gone nothing here could work; the connection-lost banner says what to do
  if ((state !== 'unreachable' && state !== 'error') || connectionLost !== null) return null;

  const help = (
    <>
      <div className="ollama-panel__tried">
        <p>
          Loci tried <code data-testid="ollama-unreachable-url">{url}</code>.
        </p>
        {error ? (
          <p className="ollama-panel__error" data-testid="ollama-unreachable-error">
            {error.message}
          </p>
        ) : null}
      </div>

      <div className="ollama-panel__steps">
        <h3>To start Ollama</h3>
        <ol>
          <li>
            If it isn’t installed, download it from{' '}
            <a href="https://ollama.com" target="_blank" rel="noreferrer">
              https://ollama.com
            </a>
            .
          </li>
          <li>
            Start the Ollama app, or run <code>ollama serve</code> in a terminal.
          </li>
          <li>Loci checks again every few seconds. Press Retry to check now.</li>
        </ol>
      </div>

      <form className="ollama-panel__form" onSubmit={form.submit} noValidate>
        <TextField
          label="Ollama URL"
          type="url"
          value={form.value}
          onChange={form.setValue}
          error={form.error}
          testId="ollama-url-input"
          hint="Change it if Ollama runs on another port or computer. The default is http://127.0.0.1:11434."
          actions={
            <Button type="submit" busy={form.saving} data-testid="ollama-url-save">
              Save
            </Button>
          }
        />
      </form>

      <div className="ollama-panel__retry">
        <Button variant="primary" busy={refreshing} onClick={() => void refreshOllama()} data-testid="ollama-retry">
          {refreshing ? 'Checking…' : 'Retry'}
        </Button>
        <span className="ollama-panel__checked" aria-live="polite">
          {refreshing ? 'Checking Ollama…' : checkedAt > 0 ? `Last checked at ${new Date(checkedAt).toLocaleTimeString()}` : null}
        </span>
      </div>
      {refreshError ? (
        <p className="ollama-panel__refresh-error" role="alert">
          {refreshError.message}
        </p>
      ) : null}
    </>
  );

  if (builtin > 0) {
    return (
      <div className="ollama-panel__compact" role="status" data-testid="ollama-unreachable-compact">
        <p>
          {state === 'unreachable' ? 'Ollama is not running' : 'Ollama reported an error'}: the built-in engine is answering with your GGUF{' '}
          {builtin === 1 ? 'model' : 'models'}.
        </p>
        <details>
          <summary>Use Ollama too</summary>
          {help}
        </details>
      </div>
    );
  }

  return (
    <Callout tone="warning" title={state === 'unreachable' ? 'Loci can’t reach Ollama' : 'Ollama reported an error'} testId="ollama-unreachable">
      {help}
    </Callout>
  );
}
