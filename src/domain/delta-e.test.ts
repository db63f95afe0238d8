import { differenceCiede2000 } from 'culori';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deltaE2000 } from './delta-e.ts';

/** Sharma, Wu & Dalal (2005), Table 1: Lab pairs with their published CIEDE2000 differences. */
const sharma: Array<[[number, number, number], [number, number, number], number]> = [
  [[50, 2.6772, -79.7751], [50, 0, -82.7485], 2.0425],
  [[50, 3.1571, -77.2803], [50, 0, -82.7485], 2.8615],
  [[50, 2.8361, -74.02], [50, 0, -82.7485], 3.4412],
  [[50, -1.3802, -84.2814], [50, 0, -82.7485], 1.0],
  [[50, 0, 0], [50, -1, 2], 2.3669],
  [[50, -1, 2], [50, 0, 0], 2.3669],
  [[50, 2.49, -0.001], [50, -2.49, 0.0009], 7.1792],
  [[50, 2.49, -0.001], [50, -2.49, 0.001], 7.2195],
  [[50, -0.001, 2.49], [50, 0.0009, -2.49], 4.8045],
  [[50, 2.5, 0], [73, 25, -18], 27.1492],
  [[50, 2.5, 0], [50, 3.1736, 0.5854], 1.0],
  [[60.2574, -34.0099, 36.2677], [60.4626, -34.1751, 39.4387], 1.2644],
  [[22.7233, 20.0904, -46.694], [23.0331, 14.973, -42.5619], 2.0373],
  [[90.8027, -2.0831, 1.441], [91.1528, -1.6435, 0.0447], 1.4441],
  [[2.0776, 0.0795, -1.135], [0.9033, -0.0636, -0.5514], 0.9082],
];

const lab = ([l, a, b]: [number, number, number]) => ({ l, a, b });

describe('deltaE2000', () => {
  it.each(sharma)('matches Sharma et al. for %j vs %j', (x, y, expected) => {
    expect(deltaE2000(lab(x), lab(y))).toBeCloseTo(expected, 4);
  });

  it('is zero for identical colours and symmetric', () => {
    const labArb = fc.record({
      l: fc.double({ min: 0, max: 100, noNaN: true }),
      a: fc.double({ min: -128, max: 127, noNaN: true }),
      b: fc.double({ min: -128, max: 127, noNaN: true }),
    });
    fc.assert(
      fc.property(labArb, labArb, (x, y) => {
        expect(deltaE2000(x, x)).toBe(0);
        expect(deltaE2000(x, y)).toBeCloseTo(deltaE2000(y, x), 9);
        expect(deltaE2000(x, y)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('agrees with culori on the same Lab values', () => {
    // culori converts its inputs to lab65 first; handing it lab65-tagged values skips that conversion.
    const reference = differenceCiede2000();
    fc.assert(
      fc.property(
        fc.tuple(
          fc.double({ min: 0, max: 100, noNaN: true }),
          fc.double({ min: -100, max: 100, noNaN: true }),
          fc.double({ min: -100, max: 100, noNaN: true }),
          fc.double({ min: 0, max: 100, noNaN: true }),
          fc.double({ min: -100, max: 100, noNaN: true }),
          fc.double({ min: -100, max: 100, noNaN: true }),
        ),
        ([l1, a1, b1, l2, a2, b2]) => {
          const expected = reference({ mode: 'lab65', l: l1, a: a1, b: b1 }, { mode: 'lab65', l: l2, a: a2, b: b2 });
          expect(deltaE2000({ l: l1, a: a1, b: b1 }, { l: l2, a: a2, b: b2 })).toBeCloseTo(expected, 6);
        },
      ),
    );
  });
});
