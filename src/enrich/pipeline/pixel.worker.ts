/**
 * The worker-thread side of PixelThreads (pixel-thread.ts): runs palette, hash and concept-tag requests with the same
 * code as the inline path (pixel-analysis.ts), off the main thread.
 */
import { parentPort } from 'node:worker_threads';
import type { DecodedImage } from '../../domain/enrichment.ts';
import { serialiseError, type SerialisedError } from '../embeddings/typescript-worker.ts';
import {
  analysePixels,
  analyseText,
  type ConceptTagInput,
  type PixelResult,
  type PixelTask,
} from './pixel-analysis.ts';

export type PixelRequest =
  { id: number; task: PixelTask; image: DecodedImage } | { id: number; task: 'concept-tags'; input: ConceptTagInput };

export type PixelReply =
  { id: number; ok: true; result: PixelResult } | { id: number; ok: false; error: SerialisedError };

const port = parentPort;
if (port) {
  port.on('message', (request: PixelRequest) => {
    let reply: PixelReply;
    try {
      const result =
        request.task === 'concept-tags' ? analyseText(request.input) : analysePixels(request.task, request.image);
      reply = { id: request.id, ok: true, result };
    } catch (error) {
      reply = { id: request.id, ok: false, error: serialiseError(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true });
}
