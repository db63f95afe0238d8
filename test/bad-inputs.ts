/**
 * The bad-input corpus, generated: every file here must be refused with a specific error code, and refusing it must
 * leave nothing behind.
 */
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
export function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** A structurally valid PNG claiming width × height; its tiny IDAT would inflate to gigabytes if anyone decoded it. */
export function bombPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const idat = deflateSync(Buffer.alloc(1024 * 1024), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

export const samplePng = (seed = 1, size = 64): Promise<Buffer> =>
  sharp({
    create: {
      width: size,
      height: size,
      channels: 3,
      background: { r: (seed * 37) % 256, g: (seed * 91) % 256, b: (seed * 53) % 256 },
    },
  })
    .png()
    .toBuffer();

/** Noise makes the JPEG big enough (tens of KB) that cutting it in half cuts into the scan data. */
export const sampleJpeg = (seed = 1): Promise<Buffer> =>
  sharp({
    create: {
      width: 128,
      height: 128,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 40 + (seed % 150), sigma: 30 },
    },
  })
    .jpeg()
    .toBuffer();

/** An SVG with a script reads as plain text: accepted as text, it would be offered back as an .svg that runs. */
const svgText = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n');

export interface BadInput {
  name: string;
  fileName: string;
  bytes: () => Promise<Buffer>;
  code: string;
}

export const badInputs: BadInput[] = [
  { name: 'zero-byte file', fileName: 'empty.png', bytes: () => Promise.resolve(Buffer.alloc(0)), code: 'EMPTY_FILE' },
  {
    name: 'truncated PNG',
    fileName: 'cut.png',
    bytes: async () => (await samplePng(7, 256)).subarray(0, 300),
    code: 'CORRUPT_FILE',
  },
  {
    name: 'truncated JPEG',
    fileName: 'cut.jpg',
    bytes: async () => {
      const jpeg = await sampleJpeg(9);
      return jpeg.subarray(0, jpeg.length >> 1);
    },
    code: 'CORRUPT_FILE',
  },
  { name: 'JPEG named .png', fileName: 'liar.png', bytes: () => sampleJpeg(3), code: 'FILE_TYPE_MISMATCH' },
  { name: 'PNG named .jpg', fileName: 'liar.jpg', bytes: () => samplePng(4), code: 'FILE_TYPE_MISMATCH' },
  { name: 'PNG named .foo', fileName: 'liar.foo', bytes: () => samplePng(8), code: 'FILE_TYPE_MISMATCH' },
  { name: 'text named .svg', fileName: 'liar.svg', bytes: () => Promise.resolve(svgText), code: 'FILE_TYPE_MISMATCH' },
  {
    name: '50,000 × 50,000 PNG (decompression bomb)',
    fileName: 'bomb.png',
    bytes: () => Promise.resolve(bombPng(50_000, 50_000)),
    code: 'IMAGE_TOO_LARGE',
  },
  {
    name: 'executable',
    fileName: 'tool.bin',
    bytes: () => Promise.resolve(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, ...Buffer.alloc(200)])),
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'random bytes',
    fileName: 'noise.dat',
    bytes: () => Promise.resolve(Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256))),
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'path traversal in the name',
    fileName: '../../etc/passwd.png',
    bytes: () => samplePng(5),
    code: 'INVALID_FILE_NAME',
  },
  {
    name: 'control characters in the name',
    fileName: 'evil\u0007\r\nname.png',
    bytes: () => samplePng(6),
    code: 'INVALID_FILE_NAME',
  },
  {
    name: 'a bidi override in the name (shows as "invoiceexe.png")',
    fileName: 'invoice\u202egnp.exe',
    bytes: () => samplePng(9),
    code: 'INVALID_FILE_NAME',
  },
  {
    name: 'a zero-width space in the name',
    fileName: 'light\u200bhouse.png',
    bytes: () => samplePng(10),
    code: 'INVALID_FILE_NAME',
  },
];
