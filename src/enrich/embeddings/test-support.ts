/**
 * Test support, imported only by the tests: synthetic scenes made with sharp (so the embedder tests need no fixture
 * files) and the tiny CLIP model written by ../shared/scripts/make-tiny-clip.py.
 */
import { execFileSync } from 'node:child_process';
import sharp from 'sharp';
import type { Sharp } from 'sharp';
import type { DecodedImage } from '../../domain/enrichment.ts';
import { tinyClipScript } from '../../../test/requirements.ts';

export interface Scene {
  background: string;
  shapes: string;
}

/** A few visually distinct scenes: shapes, colours and layout all differ. */
export const scenes: Record<string, Scene> = {
  sunset: {
    background: '#f28c28',
    shapes:
      '<circle cx="50%" cy="62%" r="18%" fill="#ffe066"/><rect y="70%" width="100%" height="30%" fill="#1d3557"/>',
  },
  checker: {
    background: '#ffffff',
    shapes: Array.from({ length: 64 }, (_, i) =>
      (Math.floor(i / 8) + i) % 2 === 0
        ? `<rect x="${(i % 8) * 12.5}%" y="${Math.floor(i / 8) * 12.5}%" width="12.5%" height="12.5%" fill="#000"/>`
        : '',
    ).join(''),
  },
  forest: {
    background: '#a8dadc',
    shapes: Array.from(
      { length: 7 },
      (_, i) => `<polygon points="${8 + i * 14}%,85% ${15 + i * 14}%,30% ${22 + i * 14}%,85%" fill="#2d6a4f"/>`,
    ).join(''),
  },
  stripes: {
    background: '#e63946',
    shapes: Array.from({ length: 10 }, (_, i) => `<rect x="${i * 10}%" width="4%" height="100%" fill="#457b9d"/>`).join(
      '',
    ),
  },
};

export async function renderScene(scene: Scene, width: number, height: number = width): Promise<Buffer> {
  // Percentages in SVG polygon points are not valid; scale them to pixels first.
  const shapes = scene.shapes.replace(/points="([^"]+)"/g, (_, points: string) => {
    const scaled = points
      .split(' ')
      .map((pair) => {
        const [x = '0', y = '0'] = pair.split(',');
        return `${(parseFloat(x) / 100) * width},${(parseFloat(y) / 100) * height}`;
      })
      .join(' ');
    return `points="${scaled}"`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="${scene.background}"/>${shapes}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export async function decode(input: Buffer | Sharp): Promise<DecodedImage> {
  const pipeline = Buffer.isBuffer(input) ? sharp(input) : input;
  const { data, info } = await pipeline.ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    originalWidth: info.width,
    originalHeight: info.height,
    channels: 4,
    rgba: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}

/** A lightly edited copy: brightness, a small crop, a JPEG round trip. */
export async function editedCopy(png: Buffer): Promise<DecodedImage> {
  const meta = await sharp(png).metadata();
  const width = meta.width;
  const height = meta.height;
  const jpeg = await sharp(png)
    .extract({
      left: Math.round(width * 0.03),
      top: Math.round(height * 0.03),
      width: Math.round(width * 0.94),
      height: Math.round(height * 0.94),
    })
    .modulate({ brightness: 1.08 })
    .jpeg({ quality: 70 })
    .toBuffer();
  return decode(jpeg);
}

/** Writes the tiny CLIP model (HF layout) into `dir`. */
export function makeTinyClip(dir: string): void {
  execFileSync('/usr/bin/python3', [tinyClipScript, dir], { stdio: 'pipe' });
}
