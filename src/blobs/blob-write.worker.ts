/**
 * The worker-thread side of BlobWriteThread (blob-write-thread.ts): stores each request's bytes with
 * LocalBlobStore.putSync, on its own store over the same root, and answers with the digest and whether the blob is
 * new. Requests are handled one at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serialiseError, type SerialisedError } from '../threads/typescript-worker.ts';
import { LocalBlobStore } from './local-blob-store.ts';

export interface BlobWriteRequest {
  id: number;
  bytes: Uint8Array;
  expectedSha256?: string;
}

export type BlobWriteReply =
  { id: number; ok: true; sha256: string; created: boolean } | { id: number; ok: false; error: SerialisedError };

const port = parentPort;
if (port) {
  const store = new LocalBlobStore((workerData as { root: string }).root);
  port.on('message', (request: BlobWriteRequest) => {
    let reply: BlobWriteReply;
    try {
      reply = { id: request.id, ok: true, ...store.putSync(request.bytes, request.expectedSha256) };
    } catch (error) {
      reply = { id: request.id, ok: false, error: serialiseError(error) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ ready: true });
}
