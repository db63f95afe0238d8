/** Bounded zlib inflation: a zip bomb costs at most provenanceLimits.maxInflatedBytes, then becomes a warning. */
import { inflateSync } from 'node:zlib';
import { provenanceLimits } from '../contract.ts';

export type InflateResult = { ok: true; bytes: Uint8Array } | { ok: false; problem: string; overLimit?: true };

export const inflateBounded = (
  compressed: Uint8Array,
  limit: number = provenanceLimits.maxInflatedBytes,
): InflateResult => {
  try {
    return { ok: true, bytes: inflateSync(compressed, { maxOutputLength: limit }) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      return { ok: false, problem: `inflates to more than ${limit} bytes (limit)`, overLimit: true };
    }
    return { ok: false, problem: `corrupt zlib data (${error instanceof Error ? error.message : String(error)})` };
  }
};
