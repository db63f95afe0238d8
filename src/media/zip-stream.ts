/**
 * A zip archive written as a stream (the ArchiveWriter port of domain/export-archive.ts): entries are stored, not
 * compressed — exported images are compressed already, and storing keeps the CPU for the renditions — each with a
 * local header, its bytes as they arrive and a data descriptor carrying the CRC-32 computed on the way; the central
 * directory follows the last entry. Plain zip (no ZIP64): at most 65,535 entries and 4 GiB in all, which `fits`
 * tells before an entry is started. Names are UTF-8 (general purpose flag bit 11).
 *
 * Written here rather than taken from a package because none is installed (decision 0035 names the one to use).
 */
import { once } from 'node:events';
import { PassThrough, Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import type { ArchiveWriter } from '../domain/export-archive.ts';

const maxOffset = 0xffff_ffff;
const maxEntries = 0xffff;
const localHeaderSize = 30;
const dataDescriptorSize = 16;
const centralHeaderSize = 46;
const endRecordSize = 22;
/** bit 3: sizes and CRC in a data descriptor after the bytes; bit 11: the name is UTF-8. */
const flags = 0x0808;
/** 2.0: what a stored entry with a data descriptor needs. */
const versionNeeded = 20;
/** DOS date of 1980-01-01 00:00, the earliest a zip holds: archives of the same files are then the same bytes. */
const dosTime = 0;
const dosDate = (0 << 9) | (1 << 5) | 1;

interface CentralEntry {
  name: Buffer;
  crc: number;
  size: number;
  offset: number;
}

export class ZipStreamWriter implements ArchiveWriter {
  readonly output = new PassThrough({ highWaterMark: 1024 * 1024 });
  private readonly entries: CentralEntry[] = [];
  private offset = 0;
  private busy = false;

  fits(size: number): boolean {
    return (
      this.entries.length + 1 <= maxEntries &&
      // The entry, then room for a directory line and the end record (names are bounded by the caller's 255 bytes).
      this.offset +
        localHeaderSize +
        255 +
        size +
        dataDescriptorSize +
        (this.entries.length + 1) * (centralHeaderSize + 255) +
        endRecordSize <=
        maxOffset
    );
  }

  async add(name: string, content: Readable | Uint8Array, size: number): Promise<void> {
    if (this.busy) throw new Error('zip entries are added one at a time');
    const encoded = Buffer.from(name, 'utf8');
    if (encoded.length === 0 || encoded.length > 255) throw new Error(`zip entry name of ${encoded.length} bytes`);
    if (!this.fits(size)) throw new Error('the archive is full');
    this.busy = true;
    try {
      const offset = this.offset;
      const header = Buffer.alloc(localHeaderSize);
      header.writeUInt32LE(0x04034b50, 0);
      header.writeUInt16LE(versionNeeded, 4);
      header.writeUInt16LE(flags, 6);
      header.writeUInt16LE(0, 8); // stored
      header.writeUInt16LE(dosTime, 10);
      header.writeUInt16LE(dosDate, 12);
      // CRC and sizes: zero here, in the data descriptor.
      header.writeUInt16LE(encoded.length, 26);
      await this.write(Buffer.concat([header, encoded]));
      let crc = 0;
      let written = 0;
      const source = content instanceof Uint8Array ? Readable.from([Buffer.from(content)]) : content;
      for await (const chunk of source) {
        const bytes = chunk as Buffer;
        written += bytes.length;
        if (written > size) throw new Error(`zip entry ${name}: more bytes than the ${size} announced`);
        crc = crc32(bytes, crc);
        await this.write(bytes);
      }
      if (written !== size) throw new Error(`zip entry ${name}: ${written} bytes where ${size} were announced`);
      const descriptor = Buffer.alloc(dataDescriptorSize);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc >>> 0, 4);
      descriptor.writeUInt32LE(size, 8);
      descriptor.writeUInt32LE(size, 12);
      await this.write(descriptor);
      this.entries.push({ name: encoded, crc: crc >>> 0, size, offset });
    } finally {
      this.busy = false;
    }
  }

  async finish(): Promise<void> {
    const start = this.offset;
    for (const entry of this.entries) {
      const line = Buffer.alloc(centralHeaderSize);
      line.writeUInt32LE(0x02014b50, 0);
      line.writeUInt16LE((3 << 8) | versionNeeded, 4); // made by: Unix, so that the mode below is read
      line.writeUInt16LE(versionNeeded, 6);
      line.writeUInt16LE(flags, 8);
      line.writeUInt16LE(0, 10);
      line.writeUInt16LE(dosTime, 12);
      line.writeUInt16LE(dosDate, 14);
      line.writeUInt32LE(entry.crc, 16);
      line.writeUInt32LE(entry.size, 20);
      line.writeUInt32LE(entry.size, 24);
      line.writeUInt16LE(entry.name.length, 28);
      line.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
      line.writeUInt32LE(entry.offset, 42);
      await this.write(Buffer.concat([line, entry.name]));
    }
    const end = Buffer.alloc(endRecordSize);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.offset - start, 12);
    end.writeUInt32LE(start, 16);
    await this.write(end);
    this.output.end();
  }

  abort(error: Error): void {
    this.output.destroy(error);
  }

  /** Hands bytes to the reader, waiting while it is behind; rejects once it went away (nobody will read on). */
  private async write(bytes: Buffer): Promise<void> {
    if (this.output.destroyed) throw new Error('the archive reader went away');
    this.offset += bytes.length;
    if (this.output.write(bytes)) return;
    const ac = new AbortController();
    try {
      await Promise.race([
        once(this.output, 'drain', { signal: ac.signal }),
        once(this.output, 'close', { signal: ac.signal }).then(() => {
          throw new Error('the archive reader went away');
        }),
      ]);
    } finally {
      ac.abort();
    }
  }
}
