/**
 * OCR over tesseract.js (LSTM, English "best_int" weights from @tesseract.js-data/eng), strictly offline: the language
 * data is read from the npm package on disk (without `langPath` tesseract.js downloads it from a CDN, and crashes the
 * process when that fails), and start-up is bounded by a timeout.
 *
 * One tesseract worker (a thread) is created on first use and reused; recognitions wait in a bounded queue, one at a
 * time. A picture is read in up to three passes, each only where the earlier ones found nothing:
 *   1. the grey picture as it is (ordinary text on plain or graded backgrounds);
 *   2. light lettering with a dark outline isolated from the photograph under it (outlined-text-mask.ts);
 *   3. the same for dark lettering with a light outline.
 * Words of the passes are merged by box overlap, keeping the more confident reading.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Worker as TesseractWorker } from 'tesseract.js';
import type { Producer } from '../../domain/enrichment.ts';
import { ProvenaError } from '../../domain/errors.ts';
import type { Box, DetailImage, RecognisedWord, TextInImage, TextRecogniser } from '../../domain/image-content.ts';
import { outlinedTextMask } from './outlined-text-mask.ts';
import type { Polarity } from './outlined-text-mask.ts';
import { intoLines, mergeWords, textOfLines } from './text-layout.ts';

const require = createRequire(import.meta.url);

/** Bumped whenever the passes, their thresholds or the word filter change: stored results then become stale. */
export const passRecipeVersion = 'passes-1';

export interface TextRecogniserOptions {
  /** Folder holding eng.traineddata.gz. Default: the 4.0.0_best_int folder of @tesseract.js-data/eng. */
  langPath?: string;
  /** Longest wait for the worker to load the language data. Default 60 s. */
  startupTimeoutMs?: number;
  /**
   * Longest time one picture may take, all passes together; past it the worker is stopped (the next picture starts a
   * new one) and the call fails with JOB_FAILED. Default 60 s: a page of small print takes a few seconds.
   */
  recogniseTimeoutMs?: number;
  /** Recognitions that may wait behind the running one; more are refused with TRANSIENT_FAILURE. Default 16. */
  maxQueued?: number;
  /** Words kept per picture at most, in reading order; the rest are dropped (and left out of the text). Default 5000. */
  maxWords?: number;
  /** Words below this confidence (0..1) are dropped. Default 0.5. */
  minConfidence?: number;
  /** Skip the outlined-text passes: one recognition per picture instead of up to three, plain text only. */
  plainOnly?: boolean;
}

const defaultLangPath = (): string =>
  path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
const tesseractVersion = (): string => (require('tesseract.js/package.json') as { version: string }).version;

/** Smaller than this on either side, a picture holds no legible text: it is answered without the worker. */
const minSide = 10;
/** An outlined-text pass runs only when its mask keeps at least this many letter pixels outside words already read. */
const minMaskPixels = 150;
/**
 * Only words read this surely keep a later pass away from their letters: over a photograph the plain pass reads
 * outlined lettering as fragments with middling confidence, and the mask pass must still read it whole.
 */
const sureConfidence = 0.9;
/** The least confidence of a word of one or two letters or digits (the rest need minConfidence). */
const shortWordConfidence = 0.8;
/** From this many words read in the plain pass, the picture is taken for a document and the outlined passes skipped. */
const documentWords = 150;

export function createTextRecogniser(options: TextRecogniserOptions = {}): TextRecogniser {
  return new TesseractRecogniser(options);
}

interface QueuedJob {
  run: () => Promise<void>;
  cancel: (error: Error) => void;
}

class TesseractRecogniser implements TextRecogniser {
  readonly producer: Producer;
  readonly #options: Required<Omit<TextRecogniserOptions, 'langPath'>> & { langPath: string };
  #worker: Promise<TesseractWorker> | undefined;
  #running = false;
  /** Rejects the running recognition's call (set while one runs). */
  #stopRunning: ((error: Error) => void) | undefined;
  #disposed = false;
  readonly #queue: QueuedJob[] = [];

  constructor(options: TextRecogniserOptions) {
    this.#options = {
      langPath: options.langPath ?? defaultLangPath(),
      startupTimeoutMs: options.startupTimeoutMs ?? 60_000,
      recogniseTimeoutMs: options.recogniseTimeoutMs ?? 60_000,
      maxQueued: options.maxQueued ?? 16,
      maxWords: options.maxWords ?? 5000,
      minConfidence: options.minConfidence ?? 0.5,
      plainOnly: options.plainOnly ?? false,
    };
    this.producer = {
      enricher: 'text',
      model: 'tesseract.js-eng-best-int',
      modelVersion: `${tesseractVersion()}+${passRecipeVersion}${this.#options.plainOnly ? '-plain' : ''}`,
    };
  }

  async recognise(image: DetailImage, options: { signal?: AbortSignal } = {}): Promise<TextInImage> {
    checkImage(image);
    const { signal } = options;
    signal?.throwIfAborted();
    if (this.#disposed) throw new ProvenaError('INTERNAL', 'The text recogniser is used after dispose().');
    if (image.width < minSide || image.height < minSide) return { words: [], text: '' };
    if (this.#queue.length >= this.#options.maxQueued)
      throw new ProvenaError(
        'TRANSIENT_FAILURE',
        `The text recogniser already has ${this.#queue.length} pictures waiting (the most it queues); retry later.`,
        { queued: this.#queue.length },
      );
    return new Promise<TextInImage>((resolve, reject) => {
      const job: QueuedJob = {
        run: async () => {
          try {
            resolve(await this.#bounded(this.#read(image), signal));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          } finally {
            signal?.removeEventListener('abort', onAbort);
          }
        },
        cancel: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      // While queued, an abort just drops the job; once it runs, #bounded stops it.
      const onAbort = (): void => {
        const queued = this.#queue.indexOf(job);
        if (queued === -1) return;
        this.#queue.splice(queued, 1);
        job.cancel(abortReason(signal!));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(job);
      this.#pump();
    });
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    const disposed = new ProvenaError('INTERNAL', 'The text recogniser was disposed before this picture was read.');
    for (const job of this.#queue.splice(0)) job.cancel(disposed);
    // The running recognition would never settle on a terminated worker: its caller is answered now.
    this.#stopRunning?.(disposed);
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) await worker.then((w) => w.terminate()).catch(() => undefined);
  }

  #pump(): void {
    if (this.#running) return;
    const job = this.#queue.shift();
    if (!job) return;
    this.#running = true;
    void job.run().finally(() => {
      this.#running = false;
      this.#pump();
    });
  }

  /**
   * Bounds one recognition by the time limit and the caller's abort signal. Tesseract cannot cancel a recognition, so
   * either stops the worker (and whatever it is doing); the next picture starts a new one.
   */
  async #bounded<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const stopped = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.#stopWorker();
        reject(
          new ProvenaError(
            'JOB_FAILED',
            `Reading the text of the picture took longer than ${this.#options.recogniseTimeoutMs / 1000} s and was stopped.`,
            { timeoutMs: this.#options.recogniseTimeoutMs },
          ),
        );
      }, this.#options.recogniseTimeoutMs);
      onAbort = () => {
        this.#stopWorker();
        reject(abortReason(signal!));
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      this.#stopRunning = reject;
    });
    // The abandoned work may still settle (or never, on a stopped worker): its outcome is nobody's.
    work.catch(() => undefined);
    try {
      return await Promise.race([work, stopped]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      this.#stopRunning = undefined;
    }
  }

  #stopWorker(): void {
    const worker = this.#worker;
    this.#worker = undefined;
    void worker?.then((w) => w.terminate()).catch(() => undefined);
  }

  /** The worker, started on first use; `current()` turns false once it is stopped (time limit, abort, dispose). */
  async #ready(): Promise<{ worker: TesseractWorker; current: () => boolean }> {
    this.#worker ??= startWorker(this.#options.langPath, this.#options.startupTimeoutMs);
    const starting = this.#worker;
    try {
      return { worker: await starting, current: () => this.#worker === starting };
    } catch (error) {
      if (this.#worker === starting) this.#worker = undefined;
      throw error;
    }
  }

  async #read(image: DetailImage): Promise<TextInImage> {
    const { worker, current } = await this.#ready();
    const { width, height } = image;
    const { minConfidence } = this.#options;
    // A stopped worker must not be sent another pass: tesseract.js then fails outside any promise of ours.
    const read = async (grey: Uint8Array): Promise<RecognisedWord[]> => {
      if (!current()) throw new ProvenaError('INTERNAL', 'The OCR worker was stopped while reading this picture.');
      return readWords(worker, grey, width, height, minConfidence);
    };
    const grey = greyOf(image);
    let words = await read(grey);
    // A page of print is a document, not a caption over a picture: the outlined passes would only re-read it.
    if (!this.#options.plainOnly && words.length < documentWords) {
      for (const polarity of ['light-on-dark', 'dark-on-light'] as Polarity[]) {
        const mask = outlinedTextMask(grey, width, height, polarity).pixels;
        const sure = words.filter((word) => word.confidence >= sureConfidence);
        if (blankOut(mask, width, height, sure) < minMaskPixels) continue;
        words = mergeWords(words, await read(mask));
      }
    }
    const lines = intoLines(words.map((word) => ({ ...word, box: scaleBox(word.box, image) })));
    const capped = capWords(lines, this.#options.maxWords);
    return { words: capped.flat(), text: textOfLines(capped) };
  }
}

async function startWorker(langPath: string, timeoutMs: number): Promise<TesseractWorker> {
  if (!existsSync(path.join(langPath, 'eng.traineddata.gz')))
    throw new ProvenaError(
      'CONFIG_INVALID',
      `The OCR language data ${path.join(langPath, 'eng.traineddata.gz')} is missing: reinstall @tesseract.js-data/eng or point langPath at a folder holding eng.traineddata.gz.`,
      { langPath },
    );
  const { createWorker, OEM, PSM } = await import('tesseract.js');
  const starting = (async () => {
    const worker = await createWorker('eng', OEM.LSTM_ONLY, { langPath, gzip: true, cacheMethod: 'none' });
    // debug_file: tesseract's warnings ("Estimating resolution…") would otherwise go to the process's stderr.
    await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, debug_file: '/dev/null' });
    return worker;
  })();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // A start that finishes after all is stopped rather than left running.
      void starting.then((worker) => worker.terminate()).catch(() => undefined);
      reject(
        new ProvenaError(
          'CONFIG_INVALID',
          `The OCR worker did not start within ${timeoutMs / 1000} s (language data in ${langPath}).`,
          { langPath, timeoutMs },
        ),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([starting, timeout]);
  } catch (error) {
    if (error instanceof ProvenaError) throw error;
    throw new ProvenaError(
      'CONFIG_INVALID',
      `The OCR worker could not start: ${error instanceof Error ? error.message : String(error)}`,
      { langPath },
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

interface TesseractWord {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

/** One tesseract pass over an 8-bit grey picture (sent as PGM: no encoding cost, and tesseract reads it directly). */
async function readWords(
  worker: TesseractWorker,
  grey: Uint8Array,
  width: number,
  height: number,
  minConfidence: number,
): Promise<RecognisedWord[]> {
  const pgm = Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'ascii'), grey]);
  const { data } = await worker.recognize(pgm, {}, { blocks: true, text: false });
  const found: TesseractWord[] = (data.blocks ?? []).flatMap((block) =>
    block.paragraphs.flatMap((paragraph) => paragraph.lines.flatMap((line) => line.words)),
  );
  return found
    .map((word) => ({
      text: word.text.trim(),
      confidence: Math.min(1, Math.max(0, word.confidence / 100)),
      box: {
        x: word.bbox.x0,
        y: word.bbox.y0,
        width: word.bbox.x1 - word.bbox.x0,
        height: word.bbox.y1 - word.bbox.y0,
      },
    }))
    .filter((word) => {
      const characters = word.text.replace(/[^\p{L}\p{N}]/gu, '').length;
      // One or two characters is what texture (grass, gravel, stars) most often reads as: asked to be surer.
      return characters > 0 && word.confidence >= (characters <= 2 ? shortWordConfidence : minConfidence);
    });
}

/** Whites out the mask under words already read (their box grown by a quarter of its height); returns what is left. */
function blankOut(mask: Uint8Array, width: number, height: number, words: readonly RecognisedWord[]): number {
  for (const { box } of words) {
    const grow = Math.ceil(box.height / 4);
    const x0 = Math.max(0, box.x - grow);
    const x1 = Math.min(width, box.x + box.width + grow);
    for (let y = Math.max(0, box.y - grow); y < Math.min(height, box.y + box.height + grow); y++)
      mask.fill(255, y * width + x0, y * width + x1);
  }
  let left = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) left++;
  return left;
}

/** Rec. 709 luma in integers: the grey picture tesseract would make itself, made once here for every pass. */
function greyOf(image: DetailImage): Uint8Array {
  const { rgb } = image;
  const grey = new Uint8Array(image.width * image.height);
  for (let i = 0, j = 0; i < grey.length; i++, j += 3)
    grey[i] = (rgb[j]! * 54 + rgb[j + 1]! * 183 + rgb[j + 2]! * 19) >> 8;
  return grey;
}

function scaleBox(box: Box, image: DetailImage): Box {
  const sx = image.originalWidth / image.width;
  const sy = image.originalHeight / image.height;
  return {
    x: Math.round(box.x * sx),
    y: Math.round(box.y * sy),
    width: Math.round(box.width * sx),
    height: Math.round(box.height * sy),
  };
}

function capWords(lines: RecognisedWord[][], maxWords: number): RecognisedWord[][] {
  const capped: RecognisedWord[][] = [];
  let left = maxWords;
  for (const line of lines) {
    if (left <= 0) break;
    capped.push(line.slice(0, left));
    left -= line.length;
  }
  return capped;
}

/** What an aborted call rejects with: the signal's reason (an AbortError DOMException unless the caller gave one). */
const abortReason = (signal: AbortSignal): Error =>
  signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason));

function checkImage(image: DetailImage): void {
  const { width, height, rgb, originalWidth, originalHeight } = image;
  const whole = (n: number): boolean => Number.isInteger(n) && n > 0;
  if (!whole(width) || !whole(height) || !whole(originalWidth) || !whole(originalHeight))
    throw new ProvenaError('INTERNAL', `The picture given to OCR has no usable size (${width}×${height}).`, {
      width,
      height,
      originalWidth,
      originalHeight,
    });
  if (rgb.length !== width * height * 3)
    throw new ProvenaError(
      'INTERNAL',
      `The picture given to OCR holds ${rgb.length} bytes, not ${width}×${height}×3 = ${width * height * 3}.`,
      { width, height, bytes: rgb.length },
    );
}
