/**
 * The face and object detector in the calling thread: one Human (human-runtime.ts), detections one after the other.
 * The worker thread (vision.worker.ts) runs one of these; tests and the benchmark use it directly too, because
 * inside one thread they can watch its tensors and its network calls.
 */
import type { DetailImage, PeopleAndObjectDetector, PeopleAndObjects } from '../../domain/image-content.ts';
import { ProvenaError } from '../../domain/errors.ts';
import { detectWith, loadHuman, visionProducers, type DetectionSettings } from './human-runtime.ts';

type LoadedHuman = Awaited<ReturnType<typeof loadHuman>>;

export class InlinePeopleAndObjectDetector implements PeopleAndObjectDetector {
  readonly producers = visionProducers();
  #human: Promise<LoadedHuman> | undefined;
  /** Human keeps per-call state: two detections at once would share it, so each waits for the one before. */
  #queue: Promise<unknown> = Promise.resolve();
  #disposed = false;

  constructor(private readonly settings: DetectionSettings) {}

  /** Loads the models (~0.1–0.3 s); a missing or broken package fails here rather than at the first picture. */
  async init(): Promise<void> {
    await this.#loaded();
  }

  detect(image: DetailImage, options: { signal?: AbortSignal } = {}): Promise<PeopleAndObjects> {
    const run = this.#queue.then(async () => {
      options.signal?.throwIfAborted();
      if (this.#disposed) throw new ProvenaError('JOB_FAILED', 'The face and object detector was disposed.');
      return detectWith(await this.#loaded(), image, this.settings);
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Tensors alive in this thread's tfjs engine: constant between detections when nothing leaks. */
  async tensorsInUse(): Promise<number> {
    return (await this.#loaded()).tf.memory().numTensors;
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.#queue;
    // Human holds its models for the life of the thread; the thread variant frees them by ending the thread.
    this.#human = undefined;
  }

  #loaded(): Promise<LoadedHuman> {
    this.#human ??= loadHuman(this.settings).catch((error: unknown) => {
      this.#human = undefined;
      throw error;
    });
    return this.#human;
  }
}
