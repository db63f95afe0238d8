import { describe, expect, it } from 'vitest';
import { readRawMetadata } from './index.ts';
import {
  buildTiff,
  buildWebp,
  bytesOf,
  c2paStoreBox,
  concat,
  latin1Bytes,
  riffChunk,
  u32,
  userCommentBytes,
  vp8,
  vp8x,
  xmpPacket,
} from './test-builders.ts';

const tiff = buildTiff({
  bigEndian: true,
  exif: [{ tag: 0x9286, type: 7, value: userCommentBytes('a cat\nSteps: 20', 'UNICODE-BE') }],
});

describe('RIFF/WebP walker', () => {
  it('reads EXIF (raw TIFF, as A1111 writes it), XMP and C2PA chunks', () => {
    const packet = xmpPacket('');
    const store = c2paStoreBox(33); // odd size: exercises the pad byte
    const raw = readRawMetadata(
      buildWebp([
        vp8x(0x08 | 0x04),
        vp8(101),
        riffChunk('EXIF', tiff),
        riffChunk('XMP ', bytesOf(packet)),
        riffChunk('C2PA', store),
      ]),
    );
    expect(raw.warnings).toEqual([]);
    expect(raw.container).toBe('webp');
    expect(raw.exif?.userComment).toBe('a cat\nSteps: 20');
    expect(raw.xmp).toEqual([packet]);
    expect(raw.c2paStore).toEqual(store);
  });

  it('accepts an EXIF chunk that keeps the JPEG Exif header', () => {
    const raw = readRawMetadata(
      buildWebp([vp8x(0x08), vp8(), riffChunk('EXIF', concat(latin1Bytes('Exif\0\0'), tiff))]),
    );
    expect(raw.exif?.userComment).toBe('a cat\nSteps: 20');
    expect(raw.warnings).toEqual([]);
  });

  it('reports VP8X flags that disagree with the chunks present', () => {
    const announced = readRawMetadata(buildWebp([vp8x(0x08 | 0x04), vp8()]));
    expect(announced.warnings).toEqual([
      'webp: VP8X announces EXIF but there is no EXIF chunk',
      'webp: VP8X announces XMP but there is no XMP chunk',
    ]);
    const unflagged = readRawMetadata(buildWebp([vp8x(0), vp8(), riffChunk('EXIF', tiff)]));
    expect(unflagged.exif?.userComment).toBeDefined();
    expect(unflagged.warnings).toEqual(['webp: EXIF chunk present but the VP8X EXIF flag is clear']);
  });

  it('stops at a chunk that overruns the RIFF and keeps what came before', () => {
    const webp = buildWebp([vp8x(0x04), riffChunk('XMP ', bytesOf('<x/>')), riffChunk('C2PA', c2paStoreBox(40))]);
    const cut = webp.subarray(0, webp.length - 10);
    const raw = readRawMetadata(cut);
    expect(raw.xmp).toEqual(['<x/>']);
    expect(raw.c2paStore).toBeUndefined();
    expect(raw.warnings.join('\n')).toMatch(/RIFF declares .* \(truncated\)/u);
    expect(raw.warnings.join('\n')).toMatch(/C2PA chunk at \d+: declares/u);
  });

  it('stops at an invalid chunk id and at a RIFF size smaller than the file', () => {
    const bad = readRawMetadata(buildWebp([vp8(), concat(Uint8Array.of(1, 2, 3, 4), u32(0, false))]));
    expect(bad.warnings.join()).toMatch(/invalid chunk id/u);
    const trailing = concat(buildWebp([vp8()]), riffChunk('XMP ', bytesOf('<x/>')));
    // The XMP chunk lies outside the RIFF size: not part of the file's structure.
    expect(readRawMetadata(trailing).xmp).toEqual([]);
  });

  it('recognises only RIFF files whose form type is WEBP', () => {
    const wav = concat(latin1Bytes('RIFF'), u32(4, false), latin1Bytes('WAVE'));
    expect(readRawMetadata(wav).container).toBe('other');
  });
});
