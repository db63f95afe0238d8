/**
 * MobileNet (mobilenet.ts) in a worker thread, behind the same Embedder and VisualTagger interface.
 *
 * Why: TensorFlow.js on WebAssembly runs an inference synchronously (~65 ms for MobileNetV2 at 224², plus ~6 ms of
 * resampling), and the wasm backend has no threads in Node. In the main thread that blocks the event loop, so the
 * other enrichers (decode callbacks, hashes, palette, database writes) of the images in flight wait behind every
 * inference and the pipeline uses about one core. In its own thread the model runs beside them: bench:enrich with
 * MobileNet went from 7.0 to 11.4 images/s on the shared 2-core machine (docs/decisions/0007-enrichment-throughput.md).
 *
 * One thread: a second model instance would cost another ~30 MB and, on two cores, only compete with the pixel work.
 * The thread is unreferenced while idle, so it never keeps a process alive on its own; dispose() ends it.
 */
import type { Worker } from 'node:worker_threads';
import type { DecodedImage } from '../../domain/enrichment.ts';
import { ProvenaError } from '../../domain/errors.ts';
import { assertDecodedImage } from './image-input.ts';
import { MobileNetFacade, type ImageAnalysis } from './mobilenet.ts';
import type { ReadyMessage, WorkerReply, WorkerRequest } from './mobilenet.worker.ts';
import { reviveError, startTypeScriptWorker } from '../../threads/typescript-worker.ts';

interface Pending {
  resolve(analysis: ImageAnalysis): void;
  reject(error: Error): void;
}

export class MobileNetThread extends MobileNetFacade {
  #worker: Worker | undefined;
  #starting: Promise<Worker> | undefined;
  #version: string | undefined;
  #nextId = 1;
  readonly #pending = new Map<number, Pending>();

  /** Starts the thread and loads the model there; a missing or corrupt model fails here, as in MobileNetEmbedder. */
  async init(): Promise<void> {
    await this.#start();
  }

  protected loadedVersion(): string | undefined {
    return this.#version;
  }

  /** Ends the thread; requests still waiting fail. */
  async dispose(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    this.#starting = undefined;
    this.#failAll(new ProvenaError('JOB_FAILED', 'The MobileNet thread was stopped.'));
    await worker?.terminate();
  }

  protected async infer(image: DecodedImage): Promise<ImageAnalysis> {
    // Checked here so that a malformed image fails with the caller's stack, not in the thread.
    assertDecodedImage(image);
    const worker = await this.#start();
    const id = this.#nextId++;
    const result = new Promise<ImageAnalysis>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    // A compact copy, transferred: the caller's pixels stay usable, and only the image's own bytes cross.
    const rgba = new Uint8Array(image.rgba);
    const request: WorkerRequest = { id, type: 'analyse', image: { ...image, rgba } };
    if (this.#pending.size === 1) worker.ref();
    worker.postMessage(request, [rgba.buffer]);
    return result;
  }

  #start(): Promise<Worker> {
    if (this.#worker) return Promise.resolve(this.#worker);
    this.#starting ??= new Promise<Worker>((resolve, reject) => {
      let worker: Worker;
      try {
        worker = startTypeScriptWorker(new URL('./mobilenet.worker.ts', import.meta.url), {
          workerData: this.options,
        });
      } catch (cause) {
        reject(new ProvenaError('CONFIG_INVALID', `The MobileNet thread could not start: ${String(cause)}`, {}));
        return;
      }
      let ready = false;
      worker.once('message', (message: ReadyMessage) => {
        if (message.ready) {
          ready = true;
          this.#version = message.modelVersion;
          this.#worker = worker;
          worker.on('message', (reply: WorkerReply) => this.#settle(reply));
          worker.unref();
          resolve(worker);
        } else {
          void worker.terminate();
          reject(reviveError(message.error));
        }
      });
      worker.on('error', (error) => {
        if (!ready) reject(new ProvenaError('CONFIG_INVALID', `The MobileNet thread failed: ${error.message}`, {}));
      });
      worker.on('exit', (code) => {
        if (!ready) {
          reject(new ProvenaError('CONFIG_INVALID', `The MobileNet thread stopped while loading (exit ${code}).`, {}));
          return;
        }
        // A thread that died (out of memory, a crash in the runtime) is started again by the next request.
        if (this.#worker === worker) {
          this.#worker = undefined;
          this.#starting = undefined;
          this.#failAll(new ProvenaError('JOB_FAILED', `The MobileNet thread stopped (exit ${code}).`, {}));
        }
      });
    }).catch((error: unknown) => {
      this.#starting = undefined;
      throw error;
    });
    return this.#starting;
  }

  #settle(reply: WorkerReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker?.unref();
    if (reply.ok) {
      pending.resolve({ embedding: reply.embedding, moderation: { scores: reply.scores, model: reply.model } });
    } else {
      pending.reject(reviveError(reply.error));
    }
  }

  #failAll(error: Error): void {
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}
