import { useEffect, useState, type RefObject } from 'react';

/**
 * Whether the results are being flicked through faster than anyone can look at them (over `flickSpeed` px/s, until
 * `settleMs` pass without such a scroll). While they are, cells keep their thumbhash placeholder and ask for no
 * thumbnail: a flick through thousands of results would otherwise start (and the browser handle) a request and an image
 * decode for every cell that flies past, which costs the frames the scrolling needs. State changes only when a flick
 * starts or settles, so the cells re-render twice per flick, not per frame.
 */
export const flickSpeed = 1500;
export const settleMs = 150;

export function useFlicking(ref: RefObject<HTMLElement | null>): boolean {
  const [flicking, setFlicking] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    let lastTop = element.scrollTop;
    let lastAt = performance.now();
    let settle: ReturnType<typeof setTimeout> | undefined;
    const onScroll = () => {
      const now = performance.now();
      const speed = (Math.abs(element.scrollTop - lastTop) * 1000) / Math.max(1, now - lastAt);
      lastTop = element.scrollTop;
      lastAt = now;
      if (speed < flickSpeed) return;
      setFlicking(true);
      clearTimeout(settle);
      settle = setTimeout(() => setFlicking(false), settleMs);
    };
    element.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      element.removeEventListener('scroll', onScroll);
      clearTimeout(settle);
    };
  }, [ref]);
  return flicking;
}
