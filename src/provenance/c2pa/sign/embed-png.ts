/**
 * PNG: the store is the data of one `caBX` chunk placed right after IHDR (where c2pa-rs, OpenAI, Google and Amazon
 * put it). The data hash excludes the whole chunk: length, type, data and CRC.
 */
import { encodePngChunk, walkPngChunks } from '../../writers/png-text.ts';
import { concatBytes } from '../../bytes.ts';
import { corruptFile } from '../../writers/writer-errors.ts';
import type { PreparedAsset } from './embed-asset.ts';

const C2PA_CHUNK = 'caBX';
/** A PNG chunk length is a 31-bit number (PNG spec §5.3). */
const MAX_CHUNK_DATA = 0x7fffffff;

export function preparePng(png: Uint8Array): PreparedAsset {
  const chunks = walkPngChunks(png);
  const ihdr = chunks[0];
  if (ihdr?.type !== 'IHDR') throw corruptFile('PNG', 'the first chunk is not IHDR');
  const kept = chunks.filter((c) => c.type !== C2PA_CHUNK);
  const head = png.subarray(0, ihdr.end);
  const tail = concatBytes(kept.slice(1).map((c) => png.subarray(c.start, c.end)));
  return {
    removedStores: chunks.length - kept.length,
    embed(store) {
      if (store.length > MAX_CHUNK_DATA) throw new RangeError('C2PA store too large for a PNG chunk');
      const chunk = encodePngChunk(C2PA_CHUNK, store);
      return {
        file: concatBytes([head, chunk, tail]),
        exclusion: { start: head.length, length: chunk.length },
      };
    },
  };
}
