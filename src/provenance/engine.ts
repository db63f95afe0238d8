/**
 * The provenance engine: file → RawMetadata (containers/) → IPTC/XMP fields (xmp/), C2PA summary with full
 * validation (c2pa/, only when a store is embedded; the 9 MB validator is loaded on first need), generator tool
 * metadata (tools/, with stealth pixels as a last resort) → one normalised ProvenanceRecord (normalise.ts).
 *
 * Hostile files never make it throw: every problem becomes a warning on the record. Only a file that cannot be
 * read at all (I/O) rejects.
 */
import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { ProvenaError } from '../domain/errors.ts';
import type { ProvenanceExtractor, ProvenanceInput, ProvenanceRecord } from '../domain/provenance.ts';
import type { C2paReader } from './c2pa/reader.ts';
import { createC2paReader, summariseUnvalidatedStore } from './c2pa/reader.ts';
import { readFileMetadata, readRawMetadata } from './containers/index.ts';
import type { C2paSummary, IptcXmpFields, RawMetadata, ToolReading } from './contract.ts';
import { normalise } from './normalise.ts';
import type { PixelSource, RawPixels } from './tools/index.ts';
import { readToolMetadata } from './tools/index.ts';
import { parseXmpPackets } from './xmp/xmp-parser.ts';

export interface ProvenanceEngineOptions {
  c2pa?: { trustAnchorsPem?: string; trustConfig?: string; allowedListPem?: string };
  /** Largest image (in pixels) decoded to look for stealth infotext; larger images are not searched. */
  maxStealthPixels?: number;
  /**
   * Largest file given to the C2PA validator. It takes the whole file in memory and holds it several times over (the
   * file, its copy in wasm memory, c2pa-rs's own buffers), and wasm memory never shrinks; a larger file's manifest is
   * read without validation, with a warning.
   */
  maxC2paValidationBytes?: number;
}

export interface ProvenanceEngine extends ProvenanceExtractor {
  extractFromBytes(bytes: Uint8Array, mediaType: string): Promise<ProvenanceRecord>;
}

const DEFAULT_MAX_STEALTH_PIXELS = 40_000_000;
export const DEFAULT_MAX_C2PA_VALIDATION_BYTES = 16 * 1024 * 1024;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The container's own media type beats the caller's (a mislabelled file must still validate). */
const mediaTypeFor = (raw: RawMetadata, given: string): string =>
  raw.container === 'png'
    ? 'image/png'
    : raw.container === 'jpeg'
      ? 'image/jpeg'
      : raw.container === 'webp'
        ? 'image/webp'
        : given;

/**
 * Decodes the asked strip of pixels with sharp as RGBA (libvips decodes row by row, so memory follows the strip, and
 * stops after the last row asked for), bounded by the pixel limit (also sharp's decompression-bomb guard).
 */
function pixelSource(input: string | Uint8Array, raw: RawMetadata, maxPixels: number): PixelSource {
  return async ({ columns, rows }): Promise<RawPixels | undefined> => {
    const hints = raw.pixelHints;
    if (!hints || hints.width * hints.height > maxPixels) return undefined;
    const { data, info } = await sharp(input, { limitInputPixels: maxPixels, failOn: 'error' })
      .extract({ left: 0, top: 0, width: Math.min(columns, hints.width), height: Math.min(rows, hints.height) })
      .toColourspace('srgb')
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.length),
      width: info.width,
      height: info.height,
      channels: info.channels,
    };
  };
}

export function createProvenanceEngine(options: ProvenanceEngineOptions = {}): ProvenanceEngine {
  let c2paReader: C2paReader | undefined;
  const reader = (): C2paReader => (c2paReader ??= createC2paReader(options.c2pa ?? {}));
  const maxStealthPixels = options.maxStealthPixels ?? DEFAULT_MAX_STEALTH_PIXELS;
  const maxC2paValidationBytes = options.maxC2paValidationBytes ?? DEFAULT_MAX_C2PA_VALIDATION_BYTES;
  // One validation at a time, its file read included: concurrent intakes would otherwise each hold a whole file for
  // the validator at once. The validator runs on this thread anyway, so nothing is lost by waiting.
  let validating: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(task: () => Promise<T>): Promise<T> => {
    const run = validating.then(task, task);
    validating = run.catch(() => undefined);
    return run;
  };

  /** Everything after the raw read; `bytes` gives the whole file to the validator when it is needed. */
  async function fromRaw(
    raw: RawMetadata,
    file: { mediaType: string; size: number; bytes: () => Promise<Uint8Array> },
    pixels: PixelSource,
  ): Promise<ProvenanceRecord> {
    const { mediaType, size, bytes } = file;
    let xmp: IptcXmpFields | undefined;
    if (raw.xmp.length > 0) {
      try {
        xmp = parseXmpPackets(raw.xmp);
      } catch (error) {
        raw.warnings.push(`XMP could not be read: ${message(error)}`);
      }
    }

    let c2pa: C2paSummary | undefined;
    const store = raw.c2paStore;
    if (store && size > maxC2paValidationBytes) {
      c2pa = summariseUnvalidatedStore(
        store,
        raw.c2paRemoteUrl,
        `C2PA manifest read but not validated: the file (${megabytes(size)}) is larger than the ${megabytes(maxC2paValidationBytes)} the validator is given`,
      );
    } else if (store) {
      try {
        c2pa = await oneAtATime(async () =>
          reader().read(await bytes(), mediaTypeFor(raw, mediaType), { store, remoteUrl: raw.c2paRemoteUrl }),
        );
      } catch (error) {
        raw.warnings.push(`C2PA could not be read: ${message(error)}`);
      }
    }

    let tool: ToolReading | undefined;
    try {
      tool = await readToolMetadata(raw, async (region) => {
        try {
          return await pixels(region);
        } catch (error) {
          // An undecodable image only means no stealth text can be read from it.
          raw.warnings.push(`pixels could not be decoded for stealth infotext: ${message(error)}`);
          return undefined;
        }
      });
    } catch (error) {
      raw.warnings.push(`generator metadata could not be read: ${message(error)}`);
    }

    try {
      return normalise({ c2pa, xmp, tool, exif: raw.exif, raw });
    } catch (error) {
      // A bug in the merge must not lose the asset: report an unknown record with the reason.
      return {
        aiInvolvement: 'unknown',
        dstSources: [],
        warnings: [...raw.warnings, `provenance could not be normalised: ${message(error)}`],
      };
    }
  }

  async function extract(input: ProvenanceInput): Promise<ProvenanceRecord> {
    if (input.bytes) return extractFromBytes(input.bytes, input.mediaType);
    let file: { raw: RawMetadata; bytes?: Uint8Array };
    try {
      file = await readFileMetadata(input.path);
    } catch (error) {
      throw new ProvenaError(
        'INTERNAL',
        `The file to read provenance from could not be read: ${message(error)}`,
        { path: input.path },
        { cause: error },
      );
    }
    const { raw, bytes: inMemory } = file;
    // A small file was read whole for its metadata: the validator and the pixel decoder reuse those bytes.
    let whole = inMemory ? Promise.resolve(inMemory) : undefined;
    const bytes = (): Promise<Uint8Array> =>
      (whole ??= readFile(input.path).then((b) => new Uint8Array(b.buffer, b.byteOffset, b.length)));
    return fromRaw(
      raw,
      { mediaType: input.mediaType, size: input.size, bytes },
      pixelSource(inMemory ?? input.path, raw, maxStealthPixels),
    );
  }

  async function extractFromBytes(bytes: Uint8Array, mediaType: string): Promise<ProvenanceRecord> {
    let raw: RawMetadata;
    try {
      raw = readRawMetadata(bytes);
    } catch (error) {
      return { aiInvolvement: 'unknown', dstSources: [], warnings: [`metadata could not be read: ${message(error)}`] };
    }
    return fromRaw(
      raw,
      { mediaType, size: bytes.length, bytes: () => Promise.resolve(bytes) },
      pixelSource(bytes, raw, maxStealthPixels),
    );
  }

  return { extract, extractFromBytes };
}
