// One finished answer: Markdown with citations, status badges, the metrics line, its error with the way out
// (Retry, Pull the model), "Answer without documents" after no context, Regenerate, Copy (Markdown or text), the
// versions pager (‹ 2/3 ›, each version with its own metrics) and Show prompt. Memoised:
// a streaming token elsewhere never re-renders it. Renderer.
import { memo, useCallback, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { ChatMessage } from '../../../../shared/contract/chat';
import { parseModelKey } from '../../../../shared/contract/models';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { Icon } from '../../components/Icon';
import { ProgressBar } from '../../components/ProgressBar';
import { formatBytes } from '../../lib/format';
import { shownVersionOf } from '../../stores/answerViewStore';
import { selectModelPull } from '../../stores/chatStore';
import { useAnswerView, useChat, useCitations, useModels } from '../../stores/StoresContext';
import { markdownToPlainText } from '../../ui/answers/plainText';
import { describeCached, describeMetrics, describeRoute, errorTitle } from '../../ui/answers/answerFormat';
import { MarkdownAnswer } from '../../ui/answers/MarkdownAnswer';
import { PromptPanel } from '../../ui/answers/PromptPanel';
import { StageBreakdown } from '../../ui/answers/StageBreakdown';
import { routeHref } from '../../lib/routes';
import { describeGrounding } from '../../ui/answers/groundingMarks';
import { AnswerFeedbackBar } from '../../ui/answers/AnswerFeedbackBar';

export const AssistantMessage = memo(function AssistantMessage({ message: latest }: { message: ChatMessage }): ReactNode {
  const wanted = useAnswerView((s) => s.versionShown.get(latest.id));
  const showVersion = useAnswerView((s) => s.showVersion);
  // the version on screen; actions (Regenerate, Retry, feedback) always act on the latest
  const { version: message, n, total } = shownVersionOf(latest, wanted);
  const isLatest = n === total;
  const showSource = useCitations((s) => s.showSource);
  const regenerate = useChat((s) => s.regenerate);
  const answerWithoutDocuments = useChat((s) => s.answerWithoutDocuments);
  const answerFresh = useChat((s) => s.answerFresh);
  const togglePrompt = useAnswerView((s) => s.togglePrompt);
  const showAllPrompts = useAnswerView((s) => s.showAllPrompts);
  const promptShown = useAnswerView((s) => s.showAllPrompts || s.promptsShown.has(message.id));
  // one answer at a time per conversation
  const busy = useChat((s) => (s.openId ? s.streaming.has(s.openId) : false));
  const onCite = useCallback((n: number) => showSource(message.id, n), [showSource, message.id]);

  const stopped = message.status === 'incomplete' && message.error?.code === 'CANCELLED';
  const error = message.error && message.error.code !== 'CANCELLED' ? message.error : null;
  const template = message.promptTemplate ? `${message.promptTemplate.id}@${message.promptTemplate.version}` : null;

  return (
    <article className={`message message--assistant message--${message.status}`} data-testid="message" data-role="assistant" data-status={message.status} data-id={latest.id} data-version-id={message.id}>
      <header className="message__header">
        <span className="message__author">Loci</span>
        {total > 1 ? (
          <span className="message__versions" role="group" aria-label="Answer versions" data-testid="answer-versions">
            <Button variant="ghost" className="message__version-step" aria-label="Previous version" disabled={n === 1} onClick={() => showVersion(latest.id, n - 2)} data-testid="version-previous">
              ‹
            </Button>
            <span data-testid="version-label" aria-live="polite">
              {n}/{total}
            </span>
            <Button variant="ghost" className="message__version-step" aria-label="Next version" disabled={n === total} onClick={() => showVersion(latest.id, n)} data-testid="version-next">
              ›
            </Button>
          </span>
        ) : null}
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
        {message.cached ? (
          <Badge tone="neutral" title="Served from the answer cache: the same question was answered before, over the same documents, model and settings.">
            <span data-testid="cached-badge">Cached</span>
          </Badge>
        ) : null}
      </header>

      {message.content ? <MarkdownAnswer text={message.content} passageCount={message.passages.length} onCite={onCite} grounding={message.grounding} /> : null}
      {stopped ? <p className="message__note">You stopped this answer.</p> : null}

      {message.status === 'no-context' ? (
        <div className="message__cta">
          <Button variant="primary" disabled={busy || !isLatest} onClick={() => void answerWithoutDocuments(latest.id)} data-testid="answer-without-documents">
            Answer without documents
          </Button>
        </div>
      ) : null}

      {error ? <MessageError messageId={latest.id} model={message.model} code={error.code} text={error.message} busy={busy} /> : null}

      <footer className="message__footer">
        {message.cached ? (
          <div className="message__cached" data-testid="cached-answer">
            <span className="message__metrics" data-testid="cached-label">
              {describeCached(message.cached)}
            </span>
            <Button variant="secondary" className="message__action" disabled={busy} onClick={() => void answerFresh(latest.id)} data-testid="answer-fresh">
              <Icon name="refresh" size={14} />
              Answer fresh
            </Button>
          </div>
        ) : null}
        {message.route ? (
          <p className="message__metrics" data-testid="answer-route" data-tier={message.route.tier}>
            {describeRoute(message.route)}
          </p>
        ) : null}
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
        {message.metrics?.stages ? <StageBreakdown stages={message.metrics.stages} /> : null}
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
          {message.content ? (
            <>
              <CopyButton className="message__action" label="Copy" ariaLabel="Copy the answer as Markdown" testId="copy-markdown" getText={() => message.content} />
              <CopyButton className="message__action" label="Copy as text" ariaLabel="Copy the answer as plain text" testId="copy-text" getText={() => markdownToPlainText(message.content)} />
            </>
          ) : null}
          {latest.status !== 'error' ? (
            <Button variant="ghost" className="message__action" disabled={busy} onClick={() => void regenerate(latest.id)} data-testid="regenerate" title="Write the answer again; this one stays as a version">
              <Icon name="refresh" size={14} />
              Regenerate
            </Button>
          ) : null}
          {latest.status !== 'error' && isLatest ? <AnswerFeedbackBar message={latest} /> : null}
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
  // the models store owns every pull: one started in Models shows here too
  const pull = useModels(useShallow((s) => (model ? selectModelPull(s, model) : null)));
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
