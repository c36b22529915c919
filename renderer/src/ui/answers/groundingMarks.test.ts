// Marking unsupported sentences for display: spans from the report's offsets, through Markdown and citations.
import { renderToStaticMarkup } from 'react-dom/server';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import type { GroundingReport } from '../../../../shared/contract/trust';
import { MarkdownAnswer } from './MarkdownAnswer';
import { describeGrounding, markAnswer } from './groundingMarks';

const answer = 'Tomatoes need sun [1]. They were bred **in 1987** by Dr. Finch [1]. Water daily.';
const report: GroundingReport = {
  sentences: [
    { start: 0, end: 22, cited: [1], verdict: 'supported', supportedBy: [1], score: 1, reason: null },
    { start: 23, end: 67, cited: [1], verdict: 'unsupported', supportedBy: [], score: 0.2, reason: 'not found in [1] (number 1987 missing)' },
    { start: 68, end: 80, cited: [], verdict: 'uncited', supportedBy: [1], score: 0.9, reason: 'no citation; matches [1]' },
  ],
  checked: 3,
  groundedShare: 2 / 3,
  verifiedWithModel: false,
  checkMs: 1,
};

describe('grounding marks', () => {
  it('wraps the unsupported and uncited spans, keeping the text', () => {
    const marked = markAnswer(answer, report);
    expect(marked.reasons).toEqual(['not found in [1] (number 1987 missing)', 'no citation; matches [1]']);
    expect(marked.text.replace(/[\ue100-\ue1ff\ue0ff]/g, '')).toBe(answer);
  });

  it('renders a titled span across emphasis, with the citation still a button', () => {
    const html = renderToStaticMarkup(createElement(MarkdownAnswer, { text: answer, passageCount: 1, grounding: report }));
    expect(html).toContain('<span class="grounding-unsupported" title="not found in [1] (number 1987 missing)" data-testid="grounding-unsupported">They were bred </span><strong><span class="grounding-unsupported" title="not found in [1] (number 1987 missing)" data-testid="grounding-unsupported">in 1987</span></strong>');
    expect(html).toContain('title="no citation; matches [1]"');
    expect(html.match(/data-testid="citation"/g)).toHaveLength(2);
    expect(html).not.toMatch(/[\ue100-\ue1ff\ue0ff]/);
  });

  it('ignores a report that does not fit the text, and says the share', () => {
    expect(markAnswer('short', report)).toEqual({ text: 'short', reasons: [] });
    expect(describeGrounding(report)).toBe('grounded 67% (2 of 3 sentences)');
    expect(describeGrounding(null)).toBeNull();
  });
});
