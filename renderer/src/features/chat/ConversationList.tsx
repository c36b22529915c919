// The left column: the screen's title, New conversation, and the conversations (most recent first) with their
// relative dates; rename in place, delete after confirming. Renderer.
import { memo, useState, type FormEvent, type ReactNode } from 'react';
import type { Conversation } from '../../../../shared/contract/chat';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { InlineConfirm } from '../../components/InlineConfirm';
import { formatRelativeTime } from '../../lib/format';
import { useChat } from '../../stores/StoresContext';
import { useNow } from '../../lib/useNow';
import { ExportMenu } from '../export/ExportMenu';

export function ConversationList(): ReactNode {
  const conversations = useChat((s) => s.conversations);
  const error = useChat((s) => s.conversationsError);
  const openId = useChat((s) => s.openId);
  const newConversation = useChat((s) => s.newConversation);
  const now = useNow(30_000);

  return (
    <nav className="chat-list" aria-label="Conversations">
      <header className="chat-list__header">
        <h1>Chat</h1>
        <Button variant="primary" onClick={() => void newConversation()} data-testid="new-conversation">
          <Icon name="plus" size={16} />
          New
        </Button>
      </header>
      {error ? (
        <p className="chat__error" role="alert">
          {error.message}
        </p>
      ) : null}
      <ul className="chat-list__items" data-testid="conversation-list">
        {conversations?.map((c) => <ConversationItem key={c.id} conversation={c} active={c.id === openId} now={now} />)}
      </ul>
    </nav>
  );
}

type Mode = 'view' | 'rename' | 'delete';

const ConversationItem = memo(function ConversationItem({ conversation, active, now }: { conversation: Conversation; active: boolean; now: number }): ReactNode {
  const open = useChat((s) => s.openConversation);
  const rename = useChat((s) => s.renameConversation);
  const remove = useChat((s) => s.deleteConversation);
  const answering = useChat((s) => s.streaming.has(conversation.id));
  const [mode, setMode] = useState<Mode>('view');
  const [title, setTitle] = useState(conversation.title);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const startRename = (): void => {
    setTitle(conversation.title);
    setError(null);
    setMode('rename');
  };
  const saveRename = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (title.trim() === conversation.title) return setMode('view');
    setBusy(true);
    try {
      await rename(conversation.id, title);
      setMode('view');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const confirmDelete = async (): Promise<void> => {
    setBusy(true);
    try {
      await remove(conversation.id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <li className={active ? 'chat-list__item chat-list__item--active' : 'chat-list__item'} data-testid="conversation-item" data-title={conversation.title} data-active={active}>
      {mode === 'rename' ? (
        <form className="chat-list__rename" onSubmit={(event) => void saveRename(event)}>
          <input
            className="field__input"
            aria-label="Conversation title"
            value={title}
            autoFocus
            maxLength={200}
            data-testid="conversation-title-input"
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') setMode('view');
            }}
          />
          <div className="chat-list__rename-actions">
            <Button type="submit" variant="primary" busy={busy} data-testid="conversation-title-save">
              Save
            </Button>
            <Button onClick={() => setMode('view')}>Cancel</Button>
          </div>
          {error ? (
            <p className="chat__error" role="alert">
              {error}
            </p>
          ) : null}
        </form>
      ) : (
        <div className="chat-list__row">
          <button type="button" className="chat-list__open" data-testid="conversation-open" aria-current={active ? 'true' : undefined} onClick={() => void open(conversation.id)} onDoubleClick={startRename}>
            <span className="chat-list__title" title={conversation.title}>
              {conversation.title}
            </span>
            <span className="chat-list__meta">
              {answering ? 'Answering…' : formatRelativeTime(conversation.updatedAt, now)}
              {conversation.messageCount > 0 ? ` · ${conversation.messageCount} ${conversation.messageCount === 1 ? 'message' : 'messages'}` : ''}
            </span>
          </button>
          <div className="chat-list__tools">
            <Button variant="ghost" className="chat-list__tool" aria-label={`Rename “${conversation.title}”`} onClick={startRename} data-testid="conversation-rename">
              <EditIcon />
            </Button>
            <ExportMenu kind="conversation" id={conversation.id} label={`“${conversation.title}”`} />
            <Button variant="ghost" className="chat-list__tool" aria-label={`Delete “${conversation.title}”`} onClick={() => setMode('delete')} data-testid="conversation-delete">
              <Icon name="trash" size={15} />
            </Button>
          </div>
        </div>
      )}
      {mode === 'delete' ? (
        <InlineConfirm
          question={<>Delete “{conversation.title}” and its messages?</>}
          confirmLabel="Delete"
          busy={busy}
          error={error}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setMode('view')}
          testId="conversation-delete-confirmation"
        />
      ) : null}
    </li>
  );
});

function EditIcon(): ReactNode {
  return (
    <svg width={15} height={15} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M12 20h9" />
      <path d="M16.5 3.5a2.12 2.12 0 0 1 3 3L7 19l-4 1 1-4z" />
    </svg>
  );
}
