/**
 * Palette, perceptual hashes, placeholder and concept tags (pixel-analysis.ts) in a small pool of worker threads.
 *
 * Why: palette and hashes were ~15 ms of synchronous JavaScript per image, and in the main thread they capped bench:enrich near
 * 30 images/s with the second core idle (docs/decisions/0007-enrichment-throughput.md). In threads they run beside
 * libvips (decode, thumbnail) and the database work of the images in flight. The concept tags (compromise, ~1–2 ms
 * per prompt) are sent at the start of a run, so that they are worked out while the image decodes.
 *
 * Requests made on one image in the same tick (an enrichment run asks for hashes, palette and placeholder one after
 * another) travel as one message with one copy of the working raster, transferred rather than cloned, and come back
 * as one: the caller's pixels stay usable, and each round trip costs ~0.1 ms of CPU on the two threads.
 *
 * Each thread is a RequestThread (threads/request-thread.ts): unreferenced while idle, so it never keeps a process
 * alive on its own; dispose() ends them. A thread that dies is started again by the next request.
 */
import type { DecodedImage } from '../../domain/enrichment.ts';
import { ProvenaError } from '../../domain/errors.ts';
import { RequestThread, type Waiter } from '../../threads/request-thread.ts';
import type { ConceptTagInput, PixelResult, PixelTask } from './pixel-analysis.ts';
import type { PixelRequest } from './pixel.worker.ts';

type Waiting = Waiter<PixelResult>;
type Slot = RequestThread<PixelResult>;

/**
 * The threads' nice value (pixel.worker.ts sets it). Their answers are needed only when a run closes, ~5 ms after
 * they come back on average, while the decode and thumbnail encode of the images in flight (and the main thread) are
 * what every run waits for: when the cores are contended, those go first. bench:enrich-style interleaved runs, four
 * pairs: 1.86–1.98× the floor at 10 against 2.00–2.07× at 0. Lowering one's own priority needs no privilege; on
 * Linux a nice value is per thread.
 */
export const pixelThreadNice = 10;

export class PixelThreads {
  readonly #size: number;
  readonly #slots: (Slot | undefined)[];
  #nextId = 1;
  #posted = 0;
  #disposed = false;
  /** Requests on an image not posted yet: they leave together at the end of the tick. */
  readonly #unsent = new Map<DecodedImage, (Waiting & { task: PixelTask })[]>();

  constructor(size = 1) {
    if (!Number.isInteger(size) || size < 1 || size > 16)
      throw new ProvenaError('CONFIG_INVALID', 'The pixel thread count must be an integer from 1 to 16.', { size });
    this.#size = size;
    this.#slots = Array.from({ length: size }, () => undefined);
  }

  get size(): number {
    return this.#size;
  }

  /** Messages posted to the threads so far: the requests made on one image in one tick count once. */
  get posted(): number {
    return this.#posted;
  }

  /** Threads started (ready or loading). */
  get running(): number {
    return this.#slots.filter((slot) => slot !== undefined).length;
  }

  run(task: PixelTask, image: DecodedImage): Promise<PixelResult> {
    if (this.#disposed) return Promise.reject(stopped());
    const requests = this.#unsent.get(image) ?? this.#newBatch(image);
    const id = this.#nextId++;
    return new Promise<PixelResult>((resolve, reject) => requests.push({ id, task, resolve, reject }));
  }

  /** The requests on `image` of this tick, posted together once the caller's synchronous code is done asking. */
  #newBatch(image: DecodedImage): (Waiting & { task: PixelTask })[] {
    const requests: (Waiting & { task: PixelTask })[] = [];
    this.#unsent.set(image, requests);
    queueMicrotask(() => {
      this.#unsent.delete(image);
      // A copy of the pixels of its own, handed over to the thread (transferred, not cloned a second time).
      const rgba = new Uint8Array(image.rgba);
      const items = requests.map(({ id, task }) => ({ id, task }));
      this.#send({ image: { ...image, rgba }, items }, requests, [rgba.buffer]);
    });
    return requests;
  }

  /**
   * Starts every thread and resolves when all are ready, so that the first images do not wait for them: a thread
   * takes ~0.8 s to load its modules (the NLP library the larger part). Optional; requests start threads anyway.
   */
  async start(): Promise<void> {
    if (this.#disposed) throw stopped();
    await Promise.all(this.#slots.map((slot, index) => (this.#slots[index] = slot ?? this.#start(index)).ready));
  }

  /** Concept tags of a prompt and file name (no pixels). */
  runText(input: ConceptTagInput): Promise<PixelResult> {
    if (this.#disposed) return Promise.reject(stopped());
    const id = this.#nextId++;
    return new Promise<PixelResult>((resolve, reject) => {
      this.#send({ items: [{ id, task: 'concept-tags', input }] }, [{ id, resolve, reject }]);
    });
  }

  /** Posts one message to the least busy thread; each of its requests settles by its id. */
  #send(message: PixelRequest, waiting: Waiting[], transfer: ArrayBuffer[] = []): void {
    if (this.#disposed) {
      for (const request of waiting) request.reject(stopped());
      return;
    }
    this.#pick()
      .send(message, waiting, transfer)
      .then(
        () => this.#posted++,
        () => undefined, // the requests have failed with the reason
      );
  }

  /** Ends the threads; requests still waiting fail. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    const slots = this.#slots.splice(0, this.#slots.length, ...this.#slots.map(() => undefined));
    const running = slots.filter((slot): slot is Slot => slot !== undefined);
    await Promise.all(running.map((slot) => slot.terminate(stopped())));
  }

  /** The least busy thread, started if it is not running. */
  #pick(): Slot {
    let best = 0;
    for (let i = 0; i < this.#size; i++) {
      const slot = this.#slots[i];
      if (!slot) {
        best = i;
        break;
      }
      if (slot.pending < (this.#slots[best]?.pending ?? Infinity)) best = i;
    }
    return (this.#slots[best] ??= this.#start(best));
  }

  #start(index: number): Slot {
    const slot: Slot = new RequestThread(new URL('./pixel.worker.ts', import.meta.url), {
      name: 'pixel thread',
      code: 'JOB_FAILED',
      // Freed for the next request, which starts another thread.
      onStop: () => {
        if (this.#slots[index] === slot) this.#slots[index] = undefined;
      },
    });
    return slot;
  }
}

const stopped = (): ProvenaError => new ProvenaError('JOB_FAILED', 'The pixel threads were stopped.');
