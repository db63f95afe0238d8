/**
 * The zoomable preview: the picture fitted to the viewer, zoomed with the buttons, the wheel or + / − / 0, panned by
 * dragging or with the arrow keys (when the viewer has focus), and the marks of EvidenceOverlay drawn with it (they
 * zoom and pan with the picture). In annotate mode a drag draws a rectangle instead, handed back in fractions of the
 * picture's width and height (what comments store). The view is the caller's, so two viewers can share one (compare).
 */
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
} from 'react';
import type { Region } from './asset-data.ts';
import { EvidenceOverlay, type OverlayBox, type Size } from './EvidenceOverlay.tsx';
import styles from './AssetPage.module.css';

export interface View {
  zoom: number;
  x: number;
  y: number;
}
export const initialView: View = { zoom: 1, x: 0, y: 0 };
const minZoom = 1;
const maxZoom = 8;
const step = 1.25;
const panStep = 48;

export const zoomed = (view: View, factor: number): View => {
  const zoom = Math.min(maxZoom, Math.max(minZoom, view.zoom * factor));
  return zoom === minZoom ? initialView : { zoom, x: (view.x * zoom) / view.zoom, y: (view.y * zoom) / view.zoom };
};
export const panned = (view: View, dx: number, dy: number): View =>
  view.zoom === 1 ? view : { ...view, x: view.x + dx, y: view.y + dy };

/** The largest size of `aspect` that fits in `box`. */
function fit(box: Size, picture: Size): Size {
  if (box.width <= 0 || box.height <= 0 || picture.width <= 0 || picture.height <= 0) return { width: 0, height: 0 };
  const scale = Math.min(box.width / picture.width, box.height / picture.height);
  return { width: picture.width * scale, height: picture.height * scale };
}

export interface ZoomViewerProps {
  src: string;
  alt: string;
  /** The original picture's size (boxes are in its pixels); the image's own size until known. */
  original?: Size;
  boxes: OverlayBox[];
  view: View;
  onViewChange: (view: View) => void;
  label: string;
  /** Drag draws a region instead of panning. */
  annotate?: boolean;
  onRegion?: (region: Region) => void;
  /** Shown over the picture while annotating. */
  draft?: Region;
  onDraft?: (region: Region | undefined) => void;
  className?: string;
  /** When the picture could be shown (its first load). */
  onReady?: () => void;
  /** Drawn over the picture, under the boxes (a mask the size of the picture). */
  underlay?: ReactNode;
}

export function ZoomViewer({
  src,
  alt,
  original,
  boxes,
  view,
  onViewChange,
  label,
  annotate = false,
  onRegion,
  draft,
  onDraft,
  className,
  onReady,
  underlay,
}: ZoomViewerProps) {
  const frame = useRef<HTMLDivElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState<Size>({ width: 0, height: 0 });
  const [natural, setNatural] = useState<Size | undefined>();
  const [failed, setFailed] = useState(false);
  const drag = useRef<{ x: number; y: number; view: View; fx: number; fy: number } | undefined>(undefined);
  const current = useRef({ view, onViewChange });
  useEffect(() => {
    current.current = { view, onViewChange };
  });

  useLayoutEffect(() => {
    const element = frame.current;
    if (!element) return;
    const measure = () => setBox({ width: element.clientWidth, height: element.clientHeight });
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // The wheel zooms the picture, not the page: a listener that may prevent the page's scroll (React's is passive).
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const { view: v, onViewChange: change } = current.current;
      change(zoomed(v, event.deltaY < 0 ? step : 1 / step));
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  // Drawing starts from a button elsewhere on the page: bring the picture into view.
  useEffect(() => {
    if (!annotate) return;
    frame.current?.scrollIntoView?.({ block: 'nearest' });
    // And to the keyboard: the picture takes the focus, where Enter places a region.
    frame.current?.focus({ preventScroll: true });
  }, [annotate]);

  const picture = original ?? natural ?? { width: 4, height: 3 };
  const shown = fit(box, picture);

  const fraction = useCallback((clientX: number, clientY: number) => {
    const rect = stage.current?.getBoundingClientRect();
    if (!rect || rect.width === 0 || rect.height === 0) return { fx: 0, fy: 0 };
    const clamp = (n: number) => Math.min(1, Math.max(0, n));
    return { fx: clamp((clientX - rect.left) / rect.width), fy: clamp((clientY - rect.top) / rect.height) };
  }, []);

  const regionBetween = (a: { fx: number; fy: number }, b: { fx: number; fy: number }): Region => {
    const round = (n: number) => Math.round(n * 10_000) / 10_000;
    const x = round(Math.min(a.fx, b.fx));
    const y = round(Math.min(a.fy, b.fy));
    return { x, y, w: round(Math.min(1 - x, Math.abs(a.fx - b.fx))), h: round(Math.min(1 - y, Math.abs(a.fy - b.fy))) };
  };

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    const { fx, fy } = fraction(event.clientX, event.clientY);
    drag.current = { x: event.clientX, y: event.clientY, view, fx, fy };
    event.currentTarget.setPointerCapture?.(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    if (annotate) {
      onDraft?.(regionBetween(start, fraction(event.clientX, event.clientY)));
      return;
    }
    onViewChange(panned(start.view, event.clientX - start.x, event.clientY - start.y));
  };
  const onPointerUp = (event: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    drag.current = undefined;
    if (!start || !annotate) return;
    const region = regionBetween(start, fraction(event.clientX, event.clientY));
    if (region.w >= 0.01 && region.h >= 0.01) onRegion?.(region);
    else onDraft?.(undefined);
  };

  /** Drawing by keyboard: Enter places a region, arrows move it, Shift+arrows size it, Enter keeps it, Escape drops it. */
  const annotateKey = (event: KeyboardEvent<HTMLDivElement>): boolean => {
    const nudge = 0.02;
    const round = (n: number) => Math.round(n * 10_000) / 10_000;
    if (event.key === 'Enter') {
      if (draft) onRegion?.(draft);
      else onDraft?.({ x: 0.375, y: 0.375, w: 0.25, h: 0.25 });
      return true;
    }
    if (event.key === 'Escape') {
      onDraft?.(undefined);
      return true;
    }
    const arrows: Record<string, [number, number]> = {
      ArrowLeft: [-nudge, 0],
      ArrowRight: [nudge, 0],
      ArrowUp: [0, -nudge],
      ArrowDown: [0, nudge],
    };
    const arrow = arrows[event.key];
    if (!arrow || !draft) return false;
    const [dx, dy] = arrow;
    if (event.shiftKey) {
      const w = round(Math.min(1 - draft.x, Math.max(nudge, draft.w + dx)));
      const h = round(Math.min(1 - draft.y, Math.max(nudge, draft.h + dy)));
      onDraft?.({ ...draft, w, h });
    } else {
      const x = round(Math.min(1 - draft.w, Math.max(0, draft.x + dx)));
      const y = round(Math.min(1 - draft.h, Math.max(0, draft.y + dy)));
      onDraft?.({ ...draft, x, y });
    }
    return true;
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (annotate && annotateKey(event)) {
      event.preventDefault();
      return;
    }
    const moves: Record<string, [number, number]> = {
      ArrowLeft: [panStep, 0],
      ArrowRight: [-panStep, 0],
      ArrowUp: [0, panStep],
      ArrowDown: [0, -panStep],
    };
    const move = moves[event.key];
    let next: View | undefined;
    if (move) next = panned(view, move[0], move[1]);
    else if (event.key === '+' || event.key === '=') next = zoomed(view, step);
    else if (event.key === '-') next = zoomed(view, 1 / step);
    else if (event.key === '0') next = initialView;
    if (!next) return;
    event.preventDefault();
    onViewChange(next);
  };

  const draftBox: OverlayBox[] = draft
    ? [
        {
          id: 'draft',
          kind: 'draft',
          label: 'New region',
          box: {
            x: draft.x * picture.width,
            y: draft.y * picture.height,
            width: draft.w * picture.width,
            height: draft.h * picture.height,
          },
          highlighted: true,
        },
      ]
    : [];

  return (
    <div className={`${styles.viewer} ${className ?? ''}`}>
      <div className={styles.zoomBar} role="toolbar" aria-label={`${label}: zoom`}>
        <button type="button" onClick={() => onViewChange(zoomed(view, 1 / step))} disabled={view.zoom <= minZoom}>
          <span aria-hidden="true">−</span>
          <span className="visually-hidden">Zoom out</span>
        </button>
        <output className={styles.zoomLevel} aria-live="polite" aria-label={`${label}: zoom level`}>
          {Math.round(view.zoom * 100)} %
        </output>
        <button type="button" onClick={() => onViewChange(zoomed(view, step))} disabled={view.zoom >= maxZoom}>
          <span aria-hidden="true">+</span>
          <span className="visually-hidden">Zoom in</span>
        </button>
        <button type="button" onClick={() => onViewChange(initialView)} disabled={view.zoom === 1}>
          Fit
        </button>
      </div>
      <div
        ref={frame}
        className={styles.frame}
        data-annotate={annotate ? 'true' : undefined}
        tabIndex={0}
        role="group"
        aria-roledescription="zoomable image"
        aria-label={
          annotate
            ? `${label}, drawing a region: Enter places it, arrow keys move it, Shift and arrow keys size it, Enter keeps it, Escape removes it.`
            : `${label}. Plus and minus zoom, 0 fits, arrow keys pan.`
        }
        onKeyDown={onKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = undefined)}
      >
        <div
          ref={stage}
          className={styles.stage}
          style={{
            width: shown.width,
            height: shown.height,
            left: (box.width - shown.width) / 2,
            top: (box.height - shown.height) / 2,
            transform: `translate(${view.x}px, ${view.y}px) scale(${view.zoom})`,
          }}
        >
          {failed ? (
            <p className={styles.noPreview}>No preview of this version.</p>
          ) : (
            <img
              src={src}
              alt={alt}
              draggable={false}
              onLoad={(e) => {
                setNatural({ width: e.currentTarget.naturalWidth, height: e.currentTarget.naturalHeight });
                onReady?.();
              }}
              onError={() => setFailed(true)}
            />
          )}
          {!failed && underlay}
          <EvidenceOverlay boxes={[...boxes, ...draftBox]} original={picture} displayed={shown} />
        </div>
      </div>
    </div>
  );
}
