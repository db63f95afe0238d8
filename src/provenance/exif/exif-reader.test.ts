import { describe, expect, it } from 'vitest';
import {
  ascii,
  buildTiff,
  bytesOf,
  concat,
  latin1Bytes,
  u16,
  u32,
  undefinedEntry,
  userCommentBytes,
  utf16Bytes,
} from '../containers/test-builders.ts';
import { readExif } from './exif-reader.ts';
import { decodeUserComment, detectUtf16BigEndian } from './text-values.ts';

const read = (tiff: Uint8Array) => {
  const warnings: string[] = [];
  const exif = readExif(tiff, warnings);
  return { exif, warnings };
};

describe('EXIF reader', () => {
  it.each([true, false])('reads IFD0 and Exif IFD text tags (bigEndian=%s)', (bigEndian) => {
    const tiff = buildTiff({
      bigEndian,
      ifd0: [
        ascii(0x010e, 'Workflow: {"a":1}'),
        ascii(0x010f, 'workflow:{}'),
        ascii(0x0110, 'prompt:{}'),
        ascii(0x0131, 'Fooocus v2.4.3'),
        ascii(0x013b, 'Jane'),
        { tag: 0x0112, type: 3, value: u16(1, bigEndian) }, // Orientation: numeric, not text
      ],
      exif: [
        ascii(0x9003, '2024:01:02 03:04:05'),
        undefinedEntry(0x9286, userCommentBytes('{"prompt":"x"}', 'ASCII')),
        undefinedEntry(0x927c, bytesOf('fooocus')),
      ],
    });
    const { exif, warnings } = read(tiff);
    expect(warnings).toEqual([]);
    expect(exif).toEqual({
      imageDescription: 'Workflow: {"a":1}',
      make: 'workflow:{}',
      model: 'prompt:{}',
      software: 'Fooocus v2.4.3',
      artist: 'Jane',
      dateTimeOriginal: '2024:01:02 03:04:05',
      userComment: '{"prompt":"x"}',
      makerNote: 'fooocus',
      raw: {
        '0x010e': 'Workflow: {"a":1}',
        '0x010f': 'workflow:{}',
        '0x0110': 'prompt:{}',
        '0x0131': 'Fooocus v2.4.3',
        '0x013b': 'Jane',
        '0x9003': '2024:01:02 03:04:05',
        '0x9286': '{"prompt":"x"}',
        '0x927c': 'fooocus',
      },
    });
  });

  it('reads UserComment from IFD0 when a writer put it there (ComfyUI save nodes)', () => {
    const { exif } = read(buildTiff({ ifd0: [undefinedEntry(0x9286, bytesOf('{"prompt":{}}'))] }));
    expect(exif?.userComment).toBe('{"prompt":{}}');
  });

  it('keeps binary MakerNotes out of the text fields', () => {
    const { exif } = read(
      buildTiff({ exif: [undefinedEntry(0x927c, concat(latin1Bytes('Nikon\0'), Uint8Array.of(2, 0, 0, 0, 1, 2)))] }),
    );
    expect(exif?.makerNote).toBeUndefined();
    expect(exif?.raw).toEqual({});
  });

  it('joins the two parts of a Copyright and decodes UTF-8 in ASCII tags', () => {
    const { exif } = read(
      buildTiff({
        ifd0: [{ tag: 0x8298, type: 2, value: latin1Bytes('Photographer\0Editor\0') }, ascii(0x013b, 'Zoë')],
      }),
    );
    expect(exif?.copyright).toBe('Photographer\nEditor');
    expect(exif?.artist).toBe('Zoë');
  });

  it('reads Windows XP tags as UTF-16LE', () => {
    const { exif } = read(
      buildTiff({
        ifd0: [{ tag: 0x9c9c, type: 1, value: concat(utf16Bytes('コメント', false), Uint8Array.of(0, 0)) }],
      }),
    );
    expect(exif?.raw['0x9c9c']).toBe('コメント');
  });

  it('follows the IFD0 chain and survives loops', () => {
    const tiff = buildTiff({ ifd0: [ascii(0x0131, 'zero')], ifd1: [ascii(0x010e, 'one')] });
    expect(read(tiff).exif?.raw).toEqual({ '0x0131': 'zero', '0x010e': 'one' });
    // Point IFD0's next-IFD field back at IFD0.
    const looped = buildTiff({ ifd0: [ascii(0x0131, 'zero')] });
    new DataView(looped.buffer).setUint32(8 + 2 + 12, 8);
    const { exif, warnings } = read(looped);
    expect(exif?.software).toBe('zero');
    expect(warnings.join()).toMatch(/loop/u);
  });

  it('warns about values and IFDs outside the block instead of reading them', () => {
    const tiff = buildTiff({ ifd0: [ascii(0x0131, 'a long software name')] });
    const cut = tiff.subarray(0, tiff.length - 5);
    const { exif, warnings } = read(cut);
    expect(exif?.software).toBeUndefined();
    expect(warnings.join()).toMatch(/lies outside/u);

    const badIfd = concat(latin1Bytes('MM'), u16(42), u32(1_000_000));
    expect(read(badIfd).warnings.join()).toMatch(/offset 1000000 lies outside/u);
  });

  it('clamps an entry count that does not fit', () => {
    const tiff = buildTiff({ ifd0: [ascii(0x0131, 'sw')] });
    new DataView(tiff.buffer).setUint16(8, 60000);
    const { warnings } = read(tiff);
    expect(warnings.join()).toMatch(/declares 60000 entries/u);
  });

  it('rejects blocks that are not TIFF', () => {
    expect(read(latin1Bytes('XX*\0\0\0\0\x08')).exif).toBeUndefined();
    expect(read(concat(latin1Bytes('MM'), u16(43), u32(8))).warnings[0]).toMatch(/magic/u);
    expect(read(new Uint8Array(3)).warnings[0]).toMatch(/too short/u);
  });
});

describe('UserComment decoding', () => {
  const text = 'photo of a duck\nNegative prompt: monochrome';

  it.each([
    ['ASCII', text],
    ['UNICODE-BE', text],
    ['UNICODE-LE', text],
    ['UNDEFINED', text],
    ['JIS', text],
  ] as const)('%s prefix', (charset, expected) => {
    expect(decodeUserComment(userCommentBytes(text, charset), false).text).toBe(expected);
    expect(decodeUserComment(userCommentBytes(text, charset), true).text).toBe(expected);
  });

  it('UNICODE: A1111 big-endian inside a little-endian (II) TIFF', () => {
    const result = decodeUserComment(userCommentBytes('a prompt, with text', 'UNICODE-BE'), false);
    expect(result).toEqual({ text: 'a prompt, with text', charset: 'unicode-be' });
  });

  it('UNICODE: a BOM decides and is dropped', () => {
    const le = concat(latin1Bytes('UNICODE\0'), Uint8Array.of(0xff, 0xfe), utf16Bytes('日本', false));
    expect(decodeUserComment(le, true)).toEqual({ text: '日本', charset: 'unicode-le' });
  });

  it('UNICODE without ASCII: falls back to plausibility, then to the TIFF byte order', () => {
    const cjk = utf16Bytes('テスト', true);
    expect(detectUtf16BigEndian(cjk, true)).toBe(true);
    expect(detectUtf16BigEndian(cjk, false)).toBe(false); // both decodings plausible: TIFF order wins
    // 12 E0 is U+12E0 (Ethiopic) in BE but U+E012 (private use) in LE: the implausible order loses.
    expect(detectUtf16BigEndian(Uint8Array.of(0x12, 0xe0), false)).toBe(true);
    expect(detectUtf16BigEndian(Uint8Array.of(0xe0, 0x12), true)).toBe(false);
  });

  it('a bare text without a prefix is still read; binary is not', () => {
    expect(decodeUserComment(bytesOf('{"sui_image_params":{}}'), false).text).toBe('{"sui_image_params":{}}');
    expect(decodeUserComment(Uint8Array.of(1, 2, 3, 0, 0, 0, 0, 9, 9), false).text).toBeUndefined();
  });

  it('trailing NULs are removed; an empty comment stays out of the fields', () => {
    expect(decodeUserComment(concat(userCommentBytes('x', 'UNICODE-LE'), new Uint8Array(4)), false).text).toBe('x');
    const { exif } = read(buildTiff({ exif: [undefinedEntry(0x9286, new Uint8Array(16))] }));
    expect(exif?.userComment).toBeUndefined();
  });
});
