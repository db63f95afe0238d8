/**
 * "Stealth" infotext hidden in pixel least-significant bits (A1111 extension stealth_pnginfo, Forge built-in,
 * NovelAI). Bits are read column-major (for x in width, for y in height), as the extension writes them:
 *   alpha variant: one bit per pixel, the alpha LSB;        signatures 'stealth_pnginfo' (raw) / 'stealth_pngcomp' (gzip)
 *   RGB variant:   three bits per pixel, LSBs of R, G, B;   signatures 'stealth_rgbinfo' / 'stealth_rgbcomp'
 * After the 15-byte signature: a u32 BE payload length in bits, then the payload (gzip for '…comp'), UTF-8 text.
 * The extension checks the RGB signature first (it completes after 40 pixels, the alpha one after 120).
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { provenanceLimits } from '../contract.ts';

/** Decoded pixels, interleaved, 8 bits per channel. */
export interface RawPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
}

export interface StealthPayload {
  signature: 'stealth_pnginfo' | 'stealth_pngcomp' | 'stealth_rgbinfo' | 'stealth_rgbcomp';
  mode: 'alpha' | 'rgb';
  compressed: boolean;
  text: string;
}

const SIGNATURE_BITS = 15 * 8;

/** Reads bits column-major from one channel set; bounded by the pixel count. */
class BitReader {
  private pixel = 0;
  private channel = 0;
  readonly totalBits: number;
  private readonly channelList: number[];

  constructor(
    private readonly px: RawPixels,
    mode: 'alpha' | 'rgb',
  ) {
    this.channelList = mode === 'alpha' ? [3] : [0, 1, 2];
    this.totalBits = px.width * px.height * this.channelList.length;
  }

  get consumed(): number {
    return this.pixel * this.channelList.length + this.channel;
  }

  private nextBit(): number {
    const { width, height, channels, data } = this.px;
    const x = Math.floor(this.pixel / height);
    const y = this.pixel - x * height;
    if (x >= width) throw new RangeError('out of pixels');
    const bit = (data[(y * width + x) * channels + (this.channelList[this.channel] ?? 0)] ?? 0) & 1;
    this.channel++;
    if (this.channel === this.channelList.length) {
      this.channel = 0;
      this.pixel++;
    }
    return bit;
  }

  readBytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let k = 0; k < count; k++) {
      let v = 0;
      for (let j = 0; j < 8; j++) v = (v << 1) | this.nextBit();
      out[k] = v;
    }
    return out;
  }

  /** Reads `bits` bits into bytes, MSB first; a final partial byte is left-aligned, as Python's int(…, 2) grouping. */
  readBits(bits: number): Uint8Array {
    const out = new Uint8Array(Math.ceil(bits / 8));
    for (let k = 0; k < bits; k++) out[k >> 3]! |= this.nextBit() << (7 - (k & 7));
    return out;
  }
}

const latin1 = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

/** What the first pixels say: the variant, and how many pixels hold it with its payload. */
export interface StealthHeader {
  signature: StealthPayload['signature'];
  mode: 'alpha' | 'rgb';
  compressed: boolean;
  /** The payload's length in bits. */
  bits: number;
  /** Pixels, counted down the columns from the top left, that hold the signature, the length and the payload. */
  pixels: number;
}

/** Pixels that hold the signature and the length in either variant (the alpha one, at one bit a pixel, needs most). */
export const stealthHeaderPixels = SIGNATURE_BITS + 32;

/**
 * Looks for a stealth header in the first pixels of an image of `imagePixels` pixels (`px` may be those pixels only:
 * a strip of its leftmost columns, or the top of its first column); undefined when there is none. Throws, with a
 * clear message, for a header that announces a payload the image cannot hold or that is too large.
 */
export function readStealthHeader(px: RawPixels, imagePixels = px.width * px.height): StealthHeader | undefined {
  return findHeader(px, imagePixels)?.header;
}

function findHeader(px: RawPixels, imagePixels: number): { header: StealthHeader; reader: BitReader } | undefined {
  if (px.channels < 3 || px.width <= 0 || px.height <= 0) return undefined;
  if (px.data.length < px.width * px.height * px.channels)
    throw new Error('stealth: pixel buffer shorter than the image');
  const modes: Array<'alpha' | 'rgb'> = px.channels >= 4 ? ['rgb', 'alpha'] : ['rgb'];
  for (const mode of modes) {
    const reader = new BitReader(px, mode);
    if (reader.totalBits < SIGNATURE_BITS + 32) continue;
    const signature = latin1(reader.readBytes(15));
    const expected = mode === 'alpha' ? ['stealth_pnginfo', 'stealth_pngcomp'] : ['stealth_rgbinfo', 'stealth_rgbcomp'];
    if (!expected.includes(signature)) continue;
    const lengthBytes = reader.readBytes(4);
    const bits = new DataView(lengthBytes.buffer).getUint32(0);
    const bitsPerPixel = mode === 'alpha' ? 1 : 3;
    const available = imagePixels * bitsPerPixel - reader.consumed;
    if (bits === 0 || bits > available) {
      throw new Error(`stealth: ${signature} announces ${bits} bits but the image holds ${available}`);
    }
    const compressed = signature.endsWith('comp');
    if (!compressed && bits / 8 > provenanceLimits.maxPayloadBytes) throw new Error('stealth: payload too large');
    const pixels = Math.ceil((reader.consumed + bits) / bitsPerPixel);
    return {
      header: { signature: signature as StealthHeader['signature'], mode, compressed, bits, pixels },
      reader,
    };
  }
  return undefined;
}

/**
 * Looks for a stealth payload in `px`, which must hold all of it (the whole image, or a strip of its leftmost columns
 * at full height); returns undefined when there is none, and throws (with a clear message) only for a payload that
 * announces itself by its signature but is damaged or too large. The caller turns that into a warning.
 */
export function readStealthPayload(px: RawPixels): StealthPayload | undefined {
  const found = findHeader(px, px.width * px.height);
  if (!found) return undefined;
  const { reader } = found;
  const { signature, mode, compressed, bits } = found.header;
  const payload = reader.readBits(bits);
  let bytes: Uint8Array = payload;
  if (compressed) {
    try {
      bytes = gunzipSync(payload, { maxOutputLength: provenanceLimits.maxInflatedBytes });
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`stealth: ${signature} payload does not inflate (${why})`, { cause: error });
    }
  }
  const text = new TextDecoder('utf-8').decode(bytes).replace(/\0+$/, '');
  return { signature, mode, compressed, text };
}

/**
 * Writes a stealth payload into pixels (RGBA for alpha mode), for tests and for generating fixtures. Mirrors the
 * extension's writer: signature, u32 BE bit length, payload (gzip for '…comp'), column-major.
 */
export function embedStealthPayload(px: RawPixels, text: string, mode: 'alpha' | 'rgb', compressed: boolean): void {
  const sig =
    mode === 'alpha'
      ? compressed
        ? 'stealth_pngcomp'
        : 'stealth_pnginfo'
      : compressed
        ? 'stealth_rgbcomp'
        : 'stealth_rgbinfo';
  const body = new TextEncoder().encode(text);
  const payload: Uint8Array = compressed ? gzipSyncBytes(body) : body;
  const header = new Uint8Array(19);
  for (let k = 0; k < 15; k++) header[k] = sig.charCodeAt(k);
  new DataView(header.buffer).setUint32(15, payload.length * 8);
  const all = new Uint8Array(header.length + payload.length);
  all.set(header);
  all.set(payload, header.length);
  const channelList = mode === 'alpha' ? [3] : [0, 1, 2];
  const needed = all.length * 8;
  if (needed > px.width * px.height * channelList.length) throw new Error('stealth: image too small for payload');
  for (let k = 0; k < needed; k++) {
    const bit = ((all[k >> 3] ?? 0) >> (7 - (k & 7))) & 1;
    const pixel = Math.floor(k / channelList.length);
    const channel = channelList[k % channelList.length] ?? 0;
    const x = Math.floor(pixel / px.height);
    const y = pixel % px.height;
    const index = (y * px.width + x) * px.channels + channel;
    px.data[index] = ((px.data[index] ?? 0) & 0xfe) | bit;
  }
}

const gzipSyncBytes = (bytes: Uint8Array): Uint8Array => new Uint8Array(gzipSync(bytes));
