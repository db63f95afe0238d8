/**
 * Test and benchmark support (not a test): pictures as the detector receives them (DetailImage), from a file or
 * generated with sharp, optionally scaled down with the original size kept so that boxes must come back in it.
 */
import sharp from 'sharp';
import type { DetailImage } from '../../domain/image-content.ts';

/** The file decoded to RGB, its long edge scaled to at most `maxEdge`; originalWidth/Height are the file's. */
export async function detailImageOf(input: string | Buffer, maxEdge = 4096): Promise<DetailImage> {
  const metadata = await sharp(input).metadata();
  const originalWidth = metadata.width ?? 0;
  const originalHeight = metadata.height ?? 0;
  const { data, info } = await sharp(input)
    .resize({ width: maxEdge, height: maxEdge, fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    channels: 3,
    rgb: new Uint8Array(data.buffer, data.byteOffset, data.length),
    originalWidth,
    originalHeight,
  };
}

/** One colour everywhere. */
export function solidImage(width: number, height: number, rgb: [number, number, number]): DetailImage {
  const pixels = new Uint8Array(width * height * 3);
  for (let i = 0; i < pixels.length; i += 3) pixels.set(rgb, i);
  return { width, height, channels: 3, rgb: pixels, originalWidth: width, originalHeight: height };
}

/** Deterministic pseudo-random numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A picture with no people in it: a sky-to-ground gradient, blurred blobs of colour (round ones too, the shapes a
 * face detector is most tempted by), hard-edged boxes and fine noise, like a generated landscape or product shot.
 */
export async function sceneWithoutPeople(seed: number, width = 640, height = 480): Promise<DetailImage> {
  const random = mulberry32(seed);
  const pixels = new Uint8Array(width * height * 3);
  const top = [random() * 255, random() * 255, 120 + random() * 135];
  const bottom = [random() * 200, 60 + random() * 160, random() * 120];
  const blobs = Array.from({ length: 6 }, () => ({
    x: random() * width,
    y: random() * height,
    r: (0.05 + random() * 0.2) * Math.min(width, height),
    colour: [random() * 255, random() * 255, random() * 255],
  }));
  const colour = [0, 0, 0];
  for (let y = 0; y < height; y++) {
    const t = y / (height - 1 || 1);
    for (let x = 0; x < width; x++) {
      for (let i = 0; i < 3; i++) colour[i] = top[i]! * (1 - t) + bottom[i]! * t;
      for (const blob of blobs) {
        const dx = (x - blob.x) / blob.r;
        const dy = (y - blob.y) / blob.r;
        const w = 1 - dx * dx - dy * dy;
        if (w > 0) for (let i = 0; i < 3; i++) colour[i] = colour[i]! * (1 - w) + blob.colour[i]! * w;
      }
      const offset = (y * width + x) * 3;
      // A Uint8Array stores the low byte of a number: clamp first.
      for (let i = 0; i < 3; i++) pixels[offset + i] = Math.max(0, Math.min(255, colour[i]! + (random() - 0.5) * 16));
    }
  }
  const boxes = Array.from({ length: 3 }, () => ({
    left: Math.floor(random() * width * 0.8),
    top: Math.floor(random() * height * 0.8),
    colour: { r: Math.floor(random() * 255), g: Math.floor(random() * 255), b: Math.floor(random() * 255) },
  }));
  const composed = await sharp(Buffer.from(pixels), { raw: { width, height, channels: 3 } })
    .composite(
      await Promise.all(
        boxes.map(async ({ left, top, colour }) => ({
          input: await sharp({
            create: { width: Math.ceil(width / 10), height: Math.ceil(height / 8), channels: 3, background: colour },
          })
            .png()
            .toBuffer(),
          left,
          top,
        })),
      ),
    )
    .removeAlpha()
    .raw()
    .toBuffer();
  return {
    width,
    height,
    channels: 3,
    rgb: new Uint8Array(composed.buffer, composed.byteOffset, composed.length),
    originalWidth: width,
    originalHeight: height,
  };
}
