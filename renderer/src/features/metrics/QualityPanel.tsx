// The Metrics quality panel: thumbs-down rate, regenerates, grounded share, unsupported-sentence rate, "nothing
// relevant" rate and injection flags by model or prompt version, with one row per day or week so a drift shows.
// Renderer.
import { useEffect, type ReactNode } from 'react';
import { modelLabel } from '../../../../shared/contract/models';
import type { QualityBucket, QualityFigures, QualityGroupBy } from '../../../../shared/contract/quality';
import { DataTable, type DataTableColumn } from '../../components/DataTable';
import { SegmentedControl, type SegmentedOption } from '../../components/SegmentedControl';
import { useMetrics, useQuality } from '../../stores/StoresContext';
import { useSectionTarget } from '../../lib/useHashRoute';
import './quality.css';

const GROUP_OPTIONS: readonly SegmentedOption<QualityGroupBy>[] = [
  { value: 'model', label: 'By model' },
  { value: 'prompt', label: 'By prompt version' },
];
const BUCKET_OPTIONS: readonly SegmentedOption<QualityBucket>[] = [
  { value: 'day', label: 'Per day' },
  { value: 'week', label: 'Per week' },
];
const COLUMNS: readonly DataTableColumn[] = [
  { key: 'group', header: 'Group' },
  { key: 'period', header: 'Period' },
  { key: 'answers', header: 'Answers', numeric: true },
  { key: 'down', header: 'Thumbs down', numeric: true, title: 'Thumbs down over rated answers (latest rating per answer)' },
  { key: 'regen', header: 'Regenerated', numeric: true, title: 'Answers asked again (a weak negative)' },
  { key: 'grounded', header: 'Grounded', numeric: true, title: 'Mean share of factual sentences the passages support' },
  { key: 'unsupported', header: 'Unsupported', numeric: true, title: 'Unsupported sentences over checked sentences' },
  { key: 'nothing', header: 'Nothing relevant', numeric: true, title: 'Answers where retrieval found nothing relevant' },
  { key: 'flags', header: 'Injection flags', numeric: true, title: 'Retrievals with a flagged passage (by model only)' },
];

const pct = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)}%`);
const period = (start: number, bucket: QualityBucket): string => {
  const from = new Date(start).toISOString().slice(0, 10);
  return bucket === 'day' ? from : `${from} – ${new Date(start + 6 * 86_400_000).toISOString().slice(0, 10)}`;
};

function FigureCells({ f }: { f: QualityFigures }): ReactNode {
  return (
    <>
      <td className="data-table__num" data-col="answers">{f.answers}</td>
      <td className="data-table__num" data-col="down" title={`${f.down} of ${f.up + f.down} rated`}>
        {pct(f.thumbsDownRate)}
      </td>
      <td className="data-table__num" data-col="regen">{f.regenerated}</td>
      <td className="data-table__num" data-col="grounded">{pct(f.groundedShare)}</td>
      <td className="data-table__num" data-col="unsupported">{pct(f.unsupportedRate)}</td>
      <td className="data-table__num" data-col="nothing">{pct(f.nothingRelevantRate)}</td>
      <td className="data-table__num" data-col="flags">{f.injectionFlags}</td>
    </>
  );
}

export function QualityPanel(): ReactNode {
  const target = useSectionTarget<HTMLElement>('quality');
  const range = useMetrics((s) => s.range);
  const load = useQuality((s) => s.load);
  const report = useQuality((s) => s.report);
  const error = useQuality((s) => s.error);
  const groupBy = useQuality((s) => s.groupBy);
  const bucket = useQuality((s) => s.bucket);
  const setGroupBy = useQuality((s) => s.setGroupBy);
  const setBucket = useQuality((s) => s.setBucket);
  useEffect(() => void load(range), [load, range]);

  return (
    <section ref={target} tabIndex={-1} className="quality-panel" aria-labelledby="quality-title" data-testid="quality-panel" data-section="quality">
      <header className="quality-panel__header">
        <h2 id="quality-title">Answer quality</h2>
        <SegmentedControl label="Group" value={groupBy} options={GROUP_OPTIONS} onChange={(v) => void setGroupBy(v)} testId="quality-group" />
        <SegmentedControl label="Period" value={bucket} options={BUCKET_OPTIONS} onChange={(v) => void setBucket(v)} testId="quality-bucket" />
      </header>
      {error ? (
        <p className="metrics__error" role="alert">
          Could not load answer quality: {error.message}
        </p>
      ) : null}
      {report ? (
        <div className="table-scroller">
          <DataTable columns={COLUMNS} caption="Answer quality" className="data-table--compact" testId="quality-table" emptyText={report.overall.answers === 0 ? 'No chat answers in this range yet.' : null}>
            {report.overall.answers > 0 ? (
              <tr data-testid="quality-overall">
                <th scope="row">All</th>
                <td>whole range</td>
                <FigureCells f={report.overall} />
              </tr>
            ) : null}
            {report.groups.flatMap((g) => [
              <tr key={`${g.key}-all`} data-testid="quality-group-row" data-key={g.key ?? ''}>
                <th scope="row">{g.key === null ? 'unknown' : groupBy === 'model' ? modelLabel(g.key) : g.key}</th>
                <td>whole range</td>
                <FigureCells f={g.figures} />
              </tr>,
              ...g.series.map((s) => (
                <tr key={`${g.key}-${s.start}`} className="quality-panel__bucket" data-testid="quality-bucket-row">
                  <td />
                  <td>{period(s.start, bucket)}</td>
                  <FigureCells f={s.figures} />
                </tr>
              )),
            ])}
          </DataTable>
        </div>
      ) : null}
    </section>
  );
}
