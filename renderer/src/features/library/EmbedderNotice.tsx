// The embedding model's state when it needs the user: missing or broken (with the host's own fix-it message and
// Retry), downloading (a progress bar), or different from the one the index was built with (Re-index). Renderer.
import type { ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Button } from '../../components/Button';
import { Callout } from '../../components/Callout';
import { ProgressBar } from '../../components/ProgressBar';
import { useImportJobs, useLibrary } from '../../stores/StoresContext';

export function EmbedderNotice(): ReactNode {
  const { embedder, checking, retryEmbedder } = useLibrary(
    useShallow((s) => ({
      embedder: s.embedder,
      checking: s.embedderChecking,
      retryEmbedder: s.retryEmbedder,
    })),
  );
  const { reindexAll, jobActive } = useImportJobs(
    useShallow((s) => ({ reindexAll: s.reindexAll, jobActive: s.job !== null && (s.job.phase === 'running' || s.job.phase === 'uploading') })),
  );
  if (!embedder) return null;

  if (embedder.state === 'unavailable' || embedder.state === 'error') {
    return (
      <Callout
        tone={embedder.state === 'error' ? 'danger' : 'warning'}
        title={embedder.state === 'error' ? 'The embedding model failed to load' : 'The embedding model is not available'}
        testId="embedder-callout"
        state={embedder.state}
      >
        <p className="library__callout-text">{embedder.message ?? `Loci could not load ${embedder.modelId}.`}</p>
        <p className="library__muted">Importing and searching need it; everything else keeps working.</p>
        <div>
          <Button variant="primary" busy={checking} onClick={() => void retryEmbedder()} data-testid="embedder-retry">
            Retry
          </Button>
        </div>
      </Callout>
    );
  }

  if (embedder.state === 'downloading') {
    const percent = embedder.progress === null ? null : Math.round(embedder.progress);
    return (
      <Callout tone="info" title={`Downloading the embedding model ${embedder.modelId}`} testId="embedder-callout" state="downloading">
        <ProgressBar
          value={percent}
          max={100}
          label="Embedding model download"
          detail={percent === null ? 'Starting the download…' : `${percent}% · imports start as soon as it is ready`}
          testId="embedder-progress"
        />
      </Callout>
    );
  }

  if (embedder.needsReindex) {
    return (
      <Callout tone="warning" title="Your library needs a re-index" testId="embedder-callout" state="needs-reindex">
        <p>
          Your library was indexed with <code>{embedder.indexEmbedder ?? 'another model'}</code>; re-index to use <code>{embedder.modelId}</code>.
          Search and new imports wait until then.
        </p>
        <div>
          <Button variant="primary" disabled={jobActive} onClick={() => void reindexAll()} data-testid="embedder-reindex">
            Re-index library
          </Button>
        </div>
      </Callout>
    );
  }

  return null;
}
