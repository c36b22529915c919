// The Metrics screen (placeholder until answer timings are recorded). Renderer.
import type { ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';

export function MetricsView(): ReactNode {
  return (
    <Page title="Metrics" lead="How fast your models answer on this computer." testId="view-metrics">
      <EmptyState icon="metrics" title="No measurements yet">
        <p>See time to first token, tokens per second and retrieval time for each model you use.</p>
        <p>Metrics are coming soon.</p>
      </EmptyState>
    </Page>
  );
}
