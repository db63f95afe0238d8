/**
 * Byte helpers shared by the whole engine: the readers (containers, EXIF, IIM) and the writers (text chunks, EXIF,
 * XMP, C2PA embedding). Readers work on views (no copies) and are total: out-of-range reads give 0 or '' instead of
 * throwing.
 */
import { Buffer, isUtf8 } from 'node:buffer';

/** A Buffer view of the same memory (no copy), so that Node's native decoders can be used. */
export const asBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** ISO 8859-1. `TextDecoder('latin1')` would be windows-1252 per WHATWG, which maps 0x80–0x9F differently. */
export const latin1 = (bytes: Uint8Array): string => asBuffer(bytes).toString('latin1');

/** Lenient UTF-8 (invalid sequences become U+FFFD); strips a leading BOM. */
export const utf8 = (bytes: Uint8Array): string => {
  const text = asBuffer(bytes).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
};

export const isValidUtf8 = (bytes: Uint8Array): boolean => isUtf8(bytes);

/** UTF-8 when the bytes are valid UTF-8, else ISO 8859-1: what real writers mean by "ASCII" in EXIF and COM. */
export const utf8OrLatin1 = (bytes: Uint8Array): string => (isUtf8(bytes) ? utf8(bytes) : latin1(bytes));

const utf16be = new TextDecoder('utf-16be');
const utf16le = new TextDecoder('utf-16le');

export const utf16 = (bytes: Uint8Array, bigEndian: boolean): string => {
  // An odd trailing byte is dropped rather than turned into U+FFFD.
  const even = bytes.length % 2 === 0 ? bytes : bytes.subarray(0, bytes.length - 1);
  return (bigEndian ? utf16be : utf16le).decode(even);
};

export const ascii4 = (bytes: Uint8Array, at: number): string =>
  at + 4 <= bytes.length
    ? String.fromCharCode(bytes[at] ?? 0, bytes[at + 1] ?? 0, bytes[at + 2] ?? 0, bytes[at + 3] ?? 0)
    : '';

export const startsWith = (bytes: Uint8Array, prefix: Uint8Array, at = 0): boolean => {
  if (at + prefix.length > bytes.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
};

/** ISO 8859-1 bytes of `text`; callers check isLatin1 first where the text may hold other characters. */
export const latin1Bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

export const isLatin1 = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false;
  return true;
};

export const u16be = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
export const u32be = (b: Uint8Array, at: number): number =>
  ((b[at] ?? 0) * 0x1000000 + (((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0))) >>> 0;
export const u16le = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
export const u32le = (b: Uint8Array, at: number): number =>
  ((b[at + 3] ?? 0) * 0x1000000 + (((b[at + 2] ?? 0) << 16) | ((b[at + 1] ?? 0) << 8) | (b[at] ?? 0))) >>> 0;

/** Removes trailing NUL bytes (C-string terminators and padding). */
export const trimTrailingNuls = (bytes: Uint8Array): Uint8Array => {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return end === bytes.length ? bytes : bytes.subarray(0, end);
};

/** Concatenates byte arrays into one new array (always a copy, so the result never aliases an input). */
export const concatBytes = (parts: readonly Uint8Array[]): Uint8Array => {
  let total = 0;
  for (const part of parts) total += part.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

export const hex = (n: number, width = 4): string => `0x${n.toString(16).padStart(width, '0')}`;
