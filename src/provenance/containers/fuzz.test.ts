/**
 * Property tests: truncated and bit-flipped versions of every fixture and of generated files never throw, never
 * hit an internal fault, and never return payloads beyond provenanceLimits. The same for the XMP, EXIF and IIM
 * readers on their own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { provenanceLimits, type RawMetadata } from '../contract.ts';
import { readExif } from '../exif/exif-reader.ts';
import { readIim } from '../iim/iim-reader.ts';
import { parseXmp } from '../xmp/xmp-parser.ts';
import { memorySource } from './byte-source.ts';
import { readRawMetadata, readRawMetadataFromSource } from './index.ts';
import {
  app11Segments,
  app13Iim,
  app1Exif,
  app1Xmp,
  ascii,
  buildJpeg,
  buildPng,
  buildTiff,
  buildWebp,
  bytesOf,
  c2paStoreBox,
  com,
  concat,
  extendedXmpSegments,
  iTXt,
  iimDataset,
  ihdr,
  pngChunk,
  riffChunk,
  tEXt,
  undefinedEntry,
  userCommentBytes,
  vp8,
  vp8x,
  xmpPacket,
  zTXt,
} from './test-builders.ts';
import { fixtureNames, loadFixture } from './test-fixtures.ts';
import { has } from '../../../test/requirements.ts';

const IPTC_EXT = 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/';
const packet = xmpPacket(
  `<rdf:Description xmlns:e="${IPTC_EXT}" xmlns:dc="http://purl.org/dc/elements/1.1/" e:AISystemUsed="A">` +
    '<dc:creator><rdf:Seq><rdf:li>C</rdf:li></rdf:Seq></dc:creator></rdf:Description>',
);
const tiff = buildTiff({
  ifd0: [ascii(0x0131, 'tool'), ascii(0x010e, 'desc')],
  exif: [undefinedEntry(0x9286, userCommentBytes('prompt text', 'UNICODE-BE')), ascii(0x9003, '2024:01:01 00:00:00')],
  ifd1: [ascii(0x013b, 'artist')],
});
const extended = extendedXmpSegments(
  '',
  xmpPacket(`<rdf:Description xmlns:e="${IPTC_EXT}" e:AIPromptInformation="long"/>`),
  60,
);

const generated: Record<string, Uint8Array> = {
  'generated.png': buildPng(
    [
      pngChunk('caBX', c2paStoreBox(64)),
      tEXt('parameters', 'a prompt\nSteps: 20'),
      zTXt('prompt', '{"1":{}}'),
      iTXt('XML:com.adobe.xmp', packet, { compressed: true }),
      iTXt('Description', 'テスト', { language: 'ja' }),
      pngChunk('eXIf', tiff),
    ],
    ihdr(8, 8, 8, 6),
  ),
  'generated.jpg': buildJpeg([
    ...app11Segments(c2paStoreBox(300), 120),
    app1Exif(tiff),
    app1Xmp(extended.main),
    ...extended.segments,
    app13Iim(concat(iimDataset(1, 90, Uint8Array.of(0x1b, 0x25, 0x47)), iimDataset(2, 120, bytesOf('caption')))),
    com('comment'),
  ]),
  'generated.webp': buildWebp([
    vp8x(0x0c),
    vp8(31),
    riffChunk('EXIF', tiff),
    riffChunk('XMP ', bytesOf(packet)),
    riffChunk('C2PA', c2paStoreBox(41)),
  ]),
};

const samples: Array<[string, Uint8Array]> = [
  ...Object.entries(generated),
  ...(has('sharedFixtures') ? fixtureNames.map((name): [string, Uint8Array] => [name, loadFixture(name)]) : []),
];

/** The invariants every result must hold, whatever the input. */
const checkInvariants = (raw: RawMetadata): void => {
  expect(['png', 'jpeg', 'webp', 'other']).toContain(raw.container);
  expect(Array.isArray(raw.textEntries) && Array.isArray(raw.xmp) && Array.isArray(raw.warnings)).toBe(true);
  expect(raw.warnings.filter((w) => w.startsWith('internal error'))).toEqual([]);
  expect(raw.warnings.length).toBeLessThanOrEqual(51);
  if (raw.c2paStore) expect(raw.c2paStore.length).toBeLessThanOrEqual(provenanceLimits.maxPayloadBytes);
  for (const entry of raw.textEntries) expect(entry.text.length).toBeLessThanOrEqual(provenanceLimits.maxPayloadBytes);
  for (const xmp of raw.xmp) expect(xmp.length).toBeLessThanOrEqual(provenanceLimits.maxPayloadBytes);
};

/** A copy of `bytes` with some bytes overwritten. */
const flipped = (bytes: Uint8Array, flips: Array<[number, number]>): Uint8Array => {
  const copy = bytes.slice();
  for (const [at, value] of flips) if (bytes.length > 0) copy[at % bytes.length] = value;
  return copy;
};

const flipsArbitrary = fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 });

describe('container walkers never throw on damaged input', () => {
  it.each(samples)('%s: random truncation', (_name, bytes) => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length }), (cut) => {
        checkInvariants(readRawMetadata(bytes.subarray(0, cut)));
      }),
      { numRuns: 150 },
    );
  });

  it.each(samples)('%s: random byte changes', (_name, bytes) => {
    fc.assert(
      fc.property(flipsArbitrary, (flips) => {
        checkInvariants(readRawMetadata(flipped(bytes, flips)));
      }),
      { numRuns: 150 },
    );
  });

  it.each(samples)('%s: byte changes in the first 4 KB, where the metadata lives', (_name, bytes) => {
    const head = Math.min(bytes.length, 4096);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: head - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        (flips) => {
          checkInvariants(readRawMetadata(flipped(bytes, flips)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the positional-read path agrees with the in-memory path on damaged input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...samples),
        flipsArbitrary,
        fc.integer({ min: 0, max: 100 }),
        async ([, bytes], flips, cutPercent) => {
          const damaged = flipped(bytes, flips).subarray(0, Math.floor((bytes.length * (50 + cutPercent / 2)) / 100));
          const fromSource = await readRawMetadataFromSource(memorySource(damaged));
          checkInvariants(fromSource);
          const fromBytes = readRawMetadata(damaged);
          // Deep-equality on large typed arrays is slow: compare the store bytes natively, the rest structurally.
          expect(
            Buffer.compare(fromSource.c2paStore ?? new Uint8Array(0), fromBytes.c2paStore ?? new Uint8Array(0)),
          ).toBe(0);
          expect({ ...fromSource, c2paStore: undefined }).toEqual({ ...fromBytes, c2paStore: undefined });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('random bytes behind each magic number', () => {
    const magics = [
      Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
      Uint8Array.of(0xff, 0xd8, 0xff),
      concat(bytesOf('RIFF'), Uint8Array.of(0xff, 0xff, 0xff, 0x7f), bytesOf('WEBP')),
      new Uint8Array(0),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 2048 }), (magic, rest) => {
        checkInvariants(readRawMetadata(concat(magic, rest)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('payload readers never throw on damaged input', () => {
  it('readExif', () => {
    fc.assert(
      fc.property(flipsArbitrary, fc.integer({ min: 0, max: tiff.length }), (flips, cut) => {
        const warnings: string[] = [];
        const exif = readExif(flipped(tiff, flips).subarray(0, cut), warnings);
        if (exif) expect(typeof exif.raw).toBe('object');
      }),
      { numRuns: 500 },
    );
  });

  it('readIim', () => {
    const iim = concat(
      iimDataset(1, 90, Uint8Array.of(0x1b, 0x25, 0x47)),
      iimDataset(2, 25, bytesOf('k')),
      iimDataset(2, 120, bytesOf('c')),
    );
    fc.assert(
      fc.property(flipsArbitrary, (flips) => {
        readIim(flipped(iim, flips), []);
      }),
      { numRuns: 500 },
    );
  });

  it('parseXmp on mutated packets and random strings', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: packet.length }), fc.string({ maxLength: 20 }), (at, insert) => {
        const fields = parseXmp(packet.slice(0, at) + insert + packet.slice(at));
        expect(Array.isArray(fields.warnings)).toBe(true);
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        parseXmp(text);
      }),
      { numRuns: 300 },
    );
  });
});
