/**
 * What a file really is, decided from its bytes: sniffed type, agreement with the file name's extension, and a
 * structural check cheap enough for every intake (no full decode: enrichment decodes later). Images are measured from
 * their headers, so a decompression bomb is refused by its pixel count before a single pixel is inflated.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { AssetKind } from '../domain/asset.ts';
import { ProvenaError } from '../domain/errors.ts';
import type { MediaInfo, MediaInspector } from '../domain/ports.ts';

interface Accepted {
  kind: AssetKind;
  /** Extensions that name this type; a file named with another type's extension is refused. */
  extensions: string[];
}

const accepted: Record<string, Accepted> = {
  'image/png': { kind: 'image', extensions: ['png'] },
  'image/jpeg': { kind: 'image', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  'image/webp': { kind: 'image', extensions: ['webp'] },
  'image/gif': { kind: 'image', extensions: ['gif'] },
  'image/tiff': { kind: 'image', extensions: ['tif', 'tiff'] },
  'image/avif': { kind: 'image', extensions: ['avif'] },
  'image/heic': { kind: 'image', extensions: ['heic', 'heif'] },
  'video/mp4': { kind: 'video', extensions: ['mp4', 'm4v'] },
  'video/quicktime': { kind: 'video', extensions: ['mov', 'qt'] },
  'video/webm': { kind: 'video', extensions: ['webm'] },
  'video/x-matroska': { kind: 'video', extensions: ['mkv'] },
  'audio/mpeg': { kind: 'audio', extensions: ['mp3'] },
  'audio/wav': { kind: 'audio', extensions: ['wav'] },
  'audio/ogg': { kind: 'audio', extensions: ['ogg', 'oga'] },
  'audio/x-flac': { kind: 'audio', extensions: ['flac'] },
  'audio/x-m4a': { kind: 'audio', extensions: ['m4a'] },
  'application/pdf': { kind: 'document', extensions: ['pdf'] },
  'model/gltf-binary': { kind: 'model3d', extensions: ['glb'] },
  'text/plain': { kind: 'text', extensions: ['txt', 'text'] },
  'text/markdown': { kind: 'text', extensions: ['md', 'markdown'] },
  'application/json': { kind: 'text', extensions: ['json'] },
};

/** Sniffing and the text check look at this much of the file's start. */
const headBytes = 65536;

const extensionOwner = new Map(
  Object.entries(accepted).flatMap(([mediaType, a]) => a.extensions.map((ext) => [ext, mediaType] as const)),
);

export class FileMediaInspector implements MediaInspector {
  constructor(private readonly limits: { maxPixels: number }) {}

  async inspect(file: { path: string; size: number; bytes?: Uint8Array }, fileName: string): Promise<MediaInfo> {
    const { size } = file;
    if (size === 0) throw new ProvenaError('EMPTY_FILE', `${fileName} is empty (0 bytes).`, { fileName });
    const source = await openSource(file);
    try {
      return await this.inspectSource(source, file, fileName);
    } finally {
      await source.close();
    }
  }

  private async inspectSource(
    source: ByteSource,
    file: { path: string; size: number; bytes?: Uint8Array },
    fileName: string,
  ): Promise<MediaInfo> {
    const ext = extname(fileName).slice(1).toLowerCase();
    const mediaType = (await sniff(await source.read(0, headBytes), ext)) ?? refuseUnknown(fileName);
    const type = accepted[mediaType];
    if (!type) refuseUnknown(fileName, mediaType);
    const claimed = extensionOwner.get(ext);
    if (claimed && claimed !== mediaType && !(type.kind === 'text' && accepted[claimed]?.kind === 'text')) {
      throw new ProvenaError(
        'FILE_TYPE_MISMATCH',
        `${fileName} is named .${ext} (${claimed}) but its bytes are ${mediaType}; rename it to .${type.extensions[0]}.`,
        { fileName, extension: ext, detected: mediaType },
      );
    }
    if (type.kind !== 'image') return { mediaType, kind: type.kind };
    await checkStructure(source, mediaType, file.size, fileName);
    return { mediaType, kind: 'image', ...(await this.measure(file.bytes ?? file.path, fileName)) };
  }

  private async measure(input: string | Uint8Array, fileName: string): Promise<{ width: number; height: number }> {
    let width: number | undefined;
    let height: number | undefined;
    try {
      // limitInputPixels: false — we only read the header here and apply our own limit below with a clear message.
      ({ width, height } = await sharp(input, { limitInputPixels: false }).metadata());
    } catch (error) {
      throw corrupt(fileName, `its image header cannot be read (${(error as Error).message})`);
    }
    if (!width || !height) throw corrupt(fileName, 'its image header has no dimensions');
    if (width * height > this.limits.maxPixels) {
      throw new ProvenaError(
        'IMAGE_TOO_LARGE',
        `${fileName} is ${width}×${height} = ${width * height} pixels, more than the limit of ${this.limits.maxPixels}.`,
        { fileName, width, height, maxPixels: this.limits.maxPixels },
      );
    }
    return { width, height };
  }
}

async function sniff(head: Buffer, ext: string): Promise<string | undefined> {
  const found = await fileTypeFromBuffer(head);
  if (found) return found.mime;
  if (!looksLikeUtf8Text(head)) return undefined;
  if (ext === 'json') return 'application/json';
  if (ext === 'md' || ext === 'markdown') return 'text/markdown';
  return 'text/plain';
}

function refuseUnknown(fileName: string, mediaType?: string): never {
  throw new ProvenaError(
    'UNSUPPORTED_MEDIA_TYPE',
    `${fileName} is ${mediaType ?? 'of an unrecognised type'}; Provena accepts images (PNG, JPEG, WebP, GIF, TIFF, AVIF, HEIC), video, audio, PDF, glTF and text.`,
    { fileName, ...(mediaType ? { detected: mediaType } : {}) },
  );
}

const corrupt = (fileName: string, why: string) =>
  new ProvenaError('CORRUPT_FILE', `${fileName} is damaged: ${why}.`, { fileName });

/** The first 64 KiB decode as UTF-8 without NULs: good enough to accept AI-written copy as a text asset. */
function looksLikeUtf8Text(head: Buffer): boolean {
  if (head.includes(0)) return false;
  try {
    // A multi-byte character cut at the 64 KiB boundary is not an error: trim up to 3 trailing bytes.
    new TextDecoder('utf-8', { fatal: true }).decode(
      head.length === headBytes ? head.subarray(0, trimPartial(head)) : head,
    );
    return true;
  } catch {
    return false;
  }
}

function trimPartial(bytes: Buffer): number {
  const end = bytes.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = bytes[end - i]!;
    if ((b & 0xc0) === 0xc0) return end - i;
    if ((b & 0x80) === 0) break;
  }
  return end;
}

/**
 * Truncation and gross damage, found without decoding: a PNG's chunks must run from the signature to IEND within
 * the file; a JPEG must end with EOI (FFD9, allowing trailing bytes some cameras append); a RIFF's declared size must
 * fit; a GIF must end with its trailer.
 */
async function checkStructure(source: ByteSource, mediaType: string, size: number, fileName: string): Promise<void> {
  const read = (position: number, length: number) => source.read(position, length);
  if (mediaType === 'image/png') {
    let position = 8;
    let chunks = 0;
    for (;;) {
      const header = await read(position, 8);
      if (header.length < 8) throw corrupt(fileName, 'it ends before the PNG IEND chunk (truncated)');
      const length = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      if (length > 0x7fffffff || position + 12 + length > size) {
        throw corrupt(fileName, `its PNG chunk "${type}" runs past the end of the file (truncated)`);
      }
      if (type === 'IEND') return;
      position += 12 + length;
      if (++chunks > 1_000_000) throw corrupt(fileName, 'it has an implausible number of PNG chunks');
    }
  }
  if (mediaType === 'image/jpeg') {
    if (!jpegReachesEnd(await read(0, size)))
      throw corrupt(fileName, 'the JPEG ends before its end-of-image marker (truncated)');
    return;
  }
  if (mediaType === 'image/webp') {
    const header = await read(0, 12);
    if (header.length < 12 || header.readUInt32LE(4) + 8 > size)
      throw corrupt(fileName, 'its RIFF size exceeds the file (truncated)');
    return;
  }
  if (mediaType === 'image/gif') {
    const tail = await read(size - 1, 1);
    if (tail[0] !== 0x3b) throw corrupt(fileName, 'the GIF has no trailer (truncated)');
  }
}

/**
 * Walks JPEG marker segments and entropy-coded scans to EOI. Inside scan data 0xFF is always followed by 0x00
 * (stuffing) or a restart marker, so the first other marker ends the scan. Bytes after EOI (some cameras append
 * data) are allowed.
 */
export function jpegReachesEnd(bytes: Buffer): boolean {
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return false;
    const marker = bytes[i + 1]!;
    if (marker === 0xd9) return true;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    const length = bytes.readUInt16BE(i + 2);
    i += 2 + length;
    if (marker !== 0xda) continue;
    // Entropy-coded data follows the SOS header: find the next real marker.
    for (;;) {
      const ff = bytes.indexOf(0xff, i);
      if (ff < 0 || ff + 1 >= bytes.length) return false;
      const next = bytes[ff + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
        i = ff + (next === 0xff ? 1 : 2);
        continue;
      }
      i = ff;
      break;
    }
  }
  return i + 2 <= bytes.length && bytes[i] === 0xff && bytes[i + 1] === 0xd9;
}

/** Positional reads over the staged bytes in memory, or over the file through a 256 KiB window. */
interface ByteSource {
  read(position: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

async function openSource(file: { path: string; bytes?: Uint8Array }): Promise<ByteSource> {
  if (file.bytes) {
    const bytes = Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.length);
    return {
      read: (position, length) => Promise.resolve(bytes.subarray(position, position + length)),
      close: () => Promise.resolve(),
    };
  }
  const handle = await open(file.path, 'r');
  // A PNG has hundreds of IDAT chunks; one read per chunk header would cost more than the rest of intake together.
  let window = Buffer.alloc(0);
  let windowStart = 0;
  return {
    async read(position, length) {
      if (position < windowStart || position + length > windowStart + window.length) {
        const size = Math.max(length, 256 * 1024);
        const { buffer, bytesRead } = await handle.read(Buffer.alloc(size), 0, size, position);
        window = buffer.subarray(0, bytesRead);
        windowStart = position;
      }
      return window.subarray(position - windowStart, position - windowStart + length);
    },
    close: () => handle.close(),
  };
}
