// The Library screen: the collection header, the embedder's state, the import panel, the documents table and
// search. Each part reads its own slice of the library store, so import progress re-renders only the panel. Renderer.
import type { ReactNode } from 'react';
import { Page } from '../../components/Page';
import { CollectionBar } from './CollectionBar';
import { DocumentsSection } from './DocumentsSection';
import { EmbedderNotice } from './EmbedderNotice';
import { ImportPanel } from './ImportPanel';
import { LibrarySearch } from './LibrarySearch';
import { SourcesPanel } from './SourcesPanel';
import { WorkspacePanel } from './WorkspacePanel';
import './library.css';

export function LibraryView(): ReactNode {
  return (
    <Page title="Library" lead="The documents Loci searches when it answers you. Drop files or folders anywhere on this window to add them." testId="library-view" wide>
      <CollectionBar />
      <WorkspacePanel />
      <SourcesPanel />
      <EmbedderNotice />
      <ImportPanel />
      <DocumentsSection />
      <LibrarySearch />
    </Page>
  );
}
