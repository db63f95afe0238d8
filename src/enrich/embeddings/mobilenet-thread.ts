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
 * The thread is a RequestThread (threads/request-thread.ts), the one mechanism of the project's threads: unreferenced
 * while idle, so it never keeps a process alive on its own; one that dies is started again (and its model loaded
 * again) by the next request; dispose() ends it.
 */
import type { DecodedImage } from '../../domain/enrichment.ts';
import { isProvenaError, ProvenaError } from '../../domain/errors.ts';
import { RequestThread, type Waiter } from '../../threads/request-thread.ts';
import { assertDecodedImage } from './image-input.ts';
import { MobileNetFacade, type ImageAnalysis } from './mobilenet.ts';
import type { MobileNetReply, MobileNetRequestBody } from './mobilenet.worker.ts';

interface Running {
  thread: RequestThread<MobileNetReply>;
  /** Resolves when the thread has loaded the model; a thread whose load failed is ended. */
  loaded: Promise<void>;
}

export class MobileNetThread extends MobileNetFacade {
  #running: Running | undefined;
  #version: string | undefined;
  #nextId = 1;

  /** Starts the thread and loads the model there; a missing or corrupt model fails here, as in MobileNetEmbedder. */
  async init(): Promise<void> {
    await this.#start().loaded;
  }

  protected loadedVersion(): string | undefined {
    return this.#version;
  }

  /** Ends the thread; requests still waiting fail. A later request starts it again. */
  async dispose(): Promise<void> {
    const running = this.#running;
    this.#running = undefined;
    await running?.thread.terminate(new ProvenaError('JOB_FAILED', 'The MobileNet thread was stopped.'));
  }

  protected async infer(image: DecodedImage): Promise<ImageAnalysis> {
    // Checked here so that a malformed image fails with the caller's stack, not in the thread.
    assertDecodedImage(image);
    const running = this.#start();
    await running.loaded;
    // A compact copy, transferred: the caller's pixels stay usable, and only the image's own bytes cross.
    const rgba = new Uint8Array(image.rgba);
    const reply = await this.#request(running.thread, { type: 'analyse', image: { ...image, rgba } }, [rgba.buffer]);
    if (reply.type !== 'analysis') throw new ProvenaError('INTERNAL', 'The MobileNet thread answered another request.');
    return { embedding: reply.embedding, moderation: { scores: reply.scores, model: reply.model } };
  }

  #start(): Running {
    if (this.#running) return this.#running;
    const thread: RequestThread<MobileNetReply> = new RequestThread(new URL('./mobilenet.worker.ts', import.meta.url), {
      name: 'MobileNet thread',
      code: 'JOB_FAILED',
      workerData: this.options,
      onStop: () => {
        if (this.#running?.thread === thread) this.#running = undefined;
      },
    });
    const loaded = this.#request(thread, { type: 'load' }).then(
      (reply) => {
        if (reply.type === 'loaded') this.#version = reply.modelVersion;
      },
      async (cause: unknown) => {
        if (this.#running?.thread === thread) this.#running = undefined;
        // The model's own refusal keeps its code (CONFIG_INVALID for a bad model directory); a thread that could not
        // start or stopped while loading is a configuration problem too: the model cannot be used.
        const error =
          isProvenaError(cause) && cause.code !== 'JOB_FAILED'
            ? cause
            : new ProvenaError('CONFIG_INVALID', `The MobileNet thread could not load the model: ${String(cause)}`);
        await thread.terminate(error);
        throw error;
      },
    );
    loaded.catch(() => undefined); // reported to whoever awaits it (init, or the request that started the thread)
    const running = { thread, loaded };
    this.#running = running;
    return running;
  }

  /** One request to `thread`, settled by its reply. */
  async #request(
    thread: RequestThread<MobileNetReply>,
    body: MobileNetRequestBody,
    transfer: ArrayBuffer[] = [],
  ): Promise<MobileNetReply> {
    const id = this.#nextId++;
    return new Promise<MobileNetReply>((resolve, reject) => {
      const waiter: Waiter<MobileNetReply> = { id, resolve, reject };
      // A failed post rejects the waiter with the reason.
      thread.send({ ...body, id }, [waiter], transfer).catch(() => undefined);
    });
  }
}
