// The full-window hint while files are dragged over Loci: where a drop will go. Renderer.
import type { ReactNode } from 'react';
import { Icon } from '../../components/Icon';
import { useLibrary } from '../../stores/StoresContext';
import './dropOverlay.css';

export function DropOverlay(): ReactNode {
  const name = useLibrary((s) => s.collections?.find((c) => c.id === s.selectedCollectionId)?.name ?? null);
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-overlay__card">
        <Icon name="upload" size={32} />
        <p className="drop-overlay__title">{name ? `Drop to add to ${name}` : 'Drop to add to your library'}</p>
        <p className="drop-overlay__hint">Files and folders: PDF, Word, Markdown, HTML, CSV, text and source files</p>
      </div>
    </div>
  );
}
