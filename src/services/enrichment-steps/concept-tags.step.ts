/**
 * Concept tags of the prompt and the file name. They need no pixels: started when the run starts, so that the
 * enrichers work them out (in a pixel thread) while the image decodes; recorded in their turn.
 */
import { conceptTagSources } from '../../domain/enrichment.ts';
import { assetKinds } from '../../domain/asset.ts';
import { defineStep } from './step.ts';

export const conceptTagsStep = defineStep({
  name: 'concept-tags',
  kinds: assetKinds,
  needs: [],
  producer: (deps) => deps.enrichers.producers.conceptTags,
  early: true,
  compute: async (run) => {
    const prompt = run.asset.prompt ?? run.version.provenance.prompt?.positive;
    return run.deps.enrichers.conceptTags({ ...(prompt ? { prompt } : {}), fileName: run.version.fileName });
  },
  persist: async (run, tags) =>
    Promise.resolve({
      result: { tags: tags.length },
      write: async (tx) => tx.enrichment.replaceTags(run.version.id, conceptTagSources, tags),
    }),
});
