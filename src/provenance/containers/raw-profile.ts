/**
 * ImageMagick's legacy PNG text chunks `Raw profile type exif|APP1|xmp|iptc|8bim`: the text is
 * `\n<name>\n<decimal length>\n<hex digits, wrapped>` and carries a whole EXIF/XMP/IPTC block. ImageMagick and tools
 * built on it (many web pipelines) wrote EXIF into PNGs this way long before eXIf existed.
 */
import { provenanceLimits } from '../contract.ts';

export const RAW_PROFILE_PREFIX = 'Raw profile type ';

export type RawProfile = { ok: true; bytes: Uint8Array } | { ok: false; problem: string };

const hexValue = (c: number): number => {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
};

export const decodeRawProfile = (text: string): RawProfile => {
  const match = /^\s*\n?([^\n]*)\n\s*(\d{1,10})\n/u.exec(text);
  if (!match) return { ok: false, problem: 'raw profile header (name, length) missing' };
  const length = Number(match[2]);
  if (length > provenanceLimits.maxPayloadBytes)
    return { ok: false, problem: `raw profile of ${length} bytes exceeds the limit` };
  // Two hex digits per byte: a short text cannot hold a large profile, so do not allocate for one.
  if ((text.length - match[0].length) / 2 < length)
    return { ok: false, problem: `raw profile declares ${length} bytes but is shorter` };
  const out = new Uint8Array(length);
  let filled = 0;
  let high = -1;
  for (let i = match[0].length; i < text.length && filled < length; i++) {
    const v = hexValue(text.charCodeAt(i));
    if (v < 0) continue; // line breaks and spaces between hex digits
    if (high < 0) high = v;
    else {
      out[filled++] = (high << 4) | v;
      high = -1;
    }
  }
  if (filled < length) return { ok: false, problem: `raw profile declares ${length} bytes but holds ${filled}` };
  return { ok: true, bytes: out };
};
