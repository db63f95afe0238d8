import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zipEntries } from '../../test/zip-entries.ts';
import { yazlCrc32, ZipStreamWriter } from './zip-stream.ts';

describe('streamed zip', () => {
  it('writes entries from bytes and streams with their CRC, UTF-8 names, then the directory', async () => {
    const zip = new ZipStreamWriter();
    const collected = buffer(zip.output);
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    await zip.add('a.txt', Buffer.from('hello'), 5);
    await zip.add('Ünïcødé/ß.json', Readable.from([big.subarray(0, 1000), big.subarray(1000)]), big.length);
    await zip.add('empty', new Uint8Array(0), 0);
    await zip.finish();
    const bytes = await collected;
    const entries = zipEntries(bytes);
    expect([...entries.keys()]).toEqual(['a.txt', 'Ünïcødé/ß.json', 'empty']);
    expect(entries.get('a.txt')!.toString()).toBe('hello');
    expect(entries.get('Ünïcødé/ß.json')!.equals(big)).toBe(true);
    // An independent reader agrees, where Info-ZIP is installed (Debian's unzip).
    if (existsSync('/usr/bin/unzip')) {
      const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
      try {
        writeFileSync(join(dir, 'x.zip'), bytes);
        expect(execFileSync('/usr/bin/unzip', ['-tq', join(dir, 'x.zip')]).toString()).toContain('No errors');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it("computes yazl's entry CRCs natively, and right, over chunks of any size", async () => {
    // yazl's own buffer-crc32 is the one pointed at zlib.crc32: a yazl that changed how it hashes would drop the
    // speed-up silently, this says so.
    expect(yazlCrc32().unsigned(Buffer.from('provena'))).toBe(crc32('provena'));
    expect(yazlCrc32().unsigned.name).toBe('nativeCrc32');
    const random = randomBytes(300_001);
    const zip = new ZipStreamWriter();
    const collected = buffer(zip.output);
    const chunks = [random.subarray(0, 1), random.subarray(1, 65_537), random.subarray(65_537)];
    await zip.add('random.bin', Readable.from(chunks), random.length);
    await zip.add('random-copy.bin', random, random.length);
    await zip.finish();
    const entries = zipEntries(await collected); // checks each entry's CRC-32 against its bytes
    expect(entries.get('random.bin')!.equals(random)).toBe(true);
    expect(entries.get('random-copy.bin')!.equals(random)).toBe(true);
  });

  it('fails the archive when an entry is not the size announced', async () => {
    const zip = new ZipStreamWriter();
    const collected = buffer(zip.output);
    await expect(zip.add('short', Buffer.from('abc'), 4)).rejects.toThrow('3 bytes where 4 were announced');
    await expect(collected).rejects.toThrow('3 bytes where 4 were announced');
    await expect(zip.add('next', Buffer.from('abc'), 3)).rejects.toThrow('3 bytes where 4 were announced');
  });

  it('fails the archive when a source fails midway', async () => {
    const zip = new ZipStreamWriter();
    const collected = buffer(zip.output);
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from('ab');
        await Promise.resolve();
        throw new Error('INTEGRITY_ERROR: bytes differ');
      })(),
    );
    await expect(zip.add('broken', failing, 10)).rejects.toThrow('bytes differ');
    await expect(collected).rejects.toThrow('bytes differ');
  });

  it('waits for a slow reader and fails, rather than hangs, when the reader goes away', async () => {
    const zip = new ZipStreamWriter();
    const chunk = Buffer.alloc(64 * 1024, 1);
    const chunks = 64;
    // Nobody reads: the first MB or so fills the buffers and add() waits for the rest.
    const adding = zip.add('big', Readable.from(Array.from({ length: chunks }, () => chunk)), chunks * chunk.length);
    let settled = false;
    void adding.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    zip.output.destroy();
    await expect(adding).rejects.toThrow('went away');
  });
});
