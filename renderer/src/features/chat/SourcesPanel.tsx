// The right column: the passages an answer was given, numbered as the answer cites them; a clicked citation is
// highlighted and scrolled to, and a passage opens in the passage viewer. Renderer.
import { useEffect, useRef, type ReactNode } from 'react';
import type { Passage } from '../../../../shared/contract/library';
import { selectSourcesMessage } from '../../stores/chatStore';
import { useChat, useCitations } from '../../stores/StoresContext';
import { passageLocation, snippet } from '../../ui/answers/answerFormat';
import { PassageFlagNote, WithheldSources } from '../../ui/answers/PassageFlag';

export function SourcesPanel(): ReactNode {
  const chosen = useCitations((s) => s.sourcesMessageId);
  const message = useChat((s) => selectSourcesMessage(s, chosen));
  const highlighted = useCitations((s) => (message && s.sourcesMessageId === message.id ? s.highlighted : null));
  const openPassage = useCitations((s) => s.openPassage);

  return (
    <aside className="sources" aria-labelledby="sources-title" data-testid="sources-panel" data-message={message?.id}>
      <h2 id="sources-title" className="sources__title">
        Sources
      </h2>
      {message ? (
        <>
          <p className="sources__lead">
            {message.passages.length} {message.passages.length === 1 ? 'passage' : 'passages'} given to {message.model ?? 'the model'}, numbered as the answer cites them.
          </p>
          <ol className="sources__list">
            {message.passages.map((p, i) => (
              <SourceItem key={p.chunkId} passage={p} n={i + 1} highlighted={highlighted === i + 1} onOpen={() => void openPassage(message.id, i + 1)} />
            ))}
          </ol>
          {/* trust: flagged passages kept out of the prompt */}
          <WithheldSources passages={message.withheldPassages ?? []} />
        </>
      ) : (
        <p className="sources__lead">The passages behind an answer appear here. Click a citation like [1] to find its passage.</p>
      )}
    </aside>
  );
}

function SourceItem({ passage, n, highlighted, onOpen }: { passage: Passage; n: number; highlighted: boolean; onOpen(): void }): ReactNode {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [highlighted]);
  const where = passageLocation(passage);
  return (
    <li>
      <button
        ref={ref}
        type="button"
        className={highlighted ? 'source source--highlighted' : 'source'}
        data-testid="source"
        data-n={n}
        data-document={passage.documentName}
        data-highlighted={highlighted}
        data-flagged={passage.flag ? 'true' : undefined}
        aria-current={highlighted ? 'true' : undefined}
        title="Show this passage in its document"
        onClick={onOpen}
      >
        <span className="source__n">{n}</span>
        <span className="source__body">
          <span className="source__document">{passage.documentName}</span>
          {where ? <span className="source__where">{where}</span> : null}
          <span className="source__snippet">{snippet(passage.text)}</span>
          {passage.flag ? <PassageFlagNote flag={passage.flag} /> : null}
        </span>
      </button>
    </li>
  );
}
