/**
 * Small helpers the tool parsers share: finding a text payload among PNG text chunks and EXIF tags, repairing
 * UTF-16 text that reached us undecoded, and building a ToolReading.
 */
import type { ToolKind } from '../../domain/provenance.ts';
import type { RawMetadata, TextEntry, ToolReading } from '../contract.ts';

/** A PNG text entry by keyword: exact match first (PNG keywords are case-sensitive), then case-insensitive. */
export function findText(raw: RawMetadata, keyword: string): TextEntry | undefined {
  const exact = raw.textEntries.find((e) => e.keyword === keyword);
  if (exact) return exact;
  const lower = keyword.toLowerCase();
  return raw.textEntries.find((e) => e.keyword.toLowerCase() === lower);
}

export const textOf = (raw: RawMetadata, keyword: string): string | undefined => findText(raw, keyword)?.text;

/**
 * EXIF UserComment as text. The EXIF reader decodes the UNICODE prefix already; when a writer declared the wrong
 * charset we can still get UTF-16 code units as pairs of chars with a NUL in every other position, so undo that here.
 */
export function userCommentOf(raw: RawMetadata): string | undefined {
  const value = raw.exif?.userComment ?? raw.exif?.raw['0x9286'];
  return value === undefined ? undefined : repairUtf16(stripNuls(value));
}

/** Trailing NULs (padding) never belong to the text. */
export const stripNuls = (text: string): string => text.replace(/\0+$/, '');

/**
 * Re-decodes text that is really UTF-16 read as 8-bit chars ("p\0h\0o\0" or "\0p\0h\0o"), in either byte order.
 * Leaves anything else alone.
 */
export function repairUtf16(text: string): string {
  if (text.length < 4 || !text.includes('\0')) return text;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 0) {
      if (i % 2 === 0) evenNul++;
      else oddNul++;
    }
  }
  const pairs = Math.floor(text.length / 2);
  // Mostly-ASCII UTF-16: one byte of each pair is NUL. Demand a clear majority so real text with a stray NUL stays.
  if (Math.max(evenNul, oddNul) < pairs * 0.6) return text;
  const bigEndian = evenNul > oddNul; // NUL first → high byte first
  let out = '';
  for (let i = 0; i + 1 < text.length; i += 2) {
    const a = text.charCodeAt(i) & 0xff;
    const b = text.charCodeAt(i + 1) & 0xff;
    out += String.fromCharCode(bigEndian ? (a << 8) | b : (b << 8) | a);
  }
  return stripNuls(out);
}

export function newReading(kind: ToolKind, chunks: Record<string, string> = {}): ToolReading {
  return { kind, chunks, extra: {}, warnings: [] };
}

/** Parses an integer or decimal from text; undefined when it is not one. */
export function toNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
}

/** A seed as exact decimal digits (never through a double: seeds exceed 2^53). */
export function toSeed(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  return /^-?\d+$/.test(t) ? t : undefined;
}

/** 'WxH' or '(W, H)' → width/height. */
export function parseSize(text: string | undefined): { width: number; height: number } | undefined {
  if (!text) return undefined;
  const m = /^\s*\(?\s*(\d+)\s*[x×,*]\s*(\d+)\s*\)?\s*$/i.exec(text);
  if (!m) return undefined;
  return { width: Number(m[1]), height: Number(m[2]) };
}
