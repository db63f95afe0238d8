/** Video: facts, a poster frame and key frames (ffmpeg); the poster is the picture every pixel step of a video reads. */
import { defineStep } from './step.ts';

export const videoStep = defineStep({
  name: 'video',
  kinds: ['video'],
  needs: ['file'],
  providesPoster: true,
  producer: (deps) => deps.enrichers.producers.video,
  compute: async (run) => {
    const analysis = await run.deps.enrichers.video(await run.localPath());
    const files = [analysis.poster, ...analysis.keyframes];
    await run.storeFiles(files);
    run.setPoster(analysis.poster.bytes);
    return { analysis, files };
  },
  persist: async (run, { analysis, files }) => {
    const at = new Date().toISOString();
    return Promise.resolve({
      result: { facts: analysis.facts, keyframes: analysis.keyframes.length },
      write: async (tx) =>
        tx.enrichment.replaceRenditions(
          run.version.id,
          ['poster', 'keyframe'],
          files.map((f) => f.rendition),
          at,
        ),
    });
  },
});
