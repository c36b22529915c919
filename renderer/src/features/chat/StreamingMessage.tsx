// The answer being written in the open conversation: what phase it is in, then its text as it arrives. The only
// part of the list a token re-renders. Renderer.
import { useCallback, type ReactNode } from 'react';
import { Badge } from '../../components/Badge';
import { selectOpenStreaming, type StreamingAnswer } from '../../stores/chatStore';
import { useChat, useCitations } from '../../stores/StoresContext';
import { MarkdownAnswer } from '../../ui/answers/MarkdownAnswer';

const phaseLabel = (answer: StreamingAnswer): string => {
  if (answer.stopping) return 'Stopping…';
  switch (answer.phase) {
    case 'retrieving':
      return answer.withoutDocuments ? 'Preparing…' : 'Searching your documents…';
    case 'waiting':
      return answer.assistant?.model ? `Waiting for ${answer.assistant.model}…` : 'Waiting for the model…';
    case 'generating':
      return 'Writing…';
  }
};

export function StreamingMessage(): ReactNode {
  const answer = useChat(selectOpenStreaming);
  const showSource = useCitations((s) => s.showSource);
  const answerId = answer?.assistant?.id ?? null;
  const onCite = useCallback(
    (n: number) => {
      if (answerId) showSource(answerId, n);
    },
    [showSource, answerId],
  );
  if (!answer) return null;
  const passages = answer.assistant?.passages.length ?? 0;
  return (
    <article className="message message--assistant message--streaming" data-testid="streaming-message" data-phase={answer.phase} aria-busy="true">
      <header className="message__header">
        <span className="message__author">Loci</span>
        <Badge tone="pending">{phaseLabel(answer)}</Badge>
        {answer.withoutDocuments ? <Badge tone="warning">Not from your documents</Badge> : null}
        {answer.phase !== 'retrieving' && passages > 0 ? (
          <span className="message__note">
            from {passages} {passages === 1 ? 'passage' : 'passages'}
          </span>
        ) : null}
      </header>
      {answer.content ? <MarkdownAnswer text={answer.content} passageCount={passages} onCite={onCite} /> : <div className="message__typing" aria-hidden="true" />}
    </article>
  );
}
