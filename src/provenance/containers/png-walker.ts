/**
 * PNG chunk walker (PNG 3rd edition §5, §11.3): reads IHDR, the text chunks (tEXt Latin-1, zTXt, iTXt UTF-8), eXIf,
 * the C2PA `caBX` store and ImageMagick raw profiles; every other chunk (IDAT, fdAT…) is skipped without reading
 * its payload. CRC errors are warnings; a chunk that runs past the end stops the walk with what was read so far.
 */
import { crc32 } from 'node:zlib';
import { provenanceLimits, type RawMetadata, type TextEntry } from '../contract.ts';
import type { Walker } from './byte-source.ts';
import { ascii4, latin1, startsWith, latin1Bytes, u32be, utf8 } from '../bytes.ts';
import { inflateBounded } from './inflate.ts';
import {
  addExif,
  addPhotoshopResources,
  addXmp,
  inflateAllowance,
  keep,
  mayKeep,
  setC2paStore,
  spendInflated,
  warn,
} from './raw-metadata.ts';
import { RAW_PROFILE_PREFIX, decodeRawProfile } from './raw-profile.ts';
import { readIim } from '../iim/iim-reader.ts';

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
export const XMP_KEYWORD = 'XML:com.adobe.xmp';
const EXIF_HEADER = latin1Bytes('Exif\0\0');
const PHOTOSHOP_HEADER = latin1Bytes('Photoshop 3.0\0');

/** Chunks whose payload we read; everything else is skipped by offset. */
const interesting = new Set(['IHDR', 'tEXt', 'zTXt', 'iTXt', 'eXIf', 'caBX']);
const textChunks = new Set(['tEXt', 'zTXt', 'iTXt']);

const isChunkType = (header: Uint8Array): boolean => {
  for (let i = 4; i < 8; i++) {
    const c = header[i] ?? 0;
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) return false;
  }
  return true;
};

/** Splits `keyword\0rest`; PNG keywords are 1–79 Latin-1 bytes. */
const splitKeyword = (data: Uint8Array): { keyword: string; rest: Uint8Array } | undefined => {
  const nul = data.indexOf(0);
  if (nul < 1 || nul > 79) return undefined;
  return { keyword: latin1(data.subarray(0, nul)), rest: data.subarray(nul + 1) };
};

const addRawProfile = (raw: RawMetadata, keyword: string, text: string, where: string): void => {
  const kind = keyword.slice(RAW_PROFILE_PREFIX.length).toLowerCase();
  const decoded = decodeRawProfile(text);
  if (!decoded.ok) {
    warn(raw, `${where}: ${decoded.problem}`);
    return;
  }
  const bytes = decoded.bytes;
  if (kind === 'exif' || kind === 'app1') {
    if (startsWith(bytes, EXIF_HEADER)) addExif(raw, bytes.subarray(6), where);
    else if (kind === 'app1' && bytes.length > 0 && bytes[0] === 0x3c) addXmp(raw, bytes, where);
    else addExif(raw, bytes, where);
  } else if (kind === 'xmp') {
    addXmp(raw, bytes, where);
  } else if (kind === 'iptc' || kind === '8bim') {
    if (startsWith(bytes, PHOTOSHOP_HEADER)) addPhotoshopResources(raw, bytes.subarray(PHOTOSHOP_HEADER.length), where);
    else if (bytes[0] === 0x1c) {
      const warnings: string[] = [];
      for (const [key, values] of Object.entries(readIim(bytes, warnings))) (raw.iptcIim[key] ??= []).push(...values);
      for (const message of warnings) warn(raw, `${where}: ${message}`);
    } else addPhotoshopResources(raw, bytes, where);
  }
};

const addText = (raw: RawMetadata, keyword: string, text: string, source: TextEntry['source'], where: string): void => {
  if (!keep(raw, text.length, where)) return;
  if (keyword === XMP_KEYWORD) {
    raw.xmp.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    return;
  }
  if (keyword.startsWith(RAW_PROFILE_PREFIX)) {
    addRawProfile(raw, keyword, text, where);
    return;
  }
  raw.textEntries.push({ keyword, text, source });
};

/** Inflates within this file's remaining inflation budget. */
const inflate = (raw: RawMetadata, compressed: Uint8Array): ReturnType<typeof inflateBounded> => {
  const allowance = inflateAllowance(raw);
  if (allowance <= 0) return { ok: false, problem: "not inflated: the file's inflation budget is spent" };
  const result = inflateBounded(compressed, allowance);
  // A bomb costs its full allowance: otherwise many small bombs would each be inflated up to the limit.
  if (result.ok) spendInflated(raw, result.bytes.length);
  else if (result.overLimit) spendInflated(raw, allowance);
  return result;
};

const handleChunk = (raw: RawMetadata, type: string, data: Uint8Array, where: string): void => {
  switch (type) {
    case 'IHDR': {
      if (data.length < 13) {
        warn(raw, `${where}: IHDR is ${data.length} bytes, not 13`);
        return;
      }
      const colorType = data[9] ?? 0;
      raw.pixelHints = {
        width: u32be(data, 0),
        height: u32be(data, 4),
        bitDepth: data[8] ?? 0,
        colorType,
        hasAlpha: colorType === 4 || colorType === 6,
      };
      return;
    }
    case 'tEXt': {
      const split = splitKeyword(data);
      if (!split) return warn(raw, `${where}: tEXt without a valid keyword`);
      // XMP is UTF-8 whatever chunk carries it; other tEXt text is Latin-1 by definition.
      const text = split.keyword === XMP_KEYWORD ? utf8(split.rest) : latin1(split.rest);
      return addText(raw, split.keyword, text, 'tEXt', where);
    }
    case 'zTXt': {
      const split = splitKeyword(data);
      if (!split) return warn(raw, `${where}: zTXt without a valid keyword`);
      if (split.rest[0] !== 0)
        return warn(raw, `${where}: zTXt '${split.keyword}' uses unknown compression ${split.rest[0]}`);
      const inflated = inflate(raw, split.rest.subarray(1));
      if (!inflated.ok) return warn(raw, `${where}: zTXt '${split.keyword}' ${inflated.problem}`);
      const text = split.keyword === XMP_KEYWORD ? utf8(inflated.bytes) : latin1(inflated.bytes);
      return addText(raw, split.keyword, text, 'zTXt', where);
    }
    case 'iTXt': {
      const split = splitKeyword(data);
      if (!split || split.rest.length < 2) return warn(raw, `${where}: iTXt without a valid keyword`);
      const compressed = split.rest[0] === 1;
      const method = split.rest[1];
      const languageEnd = split.rest.indexOf(0, 2);
      const translatedEnd = languageEnd < 0 ? -1 : split.rest.indexOf(0, languageEnd + 1);
      if (translatedEnd < 0) return warn(raw, `${where}: iTXt '${split.keyword}' has no language/translated keyword`);
      let body = split.rest.subarray(translatedEnd + 1);
      if (compressed) {
        if (method !== 0) return warn(raw, `${where}: iTXt '${split.keyword}' uses unknown compression ${method}`);
        const inflated = inflate(raw, body);
        if (!inflated.ok) return warn(raw, `${where}: iTXt '${split.keyword}' ${inflated.problem}`);
        body = inflated.bytes;
      }
      return addText(raw, split.keyword, utf8(body), 'iTXt', where);
    }
    case 'eXIf':
      // The PNG spec says raw TIFF, but some writers copy the JPEG `Exif\0\0` header along.
      return addExif(raw, startsWith(data, EXIF_HEADER) ? data.subarray(6) : data, where);
    case 'caBX':
      return setC2paStore(raw, data, where);
  }
};

export function* walkPng(size: number, raw: RawMetadata): Walker<void> {
  const signature = yield { offset: 0, length: 8 };
  if (!startsWith(signature, PNG_SIGNATURE)) {
    warn(raw, 'png: bad signature');
    return;
  }
  let at = 8;
  let entries = 0;
  for (;;) {
    if (at + 8 > size) {
      warn(raw, at === size ? 'png: ends without IEND' : `png: truncated chunk header at ${at}`);
      return;
    }
    if (++entries > provenanceLimits.maxEntries) {
      warn(raw, `png: more than ${provenanceLimits.maxEntries} chunks; the rest are ignored`);
      return;
    }
    const header = yield { offset: at, length: 8 };
    const length = u32be(header, 0);
    const type = ascii4(header, 4);
    const where = `png: ${type} chunk at ${at}`;
    if (!isChunkType(header)) {
      warn(raw, `png: invalid chunk type at ${at}; the rest is ignored`);
      return;
    }
    if (entries === 1 && type !== 'IHDR') warn(raw, `png: first chunk is ${type}, not IHDR`);
    if (length > 0x7fffffff || at + 12 + length > size) {
      warn(raw, `${where}: declares ${length} bytes but only ${Math.max(0, size - at - 12)} remain (truncated)`);
      return;
    }
    if (interesting.has(type)) {
      if (length > provenanceLimits.maxPayloadBytes) {
        warn(raw, `${where}: ${length} bytes exceeds the payload limit; skipped`);
      } else if (textChunks.has(type) && !mayKeep(raw, type === 'tEXt' ? Math.max(1, length - 80) : 1, where)) {
        // Not even read: text the budget cannot keep would only be read to be thrown away (a compressed chunk's
        // size says nothing of its text, so it is passed over only once nothing more can be kept).
      } else {
        const body = yield { offset: at + 8, length: length + 4 };
        const data = body.subarray(0, length);
        const expected = u32be(body, length);
        if (crc32(data, crc32(header.subarray(4, 8))) !== expected) warn(raw, `${where}: CRC mismatch`);
        handleChunk(raw, type, data, where);
      }
    }
    if (type === 'IEND') return;
    at += 12 + length;
  }
}
