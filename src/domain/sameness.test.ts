import { describe, expect, it } from 'vitest';
import { hashesCarryInformation, minimumHashedSide } from './sameness.ts';

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
