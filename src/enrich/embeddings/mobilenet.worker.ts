/**
 * The worker-thread side of MobileNetThread (mobilenet-thread.ts): owns one MobileNetEmbedder and answers its
 * requests. TensorFlow.js on WebAssembly runs synchronously, so in the main thread one inference (~65 ms) would stall
 * the event loop and every other enricher with it; here it runs beside them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { DecodedImage } from '../../domain/enrichment.ts';
import { MobileNetEmbedder, type MobileNetOptions } from './mobilenet.ts';
import { serialiseError, type SerialisedError } from '../../threads/typescript-worker.ts';

export type WorkerRequest = { id: number; type: 'analyse'; image: DecodedImage };

export type WorkerReply =
  | { id: number; ok: true; embedding: Float32Array; scores: Record<string, number>; model: string }
  | { id: number; ok: false; error: SerialisedError };

export type ReadyMessage = { ready: true; modelVersion: string } | { ready: false; error: SerialisedError };

const port = parentPort;
if (port) {
  const embedder = new MobileNetEmbedder(workerData as MobileNetOptions);
  embedder.init().then(
    () => port.postMessage({ ready: true, modelVersion: embedder.modelVersion } satisfies ReadyMessage),
    (error: unknown) => port.postMessage({ ready: false, error: serialiseError(error) } satisfies ReadyMessage),
  );
  port.on('message', (request: WorkerRequest) => {
    embedder.analyse(request.image).then(
      ({ embedding, moderation }) =>
        port.postMessage(
          {
            id: request.id,
            ok: true,
            embedding,
            scores: moderation.scores,
            model: moderation.model,
          } satisfies WorkerReply,
          [embedding.buffer as ArrayBuffer],
        ),
      (error: unknown) =>
        port.postMessage({ id: request.id, ok: false, error: serialiseError(error) } satisfies WorkerReply),
    );
  });
}
