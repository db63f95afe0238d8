/**
 * Objects (COCO classes) with confidence and boxes, in the step's result and as tags of source 'objects' (category
 * object), which search and the brand check read like any other tags.
 */
import type { Tag } from '../../domain/enrichment.ts';
import { peopleAndObjectsOf, detectionDetailLongEdge } from './people-and-objects.ts';
import { defineStep, pictureKinds } from './step.ts';

export const objectsStep = defineStep({
  name: 'objects',
  kinds: pictureKinds,
  needs: [{ detail: detectionDetailLongEdge }],
  // Started once the detail decode exists, so that OCR (its own worker) and detection (its thread) overlap.
  early: true,
  producer: (deps) => deps.enrichers.objectDetector?.producers.objects,
  compute: async (run) => {
    const detector = run.deps.enrichers.objectDetector!;
    const found = await peopleAndObjectsOf(run, detector);
    return { objects: found.objects, model: detector.producers.objects.model };
  },
  persist: async (run, { objects, model }) => {
    // One tag per label, at its best score: three cars are one 'car' tag; the result keeps every box.
    const best = new Map<string, number>();
    for (const object of objects) best.set(object.label, Math.max(best.get(object.label) ?? 0, object.score));
    const tags: Tag[] = [...best].map(([label, confidence]) => ({
      label,
      category: 'object',
      source: 'objects',
      confidence,
      model,
    }));
    return Promise.resolve({
      result: { count: objects.length, objects, tags: tags.length },
      write: async (tx) => tx.enrichment.replaceTags(run.version.id, ['objects'], tags),
    });
  },
});
