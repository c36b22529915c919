// The open conversation's messages (each finished one memoised), the answer being written, and the empty state;
// a question can be copied, or edited and resent (after confirming that the later turns are replaced).
// Keeps the view pinned to the bottom while the user is there. Renderer.
import { memo, useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { ChatMessage } from '../../../../shared/contract/chat';
import { selectOpenStreaming } from '../../stores/chatStore';
import { useChat } from '../../stores/StoresContext';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { InlineConfirm } from '../../components/InlineConfirm';
import { AssistantMessage } from './AssistantMessage';
import { ChatEmptyState } from './ChatEmptyState';
import { UNPIN_EVENT } from '../../ui/answers/revealInList';
import { StreamingMessage } from './StreamingMessage';

const UserMessage = memo(function UserMessage({ message }: { message: ChatMessage }): ReactNode {
  const editAndResend = useChat((s) => s.editAndResend);
  const busy = useChat((s) => (s.openId ? s.streaming.has(s.openId) : false));
  // the turns after this question, which resending replaces
  const later = useChat((s) => {
    const list = s.messages ?? [];
    const index = list.findIndex((m) => m.id === message.id);
    return index < 0 ? 0 : list.length - index - 1;
  });
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(message.content);
  const [confirming, setConfirming] = useState(false);

  const cancel = (): void => {
    setEditing(false);
    setConfirming(false);
  };
  const resend = (): void => {
    cancel();
    void editAndResend(message.id, text);
  };
  const submit = (event?: FormEvent): void => {
    event?.preventDefault();
    if (!text.trim() || busy) return;
    if (later > 0) setConfirming(true);
    else resend();
  };

  return (
    <article className="message message--user" data-testid="message" data-role="user" data-status={message.status} data-id={message.id}>
      {editing ? (
        <form className="message__edit" onSubmit={submit} data-testid="edit-question-form">
          <label className="visually-hidden" htmlFor={`edit-${message.id}`}>
            Edit your question
          </label>
          <textarea
            id={`edit-${message.id}`}
            className="composer__input message__edit-input"
            value={text}
            autoFocus
            rows={3}
            maxLength={20_000}
            data-testid="edit-question-input"
            onChange={(event) => setText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') {
                event.preventDefault(); // Esc here cancels the edit, not an answer
                event.stopPropagation();
                cancel();
              } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) submit(event);
            }}
          />
          {confirming ? (
            <InlineConfirm
              question={<>Resending replaces the {later === 1 ? 'answer' : `${later} later messages`} after this question. Continue?</>}
              confirmLabel="Replace and resend"
              onConfirm={resend}
              onCancel={() => setConfirming(false)}
              testId="edit-confirmation"
            />
          ) : (
            <div className="message__edit-actions">
              <Button type="submit" variant="primary" disabled={!text.trim() || busy} data-testid="edit-question-send">
                Save and resend
              </Button>
              <Button onClick={cancel}>Cancel</Button>
            </div>
          )}
        </form>
      ) : (
        <>
          <div className="message__bubble" data-testid="message-content">
            {message.content}
          </div>
          <div className="message__actions message__actions--user">
            <CopyButton className="message__action" label="Copy" ariaLabel="Copy the question" testId="copy-question" getText={() => message.content} />
            <Button
              variant="ghost"
              className="message__action"
              disabled={busy}
              onClick={() => {
                setText(message.content);
                setEditing(true);
              }}
              data-testid="edit-question"
            >
              Edit
            </Button>
          </div>
        </>
      )}
    </article>
  );
});

/** Within this many pixels of the bottom counts as "at the bottom". */
const PIN_SLACK_PX = 48;


export function MessageList(): ReactNode {
  const messages = useChat((s) => s.messages);
  const error = useChat((s) => s.conversationError);
  const streaming = useChat((s) => selectOpenStreaming(s) !== null);
  const openId = useChat((s) => s.openId);
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);

  // new content (a message, a token, an opened panel) keeps the view at the bottom if it was there
  useEffect(() => {
    const outer = scroller.current;
    const inner = content.current;
    if (!outer || !inner) return;
    // Content growing, or our own scroll to the bottom, never moves the view up: only the user does, and that
    // unpins it until they come back down to the bottom.
    let lastTop = outer.scrollTop;
    const onScroll = (): void => {
      if (outer.scrollHeight - outer.scrollTop - outer.clientHeight < PIN_SLACK_PX) pinned.current = true;
      else if (outer.scrollTop < lastTop) pinned.current = false;
      lastTop = outer.scrollTop;
    };
    const onUnpin = (): void => {
      pinned.current = false;
    };
    const observer = new ResizeObserver(() => {
      if (pinned.current) outer.scrollTop = outer.scrollHeight;
    });
    outer.addEventListener('scroll', onScroll, { passive: true });
    outer.addEventListener(UNPIN_EVENT, onUnpin);
    observer.observe(inner);
    return () => {
      outer.removeEventListener('scroll', onScroll);
      outer.removeEventListener(UNPIN_EVENT, onUnpin);
      observer.disconnect();
    };
  }, []);

  // another conversation opens at its end
  useEffect(() => {
    pinned.current = true;
    const outer = scroller.current;
    if (outer) outer.scrollTop = outer.scrollHeight;
  }, [openId]);

  const empty = messages !== null && messages.length === 0 && !streaming;
  return (
    <div className="chat-messages" ref={scroller}>
      <div className="chat-messages__inner" ref={content} role="log" aria-label="Messages" aria-live="polite" aria-relevant="additions">
        {error ? (
          <p className="chat__error" role="alert">
            {error.message}
          </p>
        ) : null}
        {messages === null && !error ? <p className="chat__muted">Loading the conversation…</p> : null}
        {empty ? <ChatEmptyState /> : null}
        {messages?.map((m) => (m.role === 'user' ? <UserMessage key={m.id} message={m} /> : <AssistantMessage key={m.id} message={m} />))}
        <StreamingMessage />
      </div>
    </div>
  );
}
