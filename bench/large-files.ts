/**
 * Large files of every type intake accepts, built cheaply for bench:memory: a small valid file (made with sharp, ffmpeg
 * or by hand) grown to the wanted size with what an uploader controls and intake has to step over — metadata segments
 * and chunks for the image containers (the walkers read those), a padding box, element or trailer for the rest.
 * Written once under .data/bench/memory/ and reused; a stamp beside each file says how it was made.
 *
 * Every file has a variant byte (inside padding no decoder checks), so that a client can send distinct copies of one
 * file without storing eight of them: otherwise the second upload would be an exact duplicate and skip provenance.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import { signC2pa } from '../src/provenance/c2pa/sign/sign-c2pa.ts';
import { generateTestPki, type TestPki } from '../src/provenance/c2pa/sign/test-pki.ts';
import { serializeInfotext } from '../src/provenance/writers/infotext.ts';
import { benchRoot } from './support.ts';

/** Bump when a builder changes: files with another stamp are built again. */
const builderVersion = 1;

export const largeFileTypes = [
  'png',
  'jpeg',
  'webp',
  'gif',
  'tiff',
  'avif',
  'heic',
  'mp4',
  'mov',
  'webm',
  'mkv',
  'mp3',
  'wav',
  'ogg',
  'flac',
  'm4a',
  'pdf',
  'glb',
  'txt',
  'md',
  'json',
] as const;
export type LargeFileType = (typeof largeFileTypes)[number];

export interface LargeFile {
  type: LargeFileType;
  path: string;
  fileName: string;
  size: number;
  /** A byte that may take any value without changing what the file is. */
  variantOffset: number;
}

const DST_TRAINED = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
const MB = 1024 * 1024;

/** Sequential writes to a new file, keeping count of the position. */
class Output {
  private readonly fd: number;
  position = 0;
  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }
  write(bytes: Uint8Array): void {
    for (let done = 0; done < bytes.length;) done += writeSync(this.fd, bytes, done, bytes.length - done);
    this.position += bytes.length;
  }
  close(): void {
    closeSync(this.fd);
  }
}

const u32be = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const u32le = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};

/** Filler that compresses to nothing and reads as text: what a padded metadata payload would hold. */
const filler = (length: number, seed = 0): Buffer => {
  const line = Buffer.from(`lorem ipsum dolor sit amet ${seed} `, 'latin1');
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += line.length) line.copy(out, i, 0, Math.min(line.length, length - i));
  return out;
};

let pki: TestPki | undefined;
const sign = (file: Uint8Array, mediaType: string): Buffer =>
  Buffer.from(
    signC2pa(file, mediaType, {
      certificateChainPem: (pki ??= generateTestPki()).chainPem,
      privateKeyPem: pki.leafKeyPem,
      action: 'c2pa.created',
      digitalSourceType: DST_TRAINED,
      softwareAgent: { name: 'Stable Diffusion web UI', version: '1.10.1' },
    }),
  );

const seedImage = () =>
  sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 90, g: 140, b: 200 } } });

const parameters = serializeInfotext({
  prompt: 'a lighthouse at dusk, oil painting',
  negativePrompt: 'lowres',
  params: [
    ['Steps', 20],
    ['Sampler', 'Euler a'],
    ['CFG scale', 7],
    ['Seed', '1234'],
    ['Size', '96x64'],
  ],
});

const xmpPacket = (extra: string) =>
  `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:description>${extra}</dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** PNG: signed (caBX), A1111 parameters, then tEXt and iTXt chunks of 4 MB up to the size; variant in a private chunk. */
async function buildPng(out: Output, size: number): Promise<number> {
  const png = sign(await seedImage().png().toBuffer(), 'image/png');
  const chunk = (type: string, data: Uint8Array) => {
    const typeBytes = Buffer.from(type, 'latin1');
    out.write(Buffer.concat([u32be(data.length), typeBytes, data, u32be(crc32(data, crc32(typeBytes)))]));
  };
  out.write(png.subarray(0, 33)); // signature + IHDR
  chunk('tEXt', Buffer.from(`parameters\0${parameters}`, 'latin1'));
  const variantOffset = out.position + 8;
  chunk('prVt', Buffer.alloc(16));
  const rest = png.subarray(33);
  for (let i = 0; out.position + rest.length + 4 * MB < size; i++) {
    if (i % 2 === 0) chunk('tEXt', Buffer.concat([Buffer.from('Comment\0', 'latin1'), filler(4 * MB - 8, i)]));
    else chunk('iTXt', Buffer.concat([Buffer.from('XML:com.adobe.xmp\0\0\0\0\0', 'latin1'), filler(4 * MB - 24, i)]));
  }
  out.write(rest);
  return variantOffset;
}

/** The JPEG segments an uploader can repeat at will: XMP, EXIF, Photoshop/IPTC, comment, ICC and private APPn. */
function jpegPadding(index: number): Buffer {
  const segment = (marker: number, payload: Buffer) => {
    const header = Buffer.from([0xff, marker, 0, 0]);
    header.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([header, payload]);
  };
  const room = 65533;
  switch (index % 6) {
    case 0:
      return segment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0${xmpPacket(filler(60_000, index).toString())}`));
    case 1:
      return segment(0xe1, Buffer.concat([Buffer.from('Exif\0\0II*\0\x08\0\0\0\0\0', 'latin1'), filler(room - 16)]));
    case 2:
      return segment(0xed, Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), filler(room - 14)]));
    case 3:
      return segment(0xfe, filler(room, index));
    case 4:
      return segment(0xe2, Buffer.concat([Buffer.from('ICC_PROFILE\0\x01\x01', 'latin1'), filler(room - 14)]));
    default:
      return segment(0xef, filler(room, index));
  }
}

/** JPEG: signed (APP11 JUMBF), A1111 parameters in a comment, then 64 KB APPn/COM segments up to the size. */
async function buildJpeg(out: Output, size: number): Promise<number> {
  const jpeg = sign(await seedImage().jpeg().toBuffer(), 'image/jpeg');
  out.write(jpeg.subarray(0, 2));
  const comment = Buffer.from(parameters, 'utf8');
  out.write(
    Buffer.concat([Buffer.from([0xff, 0xfe, (comment.length + 2) >> 8, (comment.length + 2) & 0xff]), comment]),
  );
  const variantOffset = out.position + 4;
  const rest = jpeg.subarray(2);
  for (let i = 0; out.position + rest.length + 65_537 < size; i++) out.write(jpegPadding(i + 5)); // private APPn first
  out.write(rest);
  return variantOffset;
}

/** WebP: extended format (VP8X), signed (C2PA chunk), then XMP and unknown chunks of 4 MB up to the size. */
async function buildWebp(out: Output, size: number): Promise<number> {
  const webp = sign(await seedImage().webp({ quality: 80 }).toBuffer(), 'image/webp');
  // The signer writes the extended format; the RIFF size is fixed up at the end, after the padding is known.
  if (webp.toString('latin1', 12, 16) !== 'VP8X') throw new Error('expected the signer to write VP8X');
  out.write(webp.subarray(0, 4));
  out.write(u32le(0)); // placeholder, see fix-up below
  out.write(webp.subarray(8));
  const chunk = (fourCc: string, data: Buffer) => {
    out.write(Buffer.concat([Buffer.from(fourCc, 'latin1'), u32le(data.length), data]));
    if (data.length & 1) out.write(Buffer.alloc(1));
  };
  const variantOffset = out.position + 8;
  chunk('JUNK', Buffer.alloc(16));
  for (let i = 0; out.position + 4 * MB + 8 < size; i++) {
    if (i % 2 === 0) chunk('XMP ', Buffer.from(xmpPacket(filler(4 * MB - 400, i).toString())));
    else chunk('JUNK', filler(4 * MB, i));
  }
  return variantOffset;
}

/** GIF: comment extensions (255-byte sub-blocks) before the trailer, up to the size. */
async function buildGif(out: Output, size: number): Promise<number> {
  const gif = await seedImage().gif().toBuffer();
  if (gif[gif.length - 1] !== 0x3b) throw new Error('expected a GIF trailer');
  out.write(gif.subarray(0, gif.length - 1));
  const variantOffset = out.position + 3;
  const block = Buffer.concat([Buffer.from([255]), filler(255)]);
  const perExtension = 4096; // sub-blocks per comment extension: ~1 MB
  const extension = Buffer.concat([
    Buffer.from([0x21, 0xfe]),
    ...Array.from({ length: perExtension }, () => block),
    Buffer.from([0]),
  ]);
  while (out.position + extension.length + 1 < size) out.write(extension);
  out.write(Buffer.from([0x3b]));
  return variantOffset;
}

/**
 * TIFF by hand (little-endian, one uncompressed RGB strip of 16×16) whose XMP tag (700) and an ImageDescription hold
 * most of the file: tags an uploader controls and a TIFF reader loads with the directory.
 */
function buildTiff(out: Output, size: number): number {
  const width = 16;
  const height = 16;
  const pixels = Buffer.alloc(width * height * 3, 0x80);
  const xmpLength = Math.max(1024, size - pixels.length - 4096);
  const descriptionLength = 64 * 1024;
  const entries: Array<[tag: number, type: number, count: number, value: number]> = [];
  const ifdOffset = 8;
  const entryCount = 12;
  const afterIfd = ifdOffset + 2 + entryCount * 12 + 4;
  const bitsOffset = afterIfd;
  const pixelsOffset = bitsOffset + 6;
  const descriptionOffset = pixelsOffset + pixels.length;
  const xmpOffset = descriptionOffset + descriptionLength;
  entries.push(
    [256, 3, 1, width],
    [257, 3, 1, height],
    [258, 3, 3, bitsOffset],
    [259, 3, 1, 1],
    [262, 3, 1, 2],
    [270, 2, descriptionLength, descriptionOffset],
    [273, 4, 1, pixelsOffset],
    [277, 3, 1, 3],
    [278, 3, 1, height],
    [279, 4, 1, pixels.length],
    [284, 3, 1, 1],
    [700, 1, xmpLength, xmpOffset],
  );
  const ifd = Buffer.alloc(afterIfd - ifdOffset);
  ifd.writeUInt16LE(entryCount, 0);
  entries.forEach(([tag, type, count, value], i) => {
    const at = 2 + i * 12;
    ifd.writeUInt16LE(tag, at);
    ifd.writeUInt16LE(type, at + 2);
    ifd.writeUInt32LE(count, at + 4);
    if (type === 3 && count === 1) ifd.writeUInt16LE(value, at + 8);
    else ifd.writeUInt32LE(value, at + 8);
  });
  out.write(Buffer.from([0x49, 0x49, 42, 0, ifdOffset, 0, 0, 0]));
  out.write(ifd);
  out.write(Buffer.from([8, 0, 8, 0, 8, 0]));
  out.write(pixels);
  out.write(Buffer.concat([filler(descriptionLength - 1), Buffer.alloc(1)]));
  const packet = Buffer.from(xmpPacket(''), 'utf8');
  const variantOffset = out.position + packet.length;
  out.write(packet);
  for (let left = xmpLength - packet.length; left > 0; left -= MB) out.write(filler(Math.min(MB, left)));
  return variantOffset;
}

/** ISO BMFF (AVIF, HEIC, MP4, MOV, M4A): the small file, then a top-level `free` box up to the size. */
function appendFreeBox(out: Output, file: Buffer, size: number): number {
  out.write(file);
  const length = Math.max(16, size - file.length);
  out.write(Buffer.concat([u32be(length), Buffer.from('free', 'latin1')]));
  const variantOffset = out.position;
  for (let left = length - 8; left > 0; left -= MB) out.write(Buffer.alloc(Math.min(MB, left)));
  return variantOffset;
}

/** HEIC: the AVIF with its brands renamed: sniffed as HEIC (no HEVC encoder ships with sharp); the measure may fail. */
async function buildHeic(out: Output, size: number): Promise<number> {
  const avif = await seedImage().avif().toBuffer();
  const ftypLength = avif.readUInt32BE(0);
  const ftyp = Buffer.from(avif.subarray(0, ftypLength));
  ftyp.write('heic', 8, 'latin1');
  for (let at = 16; at + 4 <= ftypLength; at += 4)
    if (ftyp.toString('latin1', at, at + 4) === 'avif') ftyp.write('heic', at);
  return appendFreeBox(out, Buffer.concat([ftyp, avif.subarray(ftypLength)]), size);
}

/** A second of test video or audio made by ffmpeg. */
function ffmpeg(args: string[], extension: string): Buffer {
  const dir = join(benchRoot, 'memory');
  const path = join(dir, `seed.${extension}`);
  execFileSync('ffmpeg', ['-y', '-loglevel', 'error', ...args, path]);
  return readFileSync(path);
}
const testVideo = ['-f', 'lavfi', '-i', 'testsrc=size=64x64:rate=10:duration=1'];
const testAudio = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'];

/** Matroska/WebM: the small file, then an EBML Void element (0xEC) with an 8-byte size up to the size. */
function appendEbmlVoid(out: Output, file: Buffer, size: number): number {
  out.write(file);
  const length = Math.max(16, size - file.length - 9);
  const header = Buffer.alloc(9);
  header[0] = 0xec;
  header[1] = 0x01; // 8-byte size descriptor
  header.writeUIntBE(Math.floor(length / 2 ** 32), 2, 3);
  header.writeUInt32BE(length % 2 ** 32, 5);
  out.write(header);
  const variantOffset = out.position;
  for (let left = length; left > 0; left -= MB) out.write(Buffer.alloc(Math.min(MB, left)));
  return variantOffset;
}

/** The small file, then bytes after its end (ID3/WAV/OGG/FLAC/PDF/GLB readers stop before them). */
function appendTrailer(out: Output, file: Buffer, size: number, fill: (length: number) => Buffer): number {
  out.write(file);
  const variantOffset = out.position;
  for (let left = size - file.length; left > 0; left -= MB) out.write(fill(Math.min(MB, left)));
  return variantOffset;
}

function buildWav(out: Output, size: number): number {
  // A RIFF WAVE whose data chunk holds the size: silence, 8 kHz mono 8-bit.
  const dataLength = size - 44;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + dataLength, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataLength, 40);
  return appendTrailer(out, header, size, (length) => Buffer.alloc(length, 0x80));
}

function buildPdf(out: Output, size: number): number {
  const pdf = Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    'latin1',
  );
  return appendTrailer(out, pdf, size, (length) => Buffer.from(filler(length).toString().replace(/ /g, '%')));
}

function buildGlb(out: Output, size: number): number {
  const json = Buffer.from('{"asset":{"version":"2.0"}}  ', 'utf8'); // padded to 4 bytes
  const binLength = size - 12 - 8 - json.length - 8;
  const header = Buffer.alloc(12);
  header.write('glTF', 0, 'latin1');
  header.writeUInt32LE(2, 4);
  header.writeUInt32LE(size, 8);
  const bin = Buffer.concat([u32le(binLength), Buffer.from('BIN\0', 'latin1')]);
  return appendTrailer(
    out,
    Buffer.concat([header, u32le(json.length), Buffer.from('JSON', 'latin1'), json, bin]),
    size,
    (l) => Buffer.alloc(l),
  );
}

function buildText(out: Output, size: number, type: 'txt' | 'md' | 'json'): number {
  if (type === 'json') {
    out.write(Buffer.from('{"prompt": "'));
    const variantOffset = out.position;
    for (let left = size - 14; left > 0; left -= MB) out.write(filler(Math.min(MB, left)));
    out.write(Buffer.from('"}'));
    return variantOffset;
  }
  const head = type === 'md' ? '# Campaign copy\n\n' : 'Campaign copy\n\n';
  return appendTrailer(out, Buffer.from(head), size, (length) => filler(length));
}

const builders: Record<LargeFileType, (out: Output, size: number) => number | Promise<number>> = {
  png: buildPng,
  jpeg: buildJpeg,
  webp: buildWebp,
  gif: buildGif,
  tiff: buildTiff,
  avif: async (out, size) => appendFreeBox(out, await seedImage().avif().toBuffer(), size),
  heic: buildHeic,
  mp4: (out, size) => appendFreeBox(out, ffmpeg([...testVideo, '-c:v', 'libx264', '-pix_fmt', 'yuv420p'], 'mp4'), size),
  mov: (out, size) => appendFreeBox(out, ffmpeg([...testVideo, '-c:v', 'mjpeg'], 'mov'), size),
  webm: (out, size) => appendEbmlVoid(out, ffmpeg([...testVideo, '-c:v', 'libvpx'], 'webm'), size),
  mkv: (out, size) => appendEbmlVoid(out, ffmpeg([...testVideo, '-c:v', 'mjpeg'], 'mkv'), size),
  mp3: (out, size) => appendTrailer(out, ffmpeg(testAudio, 'mp3'), size, (l) => Buffer.alloc(l)),
  wav: buildWav,
  ogg: (out, size) =>
    appendTrailer(out, ffmpeg([...testAudio, '-c:a', 'libvorbis'], 'ogg'), size, (l) => Buffer.alloc(l)),
  flac: (out, size) => appendTrailer(out, ffmpeg(testAudio, 'flac'), size, (l) => Buffer.alloc(l)),
  m4a: (out, size) => appendFreeBox(out, ffmpeg([...testAudio, '-c:a', 'aac'], 'm4a'), size),
  pdf: buildPdf,
  glb: buildGlb,
  txt: (out, size) => buildText(out, size, 'txt'),
  md: (out, size) => buildText(out, size, 'md'),
  json: (out, size) => buildText(out, size, 'json'),
};

/** The large file of a type, built on first use (a stamp beside it says with which builder and size). */
export async function largeFile(type: LargeFileType, size: number): Promise<LargeFile> {
  const dir = join(benchRoot, 'memory');
  mkdirSync(dir, { recursive: true });
  const extension = type === 'jpeg' ? 'jpg' : type === 'tiff' ? 'tif' : type;
  const fileName = `large-${Math.round(size / MB)}mb.${extension}`;
  const path = join(dir, fileName);
  const stampPath = `${path}.json`;
  if (existsSync(path) && existsSync(stampPath)) {
    const stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as { version: number; variantOffset: number };
    if (stamp.version === builderVersion)
      return { type, path, fileName, size: statSync(path).size, variantOffset: stamp.variantOffset };
  }
  const out = new Output(path);
  let variantOffset: number;
  try {
    variantOffset = await builders[type](out, size);
  } finally {
    out.close();
  }
  // The WebP RIFF size covers the whole file, known only now.
  if (type === 'webp') {
    const fd = openSync(path, 'r+');
    writeSync(fd, u32le(out.position - 8), 0, 4, 4);
    closeSync(fd);
  }
  writeFileSync(stampPath, JSON.stringify({ version: builderVersion, variantOffset }));
  return { type, path, fileName, size: out.position, variantOffset };
}
