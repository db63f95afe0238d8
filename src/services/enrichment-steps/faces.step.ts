/**
 * Faces and people: how many faces, where, and whether realistic people are depicted (faces that passed the mesh
 * check, or a person object) — a fact the risk policy and brand rules use (likeness and model-release risk).
 */
import { peopleAndObjectsOf, detectionDetailLongEdge } from './people-and-objects.ts';
import { defineStep, pictureKinds } from './step.ts';

export const facesStep = defineStep({
  name: 'faces',
  kinds: pictureKinds,
  needs: [{ detail: detectionDetailLongEdge }],
  // Started once the detail decode exists, so that OCR (its own worker) and detection (its thread) overlap.
  early: true,
  producer: (deps) => deps.enrichers.faceDetector?.producers.faces,
  compute: async (run) => peopleAndObjectsOf(run, run.deps.enrichers.faceDetector!),
  persist: async (_run, found) =>
    Promise.resolve({
      result: { count: found.faces.length, faces: found.faces, containsPeople: found.containsPeople },
    }),
});
