// "Export" for one conversation or comparison: Markdown or JSON, saved through the in-page download (a file in
// serve mode, Electron's save dialog on the desktop). Renderer.
import { useRef, type ReactNode } from 'react';
import type { ExportFormat } from '../../../../shared/contract/export';
import { useFeedback } from '../../stores/StoresContext';
import './export.css';

export function ExportMenu({ kind, id, label }: { kind: 'conversation' | 'comparison'; id: string; label: string }): ReactNode {
  const exporting = useFeedback((s) => s.exporting === `${kind}:${id}`);
  const failure = useFeedback((s) => (s.exporting === null ? s.exportError : null));
  const exportConversation = useFeedback((s) => s.exportConversation);
  const exportComparison = useFeedback((s) => s.exportComparison);
  const menu = useRef<HTMLDetailsElement>(null);
  const run = (format: ExportFormat): void => {
    if (menu.current) menu.current.open = false;
    void (kind === 'conversation' ? exportConversation(id, format) : exportComparison(id, format));
  };
  return (
    <details className="export-menu" ref={menu} data-testid={`${kind}-export`}>
      <summary className="btn btn--ghost export-menu__summary" aria-label={`Export ${label}`} title="Export">
        {exporting ? '…' : '⤓'}
      </summary>
      <div className="export-menu__items" role="menu">
        <button type="button" role="menuitem" className="export-menu__item" onClick={() => run('md')} data-testid={`${kind}-export-md`}>
          Export as Markdown
        </button>
        <button type="button" role="menuitem" className="export-menu__item" onClick={() => run('json')} data-testid={`${kind}-export-json`}>
          Export as JSON
        </button>
      </div>
      {failure ? (
        <p className="chat__error" role="alert">
          {failure.message}
        </p>
      ) : null}
    </details>
  );
}
