/**
 * How walkers get bytes without caring whether the file is in memory or on disk.
 *
 * A walker is a generator that yields `ReadRequest`s and receives the bytes (possibly fewer at end of file). The
 * same walker is driven synchronously over a Uint8Array (zero-copy subarrays) or asynchronously over a
 * `RandomAccessSource` (positional reads), so a 500 MB PNG is walked by reading chunk headers and the few metadata
 * payloads, never the IDAT data.
 */
import { Buffer } from 'node:buffer';
import type { FileHandle } from 'node:fs/promises';

export interface ReadRequest {
  offset: number;
  length: number;
}

/** A walker: yields reads, gets bytes back, returns its result. */
export type Walker<T> = Generator<ReadRequest, T, Uint8Array>;

/** Random access to a byte source of known size (a file, a blob store range reader…). */
export interface RandomAccessSource {
  readonly size: number;
  /** Reads up to `length` bytes at `offset`; fewer only at end of source. Rejects on I/O errors. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A fault inside a walker (a bug, never hostile bytes), told apart from I/O errors of the source. */
export class WalkerFault extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

const advance = <T>(walker: Walker<T>, bytes?: Uint8Array): IteratorResult<ReadRequest, T> => {
  try {
    return bytes === undefined ? walker.next() : walker.next(bytes);
  } catch (error) {
    throw new WalkerFault(error);
  }
};

const clampRequest = (request: ReadRequest, size: number): ReadRequest => {
  const offset = Math.min(Math.max(0, request.offset), size);
  const length = Math.max(0, Math.min(request.length, size - offset));
  return { offset, length };
};

export const runSync = <T>(walker: Walker<T>, bytes: Uint8Array): T => {
  let step = advance(walker);
  while (!step.done) {
    const { offset, length } = clampRequest(step.value, bytes.length);
    step = advance(walker, bytes.subarray(offset, offset + length));
  }
  return step.value;
};

/**
 * Reads ahead by `window` bytes for small requests, so that a segment header and a small payload cost one read and
 * a run of small chunks shares reads; a request beyond the cached window (a skipped large payload) starts a new read,
 * so large skipped payloads are never read.
 */
export const runAsync = async <T>(walker: Walker<T>, source: RandomAccessSource, window = 64 * 1024): Promise<T> => {
  let cacheStart = 0;
  let cache: Uint8Array = new Uint8Array(0);
  let step = advance(walker);
  while (!step.done) {
    const { offset, length } = clampRequest(step.value, source.size);
    let bytes: Uint8Array;
    if (offset >= cacheStart && offset + length <= cacheStart + cache.length) {
      bytes = cache.subarray(offset - cacheStart, offset - cacheStart + length);
    } else if (length >= window) {
      bytes = await source.read(offset, length);
    } else {
      cache = await source.read(offset, Math.min(window, source.size - offset));
      cacheStart = offset;
      bytes = cache.subarray(0, length);
    }
    step = advance(walker, bytes);
  }
  return step.value;
};

export const fileHandleSource = (handle: FileHandle, size: number): RandomAccessSource => ({
  size,
  async read(offset, length) {
    const buffer = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(buffer, filled, length - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    // A plain Uint8Array view, so that payloads look the same whichever way the file was read.
    return new Uint8Array(buffer.buffer, buffer.byteOffset, filled);
  },
});

/** Wraps in-memory bytes as a source (tests, callers that already hold the bytes but want the async API). */
export const memorySource = (bytes: Uint8Array): RandomAccessSource => ({
  size: bytes.length,
  read: (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)),
});
