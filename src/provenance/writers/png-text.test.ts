import { crc32, inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { isProvenaError } from '../../domain/errors.ts';
import {
  XMP_KEYWORD,
  encodePngChunk,
  encodePngTextChunk,
  setPngTextChunks,
  setPngXmp,
  walkPngChunks,
  type PngChunk,
} from './png-text.ts';
import { concatBytes } from '../bytes.ts';
import { decodedSize, exiftoolReadOne, sampleImages, type SampleImages } from './writer-test-support.ts';
import { describeWith } from '../../../test/requirements.ts';

let images: SampleImages;
beforeAll(async () => {
  images = await sampleImages();
});

const dataOf = (png: Uint8Array, c: PngChunk): Uint8Array => png.subarray(c.dataStart, c.dataEnd);

/** Our own minimal decoder for the three text chunk types, independent of the writer. */
function textChunks(png: Uint8Array): Array<{ type: string; keyword: string; text: string }> {
  return walkPngChunks(png)
    .filter((c) => ['tEXt', 'zTXt', 'iTXt'].includes(c.type))
    .map((c) => {
      const d = Buffer.from(dataOf(png, c));
      const nul = d.indexOf(0);
      const keyword = d.subarray(0, nul).toString('latin1');
      if (c.type === 'tEXt') return { type: c.type, keyword, text: d.subarray(nul + 1).toString('latin1') };
      if (c.type === 'zTXt')
        return { type: c.type, keyword, text: inflateSync(d.subarray(nul + 2)).toString('latin1') };
      const compressed = d[nul + 1] === 1;
      const langEnd = d.indexOf(0, nul + 3);
      const transEnd = d.indexOf(0, langEnd + 1);
      const body = d.subarray(transEnd + 1);
      return { type: c.type, keyword, text: (compressed ? inflateSync(body) : body).toString('utf8') };
    });
}

function expectValidCrcs(png: Uint8Array): void {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (const c of walkPngChunks(png)) {
    expect(view.getUint32(c.dataEnd) >>> 0, c.type).toBe(crc32(png.subarray(c.start + 4, c.dataEnd)));
  }
}

const errorCode = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return isProvenaError(error) ? error.code : 'not a ProvenaError';
  }
  return undefined;
};

describe('PNG text chunks', () => {
  it('writes tEXt for Latin-1 text and iTXt for anything else, as Pillow does', () => {
    const out = setPngTextChunks(images.png, [
      { keyword: 'parameters', text: 'a café\nSteps: 20' },
      { keyword: 'Description', text: '猫 in space' },
    ]);
    expect(textChunks(out)).toEqual([
      { type: 'tEXt', keyword: 'parameters', text: 'a café\nSteps: 20' },
      { type: 'iTXt', keyword: 'Description', text: '猫 in space' },
    ]);
    expectValidCrcs(out);
  });

  it('puts new chunks before the first IDAT and keeps every other chunk, in order and byte for byte', () => {
    const before = walkPngChunks(images.png);
    const out = setPngTextChunks(images.png, [{ keyword: 'prompt', text: '{"3": {}}' }]);
    const after = walkPngChunks(out);
    const types = after.map((c) => c.type);
    expect(types.indexOf('tEXt')).toBeLessThan(types.indexOf('IDAT'));
    const kept = after.filter((c) => c.type !== 'tEXt');
    expect(kept.map((c) => c.type)).toEqual(before.map((c) => c.type));
    kept.forEach((c, i) => {
      const original = before[i];
      if (!original) throw new Error('chunk count differs');
      expect(Buffer.from(out.subarray(c.start, c.end)).equals(images.png.subarray(original.start, original.end))).toBe(
        true,
      );
    });
    expectValidCrcs(out);
  });

  it('replaces every earlier chunk with the same keyword, whatever its type, and leaves other keywords alone', () => {
    const first = setPngTextChunks(images.png, [
      { keyword: 'parameters', text: 'old', type: 'zTXt' },
      { keyword: 'keep', text: 'me' },
    ]);
    const second = setPngTextChunks(first, [{ keyword: 'parameters', text: 'new ✓' }]);
    expect(textChunks(second)).toEqual([
      { type: 'tEXt', keyword: 'keep', text: 'me' },
      { type: 'iTXt', keyword: 'parameters', text: 'new ✓' },
    ]);
  });

  it('writes compressed iTXt and zTXt on request', () => {
    const out = setPngTextChunks(images.png, [
      { keyword: 'workflow', text: '{"nodes": []}'.repeat(50), type: 'iTXt', compressed: true },
      { keyword: 'z', text: 'zipped', type: 'zTXt' },
    ]);
    expect(textChunks(out).map((t) => [t.type, t.text.length])).toEqual([
      ['iTXt', 13 * 50],
      ['zTXt', 6],
    ]);
  });

  it('embeds XMP as an uncompressed iTXt XML:com.adobe.xmp, as ExifTool writes it', () => {
    const out = setPngXmp(images.png, '<x:xmpmeta/>');
    const chunk = walkPngChunks(out).find((c) => c.type === 'iTXt');
    if (!chunk) throw new Error('no iTXt');
    const expected = concatBytes([Buffer.from(XMP_KEYWORD, 'latin1'), Uint8Array.of(0, 0, 0, 0, 0)]);
    expect(Buffer.from(dataOf(out, chunk).subarray(0, expected.length)).equals(expected)).toBe(true);
  });

  it('still decodes as the same image', async () => {
    const out = setPngXmp(setPngTextChunks(images.pngAlpha, [{ keyword: 'parameters', text: 'x' }]), '<a/>');
    expect(await decodedSize(out)).toEqual({ width: 24, height: 16 });
  });

  it('rejects keywords and text PNG cannot carry', () => {
    expect(errorCode(() => encodePngTextChunk({ keyword: '', text: 'x' }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => encodePngTextChunk({ keyword: 'k'.repeat(80), text: 'x' }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => encodePngTextChunk({ keyword: ' lead', text: 'x' }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => encodePngTextChunk({ keyword: 'キー', text: 'x' }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => encodePngTextChunk({ keyword: 'k', text: 'a\0b' }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => encodePngTextChunk({ keyword: 'k', text: '猫', type: 'tEXt' }))).toBe('VALIDATION_FAILED');
  });

  it('reports damaged files as CORRUPT_FILE instead of crashing', () => {
    const entry = [{ keyword: 'k', text: 'v' }];
    expect(errorCode(() => setPngTextChunks(Uint8Array.of(1, 2, 3), entry))).toBe('CORRUPT_FILE');
    expect(errorCode(() => setPngTextChunks(images.png.subarray(0, images.png.length - 20), entry))).toBe(
      'CORRUPT_FILE',
    );
    // A chunk claiming 2 GiB of data.
    const huge = Uint8Array.from(images.png);
    new DataView(huge.buffer).setUint32(8, 0x7ffffff0);
    expect(errorCode(() => setPngTextChunks(huge, entry))).toBe('CORRUPT_FILE');
    // No IDAT at all.
    const signature = images.png.subarray(0, 8);
    const ihdr = images.png.subarray(8, 33);
    const noIdat = concatBytes([signature, ihdr, encodePngChunk('IEND', new Uint8Array(0))]);
    expect(errorCode(() => setPngTextChunks(noIdat, entry))).toBe('CORRUPT_FILE');
  });
});

describeWith('exiftool', 'PNG text chunks: ExifTool reads them back', () => {
  it('reads tEXt, iTXt and compressed iTXt values exactly', async () => {
    const values = {
      parameters: 'photo of a duck\nNegative prompt: monochrome\nSteps: 15, Sampler: UniPC, CFG scale: 5',
      Description: 'テスト prompt, <b>&amp;</b> "quoted"',
      workflow: JSON.stringify({ nodes: [{ id: 1, type: 'KSampler', widgets_values: [1, 'é'] }] }),
    };
    const out = setPngTextChunks(images.png, [
      { keyword: 'parameters', text: values.parameters },
      { keyword: 'Description', text: values.Description },
      { keyword: 'workflow', text: values.workflow, type: 'iTXt', compressed: true },
    ]);
    const tags = await exiftoolReadOne('t.png', out);
    expect(tags['PNG:Parameters']).toBe(values.parameters);
    expect(tags['PNG:Description']).toBe(values.Description);
    expect(tags['PNG:Workflow']).toBe(values.workflow);
    expect(tags['ExifTool:Warning']).toBeUndefined();
  });
});
