import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provenanceLimits } from '../contract.ts';
import { fileHandleSource, type RandomAccessSource } from './byte-source.ts';
import { readRawMetadata, readRawMetadataFromFile, readRawMetadataFromSource } from './index.ts';
import { fileBudgets } from './raw-metadata.ts';
import {
  ascii,
  buildPng,
  buildTiff,
  c2paStoreBox,
  concat,
  iTXt,
  idat,
  iend,
  ihdr,
  latin1Bytes,
  PNG_SIG,
  pngChunk,
  tEXt,
  u32,
  userCommentBytes,
  xmpPacket,
  zTXt,
} from './test-builders.ts';

const DST_PACKET = xmpPacket(
  '<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" ' +
    'Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/>',
);

describe('PNG walker', () => {
  it('reads tEXt (Latin-1), zTXt, iTXt (plain and compressed, UTF-8) in file order', () => {
    const png = buildPng([
      tEXt('parameters', 'caf\u00e9 au lait'),
      zTXt('prompt', '{"a":1}'),
      iTXt('Description', 'テスト prompt', { language: 'ja', translated: '説明' }),
      iTXt('workflow', '{"nodes":[]}', { compressed: true }),
    ]);
    const raw = readRawMetadata(png);
    expect(raw.warnings).toEqual([]);
    expect(raw.container).toBe('png');
    expect(raw.textEntries).toEqual([
      { keyword: 'parameters', text: 'café au lait', source: 'tEXt' },
      { keyword: 'prompt', text: '{"a":1}', source: 'zTXt' },
      { keyword: 'Description', text: 'テスト prompt', source: 'iTXt' },
      { keyword: 'workflow', text: '{"nodes":[]}', source: 'iTXt' },
    ]);
  });

  it('sends XML:com.adobe.xmp to xmp[] from iTXt (plain or compressed) and zTXt', () => {
    const raw = readRawMetadata(
      buildPng([iTXt('XML:com.adobe.xmp', DST_PACKET), iTXt('XML:com.adobe.xmp', DST_PACKET, { compressed: true })]),
    );
    expect(raw.textEntries).toEqual([]);
    expect(raw.xmp).toEqual([DST_PACKET, DST_PACKET]);
    expect(readRawMetadata(buildPng([zTXt('XML:com.adobe.xmp', new TextEncoder().encode(DST_PACKET))])).xmp).toEqual([
      DST_PACKET,
    ]);
  });

  it('reads caBX as the C2PA store and eXIf (with or without an Exif header) as EXIF', () => {
    const store = c2paStoreBox();
    const tiff = buildTiff({ exif: [{ tag: 0x9286, type: 7, value: userCommentBytes('hello', 'UNICODE-BE') }] });
    const raw = readRawMetadata(buildPng([pngChunk('caBX', store), pngChunk('eXIf', tiff)]));
    expect(raw.c2paStore).toEqual(store);
    expect(raw.exif?.userComment).toBe('hello');
    const prefixed = readRawMetadata(buildPng([pngChunk('eXIf', concat(latin1Bytes('Exif\0\0'), tiff))]));
    expect(prefixed.exif?.userComment).toBe('hello');
  });

  it('reports a second caBX and keeps the first', () => {
    const first = c2paStoreBox(10);
    const raw = readRawMetadata(buildPng([pngChunk('caBX', first), pngChunk('caBX', c2paStoreBox(20))]));
    expect(raw.c2paStore).toEqual(first);
    expect(raw.warnings.join()).toMatch(/second C2PA/u);
  });

  it('fills pixel hints from IHDR: alpha for colour types 4 and 6 only', () => {
    for (const [colorType, hasAlpha] of [
      [0, false],
      [2, false],
      [3, false],
      [4, true],
      [6, true],
    ] as const) {
      const raw = readRawMetadata(buildPng([], ihdr(640, 480, 8, colorType)));
      expect(raw.pixelHints).toEqual({ width: 640, height: 480, bitDepth: 8, colorType, hasAlpha });
    }
  });

  it('warns on a CRC mismatch but keeps the chunk', () => {
    const raw = readRawMetadata(buildPng([pngChunk('tEXt', latin1Bytes('parameters\0x'), true)]));
    expect(raw.textEntries).toEqual([{ keyword: 'parameters', text: 'x', source: 'tEXt' }]);
    expect(raw.warnings).toEqual([expect.stringMatching(/tEXt chunk at 33: CRC mismatch/u)]);
  });

  it('stops at a truncated chunk with what was read so far', () => {
    const png = buildPng([tEXt('a', '1'), tEXt('b', '2'.repeat(100))]);
    const cut = png.subarray(0, png.length - 80);
    const raw = readRawMetadata(cut);
    expect(raw.textEntries.map((e) => e.keyword)).toEqual(['a']);
    expect(raw.warnings.join()).toMatch(/truncated/u);
  });

  it('refuses a chunk length beyond the file without allocating it', () => {
    const bogus = concat(u32(0x7fffffff), latin1Bytes('tEXt'), latin1Bytes('k\0v'));
    const raw = readRawMetadata(concat(PNG_SIG, ihdr(), bogus));
    expect(raw.textEntries).toEqual([]);
    expect(raw.warnings.join()).toMatch(/declares 2147483647 bytes/u);
  });

  it('stops at an invalid chunk type', () => {
    const raw = readRawMetadata(concat(PNG_SIG, ihdr(), pngChunk('t3Xt', latin1Bytes('k\0v')), tEXt('a', 'b'), iend()));
    expect(raw.textEntries).toEqual([]);
    expect(raw.warnings.join()).toMatch(/invalid chunk type/u);
  });

  it('turns a zTXt bomb into a warning without inflating past the limit', () => {
    const bomb = new Uint8Array(provenanceLimits.maxInflatedBytes + 1024);
    const raw = readRawMetadata(buildPng([zTXt('parameters', bomb), tEXt('after', 'ok')]));
    expect(raw.textEntries).toEqual([{ keyword: 'after', text: 'ok', source: 'tEXt' }]);
    expect(raw.warnings.join()).toMatch(/inflates to more than 8388608 bytes/u);
  });

  it('warns about corrupt compressed text and unknown compression methods', () => {
    const corrupt = pngChunk('zTXt', concat(latin1Bytes('k\0\0'), Uint8Array.of(0x78, 0x9c, 1, 2, 3)));
    const method = pngChunk('zTXt', concat(latin1Bytes('k\0\x05'), Uint8Array.of(1)));
    const raw = readRawMetadata(buildPng([corrupt, method]));
    expect(raw.textEntries).toEqual([]);
    expect(raw.warnings).toHaveLength(2);
    expect(raw.warnings[0]).toMatch(/corrupt zlib/u);
    expect(raw.warnings[1]).toMatch(/unknown compression 5/u);
  });

  it('rejects text chunks without a keyword', () => {
    const raw = readRawMetadata(
      buildPng([pngChunk('tEXt', latin1Bytes('\0text')), pngChunk('iTXt', latin1Bytes('k'))]),
    );
    expect(raw.textEntries).toEqual([]);
    expect(raw.warnings).toHaveLength(2);
  });

  it('reads text chunks after IDAT and warns when IEND is missing', () => {
    const png = concat(PNG_SIG, ihdr(), idat(), tEXt('late', 'yes'));
    const raw = readRawMetadata(png);
    expect(raw.textEntries).toEqual([{ keyword: 'late', text: 'yes', source: 'tEXt' }]);
    expect(raw.warnings).toEqual(['png: ends without IEND']);
  });

  it('decodes ImageMagick "Raw profile type exif" text into EXIF', () => {
    const tiff = buildTiff({ ifd0: [ascii(0x0131, 'ImageMagick test')] });
    const block = concat(latin1Bytes('Exif\0\0'), tiff);
    const hexText = Buffer.from(block)
      .toString('hex')
      .replace(/(.{72})/gu, '$1\n');
    const raw = readRawMetadata(
      buildPng([zTXt('Raw profile type exif', `\nexif\n${String(block.length).padStart(8)}\n${hexText}\n`)]),
    );
    expect(raw.warnings).toEqual([]);
    expect(raw.textEntries).toEqual([]);
    expect(raw.exif?.software).toBe('ImageMagick test');
  });

  it('ignores bytes after IEND', () => {
    const raw = readRawMetadata(concat(buildPng([tEXt('a', 'b')]), latin1Bytes('trailing garbage')));
    expect(raw.warnings).toEqual([]);
    expect(raw.textEntries).toHaveLength(1);
  });
});

describe('PNG walker over a file: IDAT payloads are skipped, not read', () => {
  let dir = '';
  let path = '';
  const idatBytes = 3 * 1024 * 1024;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'provena-png-'));
    path = join(dir, 'big.png');
    await writeFile(
      path,
      concat(
        PNG_SIG,
        ihdr(4000, 4000, 8, 6),
        tEXt('parameters', 'before'),
        idat(idatBytes),
        idat(idatBytes),
        tEXt('late', 'after'),
        iend(),
      ),
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the text before and after the image data while reading a small fraction of the file', async () => {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const inner = fileHandleSource(handle, size);
      let bytesRead = 0;
      const counting: RandomAccessSource = {
        size,
        async read(offset, length) {
          const bytes = await inner.read(offset, length);
          bytesRead += bytes.length;
          return bytes;
        },
      };
      const raw = await readRawMetadataFromSource(counting);
      expect(raw.textEntries.map((e) => e.text)).toEqual(['before', 'after']);
      expect(raw.pixelHints?.hasAlpha).toBe(true);
      expect(raw.warnings).toEqual([]);
      expect(bytesRead).toBeLessThan(size / 20);
    } finally {
      await handle.close();
    }
  });

  it('readRawMetadataFromFile gives the same result', async () => {
    const raw = await readRawMetadataFromFile(path);
    expect(raw.textEntries.map((e) => e.text)).toEqual(['before', 'after']);
  });

  it('rejects on I/O errors (missing file)', async () => {
    await expect(readRawMetadataFromFile(join(dir, 'missing.png'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('PNG walker per-file budgets', () => {
  it('many small zTXt bombs cost at most the file inflation budget', () => {
    const bomb = zTXt('parameters', new Uint8Array(provenanceLimits.maxInflatedBytes + 1));
    const raw = readRawMetadata(buildPng(Array.from({ length: 20 }, () => bomb)));
    expect(raw.textEntries).toEqual([]);
    const spent = raw.warnings.filter((w) => /budget is spent/u.test(w));
    // Two bombs use up the 16 MB budget; the other 18 are refused without inflating.
    expect(spent).toHaveLength(18);
  });

  it('many large text chunks stop at the kept-bytes budget', () => {
    const text = tEXt('parameters', 'x'.repeat(4 * 1024 * 1024));
    const raw = readRawMetadata(buildPng(Array.from({ length: 20 }, () => text)));
    expect(raw.textEntries.length).toBe(fileBudgets.keptBytes / (4 * 1024 * 1024));
    expect(raw.warnings.join()).toMatch(/metadata budget is spent/u);
  });
});
