/**
 * Test support for the writer tests (not a test file itself): small sample images made with sharp, and the ExifTool
 * CLI as an independent reader of what we write (provenance-formats.md §7 item 7).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

export const EXIFTOOL = '/usr/bin/exiftool';
export const exiftoolPresent = existsSync(EXIFTOOL);
/** Interop tests run when ExifTool is installed and must run (and so fail without it) under CI. */
export const skipExiftool = !exiftoolPresent && !process.env.CI;
if (skipExiftool) {
  console.warn(
    `\n*** ${EXIFTOOL} not found: ExifTool interop tests are SKIPPED (apt-get install libimage-exiftool-perl)\n`,
  );
}

export type ExiftoolTags = Record<string, unknown>;

/** Reads each file with `exiftool -j -b -G1 -struct` (-b: long text in full) in one process; returns the tag maps in the same order. */
export async function exiftoolRead(files: ReadonlyArray<{ name: string; bytes: Uint8Array }>): Promise<ExiftoolTags[]> {
  if (!exiftoolPresent) throw new Error(`${EXIFTOOL} is required under CI for the ExifTool interop tests`);
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
