/**
 * One worker thread that stores in-memory bytes for LocalBlobStore.put (blob-write.worker.ts runs putSync): the
 * write, fsync, rename and directory fsync of a blob cost one message each way instead of nine thread-pool round
 * trips through a busy event loop. The thread blocks on the disk, never the main thread.
 *
 * The bytes are copied into the message, so the caller's buffer stays its own. The thread is unreferenced while idle
 * (it never keeps a process alive on its own); one that dies fails what it held and is started again by the next
 * request; close() ends it.
 */
import type { Worker } from 'node:worker_threads';
import { ProvenaError } from '../domain/errors.ts';
import { reviveError, startTypeScriptWorker } from '../threads/typescript-worker.ts';
import type { BlobWriteReply, BlobWriteRequest } from './blob-write.worker.ts';

interface Pending {
  resolve: (stored: { sha256: string; created: boolean }) => void;
  reject: (error: Error) => void;
}

interface Running {
  worker: Worker;
  ready: Promise<Worker>;
  pending: Map<number, Pending>;
}

export class BlobWriteThread {
  #running: Running | undefined;
  #nextId = 1;
  #closed = false;

  constructor(private readonly root: string) {}

  put(bytes: Uint8Array, expectedSha256?: string): Promise<{ sha256: string; created: boolean }> {
    if (this.#closed) return Promise.reject(closed());
    const running = (this.#running ??= this.#start());
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      running.ready.then(
        (worker) => {
          if (this.#running !== running) return reject(new ProvenaError('STORAGE_UNAVAILABLE', stoppedMessage));
          const request: BlobWriteRequest = { id, bytes, ...(expectedSha256 ? { expectedSha256 } : {}) };
          try {
            worker.postMessage(request);
          } catch (error) {
            return reject(error instanceof Error ? error : new Error(String(error)));
          }
          if (running.pending.size === 0) worker.ref();
          running.pending.set(id, { resolve, reject });
        },
        (error: Error) => reject(error),
      );
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    const running = this.#running;
    this.#running = undefined;
    if (!running) return;
    fail(running, closed());
    await running.worker.terminate();
  }

  #start(): Running {
    const worker = startTypeScriptWorker(new URL('./blob-write.worker.ts', import.meta.url), {
      workerData: { root: this.root },
    });
    const pending = new Map<number, Pending>();
    let ready = false;
    const running: Running = {
      worker,
      pending,
      ready: new Promise<Worker>((resolve, reject) => {
        worker.once('message', () => {
          ready = true;
          worker.on('message', (reply: BlobWriteReply) => this.#settle(running, reply));
          worker.unref();
          resolve(worker);
        });
        worker.on('error', (error) => {
          if (!ready)
            reject(new ProvenaError('STORAGE_UNAVAILABLE', `The blob-write thread failed to start: ${error.message}`));
        });
        worker.on('exit', (code) => {
          if (this.#running === running) this.#running = undefined;
          const error = new ProvenaError('STORAGE_UNAVAILABLE', `${stoppedMessage} (exit ${code})`);
          if (!ready) reject(error);
          fail(running, error);
        });
      }),
    };
    // A start failure is reported to the requests that awaited it; the next request starts a new thread.
    running.ready.catch(() => {
      if (this.#running === running) this.#running = undefined;
    });
    return running;
  }

  #settle(running: Running, reply: BlobWriteReply): void {
    const pending = running.pending.get(reply.id);
    if (!pending) return;
    running.pending.delete(reply.id);
    if (running.pending.size === 0) running.worker.unref();
    if (reply.ok) pending.resolve({ sha256: reply.sha256, created: reply.created });
    else pending.reject(reviveError(reply.error));
  }
}

const stoppedMessage = 'The blob-write thread stopped.';
const closed = (): ProvenaError => new ProvenaError('STORAGE_UNAVAILABLE', 'The blob store was closed.');

function fail(running: Running, error: Error): void {
  for (const pending of running.pending.values()) pending.reject(error);
  running.pending.clear();
}
