/**
 * The structural check and the size of PNG, JPEG, WebP and GIF, read from their own headers through small positional
 * reads, so that inspecting a file costs the same memory at 500 MB as at 5 KB. These four are not measured with sharp:
 * its loaders keep metadata in memory as they pass it (every JPEG APPn segment, PNG text chunks, the WebP EXIF chunk;
 * the GIF loader reads the whole file), which is what an uploader pads a file with.
 */

/** Reads up to `length` bytes at `offset` (fewer only at the end of the file); the caller keeps reads small. */
export type ReadAt = (offset: number, length: number) => Promise<Uint8Array>;

export type ImageCheck = { ok: true; width: number; height: number } | { ok: false; problem: string };

const u16be = (b: Uint8Array, at: number): number => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0);
const u16le = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u24le = (b: Uint8Array, at: number): number => u16le(b, at) | ((b[at + 2] ?? 0) << 16);
const u32be = (b: Uint8Array, at: number): number => u16be(b, at) * 0x10000 + u16be(b, at + 2);
const u32le = (b: Uint8Array, at: number): number => u16le(b, at) + u16le(b, at + 2) * 0x10000;
const ascii4 = (b: Uint8Array, at: number): string => String.fromCharCode(...b.subarray(at, at + 4));

const fine = (width: number, height: number): ImageCheck =>
  width > 0 && height > 0 ? { ok: true, width, height } : { ok: false, problem: 'its image header has no dimensions' };
const damaged = (problem: string): ImageCheck => ({ ok: false, problem });

/** Entropy-coded data and sub-block chains are scanned in windows of this size. */
const SCAN_WINDOW = 64 * 1024;

/** Bit depths each PNG colour type allows (PNG §11.2.2). */
const pngBitDepths: Record<number, number[]> = {
  0: [1, 2, 4, 8, 16],
  2: [8, 16],
  3: [1, 2, 4, 8],
  4: [8, 16],
  6: [8, 16],
};

/** A PNG's chunks must run from the signature through IHDR to IEND within the file. */
export async function checkPng(read: ReadAt, size: number): Promise<ImageCheck> {
  let position = 8;
  let chunks = 0;
  let dimensions: ImageCheck | undefined;
  for (;;) {
    const header = await read(position, chunks === 0 ? 8 + 13 : 8);
    if (header.length < 8) return damaged('it ends before the PNG IEND chunk (truncated)');
    const length = u32be(header, 0);
    const type = ascii4(header, 4);
    if (length > 0x7fffffff || position + 12 + length > size) {
      return damaged(`its PNG chunk "${type}" runs past the end of the file (truncated)`);
    }
    if (chunks === 0) {
      if (type !== 'IHDR' || length !== 13) return damaged('it does not start with a PNG header chunk (IHDR)');
      const bitDepth = header[16] ?? 0;
      const colourType = header[17] ?? 0;
      if (!pngBitDepths[colourType]?.includes(bitDepth))
        return damaged(`its PNG header has colour type ${colourType} with bit depth ${bitDepth}`);
      dimensions = fine(u32be(header, 8), u32be(header, 12));
    }
    if (type === 'IEND') return dimensions ?? damaged('it has no PNG header chunk (IHDR)');
    position += 12 + length;
    if (++chunks > 1_000_000) return damaged('it has an implausible number of PNG chunks');
  }
}

/** SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC): the frame header with the image size. */
const isFrameHeader = (marker: number): boolean =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * Walks JPEG marker segments and entropy-coded scans to EOI, taking the size from the first frame header. Inside scan
 * data 0xFF is always followed by 0x00 (stuffing) or a restart marker, so the first other marker ends the scan. Bytes
 * after EOI (some cameras append data) are allowed.
 */
export async function checkJpeg(read: ReadAt, size: number): Promise<ImageCheck> {
  const truncated = damaged('the JPEG ends before its end-of-image marker (truncated)');
  let frame: ImageCheck | undefined;
  let scans = 0;
  let at = 2;
  for (;;) {
    const header = await read(at, 4);
    if (header.length < 2 || header[0] !== 0xff) return truncated;
    const marker = header[1]!;
    if (marker === 0xd9) {
      if (!frame) return damaged('the JPEG has no frame header');
      return scans > 0 ? frame : damaged('the JPEG has no image data');
    }
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      at += 2;
      continue;
    }
    if (header.length < 4) return truncated;
    const length = u16be(header, 2);
    if (length < 2) return damaged(`its JPEG segment at ${at} has an invalid length`);
    if (isFrameHeader(marker) && !frame) {
      const sof = await read(at + 4, 5);
      if (length < 7 || sof.length < 5) return truncated;
      // Precision, then the number of lines and the samples per line.
      frame = fine(u16be(sof, 3), u16be(sof, 1));
    }
    at += 2 + length;
    if (at > size) return truncated;
    if (marker !== 0xda) continue;
    scans++;
    // Entropy-coded data follows the SOS header: find the next real marker.
    for (;;) {
      const window = await read(at, SCAN_WINDOW);
      const ff = window.indexOf(0xff);
      if (ff < 0) {
        if (window.length < SCAN_WINDOW) return truncated;
        at += window.length;
        continue;
      }
      if (ff + 1 >= window.length) {
        if (window.length < SCAN_WINDOW) return truncated;
        at += ff; // the byte after the 0xFF is in the next window
        continue;
      }
      const next = window[ff + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) {
        at += ff + 2;
        continue;
      }
      if (next === 0xff) {
        at += ff + 1;
        continue;
      }
      at += ff;
      break;
    }
  }
}

/**
 * RIFF/WebP: the declared size must fit the file and every chunk must fit the declared size; the size is the canvas
 * of the extended format (VP8X), else that of the one lossy (VP8) or lossless (VP8L) image.
 */
export async function checkWebp(read: ReadAt, size: number): Promise<ImageCheck> {
  const riff = await read(0, 12);
  if (riff.length < 12 || u32le(riff, 4) + 8 > size) return damaged('its RIFF size exceeds the file (truncated)');
  const end = u32le(riff, 4) + 8;
  let dimensions: ImageCheck | undefined;
  let images = 0;
  let at = 12;
  let chunks = 0;
  while (at + 8 <= end) {
    const header = await read(at, 8 + 10);
    const fourCc = ascii4(header, 0);
    const length = u32le(header, 4);
    if (at + 8 + length > end) return damaged(`its WebP chunk "${fourCc}" runs past the end of the file (truncated)`);
    if (chunks === 0) {
      if (fourCc === 'VP8X' && length >= 10) dimensions = fine(1 + u24le(header, 12), 1 + u24le(header, 15));
      else if (fourCc === 'VP8 ' && length >= 10) {
        if (header[11] !== 0x9d || header[12] !== 0x01 || header[13] !== 0x2a)
          return damaged('its VP8 image has no start code');
        dimensions = fine(u16le(header, 14) & 0x3fff, u16le(header, 16) & 0x3fff);
      } else if (fourCc === 'VP8L' && length >= 5) {
        if (header[8] !== 0x2f) return damaged('its VP8L image has no signature');
        const bits = u32le(header, 9);
        dimensions = fine((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
      } else return damaged('it does not start with a WebP image header');
    }
    if (fourCc === 'VP8 ' || fourCc === 'VP8L' || fourCc === 'ANMF') images++;
    at += 8 + length + (length & 1);
    if (++chunks > 1_000_000) return damaged('it has an implausible number of WebP chunks');
  }
  if (images === 0) return damaged('the WebP holds no image');
  return dimensions ?? damaged('its image header has no dimensions');
}

/**
 * GIF: the logical screen, then extensions and images (each a chain of sub-blocks) up to the trailer, which must be
 * the file's last byte. The size is the logical screen's, as sharp reports it.
 */
export async function checkGif(read: ReadAt, size: number): Promise<ImageCheck> {
  const truncated = damaged('the GIF ends before its trailer (truncated)');
  const screen = await read(0, 13);
  if (screen.length < 13) return truncated;
  const dimensions = fine(u16le(screen, 6), u16le(screen, 8));
  let at = 13 + colourTableLength(screen[10]!);
  let images = 0;

  /** Steps over a chain of sub-blocks starting at `from`; the offset after its terminator, or undefined. */
  async function subBlocks(from: number): Promise<number | undefined> {
    let position = from;
    for (;;) {
      const window = await read(position, SCAN_WINDOW);
      let i = 0;
      while (i < window.length) {
        if (window[i] === 0) return position + i + 1;
        i += 1 + window[i]!;
      }
      if (window.length < SCAN_WINDOW) return undefined;
      position += i;
    }
  }

  for (;;) {
    const block = await read(at, 10);
    if (block.length < 1) return truncated;
    if (block[0] === 0x3b) {
      if (at !== size - 1) return damaged('the GIF has bytes after its trailer');
      if (images === 0) return damaged('the GIF holds no image');
      return dimensions;
    }
    let next: number | undefined;
    if (block[0] === 0x21) {
      if (block.length < 2) return truncated;
      next = await subBlocks(at + 2);
    } else if (block[0] === 0x2c) {
      if (block.length < 10) return truncated;
      images++;
      // Image descriptor, local colour table, LZW minimum code size, then the image data's sub-blocks.
      next = await subBlocks(at + 10 + colourTableLength(block[9]!) + 1);
    } else return damaged(`the GIF has an unknown block 0x${block[0]!.toString(16)} at ${at}`);
    if (next === undefined) return truncated;
    at = next;
  }
}

const colourTableLength = (flags: number): number => (flags & 0x80 ? 3 << ((flags & 0x07) + 1) : 0);
