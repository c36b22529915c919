// The open conversation's messages (each finished one memoised), the answer being written, and the empty state.
// Keeps the view pinned to the bottom while the user is there. Renderer.
import { memo, useEffect, useRef, type ReactNode } from 'react';
import type { ChatMessage } from '../../../../shared/contract/chat';
import { selectOpenStreaming } from '../../stores/chatStore';
import { useChat } from '../../stores/StoresContext';
import { AssistantMessage } from './AssistantMessage';
import { ChatEmptyState } from './ChatEmptyState';
import { UNPIN_EVENT } from '../answers/revealInList';
import { StreamingMessage } from './StreamingMessage';

const UserMessage = memo(function UserMessage({ message }: { message: ChatMessage }): ReactNode {
  return (
    <article className="message message--user" data-testid="message" data-role="user" data-status={message.status} data-id={message.id}>
      <div className="message__bubble" data-testid="message-content">
        {message.content}
      </div>
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
