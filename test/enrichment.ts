/**
 * Test harness for enrichment: the real enrichers and similarity index (service tests build their own instances to
 * simulate a model upgrade or a fresh process), the degenerate test images, and generated "renders" with an A1111
 * parameters chunk carrying prompt and seed.
 */
import sharp from 'sharp';
import { serializeInfotext } from '../src/provenance/writers/infotext.ts';
import { setPngTextChunks } from '../src/provenance/writers/png-text.ts';
import { paintPixels } from './provenance-fixtures.ts';

export { createEnrichers, MihSimilarityIndex } from '../src/enrich/pipeline/enrichers.ts';
export { testImages } from '../src/enrich/decode/test-images.ts';

/** A generated "render": painted pixels with an A1111 parameters chunk carrying prompt and seed. */
export async function render(paintSeed: number, prompt: string, seed: string, size = 512): Promise<Buffer> {
  const png = await sharp(Buffer.from(paintPixels(size, size, 3, paintSeed)), {
    raw: { width: size, height: size, channels: 3 },
  })
    .png()
    .toBuffer();
  const parameters = serializeInfotext({
    prompt,
    negativePrompt: 'blurry',
    params: [
      ['Steps', 20],
      ['Seed', seed],
      ['Size', `${size}x${size}`],
      ['Model', 'sdxl'],
    ],
  });
  return Buffer.from(setPngTextChunks(png, [{ keyword: 'parameters', text: parameters }]));
}
