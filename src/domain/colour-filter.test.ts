import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  deltaE2000SearchBox,
  matchesColourFilter,
  parseColourFilter,
  type ColourFilter,
  type LabBox,
} from './colour-filter.ts';
import { deltaE2000 } from './delta-e.ts';
import { isProvenaError } from './errors.ts';
import { hexToLab, rgbToLab, type Lab } from './lab.ts';

const problemsOf = (run: () => unknown): { field: string; problem: string }[] => {
  try {
    run();
  } catch (error) {
    if (isProvenaError(error) && error.code === 'VALIDATION_FAILED') {
      return (error.details as { problems: { field: string; problem: string }[] }).problems;
    }
    throw error;
  }
  throw new Error('expected VALIDATION_FAILED');
};

describe('parseColourFilter', () => {
  it('reads a family (any case, gray and cyan as aliases) with the default share', () => {
    expect(parseColourFilter({ colour: ' Red ' })).toEqual({ kind: 'family', family: 'red', minShare: 0.1 });
    expect(parseColourFilter({ colour: 'gray', share: 0.5 })).toEqual({
      kind: 'family',
      family: 'grey',
      minShare: 0.5,
    });
    expect(parseColourFilter({ colour: 'cyan' })).toMatchObject({ family: 'teal' });
  });

  it('reads a hex colour, with or without # and in short form, into its Lab and the default tolerance', () => {
    const filter = parseColourFilter({ colour: '#F60' });
    expect(filter).toMatchObject({ kind: 'near', hex: '#ff6600', maxDeltaE: 10, minShare: 0.1 });
    expect(filter.kind === 'near' && filter.lab).toEqual(hexToLab('#ff6600'));
    expect(parseColourFilter({ colour: '336699', tolerance: 3 })).toMatchObject({ hex: '#336699', maxDeltaE: 3 });
  });

  it('refuses unknown names, malformed hex and out-of-range numbers, naming the allowed values', () => {
    for (const colour of ['redd', '#ff66', '#gg0000', '', 'rgb(1,2,3)', '#ff0000ff']) {
      const [problem] = problemsOf(() => parseColourFilter({ colour }));
      expect(problem?.field).toBe('colour');
      expect(problem?.problem).toContain(
        'red, orange, yellow, green, teal, blue, purple, pink, brown, black, grey, white',
      );
      expect(problem?.problem).toContain('#ff6600');
    }
    const problems = problemsOf(() => parseColourFilter({ colour: 'nope', share: 1.5, tolerance: -1 }));
    expect(problems.map((p) => p.field)).toEqual(['colour', 'colourShare', 'colourTolerance']);
    expect(problemsOf(() => parseColourFilter({ colour: 'red', share: Number.NaN }))[0]?.field).toBe('colourShare');
  });
});

describe('matchesColourFilter', () => {
  const orange = { lab: hexToLab('#ff6a00'), share: 0.3, family: 'orange' as const };

  it('matches a family at or above the share', () => {
    const filter: ColourFilter = { kind: 'family', family: 'orange', minShare: 0.3 };
    expect(matchesColourFilter(filter, orange)).toBe(true);
    expect(matchesColourFilter(filter, { ...orange, share: 0.29 })).toBe(false);
    expect(matchesColourFilter({ ...filter, family: 'red' }, orange)).toBe(false);
  });

  it('matches a hex colour within the CIEDE2000 tolerance', () => {
    const near = parseColourFilter({ colour: '#ff6600' });
    expect(matchesColourFilter(near, orange)).toBe(true);
    expect(matchesColourFilter(near, { ...orange, lab: hexToLab('#0066ff') })).toBe(false);
    expect(matchesColourFilter(parseColourFilter({ colour: '#ff6600', tolerance: 0.5 }), orange)).toBe(false);
  });
});

describe('deltaE2000SearchBox', () => {
  const inside = (box: LabBox, lab: Lab) =>
    lab.l >= box.l[0] &&
    lab.l <= box.l[1] &&
    lab.a >= box.a[0] &&
    lab.a <= box.a[1] &&
    lab.b >= box.b[0] &&
    lab.b <= box.b[1];
  const channel = fc.integer({ min: 0, max: 255 });
  const srgb = fc.tuple(channel, channel, channel).map(([r, g, b]) => rgbToLab(r, g, b));

  it('holds every sRGB colour within the tolerance (random pairs and nearby pairs)', () => {
    fc.assert(
      fc.property(srgb, srgb, fc.double({ min: 0, max: 50, noNaN: true }), (x, y, tolerance) => {
        if (deltaE2000(x, y) <= tolerance) expect(inside(deltaE2000SearchBox(x, tolerance), y)).toBe(true);
      }),
      { numRuns: 3000 },
    );
    // Points on the tolerance boundary along random rays: where a box that is too small would first fail.
    const unit = fc.double({ min: -1, max: 1, noNaN: true });
    fc.assert(
      fc.property(srgb, unit, unit, unit, fc.constantFrom(2, 10, 15), (x, ul, ua, ub, tolerance) => {
        const norm = Math.hypot(ul, ua, ub);
        if (norm < 1e-3) return;
        const at = (t: number) => ({ l: x.l + (t * ul) / norm, a: x.a + (t * ua) / norm, b: x.b + (t * ub) / norm });
        let inner = 0;
        let outer = 400;
        for (let i = 0; i < 40; i++) {
          const mid = (inner + outer) / 2;
          if (deltaE2000(x, at(mid)) <= tolerance) inner = mid;
          else outer = mid;
        }
        const y = at(inner);
        if (y.l < 0 || y.l > 100) return; // not a colour: stored palettes have L in 0..100
        expect(inside(deltaE2000SearchBox(x, tolerance), y)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('narrows lightness always, and a and b for small tolerances around low chroma', () => {
    const box = deltaE2000SearchBox({ l: 50, a: 0, b: 0 }, 10);
    expect(box.l[1] - box.l[0]).toBeLessThan(40);
    expect(box.a[1]).toBeLessThan(100);
    expect(Number.isFinite(deltaE2000SearchBox({ l: 50, a: 0, b: 0 }, 50).a[0])).toBe(false);
  });
});
