/**
 * The blob-write thread of LocalBlobStore.put (a RequestThread, threads/request-thread.ts): stores each request's
 * bytes with LocalBlobStore.putSync, on its own store over the same root, and answers with the digest and whether the
 * blob is new. Synchronous calls: the write, fsync, rename and directory fsync of a blob cost one message each way
 * instead of nine thread-pool round trips through a busy event loop, and the thread, not the main one, blocks on the
 * disk. Requests are handled one at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { answer } from '../threads/request-thread.ts';
import { LocalBlobStore } from './local-blob-store.ts';

export interface BlobWriteRequest {
  id: number;
  bytes: Uint8Array;
  expectedSha256?: string;
}

const port = parentPort;
if (port) {
  const store = new LocalBlobStore((workerData as { root: string }).root);
  port.on('message', (request: BlobWriteRequest) => {
    port.postMessage(answer(request.id, () => store.putSync(request.bytes, request.expectedSha256)));
  });
  port.postMessage({ ready: true });
}
