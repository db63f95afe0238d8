/**
 * PNG text chunk writer, for the generator tools' text chunks and the XMP packet.
 *
 * Chooses the chunk type the way Python Pillow's `PngInfo.add_text()` does, because that is what A1111, ComfyUI,
 * NovelAI and Fooocus run: `tEXt` when the text encodes as Latin-1, otherwise an uncompressed `iTXt` (UTF-8).
 * New chunks go before the first IDAT; every other chunk is copied byte for byte and keeps its place.
 */
import { crc32, deflateSync } from 'node:zlib';
import { concatBytes, isLatin1, latin1Bytes } from '../bytes.ts';
import { corruptFile, invalidValue } from './writer-errors.ts';

export const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
export const XMP_KEYWORD = 'XML:com.adobe.xmp';

/** Chunk types the writers add or replace; anything else is left alone. */
const TEXT_TYPES = new Set(['tEXt', 'zTXt', 'iTXt']);
/** Bound on walked chunks so that a hostile file of empty chunks cannot keep us busy. */
const MAX_CHUNKS = 100_000;

export interface PngChunk {
  type: string;
  /** Offset of the length field; the chunk occupies [start, end). */
  start: number;
  end: number;
  dataStart: number;
  dataEnd: number;
}

export type PngTextChunkType = 'tEXt' | 'iTXt' | 'zTXt';

export interface PngTextEntry {
  keyword: string;
  text: string;
  /** 'auto' (default) follows Pillow: tEXt when Latin-1, else uncompressed iTXt. */
  type?: 'auto' | PngTextChunkType;
  /** iTXt only: deflate the text (compression flag 1). */
  compressed?: boolean;
}

/** Walks the chunk list; throws CORRUPT_FILE on a bad signature, a chunk running past the end, or no IEND. */
export function walkPngChunks(png: Uint8Array): PngChunk[] {
  if (png.length < 8 || !PNG_SIGNATURE.every((b, i) => png[i] === b)) throw corruptFile('PNG', 'no PNG signature');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const chunks: PngChunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    if (chunks.length >= MAX_CHUNKS) throw corruptFile('PNG', `more than ${MAX_CHUNKS} chunks`);
    if (offset + 12 > png.length) throw corruptFile('PNG', 'truncated chunk header', { offset });
    const length = view.getUint32(offset);
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if (length > 0x7fffffff || dataEnd + 4 > png.length)
      throw corruptFile('PNG', 'chunk runs past the end', { offset });
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    if (!/^[A-Za-z]{4}$/.test(type)) throw corruptFile('PNG', 'invalid chunk type', { offset });
    chunks.push({ type, start: offset, end: dataEnd + 4, dataStart, dataEnd });
    offset = dataEnd + 4;
    if (type === 'IEND') return chunks;
  }
  throw corruptFile('PNG', 'no IEND chunk');
}

/** One complete chunk: length, type, data, CRC-32 over type + data. */
export function encodePngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(latin1Bytes(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** PNG keywords: 1–79 printable Latin-1 characters, no leading, trailing or doubled spaces (PNG spec §11.3.4.2). */
export function checkPngKeyword(keyword: string): void {
  const printable = [...keyword].every((c) => {
    const code = c.charCodeAt(0);
    return (code >= 32 && code <= 126) || (code >= 161 && code <= 255);
  });
  if (keyword.length < 1 || keyword.length > 79 || !printable || /^ | $| {2}/.test(keyword)) {
    throw invalidValue('keyword', `"${keyword}" is not a valid PNG keyword (1-79 printable Latin-1 characters)`);
  }
}

/** Encodes one text chunk. Text may not contain NUL: no PNG text chunk can carry it. */
export function encodePngTextChunk(entry: PngTextEntry): Uint8Array {
  checkPngKeyword(entry.keyword);
  if (entry.text.includes('\0')) throw invalidValue(entry.keyword, 'text contains a NUL character');
  const wanted = entry.type ?? 'auto';
  const type: PngTextChunkType = wanted === 'auto' ? (isLatin1(entry.text) ? 'tEXt' : 'iTXt') : wanted;
  const keyword = latin1Bytes(entry.keyword);
  if (type === 'tEXt') {
    if (!isLatin1(entry.text)) throw invalidValue(entry.keyword, 'tEXt can only carry Latin-1 text');
    return encodePngChunk('tEXt', concatBytes([keyword, Uint8Array.of(0), latin1Bytes(entry.text)]));
  }
  if (type === 'zTXt') {
    if (!isLatin1(entry.text)) throw invalidValue(entry.keyword, 'zTXt can only carry Latin-1 text');
    return encodePngChunk('zTXt', concatBytes([keyword, Uint8Array.of(0, 0), deflateSync(latin1Bytes(entry.text))]));
  }
  const utf8 = new TextEncoder().encode(entry.text);
  const compressed = entry.compressed === true;
  // keyword NUL, compression flag, method 0, empty language tag NUL, empty translated keyword NUL, text.
  const header = Uint8Array.of(0, compressed ? 1 : 0, 0, 0, 0);
  return encodePngChunk('iTXt', concatBytes([keyword, header, compressed ? deflateSync(utf8) : utf8]));
}

/** The keyword of a tEXt/zTXt/iTXt chunk (bytes up to the first NUL, at most 79). */
function chunkKeyword(png: Uint8Array, chunk: PngChunk): string | undefined {
  const limit = Math.min(chunk.dataEnd, chunk.dataStart + 80);
  for (let i = chunk.dataStart; i < limit; i++) {
    if (png[i] === 0) return String.fromCharCode(...png.subarray(chunk.dataStart, i));
  }
  return undefined;
}

/**
 * Adds text chunks before the first IDAT, first removing every existing text chunk (of any of the three types) with
 * the same keyword, so that a reader never sees two values for one key.
 */
export function setPngTextChunks(png: Uint8Array, entries: readonly PngTextEntry[]): Uint8Array {
  const encoded = entries.map(encodePngTextChunk);
  const replaced = new Set(entries.map((e) => e.keyword));
  const chunks = walkPngChunks(png);
  const firstIdat = chunks.findIndex((c) => c.type === 'IDAT');
  if (firstIdat < 0) throw corruptFile('PNG', 'no IDAT chunk');
  if (chunks[0]?.type !== 'IHDR') throw corruptFile('PNG', 'first chunk is not IHDR');
  const parts: Uint8Array[] = [png.subarray(0, 8)];
  chunks.forEach((chunk, index) => {
    if (index === firstIdat) parts.push(...encoded);
    if (TEXT_TYPES.has(chunk.type)) {
      const keyword = chunkKeyword(png, chunk);
      if (keyword !== undefined && replaced.has(keyword)) return;
    }
    parts.push(png.subarray(chunk.start, chunk.end));
  });
  return concatBytes(parts);
}

/** Embeds an XMP packet as `iTXt XML:com.adobe.xmp` (uncompressed, as ExifTool and Adobe write it). */
export function setPngXmp(png: Uint8Array, packet: string): Uint8Array {
  return setPngTextChunks(png, [{ keyword: XMP_KEYWORD, text: packet, type: 'iTXt' }]);
}

/** True when the PNG carries a C2PA manifest store (`caBX`), which any edit invalidates. */
export function pngHasC2pa(png: Uint8Array): boolean {
  return walkPngChunks(png).some((c) => c.type === 'caBX');
}
