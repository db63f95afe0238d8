/**
 * One detection of faces and objects per run and detector, shared by the faces and objects steps (one model package
 * answers both, on the same detail-size decode; the runtime gives both steps the same detector).
 */
import type { PeopleAndObjectDetector, PeopleAndObjects } from '../../domain/image-content.ts';
import { callDetector } from './detector-call.ts';
import type { StepContext } from './step.ts';

/** Long edge of the decode the detectors read (they scale it down to their own input size). */
export const detectionDetailLongEdge = 1024;

export async function peopleAndObjectsOf(
  run: StepContext,
  detector: PeopleAndObjectDetector,
): Promise<PeopleAndObjects> {
  return run.once(detector, async () => {
    const image = await run.detail();
    return callDetector(run, 'Face and object detection', async (signal) => detector.detect(image, { signal }));
  });
}
