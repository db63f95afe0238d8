/**
 * The order of the blob store's system calls, which a crash test cannot see (a killed process loses nothing the
 * kernel holds; a power loss does): the bytes are fsynced before the rename that publishes them, and the directory
 * holding the new name, and the parent of every directory made on the way, are fsynced before commit returns.
 * node:fs and node:fs/promises are wrapped to record what happens to which path.
 */
import type * as Fs from 'node:fs';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import type * as FsPromises from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ log: [] as string[], fdPaths: new Map<number, string>() }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const open: typeof real.open = async (path, ...rest) => {
    const handle = await real.open(path, ...rest);
    const sync = handle.sync.bind(handle);
    handle.sync = async () => {
      await sync();
      calls.log.push(`fsync ${String(path)}`);
    };
    return handle;
  };
  const rename: typeof real.rename = async (from, to) => {
    await real.rename(from, to);
    calls.log.push(`rename ${String(to)}`);
  };
  const link: typeof real.link = async (existing, name) => {
    await real.link(existing, name);
    calls.log.push(`link ${String(name)}`);
  };
  const wrapped = { ...real, open, rename, link };
  return { ...wrapped, default: wrapped };
});

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof Fs>();
  const openSync = ((path: string, ...rest: unknown[]) => {
    const fd = (real.openSync as (...args: unknown[]) => number)(path, ...rest);
    calls.fdPaths.set(fd, path);
    return fd;
  }) as typeof real.openSync;
  const fsyncSync: typeof real.fsyncSync = (fd) => {
    real.fsyncSync(fd);
    calls.log.push(`fsync ${calls.fdPaths.get(fd)}`);
  };
  const renameSync: typeof real.renameSync = (from, to) => {
    real.renameSync(from, to);
    calls.log.push(`rename ${String(to)}`);
  };
  const wrapped = { ...real, openSync, fsyncSync, renameSync };
  return { ...wrapped, default: wrapped };
});

const { LocalBlobStore } = await import('./local-blob-store.ts');

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  calls.log.length = 0;
});

async function freshStore() {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'blobs-durable-')));
  roots.push(root);
  const blobs = await new LocalBlobStore(root).init();
  return { root, blobs };
}

/** What the log must show for a blob stored in an empty store: the bytes, the rename, then every directory entry. */
function expectDurableOrder(log: string[], root: string, target: string, staging: (line: string) => boolean): void {
  const objects = join(root, 'sha256');
  const leaf = dirname(target);
  const fsyncOfBytes = log.findIndex((line) => line.startsWith('fsync ') && staging(line));
  const published = Math.max(log.indexOf(`rename ${target}`), log.indexOf(`link ${target}`));
  expect(fsyncOfBytes).toBeGreaterThanOrEqual(0);
  expect(published).toBeGreaterThan(fsyncOfBytes);
  // The blob's name in its directory, that directory's name in its parent, and that one's in sha256/.
  for (const dir of [leaf, dirname(leaf), objects]) {
    expect(log.lastIndexOf(`fsync ${dir}`), `fsync of ${dir}`).toBeGreaterThanOrEqual(0);
  }
  expect(log.lastIndexOf(`fsync ${leaf}`)).toBeGreaterThan(published);
}

describe('LocalBlobStore durability', () => {
  it('fsyncs the directories init makes', async () => {
    const { root } = await freshStore();
    expect(calls.log).toContain(`fsync ${root}`);
  });

  it('commit: bytes fsynced before the link that names them, then the new directory entries all the way up', async () => {
    const { root, blobs } = await freshStore();
    calls.log.length = 0;
    const staged = await blobs.stage(Buffer.from('durable through stage and commit'), { maxBytes: 100 });
    await blobs.commit(staged);
    expectDurableOrder(calls.log, root, blobs.pathOf(staged.sha256), (line) => line === `fsync ${staged.path}`);
    await blobs.close();
  });

  it('putSync (the blob-write thread): the same order', async () => {
    const { root, blobs } = await freshStore();
    calls.log.length = 0;
    const { sha256 } = blobs.putSync(Buffer.from('durable through put'));
    expectDurableOrder(calls.log, root, blobs.pathOf(sha256), (line) =>
      line.startsWith(`fsync ${join(root, 'staging')}/`),
    );
    await blobs.close();
  });
});
