// The question box: Enter sends, Shift+Enter starts a new line; Stop while an answer is written. The text is the
// open conversation's draft, saved as it is typed. Renderer.
import { useRef, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { selectOpenStreaming } from '../../stores/chatStore';
import { useChat, useChatDraft } from '../../stores/StoresContext';

export function Composer(): ReactNode {
  const draft = useChatDraft((s) => s.draft);
  const setDraft = useChatDraft((s) => s.setDraft);
  const send = useChat((s) => s.send);
  const stop = useChat((s) => s.stop);
  const streaming = useChat((s) => selectOpenStreaming(s) !== null);
  const stopping = useChat((s) => selectOpenStreaming(s)?.stopping ?? false);
  const failure = useChat((s) => (s.sendFailure && s.sendFailure.conversationId === s.openId ? s.sendFailure.error : null));
  const dismissFailure = useChat((s) => s.dismissSendFailure);
  const input = useRef<HTMLTextAreaElement>(null);
  const canSend = !streaming && draft.trim().length > 0;

  const submit = (event?: FormEvent): void => {
    event?.preventDefault();
    if (canSend) void send(draft);
    input.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form className="composer" onSubmit={submit} aria-label="Ask a question">
      {failure ? (
        <div className="composer__error" role="alert" data-testid="send-error" data-code={failure.code}>
          <span>
            {failure.message}
            {draft.trim() ? ' — your question is still in the box.' : ''}
          </span>
          <Button variant="ghost" onClick={dismissFailure}>
            Dismiss
          </Button>
        </div>
      ) : null}
      <div className="composer__row">
        <label className="visually-hidden" htmlFor="chat-input">
          Your question
        </label>
        <textarea
          id="chat-input"
          ref={input}
          className="composer__input"
          rows={1}
          value={draft}
          placeholder="Ask about your documents…  (Enter to send, Shift+Enter for a new line)"
          data-testid="chat-input"
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
        {streaming ? (
          <Button busy={stopping} onClick={stop} data-testid="chat-stop">
            Stop
          </Button>
        ) : null}
        <Button type="submit" variant="primary" disabled={!canSend} data-testid="chat-send">
          Send
        </Button>
      </div>
    </form>
  );
}
