// Settings' "Embedding model": which model turns text into vectors (id, weights, folder, download), its live state
// with Try again, and the re-index a change of model calls for. The library store owns the embedder's state and the
// re-index job; this only shows them. Renderer.
import { useId, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Settings } from '../../../../shared/contract/settings';
import { Button } from '../../components/Button';
import { Callout } from '../../components/Callout';
import { ProgressBar } from '../../components/ProgressBar';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { StatusDot } from '../../components/StatusDot';
import { TextField } from '../../components/TextField';
import { formatInteger } from '../../lib/format';
import { useAppInfo, useImportJobs, useLibrary, useSettings } from '../../stores/StoresContext';
import {
  DTYPE_LABELS,
  EMBEDDER_DTYPES,
  EMBEDDING_TARGETS,
  describeEmbedderState,
  embeddingDraft,
  embeddingKey,
  embeddingPatch,
  libraryDocumentCount,
  modelChangeNotice,
  modelChangeText,
  modelSearchOrder,
  reindexText,
  type EmbedderDtype,
} from './embeddingForm';
import { countOf } from './settingsFormKit';
import { useSettingsForm } from './useSettingsForm';
import './settingsForms.css';

const DTYPE_OPTIONS = EMBEDDER_DTYPES.map((value) => ({ value, label: DTYPE_LABELS[value] }));

const EMBEDDING_FORM = { key: embeddingKey, draft: embeddingDraft, patch: embeddingPatch, targets: EMBEDDING_TARGETS };

export function EmbeddingSettings(): ReactNode {
  const settings = useSettings((s) => s.settings);
  if (settings === null) return null;
  return (
    <Section
      title="Embedding model"
      description="Loci turns every passage and every question into a vector with this model, on this computer, to search by meaning."
      testId="settings-embedding"
    >
      <ReindexCallout />
      <EmbedderStatusPanel />
      <EmbeddingForm settings={settings} />
    </Section>
  );
}

function EmbeddingForm({ settings }: { settings: Settings }): ReactNode {
  const form = useSettingsForm('embedding', settings, EMBEDDING_FORM);
  const { collections, indexEmbedder } = useLibrary(useShallow((s) => ({ collections: s.collections, indexEmbedder: s.embedder?.indexEmbedder ?? null })));
  const info = useAppInfo();
  const downloadId = useId();
  const lookupId = useId();
  const { draft, errors } = form;
  const notice = modelChangeNotice(draft, settings, { documents: libraryDocumentCount(collections) ?? 0, indexEmbedder });
  const modelName = draft.modelId.trim() || 'the model';

  return (
    <form className="settings-form" onSubmit={form.submit} noValidate>
      <div className="settings-form__row">
        <TextField
          label="Model id"
          value={draft.modelId}
          onChange={(modelId) => form.edit({ modelId })}
          error={errors.modelId}
          hint="A model in transformers.js layout, e.g. Xenova/all-MiniLM-L6-v2."
          testId="settings-embedder-model"
        />
        <SelectField<EmbedderDtype>
          label="Weights"
          value={draft.dtype}
          options={DTYPE_OPTIONS}
          onChange={(dtype) => form.edit({ dtype })}
          error={errors.dtype}
          testId="settings-embedder-dtype"
        />
      </div>
      <TextField
        label="Model folder"
        value={draft.modelDir}
        onChange={(modelDir) => form.edit({ modelDir })}
        error={errors.modelDir}
        placeholder="Default locations"
        hint="Optional: a folder holding <model id>/config.json and onnx/. Leave it empty for the default locations."
        testId="settings-embedder-dir"
      />
      <div className="settings-form__lookup">
        <p id={lookupId} className="settings-form__hint">
          Loci looks for <code>{modelName}</code> in, in order:
        </p>
        <ol aria-labelledby={lookupId} data-testid="settings-embedder-lookup">
          {modelSearchOrder(draft.modelDir, info?.dataDir ?? null, info?.platform ?? null).map((place) => (
            <li key={place}>{place}</li>
          ))}
        </ol>
      </div>
      <label className="settings-form__check" htmlFor={downloadId}>
        <input
          id={downloadId}
          type="checkbox"
          checked={draft.allowDownload}
          onChange={(event) => form.edit({ allowDownload: event.target.checked })}
          data-testid="settings-embedder-download"
        />
        Download the model on first use when it is missing
      </label>
      {notice ? (
        <p className={`settings-form__notice settings-form__notice--${notice.kind === 'back' ? 'info' : 'warning'}`} data-testid="settings-embedder-change-notice" data-kind={notice.kind}>
          {modelChangeText(notice)}
        </p>
      ) : null}
    </form>
  );
}

function EmbedderStatusPanel(): ReactNode {
  const { embedder, embedderError, checking, retryEmbedder } = useLibrary(
    useShallow((s) => ({ embedder: s.embedder, embedderError: s.embedderError, checking: s.embedderChecking, retryEmbedder: s.retryEmbedder })),
  );
  const titleId = useId();
  const described = embedder ? describeEmbedderState(embedder) : null;
  const failed = embedder !== null && (embedder.state === 'unavailable' || embedder.state === 'error');

  return (
    <div className="embedder-status" role="group" aria-labelledby={titleId} data-testid="settings-embedder-status" data-state={embedder?.state ?? 'unknown'}>
      <h3 id={titleId} className="embedder-status__title">
        Current model
      </h3>
      <p className="embedder-status__state" aria-live="polite">
        {described ? <StatusDot tone={described.tone} /> : null}
        <span data-testid="settings-embedder-state">{described?.label ?? (embedderError ? 'Could not ask for the model’s state' : 'Checking…')}</span>
      </p>
      {embedder ? (
        <dl className="embedder-status__facts">
          <dt>Model</dt>
          <dd>
            <code data-testid="settings-embedder-live-model">{embedder.modelId}</code> · {embedder.dtype}
          </dd>
          {embedder.location ? (
            <>
              <dt>Found in</dt>
              <dd>
                <code data-testid="settings-embedder-location">{embedder.location}</code>
              </dd>
            </>
          ) : null}
          {embedder.dimension !== null ? (
            <>
              <dt>Dimensions</dt>
              <dd data-testid="settings-embedder-dimension">{embedder.dimension}</dd>
            </>
          ) : null}
          {embedder.maxTokens !== null ? (
            <>
              <dt>Max tokens</dt>
              <dd data-testid="settings-embedder-max-tokens">{embedder.maxTokens}</dd>
            </>
          ) : null}
          {embedder.indexEmbedder !== null ? (
            <>
              <dt>Library indexed with</dt>
              <dd>
                <code>{embedder.indexEmbedder}</code>
                {embedder.indexDimension !== null ? ` · ${embedder.indexDimension} dimensions` : ''}
              </dd>
            </>
          ) : null}
        </dl>
      ) : null}
      {embedder?.state === 'downloading' ? (
        <ProgressBar
          value={embedder.progress === null ? null : Math.round(embedder.progress)}
          max={100}
          label="Embedding model download"
          detail={embedder.progress === null ? 'Starting the download…' : `${Math.round(embedder.progress)}% downloaded`}
          testId="settings-embedder-progress"
        />
      ) : null}
      {failed ? (
        <p className="embedder-status__message" role="alert" data-testid="settings-embedder-message">
          {embedder.message ?? `Loci could not load ${embedder.modelId}.`}
        </p>
      ) : null}
      {!embedder && embedderError ? (
        <p className="embedder-status__message" role="alert">
          {embedderError.message}
        </p>
      ) : null}
      {failed || (!embedder && embedderError) ? (
        <div>
          <Button busy={checking} onClick={() => void retryEmbedder()} data-testid="settings-embedder-retry">
            Try again
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function ReindexCallout(): ReactNode {
  const { needsReindex, modelId, modelBroken, collections } = useLibrary(
    useShallow((s) => ({
      needsReindex: s.embedder?.needsReindex ?? false,
      modelId: s.embedder?.modelId ?? null,
      modelBroken: s.embedder?.state === 'unavailable' || s.embedder?.state === 'error',
      collections: s.collections,
    })),
  );
  const { job, reindexAll } = useImportJobs(useShallow((s) => ({ job: s.job, reindexAll: s.reindexAll })));
  const jobActive = job !== null && (job.phase === 'uploading' || job.phase === 'running');
  const reindexing = jobActive && job.kind === 'reindex';
  const reindexFailed = job !== null && job.kind === 'reindex' && job.phase === 'failed';
  if (!needsReindex && !reindexing && !reindexFailed) return null;

  const documents = libraryDocumentCount(collections);
  const state = reindexing ? 'running' : reindexFailed ? 'failed' : 'needed';
  const total = job?.overall?.filesTotal ?? 0;
  const done = job?.overall?.filesDone ?? 0;

  return (
    <Callout tone="warning" title={reindexing ? 'Re-indexing your library' : 'Your library needs a re-index'} testId="settings-reindex" state={state}>
      {reindexing ? (
        <ProgressBar
          value={total > 0 ? done : null}
          max={total}
          label="Re-index progress"
          detail={total > 0 ? `${countOf(done, 'file')} of ${formatInteger(total)} re-indexed. Search by meaning is back when it finishes.` : 'Starting…'}
          testId="settings-reindex-progress"
        />
      ) : (
        <p>
          {reindexText(documents)}
          {modelId ? (
            <>
              {' '}
              Re-indexing reads every document again with <code>{modelId}</code>.
            </>
          ) : null}
        </p>
      )}
      {reindexFailed && job.error ? (
        <p className="settings-form__error" role="alert" data-testid="settings-reindex-error">
          The re-index failed: {job.error.message}
        </p>
      ) : null}
      {modelBroken && !reindexing ? (
        <p className="settings-form__hint" data-testid="settings-reindex-blocked">
          The model cannot be loaded yet (see below): fix it first, then re-index.
        </p>
      ) : null}
      {reindexing ? null : (
        <div>
          <Button variant="primary" disabled={jobActive || modelBroken} onClick={() => void reindexAll()} data-testid="settings-reindex-button">
            Re-index library
          </Button>
        </div>
      )}
    </Callout>
  );
}
