/**
 * Faces, people and COCO objects in a picture (issue 13 §2): the PeopleAndObjectDetector port of
 * domain/image-content.ts over @vladmandic/human's bundled blazeface + facemesh and CenterNet, on the tfjs WebAssembly
 * back end, offline (human-runtime.ts). By default it runs in its own worker thread (vision-thread.ts).
 */
import type { PeopleAndObjectDetector } from '../../domain/image-content.ts';
import { defaultDetectionSettings, detectionSettings, type DetectionSettings } from './human-runtime.ts';
import { InlinePeopleAndObjectDetector } from './human-detector.ts';
import { PeopleAndObjectThread } from './vision-thread.ts';

export { defaultDetectionSettings, modelVersion, visionProducers } from './human-runtime.ts';
export type { DetectionSettings } from './human-runtime.ts';
export { InlinePeopleAndObjectDetector } from './human-detector.ts';
export { PeopleAndObjectThread } from './vision-thread.ts';

/**
 * The detail-size long edge to decode pictures at for this detector (a step's `{ detail: … }` need): the models work
 * at 256 (blazeface) and 512 (CenterNet), and anything larger is shrunk to this first anyway.
 */
export const visionDetailEdge = defaultDetectionSettings.maxInputEdge;

export interface PeopleAndObjectDetectorOptions extends Partial<DetectionSettings> {
  /** Run the models in a worker thread of their own (default true); false runs them in the calling thread. */
  thread?: boolean;
}

/**
 * A detector with its models loaded (so that a broken install fails at startup, not at the first job). Throws
 * CONFIG_INVALID for an option out of range or models that cannot be loaded. dispose() when done.
 */
export async function createPeopleAndObjectDetector(
  options: PeopleAndObjectDetectorOptions = {},
): Promise<PeopleAndObjectDetector> {
  const { thread = true, ...rest } = options;
  const settings = detectionSettings(rest);
  const detector = thread ? new PeopleAndObjectThread(settings) : new InlinePeopleAndObjectDetector(settings);
  try {
    await detector.init();
  } catch (error) {
    await detector.dispose();
    throw error;
  }
  return detector;
}
