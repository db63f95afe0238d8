import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildExifTiff, encodeUserComment, setJpegExif, setWebpExif } from './exif-usercomment.ts';
import { EXIF_APP1_HEADER, payloadStartsWith, walkJpegSegments } from './jpeg-segments.ts';
import { walkWebpChunks } from './webp-chunks.ts';
import { decodedSize, exiftoolRead, sampleImages, type SampleImages } from './writer-test-support.ts';
import { describeWith, itWith, sharedFixturesDir } from '../../../test/requirements.ts';

const fixtures = pathToFileURL(sharedFixturesDir);

/** The infotext of the sd-parsers A1111 JPEG. */
const A1111_TEXT =
  'photo of a duck\nNegative prompt: monochrome\nSteps: 15, Sampler: UniPC, CFG scale: 5, Seed: 235284042, ' +
  'Size: 512x400, Model hash: c0d1994c73, Model: realistic_realisticVisionV20_v20';

let images: SampleImages;
beforeAll(async () => {
  images = await sampleImages();
});

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function exifSegments(jpeg: Uint8Array): Uint8Array[] {
  return walkJpegSegments(jpeg)
    .segments.filter((s) => s.marker === 0xe1 && payloadStartsWith(jpeg, s, EXIF_APP1_HEADER))
    .map((s) => jpeg.subarray(s.payloadStart + EXIF_APP1_HEADER.length, s.end));
}

describe('EXIF UserComment writer', () => {
  it('lays out the TIFF exactly as piexif does for A1111 (the sd-parsers test vector)', () => {
    const tiff = buildExifTiff({ userComment: A1111_TEXT }, { layout: 'piexif' });
    // MM header, IFD0 with only the Exif pointer (→ 0x1a), Exif IFD with UserComment, type 7, at 0x28.
    expect(hex(tiff.subarray(0, 0x30))).toBe(
      '4d4d002a000000080001876900040000000100' + '00001a000000000001928600070000017000000028554e49434f444500',
    );
    expect(Buffer.from(tiff.subarray(0x30)).equals(Buffer.from(A1111_TEXT, 'utf16le').swap16())).toBe(true);
  });

  itWith('sharedFixtures', 'reproduces the real A1111 JPEG EXIF segment byte for byte', () => {
    const jpeg = readFileSync(new URL('a1111_usercomment.jpg', fixtures));
    const [real] = exifSegments(jpeg);
    const ours = buildExifTiff({ userComment: A1111_TEXT }, { layout: 'piexif' });
    expect(real && hex(real)).toBe(hex(ours));
  });

  it('encodes the charset prefixes and both UTF-16 byte orders', () => {
    expect(hex(encodeUserComment('hé', 'unicode', false))).toBe('554e49434f444500' + '006800e9');
    expect(hex(encodeUserComment('hé', 'unicode', true))).toBe('554e49434f444500' + '6800e900');
    expect(hex(encodeUserComment('hi', 'ascii', false))).toBe('4153434949000000' + '6869');
    expect(hex(encodeUserComment('{"a"', 'none', false))).toBe('7b226122');
    expect(() => encodeUserComment('日本', 'ascii', false)).toThrow(/ASCII/);
  });

  it('keeps IFD values word-aligned in the standard layout and terminates the Exif IFD', () => {
    const tiff = buildExifTiff({ software: 'abc', artist: 'odd', userComment: 'x' });
    const view = new DataView(tiff.buffer);
    const count = view.getUint16(8);
    for (let i = 0; i < count; i++) {
      const at = 10 + i * 12;
      if (view.getUint32(at + 4) > 4) expect(view.getUint32(at + 8) % 2).toBe(0);
    }
    const exifIfd = view.getUint32(10 + (count - 1) * 12 + 8);
    const exifCount = view.getUint16(exifIfd);
    expect(view.getUint32(exifIfd + 2 + exifCount * 12)).toBe(0);
  });

  it('refuses an EXIF block larger than one JPEG segment', () => {
    expect(() => buildExifTiff({ userComment: 'x'.repeat(40_000) })).toThrow(/65,527/);
  });

  it('replaces an existing EXIF APP1 in JPEG and places it after JFIF APP0', async () => {
    // sharp writes no JFIF segment; add one as cameras and Pillow do.
    const jfif = Buffer.from('ffe000104a46494600010100000100010000', 'hex');
    const withJfif = Buffer.concat([images.jpeg.subarray(0, 2), jfif, images.jpeg.subarray(2)]);
    const once = setJpegExif(withJfif, buildExifTiff({ software: 'first' }));
    const twice = setJpegExif(once, buildExifTiff({ software: 'second' }));
    const segments = walkJpegSegments(twice).segments;
    expect(segments[0]?.marker).toBe(0xe0);
    expect(segments[1]?.marker).toBe(0xe1);
    expect(exifSegments(twice)).toHaveLength(1);
    expect(await decodedSize(twice)).toEqual({ width: 24, height: 16 });
  });

  it('stores the bare TIFF (no Exif\\0\\0) in a WebP EXIF chunk', () => {
    const tiff = buildExifTiff({ userComment: 'x' });
    const out = setWebpExif(images.webpLossy, tiff);
    const chunk = walkWebpChunks(out).find((c) => c.fourcc === 'EXIF');
    expect(chunk && hex(out.subarray(chunk.dataStart, chunk.dataEnd))).toBe(hex(tiff));
  });
});

describeWith('exiftool', 'EXIF writer: ExifTool reads every tag back', () => {
  it('reads IFD0 tags, UserComment (BE and LE) and ImageUniqueID in JPEG and WebP', async () => {
    const fields = {
      imageDescription: 'Workflow: {"nodes": []}',
      make: 'workflow:{"a": 1}',
      model: 'prompt:{"3": {"class_type": "KSampler"}}',
      software: 'Fooocus v2.4.3',
      artist: 'Jane Ünicode',
      copyright: '(c) 2026 Example',
      userComment: 'café 日本語\nNegative prompt: x\nSteps: 20, Sampler: Euler, CFG scale: 7',
      imageUniqueId: '0123456789abcdef0123456789abcdef',
    };
    const be = buildExifTiff(fields);
    const le = buildExifTiff(fields, { byteOrder: 'II' });
    const files = [
      { name: 'be.jpg', bytes: setJpegExif(images.jpeg, be) },
      { name: 'le.jpg', bytes: setJpegExif(images.jpeg, le) },
      { name: 'be.webp', bytes: setWebpExif(images.webpLossless, be) },
      { name: 'le.webp', bytes: setWebpExif(images.webpAlpha, le) },
    ];
    for (const tags of await exiftoolRead(files)) {
      expect(tags['IFD0:ImageDescription']).toBe(fields.imageDescription);
      expect(tags['IFD0:Make']).toBe(fields.make);
      expect(tags['IFD0:Model']).toBe(fields.model);
      expect(tags['IFD0:Software']).toBe(fields.software);
      expect(tags['IFD0:Artist']).toBe(fields.artist);
      expect(tags['IFD0:Copyright']).toBe(fields.copyright);
      expect(tags['ExifIFD:UserComment']).toBe(fields.userComment);
      expect(tags['ExifIFD:ImageUniqueID']).toBe(fields.imageUniqueId);
      expect(tags['ExifTool:Warning']).toBeUndefined();
    }
  });

  it('reads the piexif layout and a Fooocus-style IFD0 UserComment', async () => {
    const fooocus = buildExifTiff({
      userComment: '{"prompt": "a smiling goldfish", "seed": "6952411511246973023"}',
      userCommentCharset: 'none',
      userCommentInIfd0: true,
      software: 'Fooocus v2.4.3',
      makerNote: 'fooocus',
      makerNoteInIfd0: true,
    });
    const [a1111, foo] = await exiftoolRead([
      {
        name: 'a.jpg',
        bytes: setJpegExif(images.jpeg, buildExifTiff({ userComment: A1111_TEXT }, { layout: 'piexif' })),
      },
      { name: 'f.jpg', bytes: setJpegExif(images.jpeg, fooocus) },
    ]);
    expect(a1111?.['ExifIFD:UserComment']).toBe(A1111_TEXT);
    expect(foo?.['IFD0:UserComment']).toBe('{"prompt": "a smiling goldfish", "seed": "6952411511246973023"}');
    expect(foo?.['IFD0:Software']).toBe('Fooocus v2.4.3');
  });
});
