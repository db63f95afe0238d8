/**
 * The worker-thread side of MobileNetThread (mobilenet-thread.ts): owns one MobileNetEmbedder and answers its
 * requests ('load', then 'analyse') by id, as every RequestThread module does (threads/request-thread.ts).
 * TensorFlow.js on WebAssembly runs synchronously, so in the main thread one inference (~65 ms) would stall the event
 * loop and every other enricher with it; here it runs beside them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DecodedImage } from '../../domain/enrichment.ts';
import type { ThreadReply } from '../../threads/request-thread.ts';
import { serialiseError } from '../../threads/typescript-worker.ts';
import { MobileNetEmbedder, type MobileNetOptions } from './mobilenet.ts';

/** A request without its id, as the caller builds it. */
export type MobileNetRequestBody = { type: 'load' } | { type: 'analyse'; image: DecodedImage };
export type MobileNetRequest = MobileNetRequestBody & { id: number };

export type MobileNetReply =
  | { type: 'loaded'; modelVersion: string }
  | { type: 'analysis'; embedding: Float32Array; scores: Record<string, number>; model: string };

const port = parentPort;
if (port) {
  const embedder = new MobileNetEmbedder(workerData as MobileNetOptions);
  const reply = (id: number, work: Promise<MobileNetReply>): void => {
    work.then(
      (result) =>
        port.postMessage(
          { id, ok: true, result } satisfies ThreadReply<MobileNetReply>,
          result.type === 'analysis' ? [result.embedding.buffer as ArrayBuffer] : [],
        ),
      (error: unknown) =>
        port.postMessage({ id, ok: false, error: serialiseError(error) } satisfies ThreadReply<MobileNetReply>),
    );
  };
  port.on('message', (request: MobileNetRequest) => {
    if (request.type === 'load') {
      reply(
        request.id,
        embedder.init().then(() => ({ type: 'loaded', modelVersion: embedder.modelVersion })),
      );
      return;
    }
    reply(
      request.id,
      embedder.analyse(request.image).then(({ embedding, moderation }) => ({
        type: 'analysis',
        embedding,
        scores: moderation.scores,
        model: moderation.model,
      })),
    );
  });
  port.postMessage({ ready: true });
}
