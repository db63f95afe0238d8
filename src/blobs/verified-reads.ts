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
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new ProvenaError('NOT_FOUND', `Blob ${sha256} is not in the store.`, { sha256 });
      throw error;
    }
    try {
      await this.verify(handle, sha256);
      // The stream closes the descriptor when it ends or is destroyed.
      return handle.createReadStream({ start: range?.start ?? 0, ...(range ? { end: range.end } : {}) });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  private async verify(handle: FileHandle, sha256: string): Promise<void> {
    const info = await handle.stat({ bigint: true });
    const identity = `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`;
    if (this.verified.get(sha256) === identity) {
      this.verified.delete(sha256);
      this.verified.set(sha256, identity);
      return;
    }
    const key = `${sha256}@${identity}`;
    let check = this.checking.get(key);
    if (!check) {
      check = this.digestOf(handle).then((actual) => (actual === sha256 ? undefined : actual));
      this.checking.set(key, check);
      void check.finally(() => this.checking.delete(key)).catch(() => undefined);
    }
    const actual = await check;
    if (actual !== undefined) {
      this.verified.delete(sha256);
      throw new ProvenaError(
        'INTEGRITY_ERROR',
        `The stored bytes of blob ${sha256} no longer match its SHA-256 (they hash to ${actual}), so they are not served; \`provena doctor --verify\` lists every damaged blob.`,
        { sha256, actual },
      );
    }
    this.verified.delete(sha256);
    this.verified.set(sha256, identity);
    if (this.verified.size > this.maxEntries) this.verified.delete(this.verified.keys().next().value!);
  }

  /** Positional reads: the descriptor's own offset stays at 0 for the stream that follows. */
  private async digestOf(handle: FileHandle): Promise<string> {
    this.hashed++;
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(readChunkBytes);
    for (let position = 0; ;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
    return hash.digest('hex');
  }
}
