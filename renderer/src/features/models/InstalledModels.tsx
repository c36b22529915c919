// Every engine's models in one table: engine, size, family, parameters, quantization, context, modified; which are
// loaded (memory, when they unload); the default chat model with "Set as default"; whether a GGUF file fits in
// memory; details (template, parameters, licence, modelfile); unload now; remove after a confirmation. While Ollama cannot be reached, its models are missing and a note says so;
// the built-in engine's are still listed. Renderer.
import { Fragment, useState, type ReactNode } from 'react';
import { modelLabel, type ModelInfo, type RunningModel } from '../../../../shared/contract/models';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { DataTable, type DataTableColumn } from '../../components/DataTable';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { InlineConfirm } from '../../components/InlineConfirm';
import { toAppError } from '../../lib/errors';
import { formatBytes, formatRelativeTime, NONE } from '../../lib/format';
import { useModels, useOllamaStatus, useSettings, useStatus } from '../../stores/StoresContext';
import { routeHref } from '../../lib/routes';
import { defaultModelKey } from '../../lib/modelChoice';
import { ModelDetailsPanel } from './ModelDetailsPanel';
import { deleteQuestion, describeLoaded, formatContext, memoryProblem } from './modelsFormat';

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

  const ollamaDown = ollamaState === 'unreachable' || ollamaState === 'error' || listError?.code === 'OLLAMA_UNREACHABLE';
  // with built-in models there is still a table to show; without any, the empty state explains
  const unreachable = ollamaDown && (installed ?? []).length === 0;
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
          Your Ollama models appear here once Ollama answers at <code>{ollamaUrl || 'its URL'}</code>. To chat without Ollama, add a GGUF file
          above: the built-in engine runs it.
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
        <p>Add a GGUF file for the built-in engine, or download an Ollama model above (for example llama3.2:3b).</p>
      </EmptyState>
    );
  } else {
    body = (
      <>
        {ollamaDown ? (
          <p className="models__note" data-testid="models-ollama-missing">
            Ollama is not running, so its models are not listed. The built-in engine’s models below can answer.
          </p>
        ) : null}
        <ModelsTable installed={installed} running={running} defaultChatModel={defaultChatModel} />
      </>
    );
  }

  return (
    <section className="models-section" aria-labelledby="installed-title">
      <header className="models-section__header models-section__header--row">
        <h2 id="installed-title">Your models</h2>
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
  { key: 'engine', header: 'Engine' },
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
  const detailsKey = useModels((s) => s.detailsKey);
  const toggleDetails = useModels((s) => s.toggleDetails);
  const unload = useModels((s) => s.unload);
  const unloading = useModels((s) => s.unloading);
  const unloadError = useModels((s) => s.unloadError);
  const update = useSettings((s) => s.update);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);

  const effectiveDefault = defaultModelKey(installed, defaultChatModel);
  const loaded = new Map((running ?? []).map((m) => [m.key, m]));
  const defaultMissing = defaultChatModel !== null && !installed.some((m) => m.key === defaultChatModel);

  const setDefault = (key: string): void => {
    setActionError(null);
    update({ defaultChatModel: key }).catch((error: unknown) => setActionError(`Could not set the default model: ${toAppError(error).message}`));
  };
  const confirmDelete = (key: string): void => {
    setDeleteError(null);
    deleteModel(key).then(
      () => setConfirming(null),
      (error: unknown) => setDeleteError(toAppError(error).message),
    );
  };

  return (
    <>
      {defaultMissing ? (
        <p className="models__note" data-testid="default-model-missing">
          The default chat model, <code>{modelLabel(defaultChatModel)}</code>, is not available. Add or pull it above, or set another one as the default.
        </p>
      ) : null}
      {actionError ? (
        <p className="models__error-text" role="alert">
          {actionError}
        </p>
      ) : null}
      {unloadError ? (
        <p className="models__error-text" role="alert" data-testid="unload-error">
          Could not unload the model: {unloadError.message}
        </p>
      ) : null}
      <div className="table-scroller">
        <DataTable className="models-table" columns={COLUMNS}>
          {installed.map((model) => {
            const inMemory = loaded.get(model.key);
            const isDefault = model.key === effectiveDefault;
            const explicitDefault = model.key === defaultChatModel;
            const tooBig = memoryProblem(model);
            const usable = model.problem === null && tooBig === null;
            return (
              <Fragment key={model.key}>
                <tr
                  className="models-table__row"
                  data-testid="model-row"
                  data-name={model.name}
                  data-engine={model.engine}
                  data-key={model.key}
                  data-loaded={inMemory ? 'true' : 'false'}
                  data-default={isDefault ? 'true' : 'false'}
                >
                  <td>
                    <div className="models-table__name">
                      <span className="models-table__model">{model.name}</span>
                      <span className="models-table__badges">
                        {isDefault ? (
                          <span data-testid="model-default-badge">
                            <Badge tone="ok" title={explicitDefault ? 'Chat uses this model unless a conversation picks another.' : 'No default is set, so Chat uses the first installed model.'}>
                              {explicitDefault ? 'Default' : 'Default (first available)'}
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
                      {model.fileName ? <span className="models-table__sub">{model.fileName}</span> : null}
                      {tooBig ? (
                        <span className="models-table__sub models__error-text" data-testid="model-too-big">
                          {tooBig}
                        </span>
                      ) : null}
                      {model.problem ? (
                        <span className="models-table__sub models__error-text" data-testid="model-problem">
                          {model.problem}
                        </span>
                      ) : null}
                    </div>
                  </td>
                  <td>
                    <Badge tone="neutral" title={model.engine === 'builtin' ? 'Run by Loci’s built-in llama.cpp engine' : 'Run by Ollama'}>
                      {modelLabel(model).split(' · ')[0]}
                    </Badge>
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
                      <Button variant="ghost" aria-expanded={detailsKey === model.key} aria-label={`Details of ${modelLabel(model)}`} onClick={() => void toggleDetails(model.key)} data-testid="model-details-toggle">
                        Details
                      </Button>
                      {inMemory ? (
                        <Button variant="ghost" busy={unloading.has(model.key)} title="Free the memory it holds now; it loads again on the next question" onClick={() => void unload(model.key)} data-testid="unload-model">
                          Unload
                        </Button>
                      ) : null}
                      {!explicitDefault && usable ? (
                        <Button variant="ghost" onClick={() => setDefault(model.key)} data-testid="set-default-model">
                          Set as default
                        </Button>
                      ) : null}
                      {model.removable ? (
                        <Button
                          variant="ghost"
                          aria-label={`${model.engine === 'builtin' ? 'Remove' : 'Delete'} ${modelLabel(model)}`}
                          aria-expanded={confirming === model.key}
                          disabled={deleting.has(model.key)}
                          onClick={() => {
                            setDeleteError(null);
                            setConfirming(confirming === model.key ? null : model.key);
                          }}
                          data-testid="delete-model"
                        >
                          <Icon name="trash" size={14} />
                          {model.engine === 'builtin' ? 'Remove' : 'Delete'}
                        </Button>
                      ) : (
                        <span className="models-table__sub" title="This file is in the models folder chosen in Settings; remove it there.">
                          In your models folder
                        </span>
                      )}
                    </div>
                  </td>
                </tr>
                {detailsKey === model.key ? (
                  <tr className="models-table__details">
                    <td colSpan={COLUMNS.length}>
                      <ModelDetailsPanel />
                    </td>
                  </tr>
                ) : null}
                {confirming === model.key ? (
                  <tr className="models-table__confirm">
                    <td colSpan={COLUMNS.length}>
                      <InlineConfirm
                        question={deleteQuestion(model)}
                        confirmLabel={model.engine === 'builtin' ? 'Remove' : 'Delete'}
                        busy={deleting.has(model.key)}
                        error={deleteError}
                        onConfirm={() => confirmDelete(model.key)}
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
