/**
 * Reading a content-addressed file only while its bytes still hash to its address. Bit rot, a restore gone wrong or
 * a hand edit would otherwise be served under the original SHA-256 as ETag, and clients and caches would keep the
 * damage as the real thing.
 *
 * Hashing a file on every read would make each download cost a full read before its first byte, so a file once
 * verified is remembered by what identifies that file on disk (device, inode, size, modification and change times):
 * blob files are never rewritten in place, and anything that does rewrite one (a repair renames a new file over it,
 * a hand edit writes into it) changes at least one of those. The memory is bounded, least recently used first out.
 * The check reads the file through the same descriptor the bytes are then served from, so what was checked is what
 * is sent, even if the path is replaced in between.
 */
import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { ProvenaError } from '../domain/errors.ts';

/** Files remembered as verified; at about 200 bytes an entry, the default costs a few megabytes at most. */
export const defaultVerifiedEntries = 10_000;

const readChunkBytes = 1024 * 1024;

export class VerifiedReads {
  /** sha256 → identity of the file found to hold those bytes, in least-recently-used order. */
  private readonly verified = new Map<string, string>();
  /** Checks in progress, so that concurrent first reads of one file hash it once. */
  private readonly checking = new Map<string, Promise<string | undefined>>();
  /** How many files were hashed (for tests: a remembered file is not hashed again). */
  hashed = 0;

  constructor(private readonly maxEntries = defaultVerifiedEntries) {}

  /**
   * A stream of the file at `path` (whole or `range`, inclusive) once it is known to hash to `sha256`; NOT_FOUND
   * when there is no such file, INTEGRITY_ERROR when its bytes differ.
   */
  async open(path: string, sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    const handle = await openBlob(path, sha256);
    try {
      await this.verify(handle, sha256);
      // The stream closes the descriptor when it ends or is destroyed.
      return handle.createReadStream({ start: range?.start ?? 0, ...(range ? { end: range.end } : {}) });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /**
   * The whole file at `path` in one buffer, for a reader that needs all of it at once (a decoder): read once, and
   * hashed from that buffer when it was not known good — not read a second time to check it, nor gathered in chunks
   * then joined. The same answers as `open`.
   */
  async read(path: string, sha256: string): Promise<Buffer> {
    const handle = await openBlob(path, sha256);
    try {
      const info = await handle.stat({ bigint: true });
      const whole = Buffer.allocUnsafe(Number(info.size));
      let filled = 0;
      while (filled < whole.length) {
        const { bytesRead } = await handle.read(whole, filled, whole.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      const bytes = whole.subarray(0, filled);
      const identity = identityOf(info);
      if (this.verified.get(sha256) !== identity || filled !== whole.length) {
        this.hashed++;
        const actual = createHash('sha256').update(bytes).digest('hex');
        if (actual !== sha256) this.refuse(sha256, actual);
      }
      this.remember(sha256, identity);
      return bytes;
    } finally {
      await handle.close();
    }
  }

  private async verify(handle: FileHandle, sha256: string): Promise<void> {
    const info = await handle.stat({ bigint: true });
    const identity = identityOf(info);
    if (this.verified.get(sha256) === identity) {
      this.remember(sha256, identity);
      return;
    }
    const key = `${sha256}@${identity}`;
    let check = this.checking.get(key);
    if (!check) {
      check = this.digestOf(handle, Number(info.size)).then((actual) => (actual === sha256 ? undefined : actual));
      this.checking.set(key, check);
      void check.finally(() => this.checking.delete(key)).catch(() => undefined);
    }
    const actual = await check;
    if (actual !== undefined) this.refuse(sha256, actual);
    this.remember(sha256, identity);
  }

  /** Most recently read last; the least recently read goes out when the memory is full. */
  private remember(sha256: string, identity: string): void {
    this.verified.delete(sha256);
    this.verified.set(sha256, identity);
    if (this.verified.size > this.maxEntries) this.verified.delete(this.verified.keys().next().value!);
  }

  private refuse(sha256: string, actual: string): never {
    this.verified.delete(sha256);
    throw new ProvenaError(
      'INTEGRITY_ERROR',
      `The stored bytes of blob ${sha256} no longer match its SHA-256 (they hash to ${actual}), so they are not served; \`provena doctor --verify\` lists every damaged blob.`,
      { sha256, actual },
    );
  }

  /** Positional reads: the descriptor's own offset stays at 0 for the stream that follows. */
  private async digestOf(handle: FileHandle, size: number): Promise<string> {
    this.hashed++;
    const hash = createHash('sha256');
    // A small file gets a buffer its size (at least one byte, to see the end), not a whole chunk.
    const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(readChunkBytes, size + 1)));
    for (let position = 0; ;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
    return hash.digest('hex');
  }
}

/** What identifies a file on disk: a blob file is never rewritten in place, so a change shows in one of these. */
const identityOf = (info: BigIntStats): string =>
  `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;

async function openBlob(path: string, sha256: string): Promise<FileHandle> {
  try {
    return await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new ProvenaError('NOT_FOUND', `Blob ${sha256} is not in the store.`, { sha256 });
    throw error;
  }
}
