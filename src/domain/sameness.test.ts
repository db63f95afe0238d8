import { describe, expect, it } from 'vitest';
import { hashesCarryInformation, minimumHashedSide, visualVariantDecision, visualVariantLimits } from './sameness.ts';

const hashes = (picture?: { width: number; height: number }) => ({
  full: { dHash: '0'.repeat(16), pHash: '0'.repeat(16) },
  inset: { dHash: '0'.repeat(16), pHash: '0'.repeat(16) },
  ...(picture ? { picture } : {}),
});

describe('hashesCarryInformation', () => {
  it('refuses the hashes of a picture with either side under the minimum, and only those', () => {
    expect(minimumHashedSide).toBe(32);
    expect(hashesCarryInformation(hashes({ width: 1, height: 1 }))).toBe(false);
    expect(hashesCarryInformation(hashes({ width: 8, height: 8 }))).toBe(false);
    expect(hashesCarryInformation(hashes({ width: 640, height: 31 }))).toBe(false);
    expect(hashesCarryInformation(hashes({ width: 31, height: 480 }))).toBe(false);
    expect(hashesCarryInformation(hashes({ width: 100_000, height: 1 }))).toBe(false);
    expect(hashesCarryInformation(hashes({ width: 32, height: 32 }))).toBe(true);
    expect(hashesCarryInformation(hashes({ width: 640, height: 480 }))).toBe(true);
  });

  it('takes hashes of an unknown size (stored before sizes were) as informative', () => {
    expect(hashesCarryInformation(hashes())).toBe(true);
  });
});

describe('visualVariantDecision', () => {
  const close = { dHash: visualVariantLimits.dHash, pHash: visualVariantLimits.pHash, via: 'direct' as const };
  const decide = (
    distances: Parameters<typeof visualVariantDecision>[0]['distances'],
    keys: [string | undefined, string | undefined],
  ) => visualVariantDecision({ distances, promptKeys: keys }).suggest;

  it('lets lineage decide when both pictures have a prompt: same prompt yes, another prompt never', () => {
    expect(decide({ dHash: 30, pHash: 18, via: 'direct' }, ['k', 'k'])).toBe(true);
    expect(decide({ dHash: 0, pHash: 0, via: 'direct' }, ['k', 'other'])).toBe(false);
    expect(decide({ ...close, embeddingCosine: 0.99 }, ['k', 'other'])).toBe(false);
  });

  it('asks a close whole-image match when a prompt is missing on either side', () => {
    for (const keys of [
      ['k', undefined],
      [undefined, 'k'],
      [undefined, undefined],
    ] as [string | undefined, string | undefined][]) {
      expect(decide(close, keys)).toBe(true);
      expect(decide({ ...close, pHash: close.pHash + 2 }, keys)).toBe(false);
      expect(decide({ ...close, dHash: close.dHash + 1 }, keys)).toBe(false);
      // A crop probe's match is a near-duplicate's business, not a variant's.
      expect(decide({ ...close, via: 'crop' }, keys)).toBe(false);
    }
  });

  it('trusts an embedding over the hashes when there is one, and ignores a broken one', () => {
    const limit = visualVariantLimits.embeddingCosine;
    expect(decide({ dHash: 40, pHash: 30, via: 'direct', embeddingCosine: limit }, [undefined, 'k'])).toBe(true);
    expect(decide({ ...close, embeddingCosine: limit - 0.01 }, [undefined, 'k'])).toBe(false);
    expect(decide({ ...close, embeddingCosine: Number.NaN }, [undefined, 'k'])).toBe(true);
  });
});
