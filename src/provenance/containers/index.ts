/**
 * Entry point of the container stage: file bytes → RawMetadata (see ../contract.ts). Dispatches on magic bytes to
 * the PNG, JPEG and RIFF/WebP walkers; anything else is `container: 'other'` with empty fields.
 *
 * Hostile bytes never throw: problems become `warnings` and the result holds what was read up to them. Only I/O
 * errors (a missing or unreadable file) reject.
 */
import { Buffer } from 'node:buffer';
import { open } from 'node:fs/promises';
import type { ContainerKind, RawMetadata } from '../contract.ts';
import { parseXmpPackets } from '../xmp/xmp-parser.ts';
import {
  WalkerFault,
  fileHandleSource,
  runAsync,
  runSync,
  type RandomAccessSource,
  type Walker,
} from './byte-source.ts';
import { ascii4, startsWith } from '../bytes.ts';
import { walkJpeg } from './jpeg-walker.ts';
import { PNG_SIGNATURE, walkPng } from './png-walker.ts';
import { emptyRawMetadata, warn } from './raw-metadata.ts';
import { walkWebp } from './webp-walker.ts';

export type { RandomAccessSource } from './byte-source.ts';

/**
 * Files up to this size are read in one go: one read beats a series of positional reads. A generated 1024² PNG is
 * about 2 MB in ~230 IDAT chunks; at intake it was just written and sits in the page cache, so one 2 MB read costs
 * less than the thirty small reads a walk over its chunk headers would need.
 */
const WHOLE_FILE_BYTES = 8 * 1024 * 1024;
/** Bytes needed to recognise every supported container. */
const MAGIC_BYTES = 12;

export const detectContainer = (head: Uint8Array): ContainerKind => {
  if (startsWith(head, PNG_SIGNATURE)) return 'png';
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (ascii4(head, 0) === 'RIFF' && ascii4(head, 8) === 'WEBP') return 'webp';
  return 'other';
};

const walkerFor = (container: ContainerKind, size: number, raw: RawMetadata): Walker<void> | undefined => {
  switch (container) {
    case 'png':
      return walkPng(size, raw);
    case 'jpeg':
      return walkJpeg(size, raw);
    case 'webp':
      return walkWebp(size, raw);
    case 'other':
      return undefined;
  }
};

/** A remote manifest reference (dcterms:provenance with an http(s) URL; a `self#jumbf=` URI is the embedded one). */
const addRemoteManifestUrl = (raw: RawMetadata): void => {
  // Parsing XMP costs; only packets that can hold the property are parsed here.
  if (!raw.xmp.some((packet) => packet.includes('provenance'))) return;
  const url = parseXmpPackets(raw.xmp).provenanceUrl?.trim();
  if (url && /^https?:\/\//iu.test(url)) raw.c2paRemoteUrl = url;
};

/**
 * A walker fault (a bug, not the bytes: walkers check every length) still yields what was read, with the fault
 * as a warning. Anything else (I/O) propagates.
 */
const reportFault = (raw: RawMetadata, error: unknown): void => {
  if (!(error instanceof WalkerFault)) throw error;
  warn(raw, `internal error while reading ${raw.container}: ${error.message}`);
};

/** Reads the metadata of in-memory bytes. Payload views (e.g. c2paStore) may share memory with `bytes`. */
export const readRawMetadata = (input: Uint8Array): RawMetadata => {
  // A Buffer's subarrays are Buffers; hand out plain Uint8Array views whatever the caller passed.
  const bytes = Buffer.isBuffer(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : input;
  const raw = emptyRawMetadata(detectContainer(bytes.subarray(0, MAGIC_BYTES)));
  const walker = walkerFor(raw.container, bytes.length, raw);
  if (walker) {
    try {
      runSync(walker, bytes);
    } catch (error) {
      reportFault(raw, error);
    }
  }
  addRemoteManifestUrl(raw);
  return raw;
};

/** Reads the metadata through positional reads: only headers and metadata payloads are read, never image data. */
export const readRawMetadataFromSource = async (source: RandomAccessSource): Promise<RawMetadata> => {
  const head = await source.read(0, Math.min(MAGIC_BYTES, source.size));
  const raw = emptyRawMetadata(detectContainer(head));
  const walker = walkerFor(raw.container, source.size, raw);
  if (walker) {
    try {
      await runAsync(walker, source);
    } catch (error) {
      reportFault(raw, error);
    }
  }
  addRemoteManifestUrl(raw);
  return raw;
};

/**
 * Reads a file's metadata, and hands back its bytes when the file was small enough to be read whole, so that a
 * caller that needs them (the C2PA validator, the stealth pixel decoder) does not read the file a second time.
 */
export const readFileMetadata = async (path: string): Promise<{ raw: RawMetadata; bytes?: Uint8Array }> => {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const source = fileHandleSource(handle, size);
    if (size <= WHOLE_FILE_BYTES) {
      const bytes = await source.read(0, size);
      return { raw: readRawMetadata(bytes), bytes };
    }
    return { raw: await readRawMetadataFromSource(source) };
  } finally {
    await handle.close();
  }
};

export const readRawMetadataFromFile = async (path: string): Promise<RawMetadata> => (await readFileMetadata(path)).raw;
