/**
 * The worker-thread side of PeopleAndObjectThread (vision-thread.ts): owns one InlinePeopleAndObjectDetector and
 * answers its requests. Human's inference on WebAssembly is synchronous (~0.2 s a picture), so in the main thread it
 * would stall the event loop and every other enricher with it; here it runs beside them, on a tfjs engine of its own.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DetailImage, PeopleAndObjects } from '../../domain/image-content.ts';
import { serialiseError } from '../../threads/typescript-worker.ts';
import type { ThreadReply } from '../../threads/request-thread.ts';
import type { DetectionSettings } from './human-runtime.ts';
import { InlinePeopleAndObjectDetector } from './human-detector.ts';

/** A request without its id, as the caller builds it. */
export type VisionRequestBody = { type: 'load' } | { type: 'detect'; image: DetailImage };
export type VisionRequest = VisionRequestBody & { id: number };

/** 'load' answers with null once the models are in; 'detect' with the faces and objects. */
export type VisionReply = ThreadReply<PeopleAndObjects | null>;

const port = parentPort;
if (port) {
  const detector = new InlinePeopleAndObjectDetector(workerData as DetectionSettings);
  port.on('message', (request: VisionRequest) => {
    const work = request.type === 'load' ? detector.init().then(() => null) : detector.detect(request.image);
    work.then(
      (result) => port.postMessage({ id: request.id, ok: true, result } satisfies VisionReply),
      (error: unknown) =>
        port.postMessage({ id: request.id, ok: false, error: serialiseError(error) } satisfies VisionReply),
    );
  });
  port.postMessage({ ready: true });
}
