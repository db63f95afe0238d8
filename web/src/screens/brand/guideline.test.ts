import { describe, expect, it } from 'vitest';
import { documentOf, draftOf, newRule, overlappingZones } from './guideline.ts';

/** The example of docs/brand-guidelines.md, as the API stores it (defaults filled in). */
const stored = {
  brand: { name: 'Acme', spellings: ['ACME Corp'] },
  appliesTo: { teams: ['Marketing'] },
  rules: [
    {
      id: 'brand-palette',
      type: 'palette',
      description: 'Acme red, ink and paper',
      colours: [{ name: 'Acme red', hex: '#d62828' }],
      tolerance: 10,
      minOnPaletteShare: 0.6,
      forbidden: [{ name: 'Competitor green', hex: '#00a651', tolerance: 12 }],
      maxForbiddenShare: 0.01,
      severity: 'warn',
      weight: 2,
    },
    {
      id: 'logo-placement',
      type: 'logo',
      logo: { id: 'acme-logo-2026', sha256: 'abc' },
      presence: 'required',
      zones: [{ name: 'top-left', x: 0, y: 0, width: 0.3, height: 0.25 }],
      clearSpace: 0.25,
      minScore: 0.7,
      severity: 'fail',
      weight: 3,
    },
    {
      id: 'copy-words',
      type: 'text',
      forbidden: ['Globex'],
      forbidStockWatermarks: true,
      required: ['Terms apply'],
      misspellingDistance: 2,
      minConfidence: 0.5,
      severity: 'fail',
      weight: 1,
    },
    { id: 'prompt-terms', type: 'prompt', forbidden: ['Globex'], severity: 'fail', weight: 1 },
    { id: 'people-release', type: 'people', requireModelRelease: true, raiseTierTo: 3, severity: 'fail', weight: 1 },
    {
      id: 'social-formats',
      type: 'channel-format',
      channels: [{ channel: 'web', aspectRatios: ['16:9'], aspectTolerance: 0.01, minWidth: 1920, minHeight: 1080 }],
      severity: 'fail',
      weight: 1,
    },
    { id: 'safe-content', type: 'moderation', thresholds: { porn: 0.2, sexy: 0.5 }, severity: 'fail', weight: 1 },
  ],
};

describe('the guideline draft', () => {
  it('reads every rule type and writes the same document back (the logo digest left to the server)', () => {
    const draft = draftOf(stored, 'fallback');
    expect(draft.rules.map((r) => r.type)).toEqual([
      'palette',
      'logo',
      'text',
      'prompt',
      'people',
      'channel-format',
      'moderation',
    ]);
    const written = documentOf(draft);
    const logo = stored.rules[1]!;
    expect(written).toEqual({
      ...stored,
      rules: stored.rules.map((r) => (r === logo ? { ...logo, logo: { id: 'acme-logo-2026' } } : r)),
    });
  });

  it('starts from the brand’s name when nothing is stored, and drops rules of unknown types', () => {
    expect(draftOf(undefined, 'Acme')).toEqual({
      brandName: 'Acme',
      spellings: [],
      teams: [],
      campaigns: [],
      rules: [],
    });
    expect(draftOf({ rules: [{ id: 'x', type: 'sparkle' }] }, 'Acme').rules).toEqual([]);
  });

  it('gives a new rule an id not yet used', () => {
    expect(newRule('palette', []).id).toBe('palette');
    expect(newRule('palette', ['palette', 'palette-2']).id).toBe('palette-3');
  });

  it('names overlapping zones, not touching ones', () => {
    const zone = (x: number, y: number) => ({ name: `${x},${y}`, x, y, width: 0.5, height: 0.5 });
    expect(overlappingZones([zone(0, 0), zone(0.5, 0), zone(0, 0.5)])).toEqual([]);
    expect(overlappingZones([zone(0, 0), zone(0.25, 0.25), zone(0.5, 0.5)])).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});
