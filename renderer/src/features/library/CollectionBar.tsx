// The Library's header: the collection picker with New / Rename / Delete, its counts, and Add files / Add folder
// (the native dialog on the desktop, hidden file inputs in the browser). Renderer.
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { PickKind } from '../../../../shared/contract/library';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { InlineConfirm } from '../../components/InlineConfirm';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { fieldErrorMessage, toAppError } from '../../lib/errors';
import { formatCount } from '../../lib/format';
import { useAppInfo, useImportJobs, useLibrary } from '../../stores/StoresContext';

type Editing = 'none' | 'new' | 'rename' | 'delete' | 'host';

export function CollectionBar(): ReactNode {
  const { collections, selectedId, selectCollection } = useLibrary(
    useShallow((s) => ({ collections: s.collections, selectedId: s.selectedCollectionId, selectCollection: s.selectCollection })),
  );
  const [editing, setEditing] = useState<Editing>('none');
  const hostFolders = useAppInfo()?.capabilities.hostFolders ?? false;
  const selected = collections?.find((c) => c.id === selectedId) ?? null;
  const options = (collections ?? []).map((c) => ({ value: c.id, label: c.name }));

  return (
    <div className="library-bar">
      <div className="library-bar__row">
        <div className="library-bar__collection">
          {selected ? (
            <SelectField
              label="Collection"
              value={selected.id}
              options={options}
              onChange={(id) => {
                setEditing('none');
                void selectCollection(id);
              }}
              testId="collection-select"
            />
          ) : (
            <p className="library__muted">Loading collections…</p>
          )}
          <div className="library-bar__collection-actions">
            <Button variant="ghost" onClick={() => setEditing('new')} aria-expanded={editing === 'new'} data-testid="collection-new">
              <Icon name="plus" size={16} />
              New
            </Button>
            <Button variant="ghost" disabled={!selected} onClick={() => setEditing('rename')} aria-expanded={editing === 'rename'} data-testid="collection-rename">
              Rename
            </Button>
            <Button variant="ghost" disabled={!selected} onClick={() => setEditing('delete')} aria-expanded={editing === 'delete'} data-testid="collection-delete">
              Delete
            </Button>
          </div>
        </div>
        <AddButtons onHostPath={hostFolders ? () => setEditing('host') : null} />
      </div>
      <CollectionCounts />
      {editing === 'new' ? <CollectionNameForm key="new" mode="new" initial="" onDone={() => setEditing('none')} /> : null}
      {editing === 'rename' && selected ? (
        <CollectionNameForm key={`rename-${selected.id}`} mode="rename" initial={selected.name} collectionId={selected.id} onDone={() => setEditing('none')} />
      ) : null}
      {editing === 'host' ? <HostPathForm onDone={() => setEditing('none')} /> : null}
      {editing === 'delete' && selected ? (
        <DeleteCollection key={selected.id} id={selected.id} name={selected.name} documentCount={selected.documentCount} onDone={() => setEditing('none')} />
      ) : null}
    </div>
  );
}

/** The host's counts of the whole collection (library.collections), refreshed with the table after a change. */
function CollectionCounts(): ReactNode {
  const totals = useLibrary(
    useShallow((s) => {
      const selected = s.collections?.find((c) => c.id === s.selectedCollectionId);
      return selected ? { documents: selected.documentCount, chunks: selected.chunkCount } : null;
    }),
  );
  if (!totals) return null;
  return (
    <p className="library-bar__counts" data-testid="collection-counts">
      {formatCount(totals.documents)} {totals.documents === 1 ? 'document' : 'documents'} · {formatCount(totals.chunks)}{' '}
      {totals.chunks === 1 ? 'chunk' : 'chunks'}
    </p>
  );
}

function CollectionNameForm({ mode, initial, collectionId, onDone }: { mode: 'new' | 'rename'; initial: string; collectionId?: string; onDone(): void }): ReactNode {
  const createCollection = useLibrary((s) => s.createCollection);
  const renameCollection = useLibrary((s) => s.renameCollection);
  const [name, setName] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      if (mode === 'new') await createCollection(name);
      else if (collectionId) await renameCollection(collectionId, name);
      onDone();
    } catch (failure) {
      setError(fieldErrorMessage(failure, 'name'));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form className="library-bar__form" onSubmit={(event) => void submit(event)} noValidate>
      <TextField
        label={mode === 'new' ? 'New collection' : 'Rename collection'}
        value={name}
        onChange={setName}
        error={error}
        placeholder="e.g. Research papers"
        testId="collection-name-input"
        actions={
          <>
            <Button type="submit" variant="primary" busy={saving} data-testid="collection-name-save">
              {mode === 'new' ? 'Create' : 'Rename'}
            </Button>
            <Button onClick={onDone}>Cancel</Button>
          </>
        }
      />
    </form>
  );
}

function DeleteCollection({ id, name, documentCount, onDone }: { id: string; name: string; documentCount: number; onDone(): void }): ReactNode {
  const deleteCollection = useLibrary((s) => s.deleteCollection);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await deleteCollection(id);
      onDone();
    } catch (failure) {
      setError(toAppError(failure).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <InlineConfirm
      question={
        <>
          Delete “{name}” and its {formatCount(documentCount)} {documentCount === 1 ? 'document' : 'documents'} from Loci? The files on your disk
          stay where they are.
        </>
      }
      confirmLabel="Delete collection"
      onConfirm={() => void confirm()}
      onCancel={onDone}
      busy={busy}
      error={error}
      testId="collection-delete-confirmation"
    />
  );
}

/**
 * Serve mode started with --allow-dir: a file or folder on the host, by its path. The host grants it only inside the
 * folders it allows (the page cannot read anything else), and the refusal shows under the field.
 */
function HostPathForm({ onDone }: { onDone(): void }): ReactNode {
  const importHostPath = useImportJobs((s) => s.importHostPath);
  const [target, setTarget] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const refused = await importHostPath(target);
    setBusy(false);
    if (refused) setError(fieldErrorMessage(refused, 'path'));
    else onDone();
  };
  return (
    <form className="library-bar__form" onSubmit={(event) => void submit(event)} noValidate>
      <TextField
        label="Import from the host"
        value={target}
        onChange={setTarget}
        error={error}
        hint="A file or folder inside a folder the host was started with (--allow-dir)"
        placeholder="/path/inside/the/allowed/folder"
        testId="host-path-input"
        actions={
          <>
            <Button type="submit" variant="primary" busy={busy} disabled={target.trim() === ''} data-testid="host-path-import">
              Import
            </Button>
            <Button onClick={onDone}>Cancel</Button>
          </>
        }
      />
    </form>
  );
}

/** Add files / Add folder: the store decides between the host's native dialog and the hidden inputs. */
function AddButtons({ onHostPath }: { onHostPath: (() => void) | null }): ReactNode {
  const addFromPicker = useImportJobs((s) => s.addFromPicker);
  const importFiles = useImportJobs((s) => s.importFiles);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const pick = (kind: PickKind): void => {
    if (addFromPicker(kind) === 'input') (kind === 'files' ? fileInput : folderInput).current?.click();
  };
  const picked = (input: HTMLInputElement): void => {
    const files = Array.from(input.files ?? []);
    input.value = ''; // picking the same files again still fires change
    if (files.length > 0) void importFiles(files);
  };
  return (
    <div className="library-bar__add">
      {onHostPath ? (
        <Button onClick={onHostPath} data-testid="add-host-path">
          <Icon name="folder" size={16} />
          From the host
        </Button>
      ) : null}
      <Button onClick={() => pick('folder')} data-testid="add-folder">
        <Icon name="folder" size={16} />
        Add folder
      </Button>
      <Button variant="primary" onClick={() => pick('files')} data-testid="add-files">
        <Icon name="upload" size={16} />
        Add files
      </Button>
      <input ref={fileInput} type="file" multiple hidden tabIndex={-1} data-testid="file-input" onChange={(event) => picked(event.currentTarget)} />
      <input
        ref={(element) => {
          folderInput.current = element;
          if (element) element.webkitdirectory = true;
        }}
        type="file"
        multiple
        hidden
        tabIndex={-1}
        data-testid="folder-input"
        onChange={(event) => picked(event.currentTarget)}
      />
    </div>
  );
}
