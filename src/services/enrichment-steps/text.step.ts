/**
 * Text in the picture (OCR): the words with their boxes (in the original's pixels) and confidence, and the text,
 * lines joined with newlines, stored in the step's result for the brand check and search. A picture without text
 * records no words. Read on the detail-size decode: text needs more pixels than faces and objects.
 */
import type { TextInImage } from '../../domain/image-content.ts';
import { callDetector } from './detector-call.ts';
import { defineStep, pictureKinds } from './step.ts';

/** Long edge of the decode OCR reads: small print on a large picture is still a dozen pixels high. */
export const textDetailLongEdge = 2048;

export const textStep = defineStep({
  name: 'text',
  kinds: pictureKinds,
  needs: [{ detail: textDetailLongEdge }],
  // Started once the detail decode exists, so that OCR (its own worker) and detection (its thread) overlap.
  early: true,
  producer: (deps) => deps.enrichers.textRecogniser?.producer,
  compute: async (run): Promise<TextInImage> => {
    const recogniser = run.deps.enrichers.textRecogniser!;
    const image = await run.detail();
    return callDetector(run, 'Text recognition', async (signal) => recogniser.recognise(image, { signal }));
  },
  persist: async (_run, found) =>
    Promise.resolve({ result: { wordCount: found.words.length, text: found.text, words: found.words } }),
});
