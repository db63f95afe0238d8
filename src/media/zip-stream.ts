/**
 * A zip archive written as a stream (the ArchiveWriter port of domain/export-archive.ts), with yazl: entries are
 * stored, not compressed — exported images are compressed already, and storing keeps the CPU for the renditions —
 * and handed over one at a time, each read only as fast as the archive's reader takes it; ZIP64 where sizes or the
 * entry count need it. Every entry carries the archive's creation time.
 */
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { PassThrough, Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { ZipFile } from 'yazl';
import type { ArchiveWriter } from '../domain/export-archive.ts';

interface Crc32Module {
  unsigned: (data: Uint8Array, previous?: number) => number;
}

/** The buffer-crc32 module yazl itself loads (its own copy, wherever npm put it). */
export const yazlCrc32 = (): Crc32Module =>
  createRequire(createRequire(import.meta.url).resolve('yazl'))('buffer-crc32') as Crc32Module;

// yazl computes every entry's CRC-32 with buffer-crc32, a byte-at-a-time table loop in JavaScript (about 100 MB/s):
// 1–3 ms of the event loop for each rendition a bulk export writes, while the loop also feeds the renditions being
// made. Node's zlib.crc32 is the same function in native code, about 40 times faster; yazl calls the module's
// `unsigned` at each chunk, so its copy is pointed at the native one (same values: zip-stream.test.ts).
yazlCrc32().unsigned = function nativeCrc32(data, previous = 0) {
  return crc32(data, previous);
};

export class ZipStreamWriter implements ArchiveWriter {
  private readonly zip = new ZipFile();
  readonly output = new PassThrough({ highWaterMark: 1024 * 1024 });
  private readonly mtime = new Date();
  private failure: Error | undefined;

  constructor() {
    this.zip.outputStream.pipe(this.output);
    this.zip.on('error', (error: Error) => {
      this.failure = error;
      this.output.destroy(error);
    });
  }

  async add(name: string, content: Readable | Uint8Array, size: number): Promise<void> {
    this.refuseWhenGone();
    // yazl listens to no error of the stream it is given: the bytes pass through a stream of ours that counts them
    // and fails the archive when the source fails or is not `size` bytes long (an entry is never silently short).
    const entry = Readable.from(counted(content instanceof Uint8Array ? [Buffer.from(content)] : content, name, size));
    const consumed = once(entry, 'end');
    entry.on('error', (error: Error) => this.abort(error));
    this.zip.addReadStreamLazy(name, { size, compress: false, mtime: this.mtime }, (callback) => callback(null, entry));
    await this.until(consumed);
  }

  async finish(): Promise<void> {
    this.refuseWhenGone();
    const ended = once(this.output, 'end');
    this.zip.end();
    // Nobody may be reading yet (a caller that collects the output after finishing): only wait when someone is.
    if (this.output.readableFlowing) await this.until(ended);
    else void ended.catch(() => undefined);
  }

  abort(error: Error): void {
    this.failure ??= error;
    this.output.destroy(error);
  }

  private refuseWhenGone(): void {
    if (this.failure) throw this.failure;
    if (this.output.destroyed) throw new Error('the archive reader went away');
  }

  /** Waits for `event`, or fails as soon as the archive failed or its reader went away (nobody will read on). */
  private async until(event: Promise<unknown>): Promise<void> {
    const ac = new AbortController();
    try {
      await Promise.race([
        event,
        once(this.output, 'close', { signal: ac.signal }).then(() => {
          throw this.failure ?? new Error('the archive reader went away');
        }),
      ]);
    } finally {
      ac.abort();
    }
  }
}

async function* counted(
  source: AsyncIterable<unknown> | Iterable<unknown>,
  name: string,
  size: number,
): AsyncGenerator<Buffer> {
  let bytes = 0;
  for await (const chunk of source) {
    const buffer = chunk as Buffer;
    bytes += buffer.length;
    if (bytes > size) throw new Error(`zip entry ${name}: more bytes than the ${size} announced`);
    yield buffer;
  }
  if (bytes !== size) throw new Error(`zip entry ${name}: ${bytes} bytes where ${size} were announced`);
}
