// A cited passage inside its document's extracted text: the passage marked and scrolled into view, and Open file
// where the host can open files (desktop). Renderer.
import { useEffect, useRef, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { Drawer } from '../../components/Drawer';
import { useAppInfo, useCitations } from '../../stores/StoresContext';
import { ocrNote, passageLocation } from '../../ui/answers/answerFormat';

export function PassageViewer(): ReactNode {
  const viewer = useCitations((s) => s.viewer);
  const close = useCitations((s) => s.closePassage);
  const openFile = useCitations((s) => s.openDocumentFile);
  const canOpenFiles = useAppInfo()?.capabilities.openFiles ?? false;
  const mark = useRef<HTMLElement>(null);
  const text = viewer?.text ?? null;

  useEffect(() => {
    if (text !== null) mark.current?.scrollIntoView({ block: 'center' });
  }, [text, viewer?.n]);

  if (!viewer) return null;
  const { passage } = viewer;
  const where = passageLocation(passage);
  const ocr = ocrNote(viewer.document, passage);
  // the offsets are UTF-16, like JavaScript strings; clamp in case the document changed since
  const start = text === null ? 0 : Math.min(passage.start, text.length);
  const end = text === null ? 0 : Math.min(Math.max(passage.end, start), text.length);

  return (
    <Drawer
      title={
        <>
          <span className="passage-viewer__n">[{viewer.n}]</span> {viewer.document?.title ?? passage.documentName}
        </>
      }
      subtitle={[passage.documentName, where].filter(Boolean).join(' · ')}
      onClose={close}
      testId="passage-viewer"
      actions={
        canOpenFiles ? (
          <Button onClick={() => void openFile(passage.documentId)} data-testid="passage-open-file">
            Open file
          </Button>
        ) : null
      }
    >
      {viewer.loading ? <p className="chat__muted">Loading the document…</p> : null}
      {viewer.error ? (
        <p className="chat__error" role="alert">
          {viewer.error.message}
        </p>
      ) : null}
      {ocr !== null && text !== null ? (
        <p className="passage-viewer__ocr" data-testid="passage-viewer-ocr">
          {ocr}
        </p>
      ) : null}
      {text !== null ? (
        <div className="passage-viewer__text" data-testid="passage-viewer-text">
          {text.slice(0, start)}
          <mark ref={mark} className="passage-viewer__mark">
            {text.slice(start, end)}
          </mark>
          {text.slice(end)}
        </div>
      ) : null}
    </Drawer>
  );
}
