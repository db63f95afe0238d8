/**
 * Thumbnail, placeholder and visual signals. Each file is stored as soon as it is encoded, so that its write overlaps
 * the pixel thread's work instead of following it (bytes without rows are orphans `doctor --fix` removes).
 */
import type { Rendition } from '../../domain/enrichment.ts';
import { defineStep } from './step.ts';

export const renditionsStep = defineStep({
  name: 'renditions',
  kinds: ['image', 'video'],
  needs: ['picture'],
  producer: (deps) => deps.enrichers.producers.renditions,
  early: true,
  compute: async (run) => {
    const picture = await run.picture();
    const made = await run.deps.enrichers.renditions(picture, async (file) => run.storeFiles([file]));
    return { made, source: picture.facts };
  },
  persist: async (run, { made, source }) => {
    const at = new Date().toISOString();
    // A preview made on request before the first run is kept; a recompute (forced, or a new encoder) drops the stored
    // one, which is then made again on its next request.
    const roles: Rendition['role'][] = run.previous('renditions') ? ['thumbnail', 'preview'] : ['thumbnail'];
    return Promise.resolve({
      result: { signals: made.signals, source, roles: made.files.map((f) => f.rendition.role) },
      write: async (tx) =>
        tx.enrichment.replaceRenditions(
          run.version.id,
          [...new Set([...roles, ...made.files.map((f) => f.rendition.role)])],
          made.files.map((f) => f.rendition),
          at,
        ),
    });
  },
});
