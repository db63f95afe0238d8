import { describe, expect, it } from 'vitest';
import { defaultChannels } from './usage.ts';
import { changedRightsFields, isCalendarDay, parseRightsRecord, regionProblem } from './rights.ts';
import type { ProvenaError } from './errors.ts';

/** The error a call throws; returning fails the test. */
function failure(call: () => unknown): ProvenaError {
  try {
    call();
  } catch (error) {
    return error as ProvenaError;
  }
  throw new Error('expected a failure');
}

const channels = [...defaultChannels];

describe('parseRightsRecord', () => {
  it('normalises a minimal record: lists empty, flags false, AI origin unknown', () => {
    expect(parseRightsRecord({ status: 'pending' }, channels)).toEqual({
      status: 'pending',
      approvedChannels: [],
      regionsAllowed: [],
      regionsDenied: [],
      derivativesAllowed: false,
      thirdPartyInputs: [],
      modelRelease: { required: false, obtained: false },
      aiOrigin: { involvement: 'unknown', registrable: 'unknown' },
      euAiAct: { machineReadableMark: false, visibleLabelRequired: false, visibleLabelApplied: false },
    });
  });

  it('keeps every field of a full record', () => {
    const full = {
      status: 'cleared',
      licence: 'Rights managed',
      licensor: 'Stock & Co',
      licenceUrl: 'https://example.com/licence',
      acquireLicensePage: 'https://example.com/buy',
      approvedChannels: ['web', 'print'],
      regionsAllowed: ['DE', 'AT'],
      regionsDenied: ['FR'],
      validFrom: '2026-01-01',
      expiresAt: '2026-12-31',
      reviewDate: '2026-06-30',
      derivativesAllowed: true,
      creditLine: 'Photo: Stock & Co',
      copyrightNotice: '© 2026 Stock & Co',
      usageTerms: 'Editorial and marketing use.',
      thirdPartyInputs: [{ kind: 'c2pa-ingredient', title: 'background.jpg', reference: 'urn:uuid:1' }],
      modelRelease: { required: true, obtained: true, reference: 'MR-7' },
      aiOrigin: { involvement: 'ai-edited', registrable: 'partial', humanContribution: 'Composition and retouching' },
      euAiAct: { machineReadableMark: true, visibleLabelRequired: true, visibleLabelApplied: true },
    };
    expect(parseRightsRecord(full, channels)).toEqual(full);
  });

  it('lists every problem at once, each naming its field and what to write', () => {
    const error = failure(() =>
      parseRightsRecord(
        {
          status: 'fine',
          approvedChannels: ['web', 'tv', 'radio'],
          regionsAllowed: ['de', 'EU', 'XX'],
          regionsDenied: ['UK'],
          validFrom: '2026-12-31',
          expiresAt: '2026-01-01',
          reviewDate: '2026-02-30',
          licenceUrl: 'ftp://example.com',
          modelRelease: { required: 'yes' },
          aiOrigin: { involvement: 'ai-generated', registrable: 'yes' },
          colour: 'red',
        },
        channels,
      ),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    const problems = (error.details.problems as { field: string; problem: string }[]).map((p) => p.field);
    expect(problems.sort()).toEqual(
      [
        'aiOrigin.humanContribution',
        'aiOrigin.registrable',
        'approvedChannels',
        'colour',
        'expiresAt',
        'licenceUrl',
        'modelRelease.required',
        'regionsAllowed[0]',
        'regionsAllowed[1]',
        'regionsAllowed[2]',
        'regionsDenied[0]',
        'reviewDate',
        'status',
      ].sort(),
    );
    expect(error.message).toContain(
      `"tv", "radio" not in the organisation's list: web, social, print, ooh, email, internal`,
    );
    expect(error.message).toContain('"de" must be upper case: "DE"');
    expect(error.message).toContain('expiresAt: 2026-01-01 is before validFrom 2026-12-31');
  });

  it('refuses a region both allowed and denied', () => {
    const error = failure(() =>
      parseRightsRecord({ status: 'cleared', regionsAllowed: ['DE'], regionsDenied: ['DE'] }, channels),
    );
    expect(error.message).toContain('DE cannot be both allowed and denied');
  });

  it('refuses what is not an object', () => {
    expect(failure(() => parseRightsRecord('cleared', channels)).code).toBe('VALIDATION_FAILED');
  });
});

describe('regions and days', () => {
  it('knows the current ISO 3166-1 countries and refuses groups, withdrawn and user-assigned codes', () => {
    for (const code of ['DE', 'FR', 'US', 'GB', 'CW', 'SS', 'BQ']) expect(regionProblem(code)).toBeUndefined();
    for (const code of ['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'XK', 'UK', 'SU', 'YU', 'AN', 'ZZ', 'D', 'DEU', 42])
      expect(regionProblem(code)).toBeDefined();
  });

  it('reads calendar days strictly', () => {
    expect(isCalendarDay('2028-02-29')).toBe(true);
    expect(isCalendarDay('2027-02-29')).toBe(false);
    expect(isCalendarDay('2027-1-01')).toBe(false);
    expect(isCalendarDay('2027-01-01T00:00:00Z')).toBe(false);
  });

  it('names the fields a change touched', () => {
    const before = parseRightsRecord({ status: 'pending' }, channels);
    const after = parseRightsRecord({ status: 'cleared', approvedChannels: ['web'] }, channels);
    expect(changedRightsFields(before, after)).toEqual(['approvedChannels', 'status']);
    expect(changedRightsFields(undefined, after)).toContain('status');
  });
});
