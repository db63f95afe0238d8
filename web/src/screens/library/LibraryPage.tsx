/**
 * The library: the query bar, facets with counts that follow the query, a colour filter, saved searches and
 * collections beside the results, and the results as a virtualised grid or list with infinite scroll over keyset
 * pages, a total, multi-select and bulk actions. The URL holds the query, "more like this" and the view.
 */
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { Loading } from '../../ui/Loading.tsx';
import { BulkBar } from './BulkBar.tsx';
import { Facets } from './Facets.tsx';
import styles from './Library.module.css';
import { facetsQuery, resultsQuery } from './library-api.ts';
import { QueryBar, QueryError, queryProblem } from './QueryBar.tsx';
import { ResultsGrid, type View } from './ResultsGrid.tsx';
import { libraryRoute } from './routes.tsx';
import { selectedCount, useSelection } from './selection.ts';
import { SidePanel } from './SidePanel.tsx';

export default function LibraryPage() {
  const search = libraryRoute.useSearch();
  const navigate = useNavigate({ from: '/' });
  const q = search.q ?? '';
  const like = search.like;
  const view: View = search.view ?? 'grid';

  const results = useInfiniteQuery(resultsQuery(q, like));
  // Counting facets over a large library takes longer than a page of results (seconds over 100,000 assets, and the
  // embedded SQLite answers one request at a time): asked once the first page is shown, so it never waits for them.
  const facets = useQuery({ ...facetsQuery(q, like), enabled: !results.isPending });
  const items = useMemo(() => results.data?.pages.flatMap((page) => page.items) ?? [], [results.data]);
  const ids = useMemo(() => items.map((hit) => hit.asset.id), [items]);
  const { selection, toggle, selectAll, clear } = useSelection(`${q}\u0000${like ?? ''}`);
  // With "more like this" the answer is one page: its count is what is shown.
  const total = like ? items.length : facets.data?.total;

  const setQuery = (next: string) => void navigate({ search: (prev) => ({ ...prev, q: next || undefined }) });
  const setView = (next: View) => void navigate({ search: (prev) => ({ ...prev, view: next }), replace: true });
  const onToggle = useCallback((index: number, range: boolean) => toggle(ids, index, range), [toggle, ids]);
  const { fetchNextPage } = results;
  const loadMore = useCallback(() => void fetchNextPage(), [fetchNextPage]);

  const known = useMemo(() => {
    const f = facets.data?.facets;
    const names = (list: { value: string; label?: string }[] | undefined) =>
      (list ?? []).map((e) => e.label ?? e.value);
    return { model: names(f?.model), tool: names(f?.tool), campaign: names(f?.campaign), team: names(f?.team) };
  }, [facets.data]);

  const canonical = results.data?.pages[0]?.query;
  const problem = queryProblem(results.error);

  return (
    <section className={styles.library}>
      <h1 className="visually-hidden">Library</h1>
      <QueryBar value={q} onSubmit={setQuery} known={known} />
      {like && (
        <p className={`row ${styles.likeLine}`}>
          <span>
            Showing assets that look like{' '}
            <Link to="/assets/$assetId" params={{ assetId: like }}>
              this asset
            </Link>
            {q && <> within the query</>}.
          </span>
          <Link to="/" search={(prev) => ({ ...prev, like: undefined })} className="button">
            Stop “more like this”
          </Link>
        </p>
      )}
      <div className={styles.layout}>
        <aside className={styles.side} aria-label="Filters, saved searches and collections">
          <h2>Filters</h2>
          {facets.isPending ? (
            <Loading label="Counting…" />
          ) : facets.isError ? (
            queryProblem(facets.error) ? (
              <p className="muted small">Fix the query to see the counts.</p>
            ) : (
              <ErrorMessage error={facets.error} onRetry={() => void facets.refetch()} />
            )
          ) : (
            <Facets
              query={q}
              facets={facets.data.facets ?? {}}
              approximate={facets.data.approximate}
              onChange={setQuery}
            />
          )}
          <SidePanel query={q} canonical={canonical} />
        </aside>
        <div className={styles.main}>
          <div className={styles.toolbar}>
            <p className={styles.total} aria-live="polite">
              {results.isSuccess && total !== undefined ? (
                <>
                  {!like && facets.data?.approximate && 'about '}
                  <strong>{total.toLocaleString()}</strong> {total === 1 ? 'result' : 'results'}
                  {q && !like && (
                    <span className="muted">
                      {' '}
                      for <code>{canonical ?? q}</code>
                    </span>
                  )}
                </>
              ) : (
                ' '
              )}
            </p>
            <fieldset className={styles.viewSwitch}>
              <legend className="visually-hidden">View</legend>
              {(['grid', 'list'] as const).map((v) => (
                <label key={v} className={view === v ? styles.viewOn : undefined}>
                  <input type="radio" name="view" value={v} checked={view === v} onChange={() => setView(v)} />
                  {v === 'grid' ? 'Grid' : 'List'}
                </label>
              ))}
            </fieldset>
          </div>
          <BulkBar
            q={q}
            like={like}
            selection={selection}
            count={selectedCount(selection, total)}
            total={total}
            loaded={items.length}
            onSelectAll={selectAll}
            onClear={clear}
          />
          {results.isPending ? (
            <Loading label="Searching…" />
          ) : results.isError && items.length === 0 ? (
            problem ? (
              <QueryError query={q} error={results.error} />
            ) : (
              <ErrorMessage error={results.error} onRetry={() => void results.refetch()} />
            )
          ) : items.length === 0 ? (
            <div className="card">
              <p>Nothing matches {q ? <code>{q}</code> : 'yet'}.</p>
              {q && (
                <p className="muted">
                  Try fewer words or filters, or <Link to="/">show the whole library</Link>.
                </p>
              )}
            </div>
          ) : (
            <>
              <ResultsGrid
                items={items}
                view={view}
                hasMore={results.hasNextPage}
                loadingMore={results.isFetchingNextPage}
                onLoadMore={loadMore}
                selection={selection}
                onToggle={onToggle}
              />
              {results.isError && (
                <ErrorMessage
                  title="The next results could not be loaded"
                  error={results.error}
                  onRetry={() => void results.fetchNextPage()}
                />
              )}
            </>
          )}
        </div>
      </div>
    </section>
  );
}
