import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { chmod, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { VerifiedReads } from './verified-reads.ts';

const dir = mkdtempSync(join(tmpdir(), 'provena-verified-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (bytes: string | Buffer) => createHash('sha256').update(bytes).digest('hex');
const text = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks).toString();
};
let n = 0;
/** A read-only file holding `content`, as the blob store leaves them. */
async function blob(content: string): Promise<{ path: string; sha256: string }> {
  const path = join(dir, `blob-${n++}`);
  await writeFile(path, content);
  await chmod(path, 0o444);
  return { path, sha256: sha(content) };
}

describe('VerifiedReads', () => {
  it('hashes a file on its first read only, whole or ranged, and serves the bytes it checked', async () => {
    const reads = new VerifiedReads();
    const { path, sha256 } = await blob('the quick brown fox');
    expect(await text(await reads.open(path, sha256))).toBe('the quick brown fox');
    expect(await text(await reads.open(path, sha256, { start: 4, end: 8 }))).toBe('quick');
    expect(await text(await reads.open(path, sha256))).toBe('the quick brown fox');
    expect(reads.hashed).toBe(1);
  });

  it('hashes a file once for concurrent first reads', async () => {
    const reads = new VerifiedReads();
    const { path, sha256 } = await blob('read by many at once');
    const all = await Promise.all(Array.from({ length: 5 }, () => reads.open(path, sha256).then(text)));
    expect(new Set(all)).toEqual(new Set(['read by many at once']));
    expect(reads.hashed).toBe(1);
  });

  it('checks again once the file changed, in place or replaced, and refuses bytes that differ', async () => {
    const reads = new VerifiedReads();
    const { path, sha256 } = await blob('original bytes');
    await text(await reads.open(path, sha256));

    await chmod(path, 0o644);
    await writeFile(path, 'damaged bytes!');
    await expect(reads.open(path, sha256)).rejects.toMatchObject({
      code: 'INTEGRITY_ERROR',
      details: { sha256, actual: sha('damaged bytes!') },
    });
    await expect(reads.open(path, sha256, { start: 0, end: 3 })).rejects.toMatchObject({ code: 'INTEGRITY_ERROR' });

    // A repair renames good bytes over it: served again, after one more check.
    const good = join(dir, 'repaired');
    await writeFile(good, 'original bytes');
    await rename(good, path);
    const before = reads.hashed;
    expect(await text(await reads.open(path, sha256))).toBe('original bytes');
    expect(reads.hashed).toBe(before + 1);
  });

  it('reads a whole file into one buffer, checked on its first read only, and refuses bytes that differ', async () => {
    const reads = new VerifiedReads();
    const { path, sha256 } = await blob('read whole, in one piece');
    expect((await reads.read(path, sha256)).toString()).toBe('read whole, in one piece');
    // The stream and the whole read share what was verified.
    expect(await text(await reads.open(path, sha256))).toBe('read whole, in one piece');
    expect((await reads.read(path, sha256)).toString()).toBe('read whole, in one piece');
    expect(reads.hashed).toBe(1);
    const empty = await blob('');
    expect((await reads.read(empty.path, empty.sha256)).length).toBe(0);

    await chmod(path, 0o644);
    await writeFile(path, 'damaged in the middle ..');
    await expect(reads.read(path, sha256)).rejects.toMatchObject({
      code: 'INTEGRITY_ERROR',
      details: { sha256, actual: sha('damaged in the middle ..') },
    });
    await expect(reads.read(join(dir, 'nothing'), sha256)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('answers NOT_FOUND for a missing file', async () => {
    await expect(new VerifiedReads().open(join(dir, 'nothing'), sha('x'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('remembers a bounded number of files, dropping the least recently read', async () => {
    const reads = new VerifiedReads(2);
    const [a, b, c] = [await blob('a'), await blob('b'), await blob('c')];
    for (const file of [a, b, a, c]) await text(await reads.open(file.path, file.sha256));
    expect(reads.hashed).toBe(3);
    // a was read after b, so b went out when c came in.
    await text(await reads.open(a.path, a.sha256));
    expect(reads.hashed).toBe(3);
    await text(await reads.open(b.path, b.sha256));
    expect(reads.hashed).toBe(4);
  });
});
