// The left column: the screen's title, New conversation, search (titles and messages), and the conversations
// (pinned first, then by last activity) with their relative dates; pin, rename in place, delete after confirming,
// and tick several to delete them at once. Renderer.
import { memo, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { Conversation } from '../../../../shared/contract/chat';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { InlineConfirm } from '../../components/InlineConfirm';
import { formatRelativeTime } from '../../lib/format';
import { listedConversations } from '../../stores/chatViewStore';
import { useChat, useChatView } from '../../stores/StoresContext';
import { useNow } from '../../lib/useNow';
import { ExportMenu } from '../../ui/export/ExportMenu';

const SEARCH_DEBOUNCE_MS = 200;

export function ConversationList(): ReactNode {
  const all = useChat((s) => s.conversations);
  const search = useChatView((s) => s.search);
  const conversations = useMemo(() => listedConversations(all, search), [all, search]);
  const searchConversations = useChatView((s) => s.searchConversations);
  const selectedCount = useChatView((s) => s.selected.size);
  const [query, setQuery] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => void searchConversations(query), query.trim() ? SEARCH_DEBOUNCE_MS : 0);
    return () => clearTimeout(timer);
  }, [query, searchConversations]);
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
      <div className="chat-list__search" role="search">
        <label className="visually-hidden" htmlFor="conversation-search">
          Search conversations
        </label>
        <input
          id="conversation-search"
          className="field__input"
          type="search"
          placeholder="Search…"
          autoComplete="off"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          data-testid="conversation-search"
        />
      </div>
      {search?.error ? (
        <p className="chat__error" role="alert">
          {search.error.message}
        </p>
      ) : null}
      {selectedCount > 0 ? <SelectionBar count={selectedCount} /> : null}
      {search?.matches && conversations?.length === 0 ? (
        <p className="chat__muted" data-testid="conversation-search-empty">
          No conversation mentions “{search.query.trim()}”.
        </p>
      ) : null}
      <ul className="chat-list__items" data-testid="conversation-list">
        {conversations?.map((c) => (
          <ConversationItem key={c.id} conversation={c} active={c.id === openId} now={now} snippet={search?.matches?.find((m) => m.conversationId === c.id)?.snippet ?? null} />
        ))}
      </ul>
    </nav>
  );
}

/** Delete the ticked conversations (after confirming), or clear the ticks. */
function SelectionBar({ count }: { count: number }): ReactNode {
  const deleteSelected = useChat((s) => s.deleteSelected);
  const clearSelection = useChatView((s) => s.clearSelection);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const label = `${count} ${count === 1 ? 'conversation' : 'conversations'}`;
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await deleteSelected();
      setConfirming(false);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="chat-list__selection" data-testid="conversation-selection">
      {confirming ? (
        <InlineConfirm question={<>Delete {label} and their messages?</>} confirmLabel="Delete" busy={busy} error={error} onConfirm={() => void confirm()} onCancel={() => setConfirming(false)} testId="conversations-delete-confirmation" />
      ) : (
        <>
          <span>{label} selected</span>
          <Button variant="danger" onClick={() => setConfirming(true)} data-testid="conversations-delete-selected">
            Delete
          </Button>
          <Button variant="ghost" onClick={clearSelection}>
            Clear
          </Button>
        </>
      )}
    </div>
  );
}

type Mode = 'view' | 'rename' | 'delete';

interface ConversationItemProps {
  conversation: Conversation;
  active: boolean;
  now: number;
  /** Where a search matched the messages. */
  snippet: string | null;
}

const ConversationItem = memo(function ConversationItem({ conversation, active, now, snippet }: ConversationItemProps): ReactNode {
  const open = useChat((s) => s.openConversation);
  const setPinned = useChat((s) => s.setPinned);
  const selected = useChatView((s) => s.selected.has(conversation.id));
  const toggleSelected = useChatView((s) => s.toggleSelected);
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
    <li
      className={active ? 'chat-list__item chat-list__item--active' : 'chat-list__item'}
      data-testid="conversation-item"
      data-title={conversation.title}
      data-active={active}
      data-pinned={conversation.pinned}
    >
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
              if (event.key === 'Escape') {
                event.preventDefault(); // Esc cancels the rename, not an answer
                setMode('view');
              }
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
          <input
            type="checkbox"
            className="chat-list__check"
            checked={selected}
            aria-label={`Select “${conversation.title}”`}
            onChange={() => toggleSelected(conversation.id)}
            data-testid="conversation-select"
          />
          <button type="button" className="chat-list__open" data-testid="conversation-open" aria-current={active ? 'true' : undefined} onClick={() => void open(conversation.id)} onDoubleClick={startRename}>
            <span className="chat-list__title" title={conversation.title}>
              {conversation.pinned ? <span className="chat-list__pin-mark" title="Pinned">
                  <PinIcon filled />
                  <span className="visually-hidden">Pinned: </span>
                </span> : null}
              {conversation.title}
            </span>
            {snippet ? (
              <span className="chat-list__snippet" data-testid="conversation-snippet">
                {snippet}
              </span>
            ) : null}
            <span className="chat-list__meta">
              {answering ? 'Answering…' : formatRelativeTime(conversation.lastActivityAt, now)}
              {conversation.messageCount > 0 ? ` · ${conversation.messageCount} ${conversation.messageCount === 1 ? 'message' : 'messages'}` : ''}
            </span>
          </button>
          <div className="chat-list__tools">
            <Button
              variant="ghost"
              className="chat-list__tool"
              aria-pressed={conversation.pinned}
              aria-label={`${conversation.pinned ? 'Unpin' : 'Pin'} “${conversation.title}”`}
              onClick={() => void setPinned(conversation.id, !conversation.pinned).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))}
              data-testid="conversation-pin"
            >
              <PinIcon filled={conversation.pinned} />
            </Button>
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
      {mode === 'view' && error ? (
        <p className="chat__error" role="alert">
          {error}
        </p>
      ) : null}
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

function PinIcon({ filled }: { filled: boolean }): ReactNode {
  return (
    <svg width={15} height={15} viewBox="0 0 24 24" fill={filled ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M12 17v5" />
      <path d="M9 10.76V6h6v4.76l2 3.24H7z" />
      <path d="M8 3h8" />
    </svg>
  );
}

function EditIcon(): ReactNode {
  return (
    <svg width={15} height={15} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.75} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M12 20h9" />
      <path d="M16.5 3.5a2.12 2.12 0 0 1 3 3L7 19l-4 1 1-4z" />
    </svg>
  );
}
