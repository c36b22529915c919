// One finished answer: Markdown with citations, status badges, the metrics line, its error with the way out
// (Retry, Pull the model), "Answer without documents" after no context, Regenerate and Show prompt. Memoised:
// a streaming token elsewhere never re-renders it. Renderer.
import { memo, useCallback, type ReactNode } from 'react';
import type { ChatMessage } from '../../../../shared/contract/chat';
import { parseModelKey } from '../../../../shared/contract/models';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes } from '../../lib/format';
import { useChat } from '../../stores/StoresContext';
import { describeMetrics, errorTitle } from '../answers/answerFormat';
import { MarkdownAnswer } from '../answers/MarkdownAnswer';
import { PromptPanel } from '../answers/PromptPanel';
import { routeHref } from '../shell/routes';
import { describeGrounding } from '../trust/groundingMarks';
import { AnswerFeedbackBar } from '../feedback/AnswerFeedbackBar';

export const AssistantMessage = memo(function AssistantMessage({ message }: { message: ChatMessage }): ReactNode {
  const showSource = useChat((s) => s.showSource);
  const regenerate = useChat((s) => s.regenerate);
  const answerWithoutDocuments = useChat((s) => s.answerWithoutDocuments);
  const togglePrompt = useChat((s) => s.togglePrompt);
  const showAllPrompts = useChat((s) => s.showAllPrompts);
  const promptShown = useChat((s) => s.showAllPrompts || s.promptsShown.has(message.id));
  // one answer at a time per conversation
  const busy = useChat((s) => (s.openId ? s.streaming.has(s.openId) : false));
  const onCite = useCallback((n: number) => showSource(message.id, n), [showSource, message.id]);

  const stopped = message.status === 'incomplete' && message.error?.code === 'CANCELLED';
  const error = message.error && message.error.code !== 'CANCELLED' ? message.error : null;
  const template = message.promptTemplate ? `${message.promptTemplate.id}@${message.promptTemplate.version}` : null;

  return (
    <article className={`message message--assistant message--${message.status}`} data-testid="message" data-role="assistant" data-status={message.status} data-id={message.id}>
      <header className="message__header">
        <span className="message__author">Loci</span>
        {message.status === 'incomplete' ? (
          <Badge tone="warning" title="The answer stopped before the end; what arrived is kept.">
            Incomplete
          </Badge>
        ) : null}
        {message.status === 'streaming' ? (
          <Badge tone="neutral" title="This answer is being written (it is saved as it grows).">
            Being written
          </Badge>
        ) : null}
        {message.status === 'no-context' ? <Badge tone="neutral">Nothing relevant found</Badge> : null}
        {!message.grounded ? (
          <Badge tone="warning" title="Answered by the model alone, without your documents.">
            Not from your documents
          </Badge>
        ) : null}
        {message.status === 'error' ? <Badge tone="danger">Failed</Badge> : null}
      </header>

      {message.content ? <MarkdownAnswer text={message.content} passageCount={message.passages.length} onCite={onCite} grounding={message.grounding} /> : null}
      {stopped ? <p className="message__note">You stopped this answer.</p> : null}

      {message.status === 'no-context' ? (
        <div className="message__cta">
          <Button variant="primary" disabled={busy} onClick={() => void answerWithoutDocuments(message.id)} data-testid="answer-without-documents">
            Answer without documents
          </Button>
        </div>
      ) : null}

      {error ? <MessageError messageId={message.id} model={message.model} code={error.code} text={error.message} busy={busy} /> : null}

      <footer className="message__footer">
        {message.fallback ? (
          <p className="message__metrics message__fallback" data-testid="answer-fallback" title="The chosen model failed before its first token; the next model in Settings' fallback list answered.">
            {message.fallback.note}
          </p>
        ) : null}
        {message.searchedFor ? (
          <p className="message__metrics" data-testid="searched-for">
            searched for: {message.searchedFor}
          </p>
        ) : null}
        {message.metrics ? (
          <p className="message__metrics" data-testid="message-metrics">
            {describeMetrics(message.metrics)}
            {/* trust: the grounded share beside the metrics */}
            {describeGrounding(message.grounding) ? (
              <span className="grounding-share" data-testid="grounding-share" data-share={message.grounding?.groundedShare ?? ''} title="Share of the answer's factual sentences that the passages support; unsupported ones are underlined.">
                {' · '}
                {describeGrounding(message.grounding)}
              </span>
            ) : null}
          </p>
        ) : null}
        <div className="message__actions">
          {message.passages.length > 0 ? (
            <Button variant="ghost" className="message__action" onClick={() => showSource(message.id, null)} data-testid="show-sources">
              {message.passages.length} {message.passages.length === 1 ? 'source' : 'sources'}
            </Button>
          ) : null}
          {message.prompt.length > 0 ? (
            <Button variant="ghost" className="message__action" aria-expanded={promptShown} onClick={() => togglePrompt(message.id)} data-testid="show-prompt">
              {promptShown ? 'Hide prompt' : 'Show prompt'}
            </Button>
          ) : null}
          {message.status !== 'error' ? (
            <Button variant="ghost" className="message__action" disabled={busy} onClick={() => void regenerate(message.id)} data-testid="regenerate">
              <Icon name="refresh" size={14} />
              Regenerate
            </Button>
          ) : null}
          {message.status !== 'error' ? <AnswerFeedbackBar message={message} /> : null}
        </div>
      </footer>
      {promptShown && message.prompt.length > 0 ? <PromptPanel prompt={message.prompt} template={template} scrollIntoViewOnOpen={!showAllPrompts} /> : null}
    </article>
  );
});

interface MessageErrorProps {
  messageId: string;
  model: string | null;
  code: NonNullable<ChatMessage['error']>['code'];
  text: string;
  busy: boolean;
}

/** What went wrong with an answer, and the way out: Retry, or Pull a missing model (then it retries). */
function MessageError({ messageId, model, code, text, busy }: MessageErrorProps): ReactNode {
  const regenerate = useChat((s) => s.regenerate);
  const pullModel = useChat((s) => s.pullModel);
  const pull = useChat((s) => (model ? s.pulls.get(model) : undefined));
  // only Ollama pulls by name; a built-in model is a GGUF file added in Models
  const ollamaName = model !== null && parseModelKey(model).engine === 'ollama' ? parseModelKey(model).name : null;
  const canPull = code === 'MODEL_NOT_FOUND' && ollamaName !== null;
  const pulling = pull?.state === 'pulling';
  const progress = pull?.progress;

  return (
    <div className="message-error" role="alert" data-testid="message-error" data-code={code}>
      <Icon name="alert" className="message-error__icon" />
      <div className="message-error__body">
        <p className="message-error__title">{errorTitle(code)}</p>
        <p className="message-error__text">{text}</p>
        {code === 'MODEL_NOT_FOUND' && model !== null && ollamaName === null ? (
          <p className="message-error__hint">
            Add the model’s GGUF file in <a href={routeHref('models')}>Models</a>, or choose another model above.
          </p>
        ) : null}
        {code === 'OLLAMA_UNREACHABLE' ? (
          <p className="message-error__hint">
            Start Ollama (<code>ollama serve</code>, or open the Ollama app), then retry.
          </p>
        ) : null}
        {pulling ? (
          <ProgressBar
            value={progress?.percent ?? null}
            max={100}
            label={`Pulling ${ollamaName}`}
            testId="pull-progress"
            detail={
              progress
                ? `${progress.status}${progress.totalBytes ? ` · ${formatBytes(progress.completedBytes ?? 0)} of ${formatBytes(progress.totalBytes)}` : ''}`
                : `Pulling ${ollamaName}…`
            }
          />
        ) : null}
        {pull?.state === 'failed' && pull.error ? (
          <p className="message-error__text" data-testid="pull-error">
            Pulling {ollamaName} failed: {pull.error.message}
          </p>
        ) : null}
        <div className="message-error__actions">
          {canPull ? (
            <Button variant="primary" busy={pulling} disabled={busy} onClick={() => void pullModel(messageId)} data-testid="pull-model">
              {pulling ? `Pulling ${ollamaName}…` : `Pull ${ollamaName}`}
            </Button>
          ) : null}
          <Button variant={canPull ? 'secondary' : 'primary'} disabled={busy || pulling} onClick={() => void regenerate(messageId)} data-testid="retry">
            <Icon name="refresh" size={14} />
            Retry
          </Button>
        </div>
      </div>
    </div>
  );
}
