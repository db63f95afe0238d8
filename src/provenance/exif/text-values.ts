/**
 * Decoding of EXIF text values: ASCII strings (which real writers fill with UTF-8), UNDEFINED blobs that hold text,
 * Windows XP tags (UTF-16LE) and UserComment with its 8-byte character-code prefix (EXIF 2.32 §4.6.5).
 */
import { latin1, trimTrailingNuls, utf16, utf8OrLatin1, isValidUtf8, utf8 } from '../bytes.ts';

/** Bytes we are willing to call text: no NUL inside, no control characters other than tab, LF and CR. */
export const looksLikeText = (bytes: Uint8Array): boolean => {
  if (bytes.length === 0) return false;
  let high = 0;
  for (const b of bytes) {
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
    if (b === 0x7f) return false;
    if (b >= 0x80) high++;
  }
  // Mostly-high bytes that are not UTF-8 are far more likely binary than Latin-1 prose.
  return high === 0 || isValidUtf8(bytes) || high * 4 <= bytes.length;
};

/** An ASCII-typed value: trailing NULs dropped; several NUL-separated strings keep only the first (EXIF says one). */
export const decodeAscii = (bytes: Uint8Array, joinParts = false): string => {
  const trimmed = trimTrailingNuls(bytes);
  const nul = trimmed.indexOf(0);
  if (nul < 0) return utf8OrLatin1(trimmed);
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i <= trimmed.length; i++) {
    if (i === trimmed.length || trimmed[i] === 0) {
      if (i > start) parts.push(utf8OrLatin1(trimmed.subarray(start, i)));
      start = i + 1;
    }
  }
  // Copyright (0x8298) is defined as "photographer NUL editor": keep both.
  return joinParts ? parts.join('\n') : (parts[0] ?? '');
};

const stripTrailingNulChars = (text: string): string => {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0) end--;
  return end === text.length ? text : text.slice(0, end);
};

/** Windows XP tags (XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject): always UTF-16LE. */
export const decodeXpTag = (bytes: Uint8Array): string => stripTrailingNulChars(utf16(bytes, false));

/** Characters that betray the wrong UTF-16 byte order. */
const implausibleCount = (text: string): number => {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (
      c === 0xfffd ||
      c === 0xfffe ||
      c === 0xffff ||
      (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0) ||
      (c >= 0x7f && c < 0xa0) ||
      (c >= 0xe000 && c < 0xf900)
    ) {
      bad++;
    }
  }
  return bad;
};

/**
 * Byte order of a UTF-16 UserComment. A BOM decides; otherwise ASCII-range text has its zero bytes on the high
 * side (even offsets in BE, odd in LE); otherwise the order that decodes to fewer implausible characters; a tie
 * falls back to the TIFF byte order. A1111 (piexif) writes BE; other tools write the TIFF order.
 */
export const detectUtf16BigEndian = (body: Uint8Array, tiffBigEndian: boolean): boolean => {
  if (body[0] === 0xfe && body[1] === 0xff) return true;
  if (body[0] === 0xff && body[1] === 0xfe) return false;
  const sampleLength = Math.min(body.length, 4096) & ~1;
  let zerosEven = 0;
  let zerosOdd = 0;
  for (let i = 0; i < sampleLength; i += 2) {
    if (body[i] === 0) zerosEven++;
    if (body[i + 1] === 0) zerosOdd++;
  }
  if (zerosEven > zerosOdd * 2) return true;
  if (zerosOdd > zerosEven * 2) return false;
  const sample = body.subarray(0, sampleLength);
  const badBe = implausibleCount(utf16(sample, true));
  const badLe = implausibleCount(utf16(sample, false));
  if (badBe !== badLe) return badBe < badLe;
  return tiffBigEndian;
};

const decodeJis = (body: Uint8Array): string => {
  if (body.includes(0x1b)) return new TextDecoder('iso-2022-jp').decode(body);
  if (isValidUtf8(body)) return utf8(body);
  return new TextDecoder('shift_jis').decode(body);
};

const prefixIs = (bytes: Uint8Array, prefix: string): boolean => {
  for (let i = 0; i < 8; i++) if ((bytes[i] ?? -1) !== (prefix.charCodeAt(i) || 0)) return false;
  return true;
};

export interface UserCommentResult {
  text?: string;
  charset: 'ascii' | 'unicode-be' | 'unicode-le' | 'jis' | 'undefined' | 'none';
}

/** UserComment (0x9286) and other "character code prefixed" values (GPSProcessingMethod…). */
export const decodeUserComment = (bytes: Uint8Array, tiffBigEndian: boolean): UserCommentResult => {
  if (bytes.length >= 8) {
    const body = bytes.subarray(8);
    if (prefixIs(bytes, 'ASCII')) return { text: utf8OrLatin1(trimTrailingNuls(body)), charset: 'ascii' };
    if (prefixIs(bytes, 'UNICODE')) {
      const bigEndian = detectUtf16BigEndian(body, tiffBigEndian);
      const hasBom = (body[0] === 0xfe && body[1] === 0xff) || (body[0] === 0xff && body[1] === 0xfe);
      const text = stripTrailingNulChars(utf16(hasBom ? body.subarray(2) : body, bigEndian));
      return { text, charset: bigEndian ? 'unicode-be' : 'unicode-le' };
    }
    if (prefixIs(bytes, 'JIS')) {
      try {
        return { text: stripTrailingNulChars(decodeJis(trimTrailingNuls(body))), charset: 'jis' };
      } catch {
        return { text: latin1(trimTrailingNuls(body)), charset: 'jis' };
      }
    }
    if (prefixIs(bytes, '')) return { text: utf8OrLatin1(trimTrailingNuls(body)), charset: 'undefined' };
  }
  // No recognised prefix: some tools (ComfyUI save nodes, SwarmUI via Pillow) write the text bare.
  const whole = trimTrailingNuls(bytes);
  if (looksLikeText(whole)) return { text: utf8OrLatin1(whole), charset: 'none' };
  return { charset: 'none' };
};
