/**
 * What a file really is, decided from its bytes: sniffed type, agreement with the file name's extension, and a
 * structural check cheap enough for every intake (no full decode: enrichment decodes later). Images are measured from
 * their headers, so a decompression bomb is refused by its pixel count before a single pixel is inflated. Every read
 * is a bounded window (image-structure.ts), so memory does not grow with the file.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { AssetKind } from '../domain/asset.ts';
import { ProvenaError } from '../domain/errors.ts';
import type { MediaInfo, MediaInspector } from '../domain/ports.ts';
import { checkGif, checkJpeg, checkPng, checkWebp, type ImageCheck, type ReadAt } from './image-structure.ts';

interface Accepted {
  kind: AssetKind;
  /** Extensions that name this type; a file named with another type's extension is refused. */
  extensions: string[];
}

/** By the media types file-type gives (it says video/matroska and audio/flac, without the x-). */
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
  'video/matroska': { kind: 'video', extensions: ['mkv'] },
  'audio/mpeg': { kind: 'audio', extensions: ['mp3'] },
  'audio/wav': { kind: 'audio', extensions: ['wav'] },
  'audio/ogg': { kind: 'audio', extensions: ['ogg', 'oga'] },
  'audio/flac': { kind: 'audio', extensions: ['flac'] },
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

/** The containers measured by their own headers (see image-structure.ts for why not with sharp). */
const structureChecks: Record<string, (read: ReadAt, size: number) => Promise<ImageCheck>> = {
  'image/png': checkPng,
  'image/jpeg': checkJpeg,
  'image/webp': checkWebp,
  'image/gif': checkGif,
};

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
    checkExtension(fileName, ext, mediaType, type);
    if (type.kind !== 'image') return { mediaType, kind: type.kind };
    const check = structureChecks[mediaType];
    const size = check
      ? await checkStructure(check(source.read, file.size), fileName)
      : await measure(file.bytes ?? file.path, fileName);
    if (size.width * size.height > this.limits.maxPixels) {
      const { width, height } = size;
      throw new ProvenaError(
        'IMAGE_TOO_LARGE',
        `${fileName} is ${width}×${height} = ${width * height} pixels, more than the limit of ${this.limits.maxPixels}.`,
        { fileName, width, height, maxPixels: this.limits.maxPixels },
      );
    }
    return { mediaType, kind: 'image', ...size };
  }
}

/**
 * A file that has an extension must be named for what it is: any other extension is refused, unknown ones included
 * (an unknown one is what a browser or desktop goes by when the file is opened after download: "report.html" holding
 * plain text would render as a page). Text may carry the extension of any text type. No extension is fine.
 */
function checkExtension(fileName: string, ext: string, mediaType: string, type: Accepted): void {
  if (ext === '' || type.extensions.includes(ext)) return;
  const claimed = extensionOwner.get(ext);
  if (type.kind === 'text' && claimed && accepted[claimed]?.kind === 'text') return;
  const names = claimed ? `.${ext} (${claimed})` : `.${ext}, which is not an extension of ${mediaType},`;
  throw new ProvenaError(
    'FILE_TYPE_MISMATCH',
    `${fileName} is named ${names} but its bytes are ${mediaType}; rename it to .${type.extensions[0]}.`,
    { fileName, extension: ext, detected: mediaType },
  );
}

/** The image's size once its structure checks out; a damaged file is CORRUPT_FILE. */
async function checkStructure(
  checking: Promise<ImageCheck>,
  fileName: string,
): Promise<{ width: number; height: number }> {
  const check = await checking;
  if (!check.ok) throw corrupt(fileName, check.problem);
  return { width: check.width, height: check.height };
}

/** The other image types (TIFF, AVIF, HEIC) are measured by sharp from their headers. */
async function measure(input: string | Uint8Array, fileName: string): Promise<{ width: number; height: number }> {
  let width: number | undefined;
  let height: number | undefined;
  try {
    // limitInputPixels: false — we only read the header here and apply our own limit with a clear message.
    ({ width, height } = await sharp(input, { limitInputPixels: false }).metadata());
  } catch (error) {
    throw corrupt(fileName, `its image header cannot be read (${(error as Error).message})`);
  }
  if (!width || !height) throw corrupt(fileName, 'its image header has no dimensions');
  return { width, height };
}

async function sniff(head: Uint8Array, ext: string): Promise<string | undefined> {
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
function looksLikeUtf8Text(head: Uint8Array): boolean {
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

function trimPartial(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = 1; i <= 3 && end - i >= 0; i++) {
    const b = bytes[end - i]!;
    if ((b & 0xc0) === 0xc0) return end - i;
    if ((b & 0x80) === 0) break;
  }
  return end;
}

/** Positional reads over the staged bytes in memory, or over the file through a 256 KiB window. */
interface ByteSource {
  read: ReadAt;
  close(): Promise<void>;
}

/** Reads ahead by this much: one read covers a run of small chunk headers, and no read is ever larger. */
const readWindow = 256 * 1024;

async function openSource(file: { path: string; bytes?: Uint8Array }): Promise<ByteSource> {
  const { bytes } = file;
  if (bytes) {
    return {
      read: (position, length) => Promise.resolve(bytes.subarray(position, position + length)),
      close: () => Promise.resolve(),
    };
  }
  const handle = await open(file.path, 'r');
  // A PNG has hundreds of IDAT chunks; one read per chunk header would cost more than the rest of intake together.
  let window = new Uint8Array(0);
  let windowStart = 0;
  return {
    async read(position, length) {
      if (length > readWindow) throw new RangeError(`reads are at most ${readWindow} bytes`);
      if (position < windowStart || position + length > windowStart + window.length) {
        // A new buffer each time: the walkers may still hold a view of the previous window.
        const { buffer: filled, bytesRead } = await handle.read(Buffer.alloc(readWindow), 0, readWindow, position);
        window = filled.subarray(0, bytesRead);
        windowStart = position;
      }
      return window.subarray(position - windowStart, position - windowStart + length);
    },
    close: () => handle.close(),
  };
}
