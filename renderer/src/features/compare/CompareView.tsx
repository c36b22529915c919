// The Compare screen (placeholder until side-by-side runs land). Renderer.
import type { ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';

export function CompareView(): ReactNode {
  return (
    <Page title="Compare" lead="Put models side by side on the same question." testId="view-compare">
      <EmptyState icon="compare" title="Nothing to compare yet">
        <p>Send one question to two models at once and compare their answers, their speed and the sources they used.</p>
        <p>Comparisons are coming soon.</p>
      </EmptyState>
    </Page>
  );
}
