// Pulling models: a name box with Pull (its mistakes shown inline), then one row per pull with live progress,
// Cancel while it runs, its error when it fails, and Dismiss once it is over. Renderer.
import { memo, useState, type FormEvent, type ReactNode } from 'react';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/ProgressBar';
import { TextField } from '../../components/TextField';
import { toAppError } from '../../lib/errors';
import { formatBytes } from '../../lib/format';
import { pullPercent, type ModelPull } from '../../stores/modelsStore';
import { useModels } from '../../stores/StoresContext';
import { pullErrorTitle } from './modelsFormat';

export function PullPanel(): ReactNode {
  const pull = useModels((s) => s.pull);
  const pulls = useModels((s) => s.pulls);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    try {
      pull(name);
      setName('');
      setError(null);
    } catch (failure) {
      setError(toAppError(failure).message);
    }
  };

  return (
    <section className="models-section" aria-labelledby="pull-title">
      <header className="models-section__header">
        <h2 id="pull-title">Download a model</h2>
        <p className="models-section__hint">
          Any name from the{' '}
          <a href="https://ollama.com/library" target="_blank" rel="noreferrer noopener">
            Ollama library
          </a>
          , such as <code>llama3.2:3b</code> or <code>qwen2.5:7b</code>.
        </p>
      </header>
      <form className="pull-form" onSubmit={submit} noValidate>
        <TextField
          label="Model name"
          value={name}
          onChange={(value) => {
            setName(value);
            setError(null);
          }}
          placeholder="llama3.2:3b"
          error={error}
          testId="pull-input"
          actions={
            <Button type="submit" variant="primary" data-testid="pull-button">
              Pull
            </Button>
          }
        />
      </form>
      {pulls.length > 0 ? (
        <ul className="pull-list" aria-label="Model downloads">
          {pulls.map((p) => (
            <PullItem key={p.id} pull={p} />
          ))}
        </ul>
      ) : null}
    </section>
  );
}

const STATE_BADGES = {
  running: { tone: 'pending', label: 'Downloading' },
  done: { tone: 'ok', label: 'Installed' },
  failed: { tone: 'danger', label: 'Failed' },
  cancelled: { tone: 'neutral', label: 'Cancelled' },
} as const;

/** "1.2 GB of 2.2 GB · 54%", or the status alone before sizes are known. */
function pullDetail(pull: ModelPull): string {
  const percent = pullPercent(pull);
  const parts: string[] = [];
  if (pull.totalBytes !== null) parts.push(`${formatBytes(pull.completedBytes ?? 0)} of ${formatBytes(pull.totalBytes)}`);
  if (percent !== null) parts.push(`${Math.floor(percent)}%`);
  return parts.join(' · ');
}

const PullItem = memo(function PullItem({ pull }: { pull: ModelPull }): ReactNode {
  const cancelPull = useModels((s) => s.cancelPull);
  const dismissPull = useModels((s) => s.dismissPull);
  const badge = STATE_BADGES[pull.state];
  const detail = pullDetail(pull);
  const running = pull.state === 'running';

  return (
    <li className={`pull-item pull-item--${pull.state}`} data-testid="pull-item" data-name={pull.name} data-state={pull.state}>
      <div className="pull-item__head">
        <span className="pull-item__name">{pull.name}</span>
        <Badge tone={badge.tone}>{pull.cancelling ? 'Cancelling…' : badge.label}</Badge>
        <span className="pull-item__actions">
          {running ? (
            <Button variant="ghost" busy={pull.cancelling} onClick={() => cancelPull(pull.id)} data-testid="pull-cancel">
              Cancel
            </Button>
          ) : (
            <Button variant="ghost" onClick={() => dismissPull(pull.id)} aria-label={`Dismiss ${pull.name}`} data-testid="pull-dismiss">
              <Icon name="close" size={14} />
              Dismiss
            </Button>
          )}
        </span>
      </div>
      {running ? (
        <ProgressBar
          value={pull.totalBytes === null ? null : (pull.completedBytes ?? 0)}
          max={pull.totalBytes ?? 1}
          label={`Pulling ${pull.name}`}
          testId="pull-progress"
          detail={
            <>
              <span className="pull-item__status" data-testid="pull-status">
                {pull.status ?? 'Starting…'}
              </span>
              {detail ? <span> · {detail}</span> : null}
            </>
          }
        />
      ) : null}
      {pull.state === 'done' ? <p className="pull-item__note">Pulled {pull.totalBytes !== null ? formatBytes(pull.totalBytes) : ''} — ready to use in Chat and Compare.</p> : null}
      {pull.state === 'cancelled' ? <p className="pull-item__note">Cancelled; nothing was installed.</p> : null}
      {pull.state === 'failed' && pull.error ? (
        <ErrorNotice title={pullErrorTitle(pull.error.code, pull.name)} code={pull.error.code} testId="pull-error">
          {pull.error.message}
        </ErrorNotice>
      ) : null}
    </li>
  );
});
