// "Search your library": a query, the retrieval mode, and the top passages with their scores and timings; the
// same retrieval chat uses. Renderer.
import { memo, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Passage, SearchMode } from '../../../../shared/contract/library';
import { Button } from '../../components/Button';
import { Icon } from '../../components/Icon';
import { formatMs } from '../../lib/format';
import { useLibrarySearch } from '../../stores/StoresContext';

const MODES: ReadonlyArray<{ value: SearchMode; label: string; hint: string }> = [
  { value: 'hybrid', label: 'Hybrid', hint: 'Meaning and keywords combined' },
  { value: 'vector', label: 'Meaning', hint: 'Passages that mean something similar' },
  { value: 'fts', label: 'Keywords', hint: 'Passages that contain the words' },
];

/** Passages longer than this get a "Show more" (the text is clamped to a few lines). */
const LONG_PASSAGE = 280;

export function LibrarySearch(): ReactNode {
  const { query, mode, searching, results, error, setQuery, setMode, runSearch } = useLibrarySearch(
    useShallow((s) => ({
      query: s.search.query,
      mode: s.search.mode,
      searching: s.search.searching,
      results: s.search.results,
      error: s.search.error,
      setQuery: s.setSearchQuery,
      setMode: s.setSearchMode,
      runSearch: s.runSearch,
    })),
  );
  const inputId = useId();
  const modeId = useId();
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void runSearch();
  };

  return (
    <section className="library-search" aria-labelledby="library-search-title" data-testid="library-search">
      <h2 id="library-search-title">Search your library</h2>
      <form className="library-search__form" role="search" onSubmit={submit}>
        <label className="visually-hidden" htmlFor={inputId}>
          Search your library
        </label>
        <div className="library-search__box">
          <Icon name="search" size={16} className="library-search__icon" />
          <input
            id={inputId}
            className="library-search__input"
            type="search"
            value={query}
            placeholder="What do your documents say about…"
            autoComplete="off"
            onChange={(event) => setQuery(event.target.value)}
            data-testid="library-search-input"
          />
        </div>
        <label className="visually-hidden" htmlFor={modeId}>
          Search mode
        </label>
        <select
          id={modeId}
          className="field__select library-search__mode"
          value={mode}
          onChange={(event) => {
            const next = MODES.find((m) => m.value === event.target.value);
            if (next) setMode(next.value);
          }}
          title={MODES.find((m) => m.value === mode)?.hint}
          data-testid="library-search-mode"
        >
          {MODES.map((m) => (
            <option key={m.value} value={m.value}>
              {m.label}
            </option>
          ))}
        </select>
        <Button type="submit" variant="primary" busy={searching} data-testid="library-search-submit">
          Search
        </Button>
      </form>

      {error ? (
        <p className="library__error" role="alert" data-testid="library-search-error">
          {error.message}
        </p>
      ) : null}

      {results ? (
        <div className="library-search__results" aria-live="polite">
          <p className="library-search__meta" data-testid="library-search-meta">
            {results.passages.length === 0
              ? `Nothing matched “${results.query}”.`
              : `${results.passages.length} ${results.passages.length === 1 ? 'passage' : 'passages'}`}{' '}
            · {formatMs(results.embedMs + results.searchMs)} (embedding {formatMs(results.embedMs)}, search {formatMs(results.searchMs)})
          </p>
          <ol className="library-search__list">
            {results.passages.map((passage, index) => (
              <SearchResult key={passage.chunkId} passage={passage} rank={index + 1} />
            ))}
          </ol>
        </div>
      ) : null}
    </section>
  );
}

const formatScore = (score: number): string => (Math.abs(score) >= 10 ? score.toFixed(1) : score.toFixed(3));

const SearchResult = memo(function SearchResult({ passage, rank }: { passage: Passage; rank: number }): ReactNode {
  const [expanded, setExpanded] = useState(false);
  const long = passage.text.length > LONG_PASSAGE;
  const textId = useId();
  return (
    <li className="search-result" data-testid="search-result" data-document={passage.documentName}>
      <div className="search-result__head">
        <span className="search-result__rank">{rank}</span>
        <span className="search-result__doc">{passage.documentName}</span>
        {passage.page !== null ? <span className="search-result__page">p. {passage.page}</span> : null}
        {passage.headingPath.length > 0 ? <span className="search-result__headings">{passage.headingPath.join(' › ')}</span> : null}
      </div>
      <p id={textId} className={expanded || !long ? 'search-result__text' : 'search-result__text search-result__text--clamped'}>
        {passage.text}
      </p>
      <div className="search-result__foot">
        <span className="search-result__scores" title="Fused rank score; cosine similarity of the vectors; BM25 keyword score">
          score {formatScore(passage.score)}
          {passage.vectorScore !== null ? ` · meaning ${formatScore(passage.vectorScore)}` : ''}
          {passage.textScore !== null ? ` · keywords ${formatScore(passage.textScore)}` : ''}
        </span>
        {long ? (
          <button type="button" className="link-button" aria-expanded={expanded} aria-controls={textId} onClick={() => setExpanded(!expanded)}>
            {expanded ? 'Show less' : 'Show more'}
          </button>
        ) : null}
      </div>
    </li>
  );
});
