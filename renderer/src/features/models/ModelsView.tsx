// The Models screen: the models installed in Ollama, read-only until pulling and deleting land. Renderer.
import type { ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';
import { formatBytes } from '../../lib/format';
import { useModels, useOllamaStatus } from '../../stores/StoresContext';
import './models.css';

export function ModelsView(): ReactNode {
  const installed = useModels((state) => state.installed);
  const state = useOllamaStatus((status) => status.state);
  const hasModels = installed !== null && installed.length > 0;

  return (
    <Page
      title="Models"
      lead="The local models Loci runs through Ollama. Downloading and removing models from here is coming soon."
      testId="view-models"
    >
      {hasModels ? (
        <section className="models" aria-labelledby="installed-models-title">
          <h2 id="installed-models-title">Installed in Ollama</h2>
          <ul className="models__list" data-testid="installed-models">
            {installed.map((model) => (
              <li key={model.name} className="models__item">
                <span className="models__name">{model.name}</span>
                <span className="models__meta">
                  {[model.parameterSize, model.quantization, formatBytes(model.sizeBytes)].filter(Boolean).join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        <EmptyState icon="models" title={state === 'ready' ? 'No models installed' : 'No models to show'}>
          {state === 'ready' ? (
            <p>
              Ollama has no models yet. Until downloads arrive in Loci, run <code>ollama pull llama3.2</code> in a terminal.
            </p>
          ) : (
            <p>Your installed models appear here once Loci can reach Ollama.</p>
          )}
        </EmptyState>
      )}
    </Page>
  );
}
