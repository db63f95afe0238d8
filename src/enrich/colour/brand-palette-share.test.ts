import { describe, expect, it } from 'vitest';
import { measuredShare, shareCase, shareTolerance, textureDistanceToPalette } from './test-palette-shares.ts';

describe('palette rule share error on pictures with known brand shares', () => {
  it('keeps texture colours far from the palette (the painted share is the true share)', () => {
    expect(textureDistanceToPalette()).toBeGreaterThan(shareTolerance + 5);
  });

  it.each([0, 1, 2, 3, 4, 5])('case %i: measured share within 3 percentage points of the painted share', async (i) => {
    const picture = await shareCase(i, { width: 512, height: 384 });
    const share = await measuredShare(picture.jpeg);
    expect(
      Math.abs(share - picture.knownShare),
      `${picture.name}: measured ${share}, painted ${picture.knownShare}`,
    ).toBeLessThanOrEqual(0.03);
  });
});
