// "Add a GGUF file" for the built-in engine: the desktop's file dialog (the file is used where it is), or the
// browser's picker and drops (the file is uploaded into the data directory); progress, and why a file was refused.
// Renderer.
import { useRef, type ChangeEvent, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes } from '../../lib/format';
import { useAppInfo, useModels } from '../../stores/StoresContext';

export function AddModelFile(): ReactNode {
  const adding = useModels((s) => s.adding);
  const addError = useModels((s) => s.addError);
  const addFile = useModels((s) => s.addFile);
  const addFromDialog = useModels((s) => s.addFromDialog);
  const nativeDialog = useAppInfo()?.capabilities.nativeFileDialog ?? false;
  const input = useRef<HTMLInputElement>(null);

  const onPicked = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) void addFile(file);
  };
  const choose = (): void => {
    if (nativeDialog) void addFromDialog();
    else input.current?.click();
  };

  return (
    <section className="models-section" aria-labelledby="add-file-title" data-testid="add-model-file">
      <header className="models-section__header">
        <h2 id="add-file-title">Add a GGUF file</h2>
        <p className="models-section__hint">
          The built-in engine (llama.cpp) runs any GGUF model file on this machine, without Ollama. Choose a file or drop it on the window; it
          is listed with what its metadata says.
        </p>
      </header>
      <div className="models-add">
        <Button variant="primary" busy={adding !== null} onClick={choose} data-testid="add-model-file-button">
          Add a GGUF file…
        </Button>
        <input ref={input} type="file" accept=".gguf" hidden onChange={onPicked} data-testid="add-model-file-input" />
      </div>
      {adding ? (
        <ProgressBar
          value={adding.phase === 'uploading' && adding.bytesTotal > 0 ? adding.bytesSent : null}
          max={Math.max(1, adding.bytesTotal)}
          label={`Adding ${adding.name}`}
          testId="add-model-progress"
          detail={adding.phase === 'uploading' ? `Uploading ${formatBytes(adding.bytesSent)} of ${formatBytes(adding.bytesTotal)}` : 'Reading the model’s metadata…'}
        />
      ) : null}
      {addError ? (
        <ErrorNotice title="The file was not added" code={addError.code} testId="add-model-error">
          {addError.message}
        </ErrorNotice>
      ) : null}
    </section>
  );
}
