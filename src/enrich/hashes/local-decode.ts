/**
 * The production decode (src/enrich/decode/), reduced to its working image: what the hash tests and bench:dupes
 * hash, so that they measure exactly what enrichment stores.
 */
import type { DecodedImage } from '../../domain/enrichment.ts';
import { decodeImage } from '../decode/decode-image.ts';

export async function decodeForHashing(input: Buffer | string): Promise<DecodedImage> {
  return (await decodeImage(input, { limitInputPixels: 100_000_000 })).image;
}
