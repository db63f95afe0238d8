/**
 * RIFF/WebP chunk surgery for the metadata writers: replace or add the `EXIF` and
 * `XMP ` chunks, turn a simple (VP8/VP8L) file into an extended one by adding VP8X, keep the VP8X flags and the RIFF
 * size true. Sizes are little-endian; odd-sized chunks carry one pad byte.
 */
import { concatBytes, latin1Bytes } from '../bytes.ts';
import { corruptFile } from './writer-errors.ts';

const MAX_CHUNKS = 100_000;

export const VP8X_FLAG_ICC = 0x20;
export const VP8X_FLAG_ALPHA = 0x10;
export const VP8X_FLAG_EXIF = 0x08;
export const VP8X_FLAG_XMP = 0x04;
export const VP8X_FLAG_ANIMATION = 0x02;

export interface RiffChunk {
  fourcc: string;
  start: number;
  /** End including the pad byte. */
  end: number;
  dataStart: number;
  dataEnd: number;
}

export function walkWebpChunks(webp: Uint8Array): RiffChunk[] {
  const view = new DataView(webp.buffer, webp.byteOffset, webp.byteLength);
  const tag = (at: number): string => String.fromCharCode(...webp.subarray(at, at + 4));
  if (webp.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WEBP') throw corruptFile('WebP', 'no RIFF/WEBP header');
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > webp.length) throw corruptFile('WebP', 'RIFF size exceeds the file');
  const chunks: RiffChunk[] = [];
  let offset = 12;
  while (offset + 8 <= riffEnd) {
    if (chunks.length >= MAX_CHUNKS) throw corruptFile('WebP', `more than ${MAX_CHUNKS} chunks`);
    const size = view.getUint32(offset + 4, true);
    const dataStart = offset + 8;
    const dataEnd = dataStart + size;
    if (dataEnd > riffEnd) throw corruptFile('WebP', 'chunk runs past the RIFF end', { offset });
    const end = Math.min(dataEnd + (size & 1), riffEnd);
    chunks.push({ fourcc: tag(offset), start: offset, end, dataStart, dataEnd });
    offset = end;
  }
  if (chunks.length === 0) throw corruptFile('WebP', 'no chunks');
  return chunks;
}

export function encodeRiffChunk(fourcc: string, data: Uint8Array): Uint8Array {
  const pad = data.length & 1;
  const out = new Uint8Array(8 + data.length + pad);
  out.set(latin1Bytes(fourcc), 0);
  new DataView(out.buffer).setUint32(4, data.length, true);
  out.set(data, 8);
  return out;
}

interface Canvas {
  width: number;
  height: number;
  alpha: boolean;
}

/** Canvas size (and alpha) of a simple WebP, from the VP8 key-frame header or the VP8L header. */
function simpleCanvas(webp: Uint8Array, chunk: RiffChunk): Canvas {
  const d = webp.subarray(chunk.dataStart, chunk.dataEnd);
  if (chunk.fourcc === 'VP8 ') {
    if (d.length < 10 || d[3] !== 0x9d || d[4] !== 0x01 || d[5] !== 0x2a) throw corruptFile('WebP', 'bad VP8 header');
    const width = (((d[7] ?? 0) << 8) | (d[6] ?? 0)) & 0x3fff;
    const height = (((d[9] ?? 0) << 8) | (d[8] ?? 0)) & 0x3fff;
    return { width, height, alpha: false };
  }
  if (d.length < 5 || d[0] !== 0x2f) throw corruptFile('WebP', 'bad VP8L header');
  const bits = new DataView(d.buffer, d.byteOffset + 1, 4).getUint32(0, true);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
}

/** A VP8X chunk for `canvas` with the given flags (the C2PA signer uses it too, to extend a simple file). */
export function encodeVp8x(flags: number, canvas: Canvas): Uint8Array {
  const data = new Uint8Array(10);
  data[0] = flags;
  const w = canvas.width - 1;
  const h = canvas.height - 1;
  data.set([w & 0xff, (w >> 8) & 0xff, (w >> 16) & 0xff, h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff], 4);
  return encodeRiffChunk('VP8X', data);
}

/** Chunks that make up the image itself; metadata chunks follow them (WebP container spec, extended layout). */
const IMAGE_CHUNKS = new Set(['VP8 ', 'VP8L', 'ALPH', 'ANIM', 'ANMF', 'ICCP', 'VP8X']);

export interface WebpMetadata {
  /** Raw TIFF (no `Exif\0\0` prefix, as Pillow and libwebp write it); null removes the chunk. */
  exif?: Uint8Array | null;
  /** UTF-8 XMP packet; null removes the chunk. */
  xmp?: Uint8Array | null;
}

/**
 * Sets the EXIF and/or XMP chunks (undefined leaves a chunk as it is). EXIF and XMP are placed right after the
 * image data in that order, other chunks (C2PA, unknown) keep their order, and VP8X is added or updated.
 */
export function setWebpMetadata(webp: Uint8Array, metadata: WebpMetadata): Uint8Array {
  const chunks = walkWebpChunks(webp);
  const first = chunks[0];
  if (first === undefined) throw corruptFile('WebP', 'no chunks');
  const existing = (fourcc: string): Uint8Array | undefined => {
    const chunk = chunks.find((c) => c.fourcc === fourcc);
    return chunk ? webp.subarray(chunk.dataStart, chunk.dataEnd) : undefined;
  };
  const exif = metadata.exif === undefined ? existing('EXIF') : (metadata.exif ?? undefined);
  const xmp = metadata.xmp === undefined ? existing('XMP ') : (metadata.xmp ?? undefined);

  let flags: number;
  let vp8x: Uint8Array;
  if (first.fourcc === 'VP8X') {
    if (first.dataEnd - first.dataStart < 10) throw corruptFile('WebP', 'VP8X chunk too short');
    flags = webp[first.dataStart] ?? 0;
    vp8x = webp.slice(first.start, first.end);
  } else if (first.fourcc === 'VP8 ' || first.fourcc === 'VP8L') {
    const canvas = simpleCanvas(webp, first);
    flags = canvas.alpha ? VP8X_FLAG_ALPHA : 0;
    vp8x = encodeVp8x(0, canvas);
  } else {
    throw corruptFile('WebP', `unexpected first chunk ${JSON.stringify(first.fourcc)}`);
  }
  flags = (flags & ~(VP8X_FLAG_EXIF | VP8X_FLAG_XMP)) | (exif ? VP8X_FLAG_EXIF : 0) | (xmp ? VP8X_FLAG_XMP : 0);
  vp8x[8] = flags;

  const rest = chunks.filter((c) => c.fourcc !== 'VP8X' && c.fourcc !== 'EXIF' && c.fourcc !== 'XMP ');
  let lastImage = -1;
  rest.forEach((c, i) => {
    if (IMAGE_CHUNKS.has(c.fourcc)) lastImage = i;
  });
  const metadataChunks = [
    ...(exif ? [encodeRiffChunk('EXIF', exif)] : []),
    ...(xmp ? [encodeRiffChunk('XMP ', xmp)] : []),
  ];
  const parts: Uint8Array[] = [new Uint8Array(12), vp8x];
  rest.forEach((c, i) => {
    parts.push(webp.subarray(c.start, c.end));
    if (i === lastImage) parts.push(...metadataChunks);
  });
  if (lastImage < 0) parts.push(...metadataChunks);
  const out = concatBytes(parts);
  out.set(latin1Bytes('RIFF'), 0);
  new DataView(out.buffer).setUint32(4, out.length - 8, true);
  out.set(latin1Bytes('WEBP'), 8);
  return out;
}

/** True when the WebP carries a C2PA manifest store (RIFF `C2PA`), which any edit invalidates. */
export function webpHasC2pa(webp: Uint8Array): boolean {
  return walkWebpChunks(webp).some((c) => c.fourcc === 'C2PA');
}
