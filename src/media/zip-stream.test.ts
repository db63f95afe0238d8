import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { zipEntries } from '../../test/zip-entries.ts';
import { ZipStreamWriter } from './zip-stream.ts';

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

  it('refuses an entry whose bytes are not the size announced', async () => {
    const zip = new ZipStreamWriter();
    zip.output.resume();
    await expect(zip.add('short', Buffer.from('abc'), 4)).rejects.toThrow('3 bytes where 4 were announced');
    await expect(zip.add('long', Buffer.from('abcde'), 4)).rejects.toThrow('more bytes than the 4 announced');
  });

  it('waits for a slow reader and fails, rather than hangs, when the reader goes away', async () => {
    const zip = new ZipStreamWriter();
    const big = Buffer.alloc(4 * 1024 * 1024, 1);
    // Nobody reads: the first MB fills the buffer and add() waits.
    const adding = zip.add('big', big, big.length);
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

  it('tells when an entry would not fit a plain zip', () => {
    const zip = new ZipStreamWriter();
    expect(zip.fits(1024)).toBe(true);
    expect(zip.fits(0xffff_ffff)).toBe(false);
  });
});
