/**
 * Content-addressed blob store on local disk.
 *
 *   ROOT/staging/<random>            bytes being received (hashed on the way in)
 *   ROOT/sha256/ab/cd/<sha256>       committed bytes, read-only, one file per distinct content
 *
 * Writes go to a staging file, made read-only (0444: nothing in Provena rewrites a blob in place; a repair replaces it
 * by rename) and fsynced, then renamed into place (atomic on one filesystem), and the directory is fsynced so the
 * rename survives a power loss, as is the parent of every directory made on the way; all of it before the database
 * commit that refers to the blob (docs/decisions/0013-durability.md). A crash before that commit leaves an orphan
 * blob: `provena doctor` finds and removes those. The same interface is meant for S3 (stage = upload to a temp key).
 *
 * Bytes already in memory (renditions) take another road to the same result: `put` hands them to one thread that
 * does the whole sequence with synchronous calls (putSync, in blob-write.worker.ts). Through the event loop the same
 * sequence is nine thread-pool round trips, each waiting for a busy main thread: ~5 ms from encoded thumbnail to
 * stored blob during a backfill, on the path every enrichment run waits for.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  fchmodSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { link, mkdir, open, readdir, rename, rm, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ProvenaError } from '../domain/errors.ts';
import type { BlobStat, BlobStore, StagedBlob } from '../domain/ports.ts';
import { RequestThread } from '../threads/request-thread.ts';
import type { BlobWriteRequest } from './blob-write.worker.ts';
import { VerifiedReads } from './verified-reads.ts';

const shaPattern = /^[0-9a-f]{64}$/;

/** Staged files up to this size are also handed back in memory (see StagedBlob.bytes). */
export const keepInMemoryBytes = 8 * 1024 * 1024;

/** Every blob file: written once, then only read, renamed over (a repair) or deleted (garbage collection). */
export const blobFileMode = 0o444;

export class LocalBlobStore implements BlobStore {
  private readonly stagingDir: string;
  private readonly objectsDir: string;
  /**
   * Fan-out directories this process made or found: not asked for again (a mkdir is a thread hop and two system
   * calls per blob). One removed behind our back is made again when a rename into it fails.
   */
  private readonly knownDirs = new Set<string>();
  /**
   * The blob-write thread (blob-write.worker.ts), started on the first `put`: the bytes are copied into its
   * message, so the caller's buffer stays its own. One that dies is started again by the next `put`.
   */
  private writer: RequestThread<StoredBytes> | undefined;
  private nextPutId = 1;
  private closed = false;
  /** Files this process has verified (every open checks its bytes once). */
  private readonly reads = new VerifiedReads();

  constructor(private readonly root: string) {
    this.stagingDir = join(root, 'staging');
    this.objectsDir = join(root, 'sha256');
  }

  async init(): Promise<this> {
    await makeDurableDir(this.stagingDir);
    await makeDurableDir(this.objectsDir);
    return this;
  }

  pathOf(sha256: string): string {
    if (!shaPattern.test(sha256)) throw new ProvenaError('VALIDATION_FAILED', `"${sha256}" is not a SHA-256 digest.`);
    return join(this.objectsDir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /**
   * Small files (the usual generated image) are gathered in memory and written with one write; once a file passes
   * `keepInMemoryBytes` the rest is written as it arrives, so memory stays bounded whatever the size.
   */
  async stage(source: Readable | Uint8Array, options: { maxBytes: number }): Promise<StagedBlob> {
    if (source instanceof Uint8Array) {
      if (source.length > options.maxBytes) throw tooLarge(options.maxBytes);
      const path = await this.writeStaging((handle) => handle.writeFile(source));
      const sha256 = createHash('sha256').update(source).digest('hex');
      return { path, sha256, size: source.length, ...(source.length <= keepInMemoryBytes ? { bytes: source } : {}) };
    }
    const hash = createHash('sha256');
    let size = 0;
    let bytes: Buffer | undefined;
    const path = await this.writeStaging(async (handle) => {
      let kept: Buffer[] | undefined = [];
      for await (const chunk of source as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > options.maxBytes) throw tooLarge(options.maxBytes);
        hash.update(chunk);
        if (kept && size <= keepInMemoryBytes) {
          kept.push(chunk);
          continue;
        }
        if (kept) {
          await handle.writeFile(Buffer.concat(kept));
          kept = undefined;
        }
        await handle.write(chunk);
      }
      if (kept) {
        bytes = Buffer.concat(kept, size);
        await handle.writeFile(bytes);
      }
    });
    return { path, sha256: hash.digest('hex'), size, ...(bytes ? { bytes } : {}) };
  }

  /**
   * A new staging file filled by `write`, fsynced and closed; on any failure it is removed and the error rethrown
   * (a source cut short — client hung up, multipart limit — surfaces as a stream error; ours is kept as is).
   */
  private async writeStaging(write: (handle: FileHandle) => Promise<void>): Promise<string> {
    const path = join(this.stagingDir, randomUUID());
    const handle = await open(path, 'wx');
    try {
      await write(handle);
      await handle.chmod(blobFileMode);
      await handle.sync();
      await handle.close();
      return path;
    } catch (error) {
      await handle.close().catch(() => undefined);
      await rm(path, { force: true });
      throw error;
    }
  }

  /**
   * The staged file gets its content address as a second name (a hard link; the staged name goes at discard, so
   * that `keep` can put the bytes back). Bytes already stored are kept, and their directory fsynced all the same:
   * the name may be another writer's, not yet synced. A stored file of the wrong size (cut short outside Provena) is
   * replaced.
   */
  async commit(staged: StagedBlob): Promise<{ created: boolean }> {
    const target = this.pathOf(staged.sha256);
    const dir = dirname(target);
    const stored = await sizeOf(target);
    if (stored === staged.size) {
      await fsyncDir(dir);
      return { created: false };
    }
    if (!this.knownDirs.has(dir)) {
      await makeDurableDir(dir);
      this.knownDirs.add(dir);
    }
    const place = async (): Promise<boolean> => {
      if (stored !== undefined) {
        // link never replaces a name; rename does, atomically.
        const replacement = join(this.stagingDir, randomUUID());
        await link(staged.path, replacement);
        await rename(replacement, target);
        return true;
      }
      return link(staged.path, target).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          // The same bytes committed by another upload a moment ago.
          if (error.code === 'EEXIST') return false;
          throw error;
        },
      );
    };
    const created = await place().catch(async (error: NodeJS.ErrnoException) => {
      // A remembered fan-out directory removed behind our back: made again.
      if (error.code !== 'ENOENT' || !(await exists(staged.path))) throw error;
      await makeDurableDir(dir);
      return place();
    });
    await fsyncDir(dir);
    return { created };
  }

  /** One stat while the blob is there, as it nearly always is; otherwise `commit` again from the staged name. */
  async keep(staged: StagedBlob): Promise<void> {
    if ((await sizeOf(this.pathOf(staged.sha256))) !== staged.size) await this.commit(staged);
  }

  put(bytes: Uint8Array, options: { sha256?: string } = {}): Promise<StoredBytes> {
    if (this.closed) return Promise.reject(closedError());
    const writer = (this.writer ??= this.startWriter());
    const id = this.nextPutId++;
    const request: BlobWriteRequest = { id, bytes, ...(options.sha256 ? { expectedSha256: options.sha256 } : {}) };
    return new Promise((resolve, reject) => {
      writer.send(request, [{ id, resolve, reject }]).catch(() => undefined); // the request has failed with the reason
    });
  }

  private startWriter(): RequestThread<StoredBytes> {
    const writer: RequestThread<StoredBytes> = new RequestThread(new URL('./blob-write.worker.ts', import.meta.url), {
      name: 'blob-write thread',
      code: 'STORAGE_UNAVAILABLE',
      workerData: { root: this.root },
      onStop: () => {
        if (this.writer === writer) this.writer = undefined;
      },
    });
    return writer;
  }

  /**
   * What `put` does, with synchronous calls: for the blob-write thread (blob-write.worker.ts), never the main thread.
   * Same steps and guarantees as stage + commit; a file system failure is STORAGE_UNAVAILABLE and leaves no staging
   * file behind.
   */
  putSync(bytes: Uint8Array, expectedSha256?: string): StoredBytes {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (expectedSha256 !== undefined && sha256 !== expectedSha256) {
      throw new ProvenaError('INTEGRITY_ERROR', 'The bytes to store do not match the SHA-256 given for them.', {
        expected: expectedSha256,
        actual: sha256,
      });
    }
    const target = this.pathOf(sha256);
    const staging = join(this.stagingDir, randomUUID());
    try {
      if (statSync(target, { throwIfNoEntry: false })?.size === bytes.length) {
        // Found, perhaps just written by another writer that has not synced its name yet.
        fsyncDirSync(dirname(target));
        return { sha256, created: false };
      }
      const fd = openSync(staging, 'wx');
      try {
        for (let written = 0; written < bytes.length;) written += writeSync(fd, bytes, written, bytes.length - written);
        fchmodSync(fd, blobFileMode);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      const dir = dirname(target);
      if (!this.knownDirs.has(dir)) {
        makeDurableDirSync(dir);
        this.knownDirs.add(dir);
      }
      try {
        renameSync(staging, target);
      } catch (error) {
        // A remembered fan-out directory removed behind our back: made again.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        makeDurableDirSync(dir);
        renameSync(staging, target);
      }
      fsyncDirSync(dir);
      return { sha256, created: true };
    } catch (error) {
      rmSync(staging, { force: true });
      const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      throw new ProvenaError('STORAGE_UNAVAILABLE', `The blob store could not write a file (${code}).`, { code });
    }
  }

  /** Ends the blob-write thread; a `put` afterwards fails (STORAGE_UNAVAILABLE). */
  async close(): Promise<void> {
    this.closed = true;
    await this.writer?.terminate(closedError());
  }

  async discard(staged: StagedBlob): Promise<void> {
    await rm(staged.path, { force: true });
  }

  /** Bytes that no longer hash to their address are refused (INTEGRITY_ERROR), not served: see verified-reads.ts. */
  async open(sha256: string, range?: { start: number; end: number }): Promise<Readable> {
    return this.reads.open(this.pathOf(sha256), sha256, range);
  }

  async read(sha256: string): Promise<Buffer> {
    return this.reads.read(this.pathOf(sha256), sha256);
  }

  async stat(sha256: string): Promise<BlobStat | undefined> {
    try {
      const info = await stat(this.pathOf(sha256));
      return { sha256, size: info.size, modifiedAt: info.mtime };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async verify(sha256: string): Promise<boolean | undefined> {
    const hash = createHash('sha256');
    try {
      await pipeline(createReadStream(this.pathOf(sha256)), hash);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    return hash.digest('hex') === sha256;
  }

  async *list(): AsyncIterable<BlobStat> {
    for (const a of await readdir(this.objectsDir)) {
      for (const b of await readdir(join(this.objectsDir, a))) {
        for (const name of await readdir(join(this.objectsDir, a, b))) {
          if (!shaPattern.test(name)) continue;
          const info = await stat(join(this.objectsDir, a, b, name));
          yield { sha256: name, size: info.size, modifiedAt: info.mtime };
        }
      }
    }
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }

  async sweepStaging(olderThan: Date): Promise<number> {
    let removed = 0;
    for (const path of await this.staleStagingFiles(olderThan)) {
      await unlink(path).catch(() => undefined);
      removed++;
    }
    return removed;
  }

  async staleStaging(olderThan: Date): Promise<number> {
    return (await this.staleStagingFiles(olderThan)).length;
  }

  private async staleStagingFiles(olderThan: Date): Promise<string[]> {
    const stale: string[] = [];
    for (const name of await readdir(this.stagingDir)) {
      const path = join(this.stagingDir, name);
      const info = await stat(path).catch(() => undefined);
      if (info && info.mtime < olderThan) stale.push(path);
    }
    return stale;
  }
}

/** What `put` answers. */
interface StoredBytes {
  sha256: string;
  created: boolean;
}

const closedError = (): ProvenaError => new ProvenaError('STORAGE_UNAVAILABLE', 'The blob store was closed.');

function tooLarge(maxBytes: number): ProvenaError {
  return new ProvenaError('FILE_TOO_LARGE', `The file is larger than the limit of ${maxBytes} bytes.`, {
    limitBytes: maxBytes,
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** The file's size, or undefined when there is none. */
async function sizeOf(path: string): Promise<number | undefined> {
  return stat(path).then(
    (info) => info.size,
    () => undefined,
  );
}

async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function fsyncDirSync(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * The directories `mkdir -p` made on the way from `first` (the first one it made) to `dir`, each one's parent being
 * the directory whose entry must be fsynced for it to survive a power loss.
 */
function parentsToSync(first: string | undefined, dir: string): string[] {
  if (first === undefined) return [];
  const made = [first];
  for (const part of relative(first, dir).split('/').filter(Boolean)) made.push(join(made[made.length - 1]!, part));
  return made.map((d) => dirname(d));
}

/** mkdir -p, then fsync of the parent of every directory it made: a blob's own directory fsync is not enough. */
async function makeDurableDir(dir: string): Promise<void> {
  for (const parent of parentsToSync(await mkdir(dir, { recursive: true }), dir)) await fsyncDir(parent);
}

function makeDurableDirSync(dir: string): void {
  for (const parent of parentsToSync(mkdirSync(dir, { recursive: true }), dir)) fsyncDirSync(parent);
}
