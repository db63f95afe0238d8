/**
 * The image embedding of the configured model. It takes part in the near-duplicate check: once every step is done,
 * the run re-checks the version's hash matches with it (NearDuplicateCheck.recheckWithEmbedding).
 */
import { ProvenaError } from '../../domain/errors.ts';
import { defineStep } from './step.ts';

export const embeddingsStep = defineStep({
  name: 'embeddings',
  kinds: ['image', 'video'],
  needs: ['picture'],
  producer: ({ enrichers: { embedder } }) =>
    embedder ? { enricher: 'embeddings', model: embedder.model, modelVersion: embedder.modelVersion } : undefined,
  compute: async (run) => {
    const embedder = run.deps.enrichers.embedder!;
    const vector = await embedder.embedImage((await run.picture()).image);
    if (!vector.every(Number.isFinite))
      throw new ProvenaError('JOB_FAILED', `The ${embedder.model} embedding has non-finite values.`, {
        model: embedder.model,
      });
    return { vector, model: embedder.model, modelVersion: embedder.modelVersion };
  },
  persist: async (run, { vector, model, modelVersion }) => {
    run.similarity.embedded(vector);
    const at = new Date().toISOString();
    return Promise.resolve({
      result: { dimensions: vector.length },
      write: async (tx) => tx.enrichment.saveEmbedding(run.version.id, { model, modelVersion, vector }, at),
    });
  },
});
