// The grounding check on hand-made answers: sentence offsets, citation forms, verdicts and reasons, the grounded
// share, and the model's second opinion through a plain generate function.
import { describe, expect, it } from 'vitest';
import { splitAnswer } from './answerSentences';
import { checkGrounding } from './groundingCheck';

const passages = [
  { text: 'The Panthers defense gave up just 308 points, ranking sixth in the league. Kawann Short led the team in sacks with 11.' },
  { text: 'Super Bowl 50 was played at Levi\'s Stadium in Santa Clara, California, on February 7, 2016.' },
];

describe('splitAnswer', () => {
  it('keeps offsets into the answer and attaches trailing citations to the sentence before them', () => {
    const answer = 'The defense gave up 308 points. [1] It was played in Santa Clara [2][1].\n\n- Short led in sacks [1, 2]';
    const sentences = splitAnswer(answer);
    expect(sentences.map((s) => answer.slice(s.start, s.end))).toEqual(['The defense gave up 308 points.', 'It was played in Santa Clara [2][1].', 'Short led in sacks [1, 2]']);
    expect(sentences.map((s) => s.cited)).toEqual([[1], [2, 1], [1, 2]]);
    expect(sentences[1]!.text).toBe('It was played in Santa Clara .');
  });

  it('does not split after abbreviations or before lowercase, and skips code blocks', () => {
    const answer = 'Teams, e.g. the Panthers, played. J. Smith said so.\n```\nconst x = 1. Two;\n```\nDone here.';
    expect(splitAnswer(answer).map((s) => answer.slice(s.start, s.end))).toEqual(['Teams, e.g. the Panthers, played.', 'J. Smith said so.', 'Done here.']);
  });
});

describe('checkGrounding', () => {
  it('marks a wrong number, a misattribution and an uncited claim, and computes the grounded share', async () => {
    const answer = [
      'The Panthers defense gave up just 308 points [1].',
      'The Panthers defense gave up just 39 points [1].',
      "Super Bowl 50 was played at Levi's Stadium [1].",
      'Kawann Short led the team in sacks with 11.',
      'I cannot find the halftime show in your documents.',
    ].join(' ');
    const report = await checkGrounding({ answer, passages });
    const [a, b, c, d, e] = report.sentences;
    expect(a).toMatchObject({ verdict: 'supported', cited: [1], supportedBy: [1], reason: null });
    expect(b).toMatchObject({ verdict: 'unsupported', reason: 'not found in [1] (number 39 missing)' });
    expect(answer.slice(b!.start, b!.end)).toBe('The Panthers defense gave up just 39 points [1].');
    expect(c).toMatchObject({ verdict: 'unsupported' });
    expect(c!.reason).toMatch(/^not found in \[1\].*; matches \[2\]$/);
    expect(d).toMatchObject({ verdict: 'uncited', cited: [], supportedBy: [1], reason: 'no citation; matches [1]' });
    expect(e).toMatchObject({ verdict: 'skipped' });
    expect(report.checked).toBe(4);
    expect(report.groundedShare).toBe(0.5);
    expect(report.verifiedWithModel).toBe(false);
  });

  it('says when a sentence cites a passage that was not given, or nothing supports an uncited claim', async () => {
    const report = await checkGrounding({ answer: 'The Panthers won the title [7]. Denver hired a new coach in March.', passages });
    expect(report.sentences[0]).toMatchObject({ verdict: 'unsupported', reason: 'cites [7], which the answer was not given' });
    expect(report.sentences[1]).toMatchObject({ verdict: 'unsupported', reason: 'no citation, and not found in any passage' });
    expect(report.groundedShare).toBe(0);
  });

  it('gives no share for an answer without claims', async () => {
    const report = await checkGrounding({ answer: 'The provided passages do not answer this question.', passages });
    expect(report.groundedShare).toBeNull();
    expect(report.checked).toBe(0);
  });

  it('asks the model about doubtful sentences only and follows its verdict', async () => {
    const asked: string[] = [];
    // a paraphrase the words check rejects (few shared words); the model accepts it
    const answer = 'Carolina conceded merely 308 points overall, sixth best [1]. The Panthers defense gave up just 308 points, ranking sixth in the league [1].';
    const local = await checkGrounding({ answer, passages });
    expect(local.sentences[0]!.verdict).toBe('unsupported');
    const report = await checkGrounding({
      answer,
      passages,
      verify: { generate: async (prompt) => (asked.push(prompt), /Carolina conceded/.test(prompt) ? 'YES, it does.' : 'NO'), signal: new AbortController().signal },
    });
    expect(report.verifiedWithModel).toBe(true);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('[1] The Panthers defense gave up just 308 points');
    expect(report.sentences[0]).toMatchObject({ verdict: 'supported', reason: null });
    expect(report.sentences[1]!.verdict).toBe('supported');
  });

  it('keeps the local verdict when the model fails', async () => {
    const report = await checkGrounding({
      answer: 'Carolina conceded merely 308 points overall [1].',
      passages,
      verify: { generate: () => Promise.reject(new Error('engine down')), signal: new AbortController().signal },
    });
    expect(report.verifiedWithModel).toBe(false);
    expect(report.sentences[0]!.verdict).toBe('unsupported');
  });
});
