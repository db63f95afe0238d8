/**
 * The JavaScript enrichers that run in the pixel threads (pixel-thread.ts) — palette and perceptual hashes with crop
 * probes over a decoded image, and the concept tags of a prompt and file name, which need no pixels but are the same
 * kind of synchronous work — as plain functions, so that the same code runs inline and in a thread: the results are
 * the same bits either way.
 */
import type { DecodedImage, PaletteColour, Tag } from '../../domain/enrichment.ts';
import { extractPalette } from '../colour/index.ts';
import { queryHashes, type QueryHashes } from '../hashes/crop-probes.ts';
import { extractConceptTags, loadVocabulary } from '../tags/index.ts';

export type PixelTask = 'palette' | 'hashes';

export interface ConceptTagInput {
  prompt?: string;
  fileName?: string;
}

export type PixelResult =
  | { task: 'palette'; palette: PaletteColour[] }
  | { task: 'hashes'; hashes: QueryHashes }
  | { task: 'concept-tags'; tags: Tag[] };

export function analysePixels(task: PixelTask, image: DecodedImage): PixelResult {
  return task === 'palette' ? { task, palette: extractPalette(image) } : { task, hashes: queryHashes(image) };
}

/** The vocabulary is read once per thread, on the first request (loadVocabulary caches it). */
export function analyseText(input: ConceptTagInput): PixelResult {
  return { task: 'concept-tags', tags: extractConceptTags(input, loadVocabulary()) };
}
