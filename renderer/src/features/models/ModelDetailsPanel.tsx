// One model's details under its row in the models table: the engine's facts, capabilities, and its template,
// parameters, licence and modelfile where the engine gives them (Ollama's /api/show). Renderer.
import type { ReactNode } from 'react';
import { useModels } from '../../stores/StoresContext';

const TEXTS = [
  { key: 'template', label: 'Template' },
  { key: 'parameters', label: 'Parameters' },
  { key: 'license', label: 'Licence' },
  { key: 'modelfile', label: 'Modelfile' },
] as const;

export function ModelDetailsPanel(): ReactNode {
  const view = useModels((s) => s.details);
  if (view === null) return null;
  if (view.state === 'loading') {
    return (
      <p className="model-details__status" role="status" data-testid="model-details" data-state="loading">
        Asking the engine about this model…
      </p>
    );
  }
  if (view.state === 'failed') {
    return (
      <p className="models__error-text" role="alert" data-testid="model-details" data-state="failed">
        Could not read this model’s details: {view.error.message}
      </p>
    );
  }
  const { details } = view;
  const texts = TEXTS.filter((t) => details[t.key] !== null);
  return (
    <div className="model-details" data-testid="model-details" data-state="loaded">
      {details.facts.length > 0 || details.capabilities.length > 0 ? (
        <dl className="model-details__facts">
          {details.facts.map((fact) => (
            <div key={fact.label} className="model-details__fact">
              <dt>{fact.label}</dt>
              <dd>{fact.value}</dd>
            </div>
          ))}
          {details.capabilities.length > 0 ? (
            <div className="model-details__fact">
              <dt>Can do</dt>
              <dd>{details.capabilities.join(', ')}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {texts.map((t) => (
        <details key={t.key} className="model-details__text" data-testid={`model-details-${t.key}`}>
          <summary>{t.label}</summary>
          <pre>{details[t.key]}</pre>
        </details>
      ))}
      {texts.length === 0 ? <p className="model-details__status">This engine gives no template, parameters, licence or modelfile for this model.</p> : null}
    </div>
  );
}
