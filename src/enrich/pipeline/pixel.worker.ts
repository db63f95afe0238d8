/**
 * The worker-thread side of PixelThreads (pixel-thread.ts): runs palette, hash, placeholder and concept-tag requests
 * with the same code as the inline path (pixel-analysis.ts), off the main thread. A message carries every request
 * made on one image in the same tick (or one text request) and is answered by one message.
 */
import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { DecodedImage } from '../../domain/enrichment.ts';
import { answer, type ThreadReply } from '../../threads/request-thread.ts';
import { pixelThreadNice } from './pixel-thread.ts';
import {
  analysePixels,
  analyseText,
  type ConceptTagInput,
  type PixelResult,
  type PixelTask,
} from './pixel-analysis.ts';

export type PixelRequest =
  | { image: DecodedImage; items: { id: number; task: PixelTask }[] }
  | { items: [{ id: number; task: 'concept-tags'; input: ConceptTagInput }] };

export type PixelReply = ThreadReply<PixelResult>;

const port = parentPort;
if (port) {
  try {
    setPriority(pixelThreadNice);
  } catch {
    // Where threads cannot be reprioritised, the work is the same, only scheduled as any other thread.
  }
  port.on('message', (request: PixelRequest) => {
    const replies: PixelReply[] = request.items.map((item) =>
      answer(item.id, () =>
        item.task === 'concept-tags'
          ? analyseText(item.input)
          : analysePixels(item.task, (request as { image: DecodedImage }).image),
      ),
    );
    port.postMessage(replies);
  });
  port.postMessage({ ready: true });
}
