/**
 * WebP: the store is a RIFF chunk `C2PA` at the end of the file (C2PA 2.2 §A.3.6). The WebP container only allows
 * chunks other than the image's in the extended format, so a simple-format file (a lone `VP8 ` or `VP8L` chunk) is
 * first converted by inserting a `VP8X` header with the canvas size read from the bitstream. The RIFF size is
 * updated; the data hash excludes the C2PA chunk's header and data (not its pad byte, as c2pa-rs locates it).
 */
import { ascii4, concatBytes, u16le, u32le } from '../../bytes.ts';
import { VP8X_FLAG_ALPHA, encodeRiffChunk, encodeVp8x } from '../../writers/webp-chunks.ts';
import { corruptFile } from '../../writers/writer-errors.ts';
import type { PreparedAsset } from './embed-asset.ts';

const C2PA_CHUNK = 'C2PA';
const MAX_CHUNKS = 100_000;

interface RiffChunk {
  type: string;
  start: number;
  /** Offset after the data and its pad byte. */
  end: number;
  dataStart: number;
  dataLength: number;
}

function walkRiff(webp: Uint8Array): RiffChunk[] {
  if (webp.length < 12 || ascii4(webp, 0) !== 'RIFF' || ascii4(webp, 8) !== 'WEBP') {
    throw corruptFile('WebP', 'no RIFF/WEBP header');
  }
  // Bytes past the RIFF size are not part of the file as a reader sees it; they are dropped.
  const riffEnd = 8 + u32le(webp, 4);
  if (riffEnd > webp.length) throw corruptFile('WebP', 'the RIFF size runs past the end of the file');
  const chunks: RiffChunk[] = [];
  let offset = 12;
  while (offset < riffEnd) {
    if (chunks.length >= MAX_CHUNKS) throw corruptFile('WebP', `more than ${MAX_CHUNKS} chunks`);
    if (offset + 8 > riffEnd) throw corruptFile('WebP', 'truncated chunk header', { offset });
    const dataLength = u32le(webp, offset + 4);
    const dataStart = offset + 8;
    const end = dataStart + dataLength + (dataLength & 1);
    // A missing final pad byte is common enough in the wild to tolerate; anything longer is damage.
    if (dataStart + dataLength > riffEnd) throw corruptFile('WebP', 'chunk runs past the end', { offset });
    chunks.push({
      type: ascii4(webp, offset),
      start: offset,
      end: Math.min(end, riffEnd),
      dataStart,
      dataLength,
    });
    offset = end;
  }
  return chunks;
}

/** Canvas size and alpha of a simple-format image, from the VP8 frame header or the VP8L header. */
function simpleImageInfo(webp: Uint8Array, chunk: RiffChunk): { width: number; height: number; alpha: boolean } {
  const d = chunk.dataStart;
  if (chunk.type === 'VP8 ') {
    if (chunk.dataLength < 10 || webp[d + 3] !== 0x9d || webp[d + 4] !== 0x01 || webp[d + 5] !== 0x2a) {
      throw corruptFile('WebP', 'VP8 chunk without a key frame header');
    }
    return { width: u16le(webp, d + 6) & 0x3fff, height: u16le(webp, d + 8) & 0x3fff, alpha: false };
  }
  if (chunk.dataLength < 5 || webp[d] !== 0x2f) throw corruptFile('WebP', 'VP8L chunk without its signature');
  const bits = u32le(webp, d + 1);
  return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1, alpha: ((bits >>> 28) & 1) === 1 };
}

export function prepareWebp(webp: Uint8Array): PreparedAsset {
  const chunks = walkRiff(webp);
  const first = chunks[0];
  if (!first) throw corruptFile('WebP', 'no image chunk');
  const kept = chunks.filter((c) => c.type !== C2PA_CHUNK);
  const body: Uint8Array[] = [];
  if (first.type === 'VP8 ' || first.type === 'VP8L') {
    const info = simpleImageInfo(webp, first);
    body.push(encodeVp8x(info.alpha ? VP8X_FLAG_ALPHA : 0, info));
  } else if (first.type !== 'VP8X') throw corruptFile('WebP', `unexpected first chunk ${JSON.stringify(first.type)}`);
  for (const c of kept) {
    const bytes = webp.subarray(c.start, c.end);
    // Re-add a pad byte that the input left out at the very end, so that the C2PA chunk starts at an even offset.
    body.push(bytes.length % 2 === 1 ? concatBytes([bytes, new Uint8Array(1)]) : bytes);
  }
  const image = concatBytes(body);

  return {
    removedStores: chunks.length - kept.length,
    embed(store) {
      const chunk = encodeRiffChunk(C2PA_CHUNK, store);
      const riffSize = 4 + image.length + chunk.length;
      if (riffSize > 0xffffffff) throw new RangeError('WebP file would exceed the 4 GiB RIFF limit');
      const header = new Uint8Array(12);
      header.set([0x52, 0x49, 0x46, 0x46], 0); // 'RIFF'
      new DataView(header.buffer).setUint32(4, riffSize, true);
      header.set([0x57, 0x45, 0x42, 0x50], 8); // 'WEBP'
      const start = header.length + image.length;
      // c2pa-rs locates the manifest as the chunk header plus its data, so a pad byte after odd-sized data is hashed.
      return { file: concatBytes([header, image, chunk]), exclusion: { start, length: 8 + store.length } };
    },
  };
}
