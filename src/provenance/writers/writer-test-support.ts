/**
 * Test support for the writer tests (not a test file itself): small sample images made with sharp, and the ExifTool
 * CLI as an independent reader of what we write.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { exiftoolPath } from '../../../test/requirements.ts';

/** Interop tests say they need it (describeWith('exiftool', …)): they skip without it, and fail under CI. */
export const EXIFTOOL = exiftoolPath;

export type ExiftoolTags = Record<string, unknown>;

/** Reads each file with `exiftool -j -b -G1 -struct` (-b: long text in full) in one process; returns the tag maps in the same order. */
export async function exiftoolRead(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>): Promise<ExiftoolTags[]> {
  const dir = await mkdtemp(join(tmpdir(), 'provena-exiftool-'));
  try {
    const paths = files.map((f, i) => join(dir, `${i}-${f.name}`));
    await Promise.all(files.map((f, i) => writeFile(paths[i] ?? '', f.bytes)));
    const { stdout } = await promisify(execFile)(
      EXIFTOOL,
      ['-j', '-b', '-G1', '-struct', '-charset', 'utf8', '-x', 'System:all', ...paths],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    return JSON.parse(stdout) as ExiftoolTags[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function exiftoolReadOne(name: string, bytes: Uint8Array): Promise<ExiftoolTags> {
  const [tags] = await exiftoolRead([{ name, bytes }]);
  if (!tags) throw new Error('exiftool returned nothing');
  return tags;
}

export interface SampleImages {
  png: Uint8Array;
  pngAlpha: Uint8Array;
  jpeg: Uint8Array;
  webpLossy: Uint8Array;
  webpLossless: Uint8Array;
  webpAlpha: Uint8Array;
}

/** Small real images in every container the writers handle (the webp variants cover VP8, VP8L and VP8X+ALPH). */
export async function sampleImages(): Promise<SampleImages> {
  const rgb = sharp({ create: { width: 24, height: 16, channels: 3, background: { r: 180, g: 40, b: 90 } } });
  const rgba = sharp({
    create: { width: 24, height: 16, channels: 4, background: { r: 20, g: 140, b: 90, alpha: 0.5 } },
  });
  const [png, pngAlpha, jpeg, webpLossy, webpLossless, webpAlpha] = await Promise.all([
    rgb.clone().png().toBuffer(),
    rgba.clone().png().toBuffer(),
    rgb.clone().jpeg().toBuffer(),
    rgb.clone().webp().toBuffer(),
    rgb.clone().webp({ lossless: true }).toBuffer(),
    rgba.clone().webp().toBuffer(),
  ]);
  return { png, pngAlpha, jpeg, webpLossy, webpLossless, webpAlpha };
}

/** Decodes with sharp: proof that a written file is still a valid image of the same size. */
export async function decodedSize(bytes: Uint8Array): Promise<{ width: number; height: number }> {
  const { info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height };
}
