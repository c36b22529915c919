// The installed models table: size, family, parameters, quantization, context, modified; which are loaded (VRAM,
// when they unload); the default chat model with "Set as default"; delete after a confirmation. While Ollama
// cannot be reached, says so instead of showing an empty table. Renderer.
import { Fragment, useState, type ReactNode } from 'react';
import type { ModelInfo, RunningModel } from '../../../../shared/contract/ollama';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { DataTable, type DataTableColumn } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { InlineConfirm } from '../../components/InlineConfirm';
import { toAppError } from '../../lib/errors';
import { formatBytes, formatRelativeTime, NONE } from '../../lib/format';
import { useModels, useOllamaStatus, useSettings, useStatus } from '../../stores/StoresContext';
import { defaultModelName } from '../chat/answerFormat';
import { routeHref } from '../shell/routes';
import { deleteQuestion, describeLoaded, formatContext } from './modelsFormat';

export function InstalledModels(): ReactNode {
  const installed = useModels((s) => s.installed);
  const listError = useModels((s) => s.error);
  const loading = useModels((s) => s.loading);
  const running = useModels((s) => s.running);
  const refresh = useModels((s) => s.refresh);
  const ollamaState = useOllamaStatus((s) => s.state);
  const ollamaUrl = useOllamaStatus((s) => s.url);
  const refreshingStatus = useStatus((s) => s.ollamaRefreshing);
  const refreshOllama = useStatus((s) => s.refreshOllama);
  const defaultChatModel = useSettings((s) => s.settings?.defaultChatModel ?? null);

  const unreachable = ollamaState === 'unreachable' || ollamaState === 'error' || listError?.code === 'OLLAMA_UNREACHABLE';
  const retry = (): void => {
    void refreshOllama();
    void refresh();
  };

  let body: ReactNode;
  if (unreachable) {
    // while the probe says so, the notice above every screen already explains and offers Retry and the URL
    const noticeShown = ollamaState === 'unreachable' || ollamaState === 'error';
    body = (
      <EmptyState icon="models" title="Loci can’t reach Ollama" testId="models-unreachable">
        <p>
          Your installed models appear here once Ollama answers at <code>{ollamaUrl || 'its URL'}</code>.
        </p>
        {noticeShown ? (
          <p>The notice at the top of the window says what to try.</p>
        ) : (
          <>
            {listError ? <p className="models__error-text">{listError.message}</p> : null}
            <p>
              Start Ollama (<code>ollama serve</code>, or the Ollama app), or <a href={routeHref('settings')}>change its URL in Settings</a>.
            </p>
            <div>
              <Button variant="primary" busy={refreshingStatus || loading} onClick={retry} data-testid="models-retry">
                Retry
              </Button>
            </div>
          </>
        )}
      </EmptyState>
    );
  } else if (installed === null) {
    body = listError ? (
      <p className="models__error-text" role="alert">
        Could not list the models: {listError.message}
      </p>
    ) : (
      <p className="models__loading" role="status">
        Listing models…
      </p>
    );
  } else if (installed.length === 0) {
    body = (
      <EmptyState icon="models" title="No models installed" testId="models-empty">
        <p>Ollama has no models yet. Download one above, for example llama3.2:3b.</p>
      </EmptyState>
    );
  } else {
    body = <ModelsTable installed={installed} running={running} defaultChatModel={defaultChatModel} />;
  }

  return (
    <section className="models-section" aria-labelledby="installed-title">
      <header className="models-section__header models-section__header--row">
        <h2 id="installed-title">Installed models</h2>
        {!unreachable ? (
          <Button variant="ghost" busy={loading} onClick={() => void refresh()} data-testid="models-refresh">
            <Icon name="refresh" size={14} />
            Refresh
          </Button>
        ) : null}
      </header>
      {body}
    </section>
  );
}

const COLUMNS: readonly DataTableColumn[] = [
  { key: 'model', header: 'Model' },
  { key: 'size', header: 'Size', numeric: true },
  { key: 'family', header: 'Family' },
  { key: 'parameters', header: 'Parameters' },
  { key: 'quantization', header: 'Quantization' },
  { key: 'context', header: 'Context', numeric: true, title: 'Context window, in tokens' },
  { key: 'modified', header: 'Modified' },
  { key: 'actions', header: <span className="visually-hidden">Actions</span> },
];

interface ModelsTableProps {
  installed: readonly ModelInfo[];
  running: readonly RunningModel[] | null;
  defaultChatModel: string | null;
}

function ModelsTable({ installed, running, defaultChatModel }: ModelsTableProps): ReactNode {
  const deleteModel = useModels((s) => s.deleteModel);
  const deleting = useModels((s) => s.deleting);
  const update = useSettings((s) => s.update);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const effectiveDefault = defaultModelName(installed, defaultChatModel);
  const loaded = new Map((running ?? []).map((m) => [m.name, m]));
  const defaultMissing = defaultChatModel !== null && !installed.some((m) => m.name === defaultChatModel);

  const setDefault = (name: string): void => {
    setActionError(null);
    update({ defaultChatModel: name }).catch((error: unknown) => setActionError(`Could not set the default model: ${toAppError(error).message}`));
  };
  const confirmDelete = (name: string): void => {
    setDeleteError(null);
    deleteModel(name).then(
      () => setConfirming(null),
      (error: unknown) => setDeleteError(toAppError(error).message),
    );
  };

  return (
    <>
      {defaultMissing ? (
        <p className="models__note" data-testid="default-model-missing">
          The default chat model, <code>{defaultChatModel}</code>, is not installed. Pull it above or set another one as the default.
        </p>
      ) : null}
      {actionError ? (
        <p className="models__error-text" role="alert">
          {actionError}
        </p>
      ) : null}
      <div className="table-scroller">
        <DataTable className="models-table" columns={COLUMNS}>
          {installed.map((model) => {
            const inMemory = loaded.get(model.name);
            const isDefault = model.name === effectiveDefault;
            const explicitDefault = model.name === defaultChatModel;
            return (
              <Fragment key={model.name}>
                <tr className="models-table__row" data-testid="model-row" data-name={model.name} data-loaded={inMemory ? 'true' : 'false'} data-default={isDefault ? 'true' : 'false'}>
                  <td>
                    <div className="models-table__name">
                      <span className="models-table__model">{model.name}</span>
                      <span className="models-table__badges">
                        {isDefault ? (
                          <span data-testid="model-default-badge">
                            <Badge tone="ok" title={explicitDefault ? 'Chat uses this model unless a conversation picks another.' : 'No default is set, so Chat uses the first installed model.'}>
                              {explicitDefault ? 'Default' : 'Default (first installed)'}
                            </Badge>
                          </span>
                        ) : null}
                        {inMemory ? (
                          <span data-testid="model-loaded-badge">
                            <Badge tone="neutral" title={describeLoaded(inMemory)}>
                              Loaded
                            </Badge>
                          </span>
                        ) : null}
                      </span>
                      {inMemory ? (
                        <span className="models-table__sub" data-testid="model-loaded-detail">
                          {describeLoaded(inMemory)}
                        </span>
                      ) : null}
                    </div>
                  </td>
                  <td className="data-table__num">{formatBytes(model.sizeBytes)}</td>
                  <td>{model.family ?? NONE}</td>
                  <td>{model.parameterSize ?? NONE}</td>
                  <td>{model.quantization ?? NONE}</td>
                  <td className="data-table__num" title={model.contextLength ? `${formatContext(model.contextLength)} tokens` : undefined}>
                    {formatContext(model.contextLength)}
                  </td>
                  <td>
                    <time dateTime={model.modifiedAt} title={new Date(model.modifiedAt).toLocaleString()}>
                      {formatRelativeTime(Date.parse(model.modifiedAt))}
                    </time>
                  </td>
                  <td>
                    <div className="models-table__actions">
                      {!explicitDefault ? (
                        <Button variant="ghost" onClick={() => setDefault(model.name)} data-testid="set-default-model">
                          Set as default
                        </Button>
                      ) : null}
                      <Button
                        variant="ghost"
                        aria-label={`Delete ${model.name}`}
                        aria-expanded={confirming === model.name}
                        disabled={deleting.has(model.name)}
                        onClick={() => {
                          setDeleteError(null);
                          setConfirming(confirming === model.name ? null : model.name);
                        }}
                        data-testid="delete-model"
                      >
                        <Icon name="trash" size={14} />
                        Delete
                      </Button>
                    </div>
                  </td>
                </tr>
                {confirming === model.name ? (
                  <tr className="models-table__confirm">
                    <td colSpan={COLUMNS.length}>
                      <InlineConfirm
                        question={deleteQuestion(model)}
                        confirmLabel="Delete"
                        busy={deleting.has(model.name)}
                        error={deleteError}
                        onConfirm={() => confirmDelete(model.name)}
                        onCancel={() => setConfirming(null)}
                        testId="delete"
                      />
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </DataTable>
      </div>
    </>
  );
}
