/**
 * The face and object detector in its own worker thread (vision.worker.ts), behind the same port.
 *
 * Why a thread: Human's inference on WebAssembly is synchronous, ~0.2 s a picture; in the main thread it would block
 * the event loop that the other enrichers, the job system and the database share. And Human drives the tfjs-core that
 * MobileNet (enrich/embeddings/) also uses: in one thread the two would share one engine, its back end and flags; each
 * thread has an engine of its own.
 *
 * One thread: the wasm back end has no threads in Node, and on the few cores a worker has a second copy (~60 MB of
 * models) would only compete with the pixel work. The thread is a RequestThread: unreferenced while idle, so it never
 * keeps a process alive; one that dies is started again (and its models loaded again) by the next request.
 */
import type { DetailImage, PeopleAndObjectDetector, PeopleAndObjects } from '../../domain/image-content.ts';
import { ProvenaError } from '../../domain/errors.ts';
import { RequestThread, type Waiter } from '../../threads/request-thread.ts';
import { assertDetailImage, visionProducers, type DetectionSettings } from './human-runtime.ts';
import type { VisionRequestBody } from './vision.worker.ts';

type Result = PeopleAndObjects | null;

interface Running {
  thread: RequestThread<Result>;
  /** Resolves when the thread has loaded the models; a thread whose load failed is ended. */
  loaded: Promise<void>;
}

export class PeopleAndObjectThread implements PeopleAndObjectDetector {
  readonly producers = visionProducers();
  #running: Running | undefined;
  #nextId = 1;
  #disposed = false;

  constructor(private readonly settings: DetectionSettings) {}

  /** Starts the thread and loads the models there; a missing or broken package fails here, not at the first job. */
  async init(): Promise<void> {
    await this.#start().loaded;
  }

  async detect(image: DetailImage, options: { signal?: AbortSignal } = {}): Promise<PeopleAndObjects> {
    const { signal } = options;
    signal?.throwIfAborted();
    // Checked here so that a malformed picture fails with the caller's stack, not in the thread.
    assertDetailImage(image);
    if (this.#disposed) throw stopped();
    const running = this.#start();
    await running.loaded;
    // A compact copy, transferred: the caller's pixels stay usable and only the picture's own bytes cross.
    const rgb = new Uint8Array(image.rgb);
    const result = this.#request(running.thread, { type: 'detect', image: { ...image, rgb } }, [rgb.buffer], signal);
    return (await result) as PeopleAndObjects;
  }

  /** Ends the thread; requests still waiting fail. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    const running = this.#running;
    this.#running = undefined;
    await running?.thread.terminate(stopped());
  }

  #start(): Running {
    if (this.#running) return this.#running;
    const thread: RequestThread<Result> = new RequestThread(new URL('./vision.worker.ts', import.meta.url), {
      name: 'face and object detection thread',
      code: 'JOB_FAILED',
      workerData: this.settings,
      onStop: () => {
        if (this.#running?.thread === thread) this.#running = undefined;
      },
    });
    const loaded = this.#request(thread, { type: 'load' }).then(
      () => undefined,
      async (error: unknown) => {
        if (this.#running?.thread === thread) this.#running = undefined;
        await thread.terminate(error instanceof Error ? error : new Error(String(error)));
        throw error;
      },
    );
    const running = { thread, loaded };
    this.#running = running;
    return running;
  }

  /** One request to `thread`, settled by its reply; a caller's abort settles it early (the thread finishes anyway). */
  #request(
    thread: RequestThread<Result>,
    request: VisionRequestBody,
    transfer: ArrayBuffer[] = [],
    signal?: AbortSignal,
  ): Promise<Result> {
    const id = this.#nextId++;
    return new Promise<Result>((resolve, reject) => {
      const onAbort = (): void => {
        const reason: unknown = signal?.reason;
        reject(reason instanceof Error ? reason : new Error(String(reason)));
      };
      // Aborted while the caller waited for the models: an abort listener added now would never be called.
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      const waiter: Waiter<Result> = {
        id,
        resolve: (result) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(result);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      // A failed post rejects the waiter with the reason.
      thread.send({ ...request, id }, [waiter], transfer).catch(() => undefined);
    });
  }
}

const stopped = (): ProvenaError => new ProvenaError('JOB_FAILED', 'The face and object detector was disposed.');
