/**
 * Test harness for enrichment: the real enrichers and similarity index (service tests build their own instances to
 * simulate a model upgrade or a fresh process), the degenerate test images, and generated "renders" with an A1111
 * parameters chunk carrying prompt and seed.
 */
import sharp from 'sharp';
import type { Enrichers } from '../src/domain/enrichers.ts';
import { MihSimilarityIndex } from '../src/enrich/pipeline/enrichers.ts';
import type { Runtime } from '../src/main/runtime.ts';
import type { EnrichmentDeps } from '../src/services/enrichment.service.ts';
import { serializeInfotext } from '../src/provenance/writers/infotext.ts';
import { setPngTextChunks } from '../src/provenance/writers/png-text.ts';
import { paintPixels } from './provenance-fixtures.ts';

export { createEnrichers, MihSimilarityIndex } from '../src/enrich/pipeline/enrichers.ts';
export { testImages } from '../src/enrich/decode/test-images.ts';

/**
 * What an EnrichmentService of its own needs over a test runtime's database and blobs: the given enrichers, a fresh
 * similarity index (as in a new process), the runtime's workflow (which takes a finished run's asset on to review),
 * and the blob files read in place. No variant suggester: add one if wanted.
 */
export function enrichmentDepsOn(
  rt: Pick<EnrichmentDeps, 'store' | 'workflow'> & Pick<Runtime, 'blobs'>,
  enrichers: Enrichers,
): EnrichmentDeps {
  return {
    store: rt.store,
    workflow: rt.workflow,
    blobs: rt.blobs,
    enrichers,
    index: new MihSimilarityIndex(),
    localFile: (sha) => Promise.resolve({ path: rt.blobs.pathOf(sha), release: () => Promise.resolve() }),
  };
}

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
