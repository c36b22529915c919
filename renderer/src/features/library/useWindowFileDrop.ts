// Files or folders dropped anywhere on the window go into the selected collection, and the Library comes up;
// GGUF model files go to the built-in engine instead, and Models comes up.
// Installed once, by App. Returns whether files are being dragged over the window (for the overlay). Renderer.
import { useEffect, useState } from 'react';
import { captureDrop } from '../../api/fileImport';
import { useAppStores } from '../../stores/StoresContext';
import { navigate } from '../../lib/useHashRoute';

const carriesFiles = (event: DragEvent): boolean => event.dataTransfer?.types.includes('Files') ?? false;

export function useWindowFileDrop(): boolean {
  const { importJobs, models } = useAppStores();
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // dragenter/dragleave fire for every element crossed; the overlay goes when the count returns to zero
    let depth = 0;
    const onEnter = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      // without this the browser opens the file in place of the app
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    };
    const onLeave = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onEnd = (): void => {
      depth = 0;
      setDragging(false);
    };
    const onDrop = (event: DragEvent): void => {
      if (!carriesFiles(event)) return;
      event.preventDefault();
      onEnd();
      if (!event.dataTransfer) return;
      // the DataTransfer empties once this handler returns: capture it now, read it later
      const items = captureDrop(event.dataTransfer);
      if (items.length === 0) return;
      const ggufs = items.flatMap((i) => (i.file && /\.gguf$/i.test(i.file.name) ? [i.file] : []));
      if (ggufs.length === items.length) {
        navigate('models');
        void (async () => {
          for (const file of ggufs) await models.getState().addFile(file);
        })();
        return;
      }
      navigate('library');
      void importJobs.getState().importDrop(items);
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('dragend', onEnd);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('dragend', onEnd);
      window.removeEventListener('drop', onDrop);
    };
  }, [importJobs, models]);

  return dragging;
}
