import { act, render, screen } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settleMs, useFlicking } from './flicking.ts';

function Scroller() {
  const ref = useRef<HTMLDivElement>(null);
  const flicking = useFlicking(ref);
  return (
    <div ref={ref} data-testid="scroller">
      {flicking ? 'flicking' : 'still'}
    </div>
  );
}

describe('useFlicking', () => {
  let now = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const scrollTo = (element: HTMLElement, top: number, afterMs: number) =>
    act(() => {
      now += afterMs;
      element.scrollTop = top;
      element.dispatchEvent(new Event('scroll'));
    });

  it('is true while the scroll runs faster than a person looks, and false once it settles', () => {
    render(<Scroller />);
    const scroller = screen.getByTestId('scroller');
    expect(scroller.textContent).toBe('still');
    // 120 px a frame: 7,200 px/s.
    scrollTo(scroller, 120, 16);
    scrollTo(scroller, 240, 16);
    expect(scroller.textContent).toBe('flicking');
    act(() => void vi.advanceTimersByTime(settleMs + 1));
    expect(scroller.textContent).toBe('still');
  });

  it('stays false for a slow scroll (reading down the results)', () => {
    render(<Scroller />);
    const scroller = screen.getByTestId('scroller');
    // 10 px a frame: 600 px/s.
    for (let i = 1; i <= 20; i++) scrollTo(scroller, 10 * i, 16);
    expect(scroller.textContent).toBe('still');
  });
});
