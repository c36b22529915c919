// An answer rendered as Markdown (GFM: lists, tables, code), never as raw HTML; its [n] markers become citation
// buttons. Links to the web open in the user's browser (the shell's window-open handler); images are not fetched.
// Renderer.
import { createContext, memo, useContext, useMemo, useRef, type CSSProperties, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { GroundingReport } from '../../../../shared/contract/trust';
import { markAnswer, rehypeGroundingMarks } from './groundingMarks';
import './trust.css';
import { CopyButton } from '../../components/CopyButton';
import { citationNumber, linkCitations } from './citations';
import './answers.css';

/** What a citation button does: show passage n of this answer. */
const CiteContext = createContext<((n: number) => void) | null>(null);

const REMARK_PLUGINS = [remarkGfm];

function Citation({ n }: { n: number }): ReactNode {
  const onCite = useContext(CiteContext);
  return (
    <button type="button" className="citation" data-testid="citation" data-n={n} aria-label={`Source ${n}`} onClick={() => onCite?.(n)}>
      {n}
    </button>
  );
}

// [Note: no inline styles] GFM table alignment arrives as a style prop; the CSP allows only stylesheets, so it
// becomes a class.
const alignClass = (style: CSSProperties | undefined): string | undefined => (style?.textAlign ? `markdown__align-${String(style.textAlign)}` : undefined);

/** A code block with its own Copy button (copies the code as shown, without the fences). */
function CodeBlock({ children }: { children?: ReactNode }): ReactNode {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div className="markdown__code" data-testid="code-block">
      <CopyButton className="markdown__code-copy" label="Copy" ariaLabel="Copy code" testId="copy-code" getText={() => pre.current?.textContent ?? ''} />
      <pre ref={pre}>{children}</pre>
    </div>
  );
}

const COMPONENTS: Components = {
  pre: ({ children }) => <CodeBlock>{children}</CodeBlock>,
  a({ href, children }) {
    const n = citationNumber(href);
    if (n !== null) return <Citation n={n} />;
    if (href && /^https?:\/\//i.test(href)) {
      return (
        <a href={href} target="_blank" rel="noreferrer noopener">
          {children}
        </a>
      );
    }
    return <span className="markdown__link">{children}</span>;
  },
  img: ({ alt }) => <span className="markdown__image">{alt ? `[image: ${alt}]` : '[image]'}</span>,
  th: ({ style, children }) => <th className={alignClass(style)}>{children}</th>,
  td: ({ style, children }) => <td className={alignClass(style)}>{children}</td>,
};

export interface MarkdownAnswerProps {
  text: string;
  /** How many passages the answer had: [n] beyond it stays text. */
  passageCount: number;
  onCite?: (n: number) => void;
  /** The grounding check's report: unsupported sentences get a subtle underline with the reason as title. */
  grounding?: GroundingReport | null | undefined;
}

export const MarkdownAnswer = memo(function MarkdownAnswer({ text, passageCount, onCite, grounding }: MarkdownAnswerProps): ReactNode {
  const marked = useMemo(() => markAnswer(text, grounding), [text, grounding]);
  const rehypePlugins = useMemo(() => (marked.reasons.length > 0 ? [rehypeGroundingMarks(marked.reasons)] : []), [marked]);
  return (
    <CiteContext value={onCite ?? null}>
      <div className="markdown" data-testid="message-content">
        <Markdown remarkPlugins={REMARK_PLUGINS} rehypePlugins={rehypePlugins} components={COMPONENTS}>
          {linkCitations(marked.text, passageCount)}
        </Markdown>
      </div>
    </CiteContext>
  );
});
