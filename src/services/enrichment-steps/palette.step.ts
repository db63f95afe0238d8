/** The dominant colours with their shares, names and colour families. */
import { defineStep } from './step.ts';

export const paletteStep = defineStep({
  name: 'palette',
  kinds: ['image', 'video'],
  needs: ['picture'],
  producer: (deps) => deps.enrichers.producers.palette,
  early: true,
  compute: async (run) => run.deps.enrichers.palette(await run.picture()),
  persist: async (run, colours) =>
    Promise.resolve({
      result: { colours: colours.length },
      write: async (tx) => tx.enrichment.replacePalette(run.version.id, colours),
    }),
});
