/**
 * 64-bit hash values as two unsigned 32-bit halves. JavaScript has no cheap 64-bit integer (bigint arithmetic
 * allocates), so the hot paths — Hamming distance and the index — work on { hi, lo } numbers; hex and bigint
 * forms are for storage and display.
 */
import { ProvenaError } from '../../domain/errors.ts';

export interface Hash64 {
  /** Bits 63..32, unsigned. */
  readonly hi: number;
  /** Bits 31..0, unsigned. */
  readonly lo: number;
}

const hexPattern = /^[0-9a-f]{16}$/i;

/** Parses a 16-character hex string (either case); anything else is a VALIDATION_FAILED error. */
export function hash64FromHex(hex: string): Hash64 {
  if (typeof hex !== 'string' || !hexPattern.test(hex)) {
    throw new ProvenaError('VALIDATION_FAILED', 'A 64-bit hash must be 16 hexadecimal characters.', {
      field: 'hash',
      value: typeof hex === 'string' ? hex.slice(0, 40) : typeof hex,
    });
  }
  return { hi: Number.parseInt(hex.slice(0, 8), 16) >>> 0, lo: Number.parseInt(hex.slice(8), 16) >>> 0 };
}

/** Lowercase, zero-padded, 16 characters: the form stored in PerceptualHashes. */
export const hash64ToHex = (hash: Hash64): string =>
  (hash.hi >>> 0).toString(16).padStart(8, '0') + (hash.lo >>> 0).toString(16).padStart(8, '0');

export const hash64ToBigInt = (hash: Hash64): bigint => (BigInt(hash.hi >>> 0) << 32n) | BigInt(hash.lo >>> 0);

export function hash64FromBigInt(value: bigint): Hash64 {
  if (value < 0n || value > 0xffff_ffff_ffff_ffffn) {
    throw new ProvenaError('VALIDATION_FAILED', 'A 64-bit hash must be an unsigned 64-bit integer.', {
      field: 'hash',
    });
  }
  return { hi: Number(value >> 32n) >>> 0, lo: Number(value & 0xffff_ffffn) >>> 0 };
}

/** Number of set bits in a 32-bit value (SWAR; no table, no allocation). */
export function popcount32(value: number): number {
  let x = value >>> 0;
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Hamming distance of two 64-bit values given as halves: the index's inner loop calls this form. */
export const hammingDistance32x2 = (aHi: number, aLo: number, bHi: number, bLo: number): number =>
  popcount32(aHi ^ bHi) + popcount32(aLo ^ bLo);

export const hammingDistance = (a: Hash64, b: Hash64): number => hammingDistance32x2(a.hi, a.lo, b.hi, b.lo);

export const hammingDistanceHex = (a: string, b: string): number => hammingDistance(hash64FromHex(a), hash64FromHex(b));
