// A flagged passage in the sources: the reason it was flagged (prompt injection), and the list of flagged passages
// kept out of the answer. Presentational. Renderer.
import type { ReactNode } from 'react';
import type { Passage } from '../../../../shared/contract/library';
import type { PassageFlag } from '../../../../shared/contract/trust';
import './trust.css';

export function PassageFlagNote({ flag }: { flag: PassageFlag }): ReactNode {
  return (
    <span className="source__flag" data-testid="source-flag" data-kinds={flag.kinds.join(' ')} data-excluded={flag.excluded} title="This passage holds text that tries to instruct the model.">
      {flag.excluded ? 'Kept out of the answer' : 'Flagged'}: {flag.reason}
    </span>
  );
}

export function WithheldSources({ passages }: { passages: readonly Passage[] }): ReactNode {
  if (passages.length === 0) return null;
  return (
    <section className="sources__withheld" data-testid="withheld-sources" aria-label="Passages kept out of the answer">
      <p className="sources__lead">
        {passages.length} {passages.length === 1 ? 'passage was' : 'passages were'} found but kept out of the answer: {passages.length === 1 ? 'it tries' : 'they try'} to instruct the model.
      </p>
      <ul className="sources__withheld-list">
        {passages.map((p) => (
          <li key={p.chunkId} className="source source--withheld" data-testid="source" data-withheld="true" data-flagged="true" data-document={p.documentName}>
            <span className="source__body">
              <span className="source__document">{p.documentName}</span>
              {p.flag ? <PassageFlagNote flag={p.flag} /> : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
