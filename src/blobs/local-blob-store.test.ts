import { createHash } from 'node:crypto';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it, onTestFinished } from 'vitest';
import { LocalBlobStore } from './local-blob-store.ts';

/** A store in a fresh folder, removed (and its blob-write thread ended) when the calling test finishes. */
const store = async () => {
  const root = mkdtempSync(join(tmpdir(), 'blobs-'));
  const blobs = await new LocalBlobStore(root).init();
  onTestFinished(async () => {
    await blobs.close();
    rmSync(root, { recursive: true, force: true });
  });
  return blobs;
};
const stagingOf = (blobs: LocalBlobStore) => join((blobs as unknown as { root: string }).root, 'staging');
const sha = (b: string) => createHash('sha256').update(b).digest('hex');

describe('LocalBlobStore', () => {
  it('stores bytes under their SHA-256 once, however often they arrive', async () => {
    const blobs = await store();
    const a = await blobs.stage(Readable.from([Buffer.from('hello '), Buffer.from('world')]), { maxBytes: 100 });
    expect(a.sha256).toBe(sha('hello world'));
    expect(await blobs.commit(a)).toEqual({ created: true });
    const b = await blobs.stage(Readable.from([Buffer.from('hello world')]), { maxBytes: 100 });
    expect(await blobs.commit(b)).toEqual({ created: false });
    const all = [];
    for await (const s of blobs.list()) all.push(s);
    expect(all.map((s) => s.sha256)).toEqual([sha('hello world')]);
    expect(await text(await blobs.open(a.sha256, { start: 6, end: 10 }))).toBe('world');
  });

  it('makes a fan-out directory again when it was removed behind its back', async () => {
    const blobs = await store();
    const first = await blobs.stage(Buffer.from('again'), { maxBytes: 100 });
    expect(await blobs.commit(first)).toEqual({ created: true });
    const path = blobs.pathOf(first.sha256);
    // The blob and its two fan-out levels gone (an operator's clean-up, say); the store remembers the directory.
    rmSync(join(path, '..', '..'), { recursive: true });
    const second = await blobs.stage(Buffer.from('again'), { maxBytes: 100 });
    expect(await blobs.commit(second)).toEqual({ created: true });
    expect(readFileSync(path, 'utf8')).toBe('again');
    expect(await blobs.verify(first.sha256)).toBe(true);
  });

  it('refuses an oversized stream while streaming and leaves nothing behind', async () => {
    const blobs = await store();
    function* endless() {
      for (let i = 0; i < 1000; i++) yield Buffer.alloc(1024, 1);
    }
    await expect(blobs.stage(Readable.from(endless()), { maxBytes: 10_000 })).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
    });
    expect(readdirSync(stagingOf(blobs))).toEqual([]);
  });

  it('streams a file larger than the in-memory threshold to disk without keeping it', async () => {
    const blobs = await store();
    const chunk = Buffer.alloc(1024 * 1024, 7);
    const chunks = Array.from({ length: 9 }, () => chunk);
    const staged = await blobs.stage(Readable.from(chunks), { maxBytes: 100 * 1024 * 1024 });
    expect(staged.bytes).toBeUndefined();
    expect(staged.size).toBe(9 * 1024 * 1024);
    expect(staged.sha256).toBe(createHash('sha256').update(Buffer.concat(chunks)).digest('hex'));
    expect(readFileSync(staged.path).equals(Buffer.concat(chunks))).toBe(true);
    const small = await blobs.stage(Readable.from([Buffer.from('small')]), { maxBytes: 100 });
    expect(Buffer.from(small.bytes!).toString()).toBe('small');
  });

  it('stages bytes already in memory without another copy, with the same limit', async () => {
    const blobs = await store();
    const bytes = Buffer.from('held in memory');
    const staged = await blobs.stage(bytes, { maxBytes: 100 });
    expect(staged.sha256).toBe(sha('held in memory'));
    expect(staged.bytes).toBe(bytes);
    expect(readFileSync(staged.path, 'utf8')).toBe('held in memory');
    await expect(blobs.stage(Buffer.alloc(101), { maxBytes: 100 })).rejects.toMatchObject({ code: 'FILE_TOO_LARGE' });
  });

  it('detects bytes that changed on disk', async () => {
    const blobs = await store();
    const staged = await blobs.stage(Readable.from([Buffer.from('precious')]), { maxBytes: 100 });
    await blobs.commit(staged);
    expect(await blobs.verify(staged.sha256)).toBe(true);
    const path = blobs.pathOf(staged.sha256);
    chmodSync(path, 0o644);
    writeFileSync(path, 'tampered');
    expect(await blobs.verify(staged.sha256)).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('tampered');
    rmSync(path);
    expect(await blobs.verify(staged.sha256)).toBeUndefined();
  });

  it('writes every blob read-only, and still verifies, replaces and deletes it', async () => {
    const blobs = await store();
    const mode = (sha256: string) => statSync(blobs.pathOf(sha256)).mode & 0o777;
    const staged = await blobs.stage(Readable.from([Buffer.from('kept as written')]), { maxBytes: 100 });
    await blobs.commit(staged);
    expect(mode(staged.sha256)).toBe(0o444);
    const put = await blobs.put(Buffer.from('a rendition, read-only too'));
    expect(mode(put.sha256)).toBe(0o444);
    expect(await blobs.verify(staged.sha256)).toBe(true);

    // A stored file cut short outside Provena is replaced by the next commit of the same bytes.
    const path = blobs.pathOf(staged.sha256);
    chmodSync(path, 0o644);
    writeFileSync(path, 'kept');
    chmodSync(path, 0o444);
    const again = await blobs.stage(Buffer.from('kept as written'), { maxBytes: 100 });
    expect(await blobs.commit(again)).toEqual({ created: true });
    expect(readFileSync(path, 'utf8')).toBe('kept as written');
    expect(mode(staged.sha256)).toBe(0o444);
    expect(await blobs.verify(staged.sha256)).toBe(true);

    await blobs.delete(staged.sha256);
    await blobs.delete(put.sha256);
    expect(await blobs.stat(staged.sha256)).toBeUndefined();
    expect(await blobs.stat(put.sha256)).toBeUndefined();
  });

  it('keeps the staged bytes until discard, and puts the blob back from them when it went since commit', async () => {
    const blobs = await store();
    const staged = await blobs.stage(Buffer.from('committed, then collected'), { maxBytes: 100 });
    expect(await blobs.commit(staged)).toEqual({ created: true });
    expect(readFileSync(staged.path, 'utf8')).toBe('committed, then collected');
    await blobs.keep(staged);
    // Garbage collection took it (it was an old orphan the commit found): keep puts it back.
    await blobs.delete(staged.sha256);
    await blobs.keep(staged);
    expect(await blobs.verify(staged.sha256)).toBe(true);
    await blobs.discard(staged);
    expect(readdirSync(stagingOf(blobs))).toEqual([]);
    expect(await blobs.verify(staged.sha256)).toBe(true);
  });

  it('counts stale staging files without removing them, and removes them when swept', async () => {
    const blobs = await store();
    const staged = await blobs.stage(Buffer.from('abandoned'), { maxBytes: 100 });
    await blobs.stage(Buffer.from('fresh'), { maxBytes: 100 });
    const old = new Date(Date.now() - 3600_000);
    utimesSync(staged.path, old, old);
    const cutoff = new Date(Date.now() - 60_000);
    expect(await blobs.staleStaging(cutoff)).toBe(1);
    expect(readdirSync(stagingOf(blobs))).toHaveLength(2);
    expect(await blobs.sweepStaging(cutoff)).toBe(1);
    expect(await blobs.staleStaging(cutoff)).toBe(0);
    expect(readdirSync(stagingOf(blobs))).toHaveLength(1);
  });

  it('rejects a path-like digest', async () => {
    const blobs = await store();
    expect(() => blobs.pathOf('../../etc/passwd')).toThrow(/SHA-256/);
  });

  describe('put (bytes in memory, stored by the blob-write thread)', () => {
    it('stores bytes under their SHA-256 once, as stage + commit would', async () => {
      const blobs = await store();
      const bytes = Buffer.from('a rendition');
      expect(await blobs.put(bytes)).toEqual({ sha256: sha('a rendition'), created: true });
      expect(await blobs.put(bytes, { sha256: sha('a rendition') })).toEqual({
        sha256: sha('a rendition'),
        created: false,
      });
      expect(readFileSync(blobs.pathOf(sha('a rendition')), 'utf8')).toBe('a rendition');
      // The same content through stage + commit finds it there.
      const staged = await blobs.stage(bytes, { maxBytes: 100 });
      expect(await blobs.commit(staged)).toEqual({ created: false });
      await blobs.discard(staged);
      expect(readdirSync(stagingOf(blobs))).toEqual([]);
    });

    it('stores nothing when the bytes do not match the digest given for them', async () => {
      const blobs = await store();
      await expect(blobs.put(Buffer.from('changed'), { sha256: sha('original') })).rejects.toMatchObject({
        code: 'INTEGRITY_ERROR',
      });
      expect(await blobs.stat(sha('changed'))).toBeUndefined();
      expect(readdirSync(stagingOf(blobs))).toEqual([]);
    });

    it('makes a fan-out directory again when it was removed behind its back', async () => {
      const blobs = await store();
      await blobs.put(Buffer.from('twice'));
      const path = blobs.pathOf(sha('twice'));
      rmSync(join(path, '..', '..'), { recursive: true });
      expect(await blobs.put(Buffer.from('twice'))).toMatchObject({ created: true });
      expect(readFileSync(path, 'utf8')).toBe('twice');
    });

    it('reports a file system failure as STORAGE_UNAVAILABLE and keeps serving afterwards', async () => {
      const blobs = await store();
      const staging = stagingOf(blobs);
      rmSync(staging, { recursive: true });
      await expect(blobs.put(Buffer.from('nowhere to stage'))).rejects.toMatchObject({
        code: 'STORAGE_UNAVAILABLE',
        details: { code: 'ENOENT' },
      });
      mkdirSync(staging);
      expect(await blobs.put(Buffer.from('staged again'))).toMatchObject({ created: true });
    });

    it('answers many puts at once, each with its own digest', async () => {
      const blobs = await store();
      const contents = Array.from({ length: 40 }, (_, i) => `blob ${i % 30}`);
      const stored = await Promise.all(contents.map((c) => blobs.put(Buffer.from(c))));
      expect(stored.map((s) => s.sha256)).toEqual(contents.map(sha));
      expect(stored.filter((s) => s.created)).toHaveLength(30);
      for (const c of contents) expect(readFileSync(blobs.pathOf(sha(c)), 'utf8')).toBe(c);
    });

    it('refuses puts once closed', async () => {
      const blobs = await store();
      await blobs.put(Buffer.from('before'));
      await blobs.close();
      await expect(blobs.put(Buffer.from('after'))).rejects.toMatchObject({ code: 'STORAGE_UNAVAILABLE' });
    });
  });
});
