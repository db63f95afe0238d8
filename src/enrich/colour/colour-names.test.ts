import { describe, expect, it } from 'vitest';
import { colourFamilyOf } from '../../domain/colour-family.ts';
import { hexToLab } from '../../domain/lab.ts';
import { namedColours } from './colour-names.ts';

describe('named colours and colour families', () => {
  it('give each name the family colourFamilyOf computes, except four near-neutral tints', () => {
    // Tints that sit on the achromatic boundary: their names say a hue, their chroma (< 23) barely does.
    const tints: Record<string, string> = { cream: 'yellow', lavender: 'white', taupe: 'grey', beige: 'white' };
    for (const colour of namedColours) {
      expect([colour.name, colourFamilyOf(hexToLab(colour.hex))]).toEqual([
        colour.name,
        tints[colour.name] ?? colour.family,
      ]);
    }
  });
});
