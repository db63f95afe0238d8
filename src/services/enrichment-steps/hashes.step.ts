/**
 * Perceptual hashes, and the near-duplicate check right after them (NearDuplicateCheck): registered first of the
 * pixel steps so that a match is flagged as early as possible.
 */
import { defineStep } from './step.ts';

export const hashesStep = defineStep({
  name: 'hashes',
  kinds: ['image', 'video'],
  needs: ['picture'],
  producer: (deps) => deps.enrichers.producers.hashes,
  early: true,
  compute: async (run) => run.deps.enrichers.hashes(await run.picture()),
  persist: async (run, probe) => {
    const producer = run.deps.enrichers.producers.hashes;
    const links = await run.similarity.check(probe);
    return {
      result: { ...probe.stored, nearDuplicates: links.filter((l) => l.verdict === 'near-duplicate').length },
      write: async (tx) =>
        tx.enrichment.replaceHashes(
          run.version.id,
          run.asset.id,
          probe.stored,
          `${producer.model}@${producer.modelVersion}`,
        ),
    };
  },
});
