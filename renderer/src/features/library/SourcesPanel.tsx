// The selected collection's folder sources beside the collection bar: each folder's state (watching, syncing N
// files, paused, folder missing), its last sync, and Pause / Resume / Rescan / Remove. Renderer.
import { useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SourceInfo } from '../../../../shared/contract/sources';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { InlineConfirm } from '../../components/InlineConfirm';
import { formatRelativeTime } from '../../lib/format';
import { useNow } from '../../lib/useNow';
import { useSources } from '../../stores/StoresContext';
import { sourceStateLabel } from './documents';

const TONES: Record<SourceInfo['state'], BadgeTone> = { watching: 'ok', syncing: 'pending', paused: 'warning', missing: 'danger', notAllowed: 'danger' };

export function SourcesPanel(): ReactNode {
  const { sources, error, dismissError } = useSources(useShallow((s) => ({ sources: s.sources, error: s.error, dismissError: s.dismissError })));
  const now = useNow(60_000);
  if (!sources || sources.length === 0) return null;
  return (
    <section className="sources" aria-label="Watched folders" data-testid="sources-panel">
      <h2 className="sources__title">Watched folders</h2>
      <ul className="sources__list">
        {sources.map((s) => (
          <SourceRow key={s.id} source={s} now={now} />
        ))}
      </ul>
      {error ? (
        <p className="library__error" role="alert">
          {error.message} <Button variant="ghost" onClick={dismissError}>Dismiss</Button>
        </p>
      ) : null}
    </section>
  );
}

function SourceRow({ source, now }: { source: SourceInfo; now: number }): ReactNode {
  const { busy, pause, resume, rescan, remove } = useSources(
    useShallow((s) => ({ busy: s.busyIds.has(source.id), pause: s.pause, resume: s.resume, rescan: s.rescan, remove: s.remove })),
  );
  const [confirming, setConfirming] = useState(false);
  return (
    <li className="sources__row" data-testid="source-row" data-state={source.state}>
      <span className="sources__name" title={source.path}>
        {source.name}
      </span>
      <Badge tone={TONES[source.state]} title={source.problem ?? undefined}>
        {sourceStateLabel(source)}
      </Badge>
      <span className="library__muted sources__last">
        {source.lastSyncAt === null ? 'Not synced yet' : `Synced ${formatRelativeTime(source.lastSyncAt, now)}${source.lastSyncSummary ? ` · ${source.lastSyncSummary}` : ''}`}
      </span>
      {source.state === 'paused' ? (
        <Button variant="ghost" disabled={busy} onClick={() => void resume(source.id)}>
          Resume
        </Button>
      ) : (
        <Button variant="ghost" disabled={busy} onClick={() => void pause(source.id)}>
          Pause
        </Button>
      )}
      <Button variant="ghost" disabled={busy || source.state === 'paused' || source.state === 'syncing'} onClick={() => void rescan(source.id)}>
        Rescan
      </Button>
      <Button variant="ghost" disabled={busy} onClick={() => setConfirming(true)}>
        Remove
      </Button>
      {confirming ? (
        <InlineConfirm
          question={`Stop watching ${source.name}? Its documents can stay in the library or leave it; the files on your disk stay where they are.`}
          confirmLabel="Stop watching and remove its documents"
          onConfirm={() => void remove(source.id, true).then(() => setConfirming(false))}
          onCancel={() => setConfirming(false)}
          busy={busy}
          testId="source-remove-confirmation"
        />
      ) : null}
    </li>
  );
}
