/**
 * The copies bench:dupes corpus v5 showed to be missed, on real photographs: a caption in a corner or on a band, and
 * a crop of 8 % from one side only; and a photograph of the same kind (same subject, palette and light, no shared
 * pixels) that must stay distinct.
 */
import sharp from 'sharp';
import { expect, it } from 'vitest';
import { describeWith, itWith, skimagePhotoDir } from '../../../test/requirements.ts';
import { queryHashes, storedHashes } from '../hashes/crop-probes.ts';
import { decodeForHashing } from '../hashes/local-decode.ts';
import { compareWithStored } from './near-duplicate.ts';
import { NearDuplicateIndex } from './near-duplicate-index.ts';

const photo = (name: string): Promise<Buffer> =>
  sharp(`${skimagePhotoDir ?? ''}${name}`)
    .toColourspace('srgb')
    .png()
    .toBuffer();

async function size(image: Buffer): Promise<{ width: number; height: number }> {
  const { width = 0, height = 0 } = await sharp(image).metadata();
  return { width, height };
}

/** White text with a dark outline, as people caption pictures; or the same text on a dark band along the bottom. */
async function captioned(image: Buffer, where: 'corner' | 'band'): Promise<Buffer> {
  const { width, height } = await size(image);
  const fontSize = Math.round(height * (where === 'band' ? 0.06 : 0.07));
  const text = '© harbor studio 2025';
  const body =
    where === 'band'
      ? `<rect x="0" y="${height * 0.9}" width="${width}" height="${height * 0.1}" fill="black" fill-opacity="0.8"/><text x="${width / 2}" y="${height * 0.97}" font-size="${fontSize}" font-family="sans-serif" text-anchor="middle" fill="white">${text}</text>`
      : `<text x="${width * 0.97}" y="${height * 0.96}" font-size="${fontSize}" font-family="sans-serif" font-weight="bold" text-anchor="end" fill="white" stroke="black" stroke-width="2">${text}</text>`;
  const overlay = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${body}</svg>`,
  );
  return sharp(image)
    .composite([{ input: overlay }])
    .jpeg({ quality: 85 })
    .toBuffer();
}

async function croppedFromOneSide(image: Buffer, side: 'left' | 'right' | 'top' | 'bottom', fraction: number) {
  const { width, height } = await size(image);
  const cutX = side === 'left' || side === 'right' ? Math.round(width * fraction) : 0;
  const cutY = side === 'top' || side === 'bottom' ? Math.round(height * fraction) : 0;
  return sharp(image)
    .extract({
      left: side === 'left' ? cutX : 0,
      top: side === 'top' ? cutY : 0,
      width: width - cutX,
      height: height - cutY,
    })
    .png()
    .toBuffer();
}

const hashesOf = async (image: Buffer) => decodeForHashing(image);

describeWith('photos', 'near-duplicates of photographs', () => {
  const library = ['astronaut.png', 'chelsea.png', 'coffee.png', 'motorcycle_left.png'];

  /** An index of the library's photographs, and the verdict for a query against it. */
  async function lookup(query: Buffer): Promise<[string, string][]> {
    const index = new NearDuplicateIndex();
    for (const name of library) index.add(name, storedHashes(await hashesOf(await photo(name))));
    return index.find(queryHashes(await hashesOf(query))).map((m) => [m.id, m.verdict]);
  }

  itWith('fonts', 'finds a copy with a caption in a corner, or on a band along the bottom', async () => {
    for (const where of ['corner', 'band'] as const) {
      expect(await lookup(await captioned(await photo('coffee.png'), where)), where).toEqual([
        ['coffee.png', 'near-duplicate'],
      ]);
    }
  });

  it('finds a copy cropped by 8 % on one side only, whichever side', async () => {
    for (const side of ['left', 'right', 'top', 'bottom'] as const) {
      expect(await lookup(await croppedFromOneSide(await photo('chelsea.png'), side, 0.08)), side).toEqual([
        ['chelsea.png', 'near-duplicate'],
      ]);
    }
  });

  it('finds a corner crop (5 % off the left and the top) that was then resized and re-encoded', async () => {
    // Its best crop probe is at pHash 8, dHash 10: beyond the crop thresholds of rule @3 (6 and 8), within today's.
    const whole = await photo('astronaut.png');
    const { width, height } = await size(whole);
    const [left, top] = [Math.round(width * 0.05), Math.round(height * 0.05)];
    const copy = await sharp(whole)
      .extract({ left, top, width: width - left, height: height - top })
      .resize(Math.round((width - left) * 0.6))
      .jpeg({ quality: 75 })
      .toBuffer();
    expect(await lookup(copy)).toEqual([['astronaut.png', 'near-duplicate']]);
  });

  it('keeps apart two photographs of the same scene, palette and light that share no pixels', async () => {
    // The left and right 45 % of one photograph: the same subject, colours and exposure, other content.
    const whole = await photo('astronaut.png');
    const { width, height } = await size(whole);
    const half = Math.floor(width * 0.45);
    const left = await sharp(whole).extract({ left: 0, top: 0, width: half, height }).png().toBuffer();
    const right = await sharp(whole)
      .extract({ left: width - half, top: 0, width: half, height })
      .png()
      .toBuffer();
    const stored = storedHashes(await hashesOf(left));
    expect(compareWithStored(queryHashes(await hashesOf(right)), stored).verdict).not.toBe('near-duplicate');
    // …while a re-encoded copy of the left half is found.
    const copy = await sharp(left).jpeg({ quality: 70 }).toBuffer();
    expect(compareWithStored(queryHashes(await hashesOf(copy)), stored).verdict).toBe('near-duplicate');
  });
});
