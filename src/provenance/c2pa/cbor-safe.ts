/**
 * CBOR decoding for untrusted bytes (C2PA assertions, claims, COSE signatures).
 *
 * cbor-x is fast but was built for trusted data: some tags construct objects by global name (27), define records
 * or shared references that live in decoder state (28/29, 0xdf00…), or recurse without limit. So before handing
 * bytes to cbor-x we scan them with a small well-formedness checker that bounds nesting depth, checks every length
 * against the bytes that remain, and only lets through the tags C2PA data actually uses.
 */
import { Decoder } from 'cbor-x';
import { provenanceLimits } from '../contract.ts';

export type CborDecodeResult = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * Tags we pass to cbor-x: dates (0, 1), bignums (2, 3), COSE_Sign1 (18), expected conversions (21–23), embedded
 * CBOR (24), URI/base64 text (32–34), MIME (36), UUID (37) and the self-describe marker (55799). Every one of them
 * either has a harmless cbor-x handler or comes back as an inert `Tag` object.
 */
const allowedTags = new Set([0, 1, 2, 3, 18, 21, 22, 23, 24, 32, 33, 34, 36, 37, 55799]);

// One decoder per module, configured so that no record/structure state is created or shared between calls.
const decoder = new Decoder({ mapsAsObjects: true, useRecords: false, bundleStrings: false });

class ScanError extends Error {}

const u32 = (b: Uint8Array, at: number): number =>
  (b[at] ?? 0) * 0x1000000 + (b[at + 1] ?? 0) * 0x10000 + (b[at + 2] ?? 0) * 0x100 + (b[at + 3] ?? 0);

/** Returns the end offset of the single data item that starts at `start`, or throws ScanError. */
function scanItem(bytes: Uint8Array, start: number, depth: number, maxDepth: number): number {
  if (depth > maxDepth) throw new ScanError(`CBOR nesting deeper than ${maxDepth}`);
  let pos = start;
  const need = (n: number): void => {
    if (pos + n > bytes.length) throw new ScanError(`CBOR truncated at offset ${pos}`);
  };
  need(1);
  const initial = bytes[pos++] ?? 0;
  const major = initial >> 5;
  const info = initial & 0x1f;
  let arg = 0;
  let indefinite = false;
  if (info < 24) arg = info;
  else if (info === 24) {
    need(1);
    arg = bytes[pos] ?? 0;
    pos += 1;
  } else if (info === 25) {
    need(2);
    arg = ((bytes[pos] ?? 0) << 8) | (bytes[pos + 1] ?? 0);
    pos += 2;
  } else if (info === 26) {
    need(4);
    arg = u32(bytes, pos);
    pos += 4;
  } else if (info === 27) {
    need(8);
    // Lengths this large can never fit in the remaining bytes; an approximate value is enough for the checks.
    arg = u32(bytes, pos) * 0x100000000 + u32(bytes, pos + 4);
    pos += 8;
  } else if (info === 31) {
    if (major === 0 || major === 1 || major === 6) throw new ScanError(`CBOR invalid indefinite length at ${start}`);
    indefinite = true;
  } else throw new ScanError(`CBOR reserved additional info ${info} at ${start}`);

  const remaining = (): number => bytes.length - pos;
  switch (major) {
    case 0:
    case 1:
      return pos;
    case 2:
    case 3: {
      if (!indefinite) {
        if (arg > remaining()) throw new ScanError(`CBOR string length ${arg} exceeds the data at ${start}`);
        return pos + arg;
      }
      for (;;) {
        need(1);
        if (bytes[pos] === 0xff) return pos + 1;
        // Chunks of an indefinite string must be definite strings of the same major type.
        if ((bytes[pos] ?? 0) >> 5 !== major || ((bytes[pos] ?? 0) & 0x1f) === 31) {
          throw new ScanError(`CBOR bad string chunk at ${pos}`);
        }
        pos = scanItem(bytes, pos, depth + 1, maxDepth);
      }
    }
    case 4:
    case 5: {
      const perEntry = major === 5 ? 2 : 1;
      if (!indefinite) {
        // Every item takes at least one byte, so a count beyond the remaining bytes is a lie.
        if (arg * perEntry > remaining())
          throw new ScanError(`CBOR container count ${arg} exceeds the data at ${start}`);
        for (let i = 0; i < arg * perEntry; i++) pos = scanItem(bytes, pos, depth + 1, maxDepth);
        return pos;
      }
      for (let n = 0; ; n++) {
        need(1);
        if (bytes[pos] === 0xff) {
          if (major === 5 && n % 2 === 1) throw new ScanError(`CBOR map with a key and no value at ${pos}`);
          return pos + 1;
        }
        pos = scanItem(bytes, pos, depth + 1, maxDepth);
      }
    }
    case 6:
      if (!allowedTags.has(arg)) throw new ScanError(`CBOR tag ${arg} is not accepted`);
      return scanItem(bytes, pos, depth + 1, maxDepth);
    default: // major 7: simple values and floats; the argument bytes were consumed above
      if (indefinite) throw new ScanError(`CBOR unexpected break at ${start}`);
      return pos;
  }
}

/**
 * Checks that `bytes` start with one well-formed CBOR item within the limits; returns its end offset or an error.
 * Exported so that other bounded readers (and tests) can check data before decoding it.
 */
export function scanCbor(
  bytes: Uint8Array,
  maxDepth: number = provenanceLimits.maxDepth,
): { ok: true; end: number } | { ok: false; error: string } {
  try {
    return { ok: true, end: scanItem(bytes, 0, 0, maxDepth) };
  } catch (error) {
    if (error instanceof ScanError) return { ok: false, error: error.message };
    // A RangeError from the call stack is the only other thing the scanner can raise.
    return { ok: false, error: `CBOR scan failed: ${String(error)}` };
  }
}

/** Decodes the first CBOR item of `bytes`; never throws. Trailing bytes are ignored (reported by the caller if wanted). */
export function decodeCborSafe(bytes: Uint8Array, maxDepth: number = provenanceLimits.maxDepth): CborDecodeResult {
  if (bytes.length === 0) return { ok: false, error: 'CBOR data is empty' };
  if (bytes.length > provenanceLimits.maxPayloadBytes) return { ok: false, error: 'CBOR data exceeds the size limit' };
  const scan = scanCbor(bytes, maxDepth);
  if (!scan.ok) return scan;
  try {
    return { ok: true, value: decoder.decode(bytes.subarray(0, scan.end)) as unknown };
  } catch (error) {
    return { ok: false, error: `CBOR decode failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
