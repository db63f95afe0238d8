/**
 * Photoshop Image Resource Blocks, as stored in JPEG APP13 after `Photoshop 3.0\0`: a sequence of
 * `8BIM` + u16 id + even-padded Pascal name + u32 size + data (padded to even). Only the resources asked for are
 * returned, as views into the input.
 */
import { ascii4, u16be, u32be } from '../bytes.ts';
import { provenanceLimits } from '../contract.ts';

export const IPTC_NAA_RESOURCE = 0x0404;

/** Signatures seen in the wild; '8BIM' is the only one Adobe writes. */
const signatures = new Set(['8BIM', 'PHUT', 'AgHg', 'DCSR', 'MeSa']);

export interface ImageResource {
  id: number;
  data: Uint8Array;
}

export const readImageResources = (
  bytes: Uint8Array,
  wanted: ReadonlySet<number>,
  warnings: string[],
): ImageResource[] => {
  const found: ImageResource[] = [];
  let at = 0;
  let count = 0;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) {
      // Some writers pad the block with a few zero bytes.
      if (bytes.subarray(at).some((b) => b !== 0)) warnings.push(`photoshop: ${bytes.length - at} stray bytes at end`);
      break;
    }
    const signature = ascii4(bytes, at);
    if (!signatures.has(signature)) {
      if (bytes.subarray(at).some((b) => b !== 0)) warnings.push(`photoshop: unknown resource signature at ${at}`);
      break;
    }
    if (++count > provenanceLimits.maxEntries) {
      warnings.push('photoshop: too many image resources; the rest are ignored');
      break;
    }
    const id = u16be(bytes, at + 4);
    const nameLength = bytes[at + 6] ?? 0;
    // Pascal string: length byte + name, padded so that the whole is even.
    const sizeAt = at + 6 + ((nameLength + 2) & ~1);
    if (sizeAt + 4 > bytes.length) {
      warnings.push(`photoshop: resource ${id} header is truncated`);
      break;
    }
    const size = u32be(bytes, sizeAt);
    const dataAt = sizeAt + 4;
    if (dataAt + size > bytes.length) {
      warnings.push(`photoshop: resource ${id} declares ${size} bytes but only ${bytes.length - dataAt} remain`);
      if (wanted.has(id)) found.push({ id, data: bytes.subarray(dataAt) });
      break;
    }
    if (wanted.has(id)) found.push({ id, data: bytes.subarray(dataAt, dataAt + size) });
    at = dataAt + size + (size & 1);
  }
  return found;
};
