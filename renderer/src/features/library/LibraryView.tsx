// The Library screen (placeholder until document import lands). Renderer.
import type { ReactNode } from 'react';
import { EmptyState } from '../../components/EmptyState';
import { Page } from '../../components/Page';

export function LibraryView(): ReactNode {
  return (
    <Page title="Library" lead="The documents Loci searches when it answers you." testId="view-library">
      <EmptyState icon="library" title="Your library is empty">
        <p>Import documents — PDFs, Word files, Markdown, web pages and plain text — to build a library you can ask questions about.</p>
        <p>Importing, including drag-and-drop, is coming soon.</p>
      </EmptyState>
    </Page>
  );
}
