/**
 * The JavaScript pixel enrichers (palette, perceptual hashes with crop probes) as one plain function over a decoded
 * image, so that the same code runs inline and in the pixel threads (pixel-thread.ts): the results are the same bits
 * either way.
 */
import type { DecodedImage, PaletteColour } from '../../domain/enrichment.ts';
import { extractPalette } from '../colour/index.ts';
import { queryHashes, type QueryHashes } from '../hashes/crop-probes.ts';

export type PixelTask = 'palette' | 'hashes';

export type PixelResult = { task: 'palette'; palette: PaletteColour[] } | { task: 'hashes'; hashes: QueryHashes };

export function analysePixels(task: PixelTask, image: DecodedImage): PixelResult {
  return task === 'palette' ? { task, palette: extractPalette(image) } : { task, hashes: queryHashes(image) };
}
