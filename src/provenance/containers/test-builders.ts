/**
 * Byte builders for tests: small, spec-shaped PNG, JPEG, WebP, TIFF/EXIF, IIM, JUMBF and XMP inputs, so that the
 * provenance tests run without ../shared and can build exactly the damaged or hostile variants they need.
 * Test-only: nothing in src/ imports this outside *.test.ts files.
 */
import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { crc32, deflateSync } from 'node:zlib';
import { concatBytes } from '../bytes.ts';

const enc = new TextEncoder();

export const bytesOf = (text: string): Uint8Array => enc.encode(text);
export const latin1Bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

export const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);

/** Byte equality without vitest's element-by-element deep equality, which is slow on large arrays. */
export const sameBytes = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  a !== undefined && b !== undefined && Buffer.compare(a, b) === 0;

/** A RawMetadata-like object with its store replaced by its length, for fast structural comparison. */
export const withoutStore = <T extends { c2paStore?: Uint8Array }>(
  raw: T,
): Omit<T, 'c2paStore'> & { storeLength?: number } => {
  const { c2paStore, ...rest } = raw;
  return { ...rest, storeLength: c2paStore?.length };
};

export const u16 = (n: number, bigEndian = true): Uint8Array =>
  bigEndian ? Uint8Array.of((n >> 8) & 0xff, n & 0xff) : Uint8Array.of(n & 0xff, (n >> 8) & 0xff);
export const u32 = (n: number, bigEndian = true): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0, !bigEndian);
  return b;
};

export const utf16Bytes = (text: string, bigEndian: boolean): Uint8Array => {
  const out = new Uint8Array(text.length * 2);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < text.length; i++) dv.setUint16(i * 2, text.charCodeAt(i), !bigEndian);
  return out;
};

// ---------------------------------------------------------------- PNG

export const PNG_SIG = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export const pngChunk = (type: string, data: Uint8Array, badCrc = false): Uint8Array => {
  const typeBytes = latin1Bytes(type);
  const crc = crc32(data, crc32(typeBytes));
  return concat(u32(data.length), typeBytes, data, u32(badCrc ? crc ^ 1 : crc));
};

export const ihdr = (width = 1, height = 1, bitDepth = 8, colorType = 2): Uint8Array =>
  pngChunk('IHDR', concat(u32(width), u32(height), Uint8Array.of(bitDepth, colorType, 0, 0, 0)));

/** A 1×1 RGB image's IDAT (or `size` bytes of filler to make a large file). */
export const idat = (size?: number): Uint8Array =>
  pngChunk('IDAT', size === undefined ? deflateSync(Uint8Array.of(0, 0, 0, 0)) : new Uint8Array(size));

export const iend = (): Uint8Array => pngChunk('IEND', new Uint8Array(0));

export const tEXt = (keyword: string, text: string): Uint8Array =>
  pngChunk('tEXt', concat(latin1Bytes(keyword), Uint8Array.of(0), latin1Bytes(text)));

export const zTXt = (keyword: string, text: string | Uint8Array): Uint8Array =>
  pngChunk(
    'zTXt',
    concat(latin1Bytes(keyword), Uint8Array.of(0, 0), deflateSync(typeof text === 'string' ? latin1Bytes(text) : text)),
  );

export const iTXt = (
  keyword: string,
  text: string,
  options: { compressed?: boolean; language?: string; translated?: string } = {},
): Uint8Array => {
  const body = options.compressed ? deflateSync(bytesOf(text)) : bytesOf(text);
  return pngChunk(
    'iTXt',
    concat(
      latin1Bytes(keyword),
      Uint8Array.of(0, options.compressed ? 1 : 0, 0),
      latin1Bytes(options.language ?? ''),
      Uint8Array.of(0),
      bytesOf(options.translated ?? ''),
      Uint8Array.of(0),
      body,
    ),
  );
};

export const buildPng = (chunks: Uint8Array[], header: Uint8Array = ihdr()): Uint8Array =>
  concat(PNG_SIG, header, ...chunks, idat(), iend());

// ---------------------------------------------------------------- TIFF / EXIF

export interface TiffEntry {
  tag: number;
  type: number;
  /** Raw value bytes (already in the file's byte order for numbers); count derives from the type size. */
  value: Uint8Array;
  count?: number;
}

export const ascii = (tag: number, text: string): TiffEntry => ({
  tag,
  type: 2,
  value: concat(bytesOf(text), Uint8Array.of(0)),
});
export const undefinedEntry = (tag: number, value: Uint8Array): TiffEntry => ({ tag, type: 7, value });

export const userCommentBytes = (
  text: string,
  charset: 'ASCII' | 'UNICODE-BE' | 'UNICODE-LE' | 'UNDEFINED' | 'JIS',
): Uint8Array => {
  switch (charset) {
    case 'ASCII':
      return concat(latin1Bytes('ASCII\0\0\0'), bytesOf(text));
    case 'UNICODE-BE':
      return concat(latin1Bytes('UNICODE\0'), utf16Bytes(text, true));
    case 'UNICODE-LE':
      return concat(latin1Bytes('UNICODE\0'), utf16Bytes(text, false));
    case 'JIS':
      return concat(latin1Bytes('JIS\0\0\0\0\0'), bytesOf(text));
    case 'UNDEFINED':
      return concat(new Uint8Array(8), bytesOf(text));
  }
};

const typeSize = (type: number): number => [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4][type] ?? 1;

/**
 * A TIFF block: IFD0 (with an Exif IFD pointer when `exif` is given), the Exif IFD, then the values. Pass
 * `ifd1` to chain a second IFD from IFD0.
 */
export const buildTiff = (options: {
  bigEndian?: boolean;
  ifd0?: TiffEntry[];
  exif?: TiffEntry[];
  ifd1?: TiffEntry[];
}): Uint8Array => {
  const be = options.bigEndian ?? true;
  const ifd0 = [...(options.ifd0 ?? [])];
  const exif = options.exif;
  const ifds: TiffEntry[][] = [ifd0];
  if (exif) ifd0.push({ tag: 0x8769, type: 4, value: new Uint8Array(4) }); // patched below
  if (exif) ifds.push(exif);
  if (options.ifd1) ifds.push(options.ifd1);
  const ifdSize = (entries: TiffEntry[]): number => 2 + entries.length * 12 + 4;
  const offsets: number[] = [];
  let at = 8;
  for (const entries of ifds) {
    offsets.push(at);
    at += ifdSize(entries);
  }
  const values: Uint8Array[] = [];
  let valueAt = at;
  const encoded = ifds.map((entries, index) => {
    const sorted = [...entries].sort((a, b) => a.tag - b.tag);
    const parts: Uint8Array[] = [u16(sorted.length, be)];
    for (const entry of sorted) {
      let value = entry.value;
      if (entry.tag === 0x8769 && index === 0 && exif) value = u32(offsets[1]!, be);
      const count = entry.count ?? Math.ceil(value.length / typeSize(entry.type));
      parts.push(u16(entry.tag, be), u16(entry.type, be), u32(count, be));
      if (value.length <= 4) {
        const inline = new Uint8Array(4);
        inline.set(value);
        parts.push(inline);
      } else {
        parts.push(u32(valueAt, be));
        values.push(value);
        valueAt += value.length;
        if (value.length % 2) {
          values.push(new Uint8Array(1));
          valueAt += 1;
        }
      }
    }
    const isIfd0 = index === 0;
    const next = isIfd0 && options.ifd1 ? offsets[ifds.length - 1]! : 0;
    parts.push(u32(next, be));
    return concat(...parts);
  });
  return concat(latin1Bytes(be ? 'MM' : 'II'), u16(42, be), u32(8, be), ...encoded, ...values);
};

// ---------------------------------------------------------------- JPEG

export const jpegSegment = (marker: number, payload: Uint8Array): Uint8Array =>
  concat(Uint8Array.of(0xff, marker), u16(payload.length + 2), payload);

export const app1Exif = (tiff: Uint8Array): Uint8Array => jpegSegment(0xe1, concat(latin1Bytes('Exif\0\0'), tiff));
export const app1Xmp = (packet: string): Uint8Array =>
  jpegSegment(0xe1, concat(latin1Bytes('http://ns.adobe.com/xap/1.0/\0'), bytesOf(packet)));
export const com = (text: string): Uint8Array => jpegSegment(0xfe, bytesOf(text));

/** SOI, the given segments, a minimal SOS and some scan bytes, EOI. */
export const buildJpeg = (segments: Uint8Array[], scanBytes = 16): Uint8Array =>
  concat(
    Uint8Array.of(0xff, 0xd8),
    jpegSegment(0xe0, latin1Bytes('JFIF\0\x01\x01\0\0\x01\0\x01\0\0')),
    ...segments,
    jpegSegment(0xda, Uint8Array.of(1, 1, 0, 0, 0x3f, 0)),
    new Uint8Array(scanBytes).fill(0x55),
    Uint8Array.of(0xff, 0xd9),
  );

/** Extended XMP: the main packet (naming the GUID) and the APP1 segments of the extended packet. */
export const extendedXmpSegments = (
  mainBody: string,
  extendedPacket: string,
  chunkSize = 100,
): { main: string; guid: string; segments: Uint8Array[] } => {
  const extended = bytesOf(extendedPacket);
  const guid = createHash('md5').update(extended).digest('hex').toUpperCase();
  const main = xmpPacket(
    `<rdf:Description rdf:about="" xmlns:xmpNote="http://ns.adobe.com/xmp/note/" xmpNote:HasExtendedXMP="${guid}"/>${mainBody}`,
  );
  const segments: Uint8Array[] = [];
  for (let offset = 0; offset < extended.length; offset += chunkSize) {
    const chunk = extended.subarray(offset, offset + chunkSize);
    segments.push(
      jpegSegment(
        0xe1,
        concat(
          latin1Bytes('http://ns.adobe.com/xmp/extension/\0'),
          latin1Bytes(guid),
          u32(extended.length),
          u32(offset),
          chunk,
        ),
      ),
    );
  }
  return { main, guid, segments };
};

/** APP11 segments carrying a JUMBF box, split like c2pa-rs does (continuations repeat LBox/TBox). */
export const app11Segments = (box: Uint8Array, maxPayload = 64000, en = 0x0211): Uint8Array[] => {
  const header = box.subarray(0, 8);
  const segments: Uint8Array[] = [];
  let at = 0;
  let z = 1;
  while (at < box.length) {
    const first = at === 0;
    const room = maxPayload - 8 - (first ? 0 : 8);
    const part = box.subarray(at, at + room);
    segments.push(
      jpegSegment(0xeb, concat(latin1Bytes('JP'), u16(en), u32(z), first ? new Uint8Array(0) : header, part)),
    );
    at += part.length;
    z++;
  }
  return segments;
};

/** Photoshop 3.0 APP13 with one IPTC-NAA (0x0404) resource holding `iim`. */
export const app13Iim = (iim: Uint8Array, name = ''): Uint8Array => {
  const nameBytes = latin1Bytes(name);
  const pascal = concat(Uint8Array.of(nameBytes.length), nameBytes);
  const paddedName = pascal.length % 2 ? concat(pascal, new Uint8Array(1)) : pascal;
  const data = iim.length % 2 ? concat(iim, new Uint8Array(1)) : iim;
  return jpegSegment(
    0xed,
    concat(latin1Bytes('Photoshop 3.0\0'), latin1Bytes('8BIM'), u16(0x0404), paddedName, u32(iim.length), data),
  );
};

export const iimDataset = (record: number, dataset: number, value: Uint8Array): Uint8Array =>
  concat(Uint8Array.of(0x1c, record, dataset), u16(value.length), value);

// ---------------------------------------------------------------- JUMBF / C2PA

const box = (type: string, payload: Uint8Array): Uint8Array =>
  concat(u32(8 + payload.length), latin1Bytes(type), payload);

/** A syntactically valid C2PA manifest-store superbox (jumd with the `c2pa` UUID) with `filler` bytes of content. */
export const c2paStoreBox = (filler = 32): Uint8Array => {
  const uuid = concat(
    latin1Bytes('c2pa'),
    Uint8Array.of(0x00, 0x11, 0x00, 0x10, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71),
  );
  const jumd = box('jumd', concat(uuid, Uint8Array.of(0x03), latin1Bytes('c2pa\0')));
  const content = box(
    'cbor',
    new Uint8Array(filler).map((_, i) => i & 0xff),
  );
  return box('jumb', concat(jumd, content));
};

// ---------------------------------------------------------------- WebP

export const riffChunk = (fourCc: string, data: Uint8Array): Uint8Array =>
  concat(latin1Bytes(fourCc), u32(data.length, false), data, data.length % 2 ? new Uint8Array(1) : new Uint8Array(0));

export const vp8x = (flags: number): Uint8Array =>
  riffChunk('VP8X', concat(Uint8Array.of(flags, 0, 0, 0), new Uint8Array(6)));

export const buildWebp = (chunks: Uint8Array[]): Uint8Array => {
  const body = concat(latin1Bytes('WEBP'), ...chunks);
  return concat(latin1Bytes('RIFF'), u32(body.length, false), body);
};

/** A stand-in VP8 chunk (the walker never decodes it). */
export const vp8 = (size = 32): Uint8Array => riffChunk('VP8 ', new Uint8Array(size).fill(0x2a));

// ---------------------------------------------------------------- XMP

export const xmpPacket = (descriptions: string): string =>
  `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">` +
  `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">${descriptions}</rdf:RDF></x:xmpmeta>\n` +
  `<?xpacket end="w"?>`;
