/**
 * The results as a virtualised grid or list (@tanstack/react-virtual): only the rows in view, plus a few, are in the
 * page; the next keyset page is asked for as the last loaded row comes near. Each result links to its asset page
 * and offers "More like this". Keyboard: arrows move between results, Space or x ticks the focused one, Shift with an
 * arrow ticks the range as it goes.
 */
import { Link } from '@tanstack/react-router';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { AssetThumb } from '../../ui/AssetThumb.tsx';
import type { SearchAnswer } from './Facets.tsx';
import styles from './Library.module.css';
import { isSelected, type Selection } from './selection.ts';
import { useFlicking } from './flicking.ts';

export type Hit = SearchAnswer['items'][number];
export type View = 'grid' | 'list';

const minCell = 180;
const gap = 12;
const listRow = 76;

function useWidth(ref: React.RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

export interface ResultsGridProps {
  items: readonly Hit[];
  view: View;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => void;
  selection: Selection;
  /** A tick on the item at `index`; `range`: from the anchor to it. */
  onToggle: (index: number, range: boolean) => void;
}

export function ResultsGrid({ items, view, hasMore, loadingMore, onLoadMore, selection, onToggle }: ResultsGridProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const width = useWidth(scroller);
  const flicking = useFlicking(scroller);
  const inner = Math.max(0, width - 2 * gap);
  const columns = view === 'list' ? 1 : Math.max(1, Math.floor((inner + gap) / (minCell + gap)));
  const cellWidth = view === 'list' ? inner : (inner - gap * (columns - 1)) / columns;
  const rowHeight = view === 'list' ? listRow : Math.round(cellWidth) + 70 + gap;
  const rowCount = Math.ceil(items.length / columns);
  // The virtualiser's functions are read fresh on every render; this component is not memoised by the compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rowCount + (hasMore ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 3,
    paddingStart: gap,
    // Rows follow the scroll in React's next render, not a synchronous one inside each scroll event.
    useFlushSync: false,
  });
  useEffect(() => virtualizer.measure(), [virtualizer, rowHeight, columns]);
  const rows = virtualizer.getVirtualItems();
  const lastRow = rows[rows.length - 1]?.index ?? -1;
  useEffect(() => {
    if (hasMore && !loadingMore && lastRow >= rowCount - 3) onLoadMore();
  }, [hasMore, loadingMore, lastRow, rowCount, onLoadMore]);

  const focusIndex = (index: number) => {
    virtualizer.scrollToIndex(Math.floor(index / columns), { align: 'auto' });
    // The row may be rendered only after the scroll: focus once it is there.
    const attempt = (tries: number) => {
      const link = scroller.current?.querySelector<HTMLElement>(`[data-index="${index}"] a`);
      if (link) link.focus();
      else if (tries > 0) requestAnimationFrame(() => attempt(tries - 1));
    };
    requestAnimationFrame(() => attempt(5));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!cell || event.ctrlKey || event.metaKey || event.altKey) return;
    const index = Number(cell.dataset.index);
    const moves: Record<string, number> = {
      ArrowRight: 1,
      ArrowLeft: -1,
      ArrowDown: columns,
      ArrowUp: -columns,
    };
    const step = moves[event.key];
    if (step !== undefined) {
      const next = index + step;
      if (next < 0 || next >= items.length) return;
      event.preventDefault();
      if (event.shiftKey) {
        if (selection.anchor === undefined) onToggle(index, false);
        onToggle(next, true);
      }
      focusIndex(next);
    } else if ((event.key === ' ' || event.key === 'x') && (event.target as HTMLElement).tagName === 'A') {
      event.preventDefault();
      onToggle(index, event.shiftKey);
    }
  };

  return (
    <div
      ref={scroller}
      className={styles.scroller}
      role="region"
      aria-label="Results"
      // Scrollable by keyboard (axe: a scrolling region must be reachable).
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="results"
    >
      <div className={styles.sizer} style={{ height: virtualizer.getTotalSize() }}>
        {rows.map((row) => (
          <div
            key={row.key}
            className={view === 'list' ? styles.listRow : styles.gridRow}
            style={{
              transform: `translateY(${row.start}px)`,
              height: rowHeight - (view === 'list' ? 0 : gap),
              gridTemplateColumns: view === 'list' ? undefined : `repeat(${columns}, minmax(0, 1fr))`,
            }}
          >
            {row.index >= rowCount ? (
              <p className="muted" role="status">
                Loading more…
              </p>
            ) : (
              items
                .slice(row.index * columns, (row.index + 1) * columns)
                .map((hit, i) => (
                  <ResultCell
                    key={hit.asset.id}
                    hit={hit}
                    index={row.index * columns + i}
                    view={view}
                    selected={isSelected(selection, hit.asset.id)}
                    onToggle={onToggle}
                    deferThumbnail={flicking}
                  />
                ))
            )}
          </div>
        ))}
      </div>
    </div>
  );
}

/** Memoised: the grid re-renders on every scroll frame, a cell only when its own props change. */
const ResultCell = memo(function ResultCell({
  hit,
  index,
  view,
  selected,
  onToggle,
  deferThumbnail,
}: {
  hit: Hit;
  index: number;
  view: View;
  selected: boolean;
  onToggle: (index: number, range: boolean) => void;
  deferThumbnail: boolean;
}) {
  const { asset } = hit;
  const click = (event: MouseEvent<HTMLInputElement>) => onToggle(index, event.shiftKey);
  return (
    <div className={view === 'list' ? styles.listCell : styles.cell} data-index={index} data-selected={selected}>
      <input
        type="checkbox"
        className={styles.tick}
        aria-label={`Select ${asset.title}`}
        checked={selected}
        onClick={click}
        // The click above decides (it knows about Shift); React wants a handler for a controlled checkbox.
        onChange={() => undefined}
      />
      <Link to="/assets/$assetId" params={{ assetId: asset.id }} className={styles.cellLink}>
        <AssetThumb
          assetId={asset.id}
          title=""
          thumbhash={hit.thumbhash}
          defer={deferThumbnail}
          className={view === 'list' ? styles.listThumb : styles.thumb}
        />
        <span className={styles.cellTitle}>{asset.title}</span>
      </Link>
      <div className={styles.cellMeta}>
        <span className="badge">{asset.status.replace(/_/g, ' ')}</span>
        {view === 'list' && (
          <>
            {asset.model && <span className="small">{asset.model}</span>}
            {asset.campaign && <span className="small muted">{asset.campaign.name}</span>}
            <span className="small muted">{asset.createdAt.slice(0, 10)}</span>
          </>
        )}
        <Link to="/" search={{ like: asset.id }} className={`small ${styles.moreLike}`}>
          More like this<span className="visually-hidden">: {asset.title}</span>
        </Link>
      </div>
    </div>
  );
});
