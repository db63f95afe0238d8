import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hammingDistance,
  hammingDistanceHex,
  hash64FromBigInt,
  hash64FromHex,
  hash64ToBigInt,
  hash64ToHex,
  popcount32,
} from './hash64.ts';

const naivePopcount = (x: number): number => [...(x >>> 0).toString(2)].filter((c) => c === '1').length;
const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe('hash64', () => {
  it('round-trips hex and bigint forms', () => {
    fc.assert(
      fc.property(u32, u32, (hi, lo) => {
        const hex = hash64ToHex({ hi, lo });
        expect(hex).toMatch(/^[0-9a-f]{16}$/);
        expect(hash64FromHex(hex)).toEqual({ hi, lo });
        expect(hash64FromBigInt(hash64ToBigInt({ hi, lo }))).toEqual({ hi, lo });
        expect(hash64ToBigInt({ hi, lo })).toBe(BigInt(`0x${hex}`));
      }),
    );
  });

  it('counts bits like the naive definition', () => {
    fc.assert(
      fc.property(u32, (x) => {
        expect(popcount32(x)).toBe(naivePopcount(x));
      }),
    );
    expect(popcount32(0xffffffff)).toBe(32);
    expect(popcount32(-1)).toBe(32);
  });

  it('measures Hamming distance over all 64 bits', () => {
    expect(hammingDistance({ hi: 0, lo: 0 }, { hi: 0xffffffff, lo: 0xffffffff })).toBe(64);
    expect(hammingDistanceHex('8000000000000001', '0000000000000000')).toBe(2);
    fc.assert(
      fc.property(u32, u32, u32, u32, (a, b, c, d) => {
        const expected = naivePopcount((a ^ c) >>> 0) + naivePopcount((b ^ d) >>> 0);
        expect(hammingDistance({ hi: a, lo: b }, { hi: c, lo: d })).toBe(expected);
      }),
    );
  });

  it('rejects malformed values with VALIDATION_FAILED', () => {
    for (const bad of ['', 'xyz', '123', '0123456789abcdef0', 'g123456789abcdef']) {
      expect(() => hash64FromHex(bad)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
    expect(() => hash64FromBigInt(-1n)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(() => hash64FromBigInt(1n << 64n)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    expect(hash64FromHex('FFFFFFFF00000001')).toEqual({ hi: 0xffffffff, lo: 1 });
  });
});
