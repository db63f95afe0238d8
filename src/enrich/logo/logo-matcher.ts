/**
 * The LogoMatcher port (domain/image-content.ts) over OpenCV's template matching, in a worker thread.
 *
 * Why a thread: one search is ~0.1–0.3 s of synchronous WebAssembly at 1024², which in the main thread would stall
 * every request and enrichment in flight. The thread loads OpenCV once (~0.5 s) and is a RequestThread
 * (threads/request-thread.ts): unreferenced while idle, so it never keeps a process alive on its own; a thread that
 * dies is started again by the next search; dispose() ends it.
 *
 * The reference logo is checked and prepared here, in the caller's thread (so a logo that cannot be matched fails
 * with the caller's stack), once per ReferenceImage object: a brand check matches the same logo against many assets.
 */
import { createRequire } from 'node:module';
import type { Producer } from '../../domain/enrichment.ts';
import { ProvenaError } from '../../domain/errors.ts';
import type { DetailImage, LogoMatch, LogoMatcher, ReferenceImage } from '../../domain/image-content.ts';
import { RequestThread } from '../../threads/request-thread.ts';
import type { LogoRequest } from './logo.worker.ts';
import {
  assertDetailImage,
  defaultLogoSearchOptions,
  prepareLogo,
  type LogoSearchOptions,
  type PreparedLogo,
} from './template-search.ts';

/** Bumped when the search changes what it finds (steps, scores): stored matches of an older version can be redone. */
const searchVersion = 6;

export interface LogoMatcherOptions {
  /** Default minimum score of a reported match, 0..1 (each find() may override it). */
  minScore?: number;
  /** The smallest logo looked for, as a share of the picture's width (default 0.04). */
  minLogoFraction?: number;
}

function openCvPackageVersion(): string {
  const manifest = createRequire(import.meta.url)('@techstark/opencv-js/package.json') as { version?: string };
  return manifest.version ?? 'unknown';
}

function checkedOptions(options: {
  minScore?: number | undefined;
  limit?: number | undefined;
  minLogoFraction?: number | undefined;
}): Partial<LogoSearchOptions> {
  const problems: string[] = [];
  const { minScore, limit, minLogoFraction } = options;
  if (minScore !== undefined && !(typeof minScore === 'number' && minScore >= 0 && minScore <= 1))
    problems.push('minScore must be a number from 0 to 1');
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 100))
    problems.push('limit must be an integer from 1 to 100');
  if (
    minLogoFraction !== undefined &&
    !(typeof minLogoFraction === 'number' && minLogoFraction > 0 && minLogoFraction <= 1)
  )
    problems.push('minLogoFraction must be a number above 0 and at most 1');
  if (problems.length > 0)
    throw new ProvenaError('VALIDATION_FAILED', `Logo search options: ${problems.join('; ')}.`, { problems });
  return {
    ...(minScore === undefined ? {} : { minScore }),
    ...(limit === undefined ? {} : { limit }),
    ...(minLogoFraction === undefined ? {} : { minLogoFraction }),
  };
}

const cancelled = (): ProvenaError => new ProvenaError('JOB_FAILED', 'The logo search was cancelled.');
const stopped = (): ProvenaError => new ProvenaError('JOB_FAILED', 'The logo matcher was stopped.');

class OpenCvLogoMatcher implements LogoMatcher {
  readonly producer: Producer;
  readonly #defaults: Partial<LogoSearchOptions>;
  readonly #prepared = new WeakMap<ReferenceImage, PreparedLogo>();
  #thread: RequestThread<LogoMatch[]> | undefined;
  #nextId = 1;
  #disposed = false;

  constructor(options: LogoMatcherOptions) {
    this.#defaults = checkedOptions(options);
    this.producer = {
      enricher: 'logo',
      model: 'opencv-template-multiscale',
      modelVersion: `${openCvPackageVersion()}/search-${searchVersion}`,
    };
  }

  /** Starts the thread and loads OpenCV there; optional (the first search does it), and a failed load fails here. */
  async start(): Promise<void> {
    if (this.#disposed) throw stopped();
    await this.#running().ready;
  }

  async find(
    image: DetailImage,
    logo: ReferenceImage,
    options: { minScore?: number; limit?: number; signal?: AbortSignal } = {},
  ): Promise<LogoMatch[]> {
    if (this.#disposed) throw stopped();
    if (options.signal?.aborted) throw cancelled();
    assertDetailImage(image);
    const request: LogoRequest = {
      id: this.#nextId++,
      // A copy of the caller's pixels, transferred: theirs stay usable and only one copy crosses.
      image: { ...image, rgb: new Uint8Array(image.rgb) },
      logo: this.#prepare(logo),
      options: { ...defaultLogoSearchOptions, ...this.#defaults, ...checkedOptions(options) },
    };
    const thread = this.#running();
    return new Promise<LogoMatch[]>((resolve, reject) => {
      const signal = options.signal;
      const onAbort = (): void => reject(cancelled());
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle =
        <T>(then: (value: T) => void) =>
        (value: T): void => {
          signal?.removeEventListener('abort', onAbort);
          then(value);
        };
      thread
        .send(
          request,
          [{ id: request.id, resolve: settle(resolve), reject: settle(reject) }],
          [request.image.rgb.buffer as ArrayBuffer],
        )
        .catch(() => undefined); // the request has failed with the reason
    });
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    const thread = this.#thread;
    this.#thread = undefined;
    await thread?.terminate(stopped());
  }

  #prepare(logo: ReferenceImage): PreparedLogo {
    let prepared = this.#prepared.get(logo);
    if (!prepared) {
      prepared = prepareLogo(logo);
      this.#prepared.set(logo, prepared);
    }
    return prepared;
  }

  #running(): RequestThread<LogoMatch[]> {
    if (this.#thread) return this.#thread;
    const thread: RequestThread<LogoMatch[]> = new RequestThread(new URL('./logo.worker.ts', import.meta.url), {
      name: 'logo matcher thread',
      code: 'JOB_FAILED',
      onStop: () => {
        if (this.#thread === thread) this.#thread = undefined;
      },
    });
    this.#thread = thread;
    return thread;
  }
}

/** A logo matcher (multi-scale normalised cross-correlation, OpenCV) running in its own worker thread. */
export function createLogoMatcher(options: LogoMatcherOptions = {}): LogoMatcher & { start(): Promise<void> } {
  return new OpenCvLogoMatcher(options);
}
