import { describe, expect, it } from 'vitest';
import { parseXmpPackets } from '../xmp/xmp-parser.ts';
import { memorySource } from './byte-source.ts';
import { readRawMetadata, readRawMetadataFromSource } from './index.ts';
import { extendedXmpGuid, joinExtendedXmp } from './jpeg-extended-xmp.ts';
import {
  app11Segments,
  app13Iim,
  app1Exif,
  app1Xmp,
  ascii,
  buildJpeg,
  buildTiff,
  bytesOf,
  c2paStoreBox,
  com,
  concat,
  extendedXmpSegments,
  iimDataset,
  jpegSegment,
  latin1Bytes,
  sameBytes,
  withoutStore,
  u16,
  u32,
  userCommentBytes,
  xmpPacket,
} from './test-builders.ts';

const IPTC_EXT = 'http://iptc.org/std/Iptc4xmpExt/2008-02-29/';
const description = (attrs: string, body = ''): string =>
  `<rdf:Description rdf:about="" xmlns:Iptc4xmpExt="${IPTC_EXT}" xmlns:dc="http://purl.org/dc/elements/1.1/" ${attrs}>${body}</rdf:Description>`;

describe('JPEG walker', () => {
  it('reads EXIF, XMP, COM, IIM and a C2PA store from one file', () => {
    const store = c2paStoreBox(100);
    const packet = xmpPacket(description('Iptc4xmpExt:AISystemUsed="Gen"'));
    const iim = concat(iimDataset(1, 90, Uint8Array.of(0x1b, 0x25, 0x47)), iimDataset(2, 120, bytesOf('Légende')));
    const jpeg = buildJpeg([
      ...app11Segments(store),
      app1Exif(buildTiff({ ifd0: [ascii(0x0131, 'Tool 1.0')] })),
      app1Xmp(packet),
      app13Iim(iim),
      com('made with care'),
    ]);
    const raw = readRawMetadata(jpeg);
    expect(raw.warnings).toEqual([]);
    expect(raw.container).toBe('jpeg');
    expect(raw.c2paStore).toEqual(store);
    expect(raw.exif?.software).toBe('Tool 1.0');
    expect(raw.xmp).toEqual([packet]);
    expect(raw.iptcIim).toEqual({ '1:90': ['\u001b%G'], '2:120': ['Légende'] });
    expect(raw.textEntries).toEqual([{ keyword: 'COM', text: 'made with care', source: 'COM' }]);
  });

  it('reassembles a C2PA store across APP11 segments, stripping the repeated LBox/TBox', () => {
    const store = c2paStoreBox(150_000);
    const segments = app11Segments(store);
    expect(segments.length).toBe(3);
    const raw = readRawMetadata(buildJpeg(segments));
    expect(raw.warnings).toEqual([]);
    expect(sameBytes(raw.c2paStore, store)).toBe(true);
  });

  it('orders APP11 packets by Z and reports a missing one', () => {
    const store = c2paStoreBox(150_000);
    const [a, b, c] = app11Segments(store);
    expect(sameBytes(readRawMetadata(buildJpeg([a!, c!, b!])).c2paStore, store)).toBe(true);
    const missing = readRawMetadata(buildJpeg([a!, c!]));
    expect(missing.warnings.join('\n')).toMatch(/Z=2 is missing/u);
    expect(missing.warnings.join('\n')).toMatch(/truncated/u);
    expect(missing.c2paStore!.length).toBeLessThan(store.length);
  });

  it('ignores JUMBF boxes that are not a C2PA store and APP11 payloads that are not JUMBF', () => {
    const other = c2paStoreBox(10);
    other.set(latin1Bytes('xxxx'), 16); // jumd UUID no longer c2pa
    const raw = readRawMetadata(
      buildJpeg([...app11Segments(other, 64000, 7), jpegSegment(0xeb, latin1Bytes('HDR data'))]),
    );
    expect(raw.c2paStore).toBeUndefined();
    expect(raw.warnings).toEqual([]);
  });

  it('joins Extended XMP onto the main packet named by xmpNote:HasExtendedXMP', () => {
    const longPrompt = 'a very long prompt '.repeat(200);
    const extendedPacket = xmpPacket(
      description('', `<Iptc4xmpExt:AIPromptInformation>${longPrompt}</Iptc4xmpExt:AIPromptInformation>`),
    );
    const { main, guid, segments } = extendedXmpSegments(
      description('Iptc4xmpExt:AISystemUsed="Gen"'),
      extendedPacket,
      700,
    );
    expect(segments.length).toBeGreaterThan(3);
    const [first, ...rest] = segments;
    // Chunks may arrive in any order.
    const raw = readRawMetadata(buildJpeg([app1Xmp(main), ...rest.reverse(), first!]));
    expect(raw.warnings).toEqual([]);
    expect(raw.xmp).toHaveLength(1);
    expect(extendedXmpGuid(raw.xmp[0]!)).toBe(guid);
    const fields = parseXmpPackets(raw.xmp);
    expect(fields.aiSystemUsed).toBe('Gen');
    expect(fields.aiPromptInformation).toBe(longPrompt);
    expect(fields.warnings).toEqual([]);
  });

  it('ignores extended chunks the main packet does not name, and reports incomplete ones', () => {
    const ext = extendedXmpSegments('', xmpPacket(description('Iptc4xmpExt:AISystemUsed="Hidden"')), 50);
    const unnamed = readRawMetadata(buildJpeg([app1Xmp(xmpPacket(description(''))), ...ext.segments]));
    expect(parseXmpPackets(unnamed.xmp).aiSystemUsed).toBeUndefined();
    expect(unnamed.warnings.join()).toMatch(/not named by the main packet/u);

    const incomplete = readRawMetadata(buildJpeg([app1Xmp(ext.main), ...ext.segments.slice(1)]));
    expect(parseXmpPackets(incomplete.xmp).aiSystemUsed).toBeUndefined();
    expect(incomplete.warnings.join()).toMatch(/incomplete/u);
  });

  it('refuses an extended XMP whose declared length exceeds the limit', () => {
    const header = concat(
      latin1Bytes('http://ns.adobe.com/xmp/extension/\0'),
      latin1Bytes('A'.repeat(32)),
      u32(0xffffffff),
      u32(0),
    );
    const raw = readRawMetadata(buildJpeg([jpegSegment(0xe1, concat(header, bytesOf('<x/>')))]));
    expect(raw.warnings.join()).toMatch(/exceeds the limit/u);
  });

  it('joinExtendedXmp inserts the extended rdf:RDF inside x:xmpmeta', () => {
    const joined = joinExtendedXmp(xmpPacket('<a/>'), xmpPacket('<b/>'));
    expect(joined).toMatch(/<a\/><\/rdf:RDF><rdf:RDF [^>]*><b\/><\/rdf:RDF><\/x:xmpmeta>/u);
    expect(joinExtendedXmp(xmpPacket('<a/>'), 'no rdf here')).toBeUndefined();
  });

  it('stops at SOS: segments after the scan start are not read', () => {
    const jpeg = concat(buildJpeg([com('before')]).subarray(0, -2), com('after SOS'), Uint8Array.of(0xff, 0xd9));
    expect(readRawMetadata(jpeg).textEntries.map((e) => e.text)).toEqual(['before']);
  });

  it('skips fill bytes and standalone markers between segments', () => {
    const jpeg = buildJpeg([Uint8Array.of(0xff, 0xff, 0xff), com('a'), Uint8Array.of(0xff, 0xd0), com('b')]);
    const raw = readRawMetadata(jpeg);
    expect(raw.textEntries.map((e) => e.text)).toEqual(['a', 'b']);
    expect(raw.warnings).toEqual([]);
  });

  it('reports garbage where a marker should be, and truncated segments', () => {
    const garbage = readRawMetadata(buildJpeg([com('a'), latin1Bytes('junk'), com('b')]));
    expect(garbage.textEntries.map((e) => e.text)).toEqual(['a']);
    expect(garbage.warnings.join()).toMatch(/expected a marker/u);
    const full = buildJpeg([com('a'), com('b'.repeat(50))]);
    const truncated = readRawMetadata(full.subarray(0, 60));
    expect(truncated.textEntries.map((e) => e.text)).toEqual(['a']);
    expect(truncated.warnings.join()).toMatch(/truncated/u);
  });

  it('reads IIM spread over two APP13 segments, Latin-1 without a charset declaration', () => {
    const iim = concat(
      iimDataset(2, 80, latin1Bytes('Andr\u00e9')),
      iimDataset(2, 25, bytesOf('k1')),
      iimDataset(2, 25, bytesOf('k2')),
    );
    const whole = app13Iim(iim);
    const payload = whole.subarray(4);
    const header = latin1Bytes('Photoshop 3.0\0');
    const cut = header.length + 20;
    const first = jpegSegment(0xed, payload.subarray(0, cut));
    const second = jpegSegment(0xed, concat(header, payload.subarray(cut)));
    const raw = readRawMetadata(buildJpeg([first, second]));
    expect(raw.warnings).toEqual([]);
    expect(raw.iptcIim).toEqual({ '2:80': ['André'], '2:25': ['k1', 'k2'] });
  });

  it('reads the same through positional reads', async () => {
    const jpeg = buildJpeg([
      app1Exif(buildTiff({ exif: [{ tag: 0x9286, type: 7, value: userCommentBytes('hi', 'ASCII') }] })),
      ...app11Segments(c2paStoreBox(200_000)),
      com('x'),
    ]);
    const fromSource = await readRawMetadataFromSource(memorySource(jpeg));
    const fromBytes = readRawMetadata(jpeg);
    expect(withoutStore(fromSource)).toEqual(withoutStore(fromBytes));
    expect(sameBytes(fromSource.c2paStore, fromBytes.c2paStore)).toBe(true);
    expect(fromSource.exif?.userComment).toBe('hi');
  });

  it('does not mistake a non-JPEG for one', () => {
    expect(readRawMetadata(concat(Uint8Array.of(0xff, 0xd8, 0x00), u16(0))).container).toBe('other');
  });
});
