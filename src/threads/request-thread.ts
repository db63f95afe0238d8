/**
 * One worker thread that answers requests by id: the mechanism under the pixel threads (enrich/pipeline/) and the
 * blob-write thread (blobs/). The thread runs a TypeScript module (startTypeScriptWorker) that posts one message when
 * it is ready, then answers each message it is sent with a reply, or a list of replies when the message carried
 * several requests.
 *
 * The thread is referenced only while it holds requests, so it never keeps a process alive on its own. When it stops
 * (a crash, or terminate()) what it held fails and `onStop` runs, so that its owner starts another one for the next
 * request.
 */
import type { Worker } from 'node:worker_threads';
import { ProvenaError, type ErrorCode } from '../domain/errors.ts';
import { reviveError, serialiseError, startTypeScriptWorker, type SerialisedError } from './typescript-worker.ts';

export type ThreadReply<R> = { id: number; ok: true; result: R } | { id: number; ok: false; error: SerialisedError };

/** The thread side: the reply to request `id`, with what `work` returns or the error it throws. */
export function answer<R>(id: number, work: () => R): ThreadReply<R> {
  try {
    return { id, ok: true, result: work() };
  } catch (error) {
    return { id, ok: false, error: serialiseError(error) };
  }
}

/** A request: settled by its id when the thread answers. */
export interface Waiter<R> {
  id: number;
  resolve(result: R): void;
  reject(error: Error): void;
}

export interface RequestThreadOptions {
  /** How errors name the thread ("pixel thread"). */
  name: string;
  /** The code of the errors a failed start or a stopped thread gives its requests. */
  code: ErrorCode;
  workerData?: unknown;
  onStop?: () => void;
}

export class RequestThread<R> {
  /** Resolves when the module has loaded; rejects when it could not. */
  readonly ready: Promise<void>;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Waiter<R>>();
  #stopped = false;

  constructor(
    module: URL,
    private readonly options: RequestThreadOptions,
  ) {
    const { name, code } = options;
    const worker = startTypeScriptWorker(
      module,
      options.workerData === undefined ? {} : { workerData: options.workerData },
    );
    this.#worker = worker;
    let started = false;
    this.ready = new Promise<void>((resolve, reject) => {
      worker.once('message', () => {
        started = true;
        worker.on('message', (replies: ThreadReply<R> | ThreadReply<R>[]) => {
          for (const reply of Array.isArray(replies) ? replies : [replies]) this.#settle(reply);
        });
        worker.unref();
        resolve();
      });
      worker.on('error', (error) => {
        if (!started) reject(new ProvenaError(code, `The ${name} failed to start: ${error.message}`));
      });
      worker.on('exit', (exitCode) => {
        const error = new ProvenaError(code, `The ${name} stopped (exit ${exitCode}).`);
        if (!started) reject(error);
        this.#stopped = true;
        this.#fail(error);
        options.onStop?.();
      });
    });
    // A failed start reaches the requests that wait for it (and the owner's start(), if it asked).
    this.ready.catch(() => undefined);
  }

  /** Requests posted and not answered yet. */
  get pending(): number {
    return this.#pending.size;
  }

  /**
   * Posts `message`, which carries the requests `waiting`, once the thread is ready; each settles by its id. Resolves
   * when the message is posted; when it cannot be, the requests fail and so does the returned promise.
   */
  async send(message: unknown, waiting: readonly Waiter<R>[], transfer: ArrayBuffer[] = []): Promise<void> {
    try {
      await this.ready;
      // Stopped since its owner picked it: its exit has failed what it held, not these.
      if (this.#stopped) throw new ProvenaError(this.options.code, `The ${this.options.name} stopped.`);
      this.#worker.postMessage(message, transfer);
    } catch (cause) {
      const error = cause instanceof Error ? cause : new Error(String(cause));
      for (const request of waiting) request.reject(error);
      throw error;
    }
    if (this.#pending.size === 0) this.#worker.ref();
    for (const request of waiting) this.#pending.set(request.id, request);
  }

  /** Ends the thread; what it held fails with `error`. */
  async terminate(error: Error): Promise<void> {
    this.#fail(error);
    await this.#worker.terminate();
  }

  #settle(reply: ThreadReply<R>): void {
    const request = this.#pending.get(reply.id);
    if (!request) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if (reply.ok) request.resolve(reply.result);
    else request.reject(reviveError(reply.error));
  }

  #fail(error: Error): void {
    for (const request of this.#pending.values()) request.reject(error);
    this.#pending.clear();
  }
}
