/**
 * The JavaScript enrichers that run in the pixel threads (pixel-thread.ts) — palette, perceptual hashes with crop
 * probes and the ThumbHash placeholder over a decoded image, and the concept tags of a prompt and file name, which
 * need no pixels but are the same kind of synchronous work — as plain functions, so that the same code runs inline
 * and in a thread: the results are the same bits either way.
 */
import type { DecodedImage, PaletteColour, Tag } from '../../domain/enrichment.ts';
import { extractPalette } from '../colour/index.ts';
import { queryHashes, type QueryHashes } from '../hashes/crop-probes.ts';
import { thumbhashOf } from '../renditions/placeholder.ts';
import { extractConceptTags, loadVocabulary } from '../tags/index.ts';

export type PixelTask = 'palette' | 'hashes' | 'placeholder';

export interface ConceptTagInput {
  prompt?: string;
  fileName?: string;
}

export type PixelResult =
  | { task: 'palette'; palette: PaletteColour[] }
  | { task: 'hashes'; hashes: QueryHashes }
  | { task: 'placeholder'; thumbhash: string }
  | { task: 'concept-tags'; tags: Tag[] };

export function analysePixels(task: PixelTask, image: DecodedImage): PixelResult {
  switch (task) {
    case 'palette':
      return { task, palette: extractPalette(image) };
    case 'hashes':
      return { task, hashes: queryHashes(image) };
    case 'placeholder':
      return { task, thumbhash: thumbhashOf(image) };
  }
}

/** The vocabulary is read once per thread, on the first request (loadVocabulary caches it). */
export function analyseText(input: ConceptTagInput): PixelResult {
  return { task: 'concept-tags', tags: extractConceptTags(input, loadVocabulary()) };
}
