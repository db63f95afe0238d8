/** Tags (source 'visual') and moderation scores from the configured vision models, one after another. */
import type { Tag } from '../../domain/enrichment.ts';
import { defineStep } from './step.ts';

export const visualTagsStep = defineStep({
  name: 'visual-tags',
  kinds: ['image', 'video'],
  needs: ['picture'],
  producer: ({ enrichers: { taggers } }) =>
    taggers.length > 0
      ? {
          enricher: 'visual-tags',
          model: taggers.map((t) => t.model).join('+'),
          modelVersion: taggers.map((t) => t.modelVersion).join('+'),
        }
      : undefined,
  compute: async (run) => {
    const picture = await run.picture();
    const tags: Tag[] = [];
    const moderation: Record<string, unknown> = {};
    for (const tagger of run.deps.enrichers.taggers) {
      const out = await tagger.tag(picture.image);
      tags.push(...out.tags);
      if (out.moderation) moderation[out.moderation.model] = out.moderation.scores;
    }
    return { tags, moderation };
  },
  persist: async (run, { tags, moderation }) =>
    Promise.resolve({
      result: { tags: tags.length, moderation },
      write: async (tx) => tx.enrichment.replaceTags(run.version.id, ['visual'], tags),
    }),
});
