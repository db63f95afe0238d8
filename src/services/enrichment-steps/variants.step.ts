/**
 * Variant suggestions from prompt and seed lineage and the visual matches of the near-duplicate check. The closing
 * step: it reads other assets' lineage and families, so it runs in the transaction that records the run.
 */
import type { Producer } from '../../domain/enrichment.ts';
import { ProvenaError } from '../../domain/errors.ts';
import { assetKinds } from '../../domain/asset.ts';
import { defineStep } from './step.ts';

const variantsProducer: Producer = { enricher: 'variants', model: 'provena-variant-rules', modelVersion: '1' };

export const variantsStep = defineStep({
  name: 'variants',
  kinds: assetKinds,
  needs: [{ step: 'hashes' }],
  producer: (deps) => (deps.variants ? variantsProducer : undefined),
  closing: true,
  compute: async () => Promise.resolve(undefined),
  /**
   * In a savepoint of the closing transaction: when it fails, its reads and writes are undone (PostgreSQL also needs
   * that to go on after a failed statement) and the failure is recorded like any step's.
   */
  persist: async (run, _output, tx) => {
    if (!tx) throw new ProvenaError('INTERNAL', 'The variant step runs in the closing transaction.');
    const { asset, version, similarity } = run;
    const outcome = await tx.attempt(async (inner) => {
      // Visual variant candidates come from this run's similarity check, or from the links stored by an earlier one.
      const links = similarity.probe
        ? similarity.links
        : (await inner.enrichment.linksOf(asset.id)).filter(
            (l) => l.assetId === asset.id && l.versionNumber === version.number,
          );
      const visual = links.filter((l) => l.verdict === 'variant-candidate');
      return run.deps.variants!.suggestFor(run.ctx, inner, asset, version, visual);
    });
    return { result: { suggested: outcome.suggested, ...(outcome.family ? { familyId: outcome.family.id } : {}) } };
  },
});
