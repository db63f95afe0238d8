import { SaxesParser } from 'saxes';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ProvenanceRecord } from '../../domain/provenance.ts';
import { XMP_APP1_HEADER, XMP_EXTENSION_HEADER, payloadStartsWith, walkJpegSegments } from './jpeg-segments.ts';
import { walkPngChunks } from './png-text.ts';
import { walkWebpChunks } from './webp-chunks.ts';
import {
  DST_TRAINED_ALGORITHMIC_MEDIA,
  MAX_JPEG_XMP_BYTES,
  buildXmpPacket,
  escapeXml,
  setJpegXmp,
  setPngXmpPacket,
  setWebpXmpPacket,
  xmpFieldsFromRecord,
  type XmpWriteFields,
} from './xmp-packet.ts';
import { decodedSize, exiftoolRead, sampleImages, type SampleImages } from './writer-test-support.ts';
import { describeWith } from '../../../test/requirements.ts';

let images: SampleImages;
beforeAll(async () => {
  images = await sampleImages();
});

/** Text that breaks naive XML writers: markup, entities, quotes, CR, a C0 control, astral characters. */
const HOSTILE = 'a <b>&amp; "c" \'d\'\r\nline ]]> 猫 🦆 \u0007bell';

const FIELDS: XmpWriteFields = {
  digitalSourceType: DST_TRAINED_ALGORITHMIC_MEDIA,
  aiSystemUsed: 'Stable Diffusion web UI',
  aiSystemVersionUsed: '1.10.1',
  aiPromptInformation: `photo of a duck ${HOSTILE} (negative: monochrome)`,
  aiPromptWriterName: 'Jane Example',
  digImageGuid: 'urn:uuid:6f1f3c2a-9d1e-4a8b-9a52-0d6f3b8e2c11',
  creator: ['Example Studio', 'Ünïcode & Co'],
  copyrightNotice: '(c) 2026 Example Studio',
  creditLine: 'Example Studio (AI-generated)',
  webStatement: 'https://example.com/license?a=1&b=2',
  licensorUrl: 'https://example.com/buy',
  licensorName: 'Example Licensing',
  description: 'A duck, generated with AI',
  title: 'Duck',
  keywords: ['duck', 'ai'],
  usageTerms: 'Editorial use only',
  dataMining: 'http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED',
  createDate: '2026-01-15T10:00:00Z',
  creatorTool: 'Provena',
};

/** What ExifTool must print for FIELDS (the BEL control character becomes U+FFFD, CR LF survives). */
const EXPECTED_TAGS: Record<string, unknown> = {
  'XMP-iptcExt:DigitalSourceType': DST_TRAINED_ALGORITHMIC_MEDIA,
  'XMP-iptcExt:AISystemUsed': 'Stable Diffusion web UI',
  'XMP-iptcExt:AISystemVersionUsed': '1.10.1',
  'XMP-iptcExt:AIPromptInformation': `photo of a duck ${HOSTILE.replace('\u0007', '\ufffd')} (negative: monochrome)`,
  'XMP-iptcExt:AIPromptWriterName': 'Jane Example',
  'XMP-iptcExt:DigitalImageGUID': 'urn:uuid:6f1f3c2a-9d1e-4a8b-9a52-0d6f3b8e2c11',
  'XMP-dc:Creator': ['Example Studio', 'Ünïcode & Co'],
  'XMP-dc:Rights': '(c) 2026 Example Studio',
  'XMP-dc:Title': 'Duck',
  'XMP-dc:Description': 'A duck, generated with AI',
  'XMP-dc:Subject': ['duck', 'ai'],
  'XMP-photoshop:Credit': 'Example Studio (AI-generated)',
  'XMP-xmpRights:WebStatement': 'https://example.com/license?a=1&b=2',
  'XMP-xmpRights:UsageTerms': 'Editorial use only',
  'XMP-plus:Licensor': [{ LicensorName: 'Example Licensing', LicensorURL: 'https://example.com/buy' }],
  'XMP-plus:DataMining': 'http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED',
  'XMP-xmp:CreateDate': '2026:01:15 10:00:00Z',
  'XMP-xmp:CreatorTool': 'Provena',
};

function wellFormed(xml: string): void {
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(xml).close();
}

describe('XMP packet', () => {
  it('is well-formed namespace-aware XML for hostile values', () => {
    expect(() => wellFormed(buildXmpPacket(FIELDS))).not.toThrow();
  });

  it('escapes markup and replaces characters XML cannot carry', () => {
    expect(escapeXml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
    expect(escapeXml('a\u0000b\u001fc\r\n\ud800')).toBe('a\ufffdb\ufffdc&#xD;\n\ufffd');
    expect(escapeXml('🦆')).toBe('🦆');
  });

  it('leaves out absent and empty fields', () => {
    const packet = buildXmpPacket({ digitalSourceType: DST_TRAINED_ALGORITHMIC_MEDIA, aiSystemUsed: '', creator: [] });
    expect(packet).toContain('<Iptc4xmpExt:DigitalSourceType>');
    expect(packet).not.toContain('AISystemUsed');
    expect(packet).not.toContain('dc:creator');
  });

  it('derives fields from a record: DST from AI involvement, prompt information, record IPTC values first', () => {
    const record: ProvenanceRecord = {
      aiInvolvement: 'ai-edited',
      dstSources: [],
      generator: { system: 'ComfyUI', version: '0.3' },
      prompt: { positive: 'a duck', negative: 'blur', writer: 'Jane' },
      iptc: { creditLine: 'From record', creator: ['Record Creator'] },
      rights: { license: 'https://l.example', acquireLicensePage: 'https://buy.example' },
    };
    expect(xmpFieldsFromRecord(record, { creator: ['Override'] })).toMatchObject({
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
      aiSystemUsed: 'ComfyUI',
      aiSystemVersionUsed: '0.3',
      aiPromptInformation: 'a duck (negative: blur)',
      aiPromptWriterName: 'Jane',
      creator: ['Override'],
      creditLine: 'From record',
      webStatement: 'https://l.example',
      licensorUrl: 'https://buy.example',
    });
    expect(xmpFieldsFromRecord({ aiInvolvement: 'none', dstSources: [] }).digitalSourceType).toBeUndefined();
  });

  it('replaces existing XMP in each container instead of adding a second packet', async () => {
    const twicePng = setPngXmpPacket(setPngXmpPacket(images.png, buildXmpPacket(FIELDS)), buildXmpPacket({}));
    expect(walkPngChunks(twicePng).filter((c) => c.type === 'iTXt')).toHaveLength(1);
    const twiceJpeg = setJpegXmp(setJpegXmp(images.jpeg, FIELDS), { title: 'second' });
    const xmpSegments = walkJpegSegments(twiceJpeg).segments.filter(
      (s) => s.marker === 0xe1 && payloadStartsWith(twiceJpeg, s, XMP_APP1_HEADER),
    );
    expect(xmpSegments).toHaveLength(1);
    const twiceWebp = setWebpXmpPacket(setWebpXmpPacket(images.webpLossy, 'a'), 'b');
    expect(walkWebpChunks(twiceWebp).filter((c) => c.fourcc === 'XMP ')).toHaveLength(1);
    expect(await decodedSize(twiceJpeg)).toEqual({ width: 24, height: 16 });
    expect(await decodedSize(twiceWebp)).toEqual({ width: 24, height: 16 });
  });

  it('splits an oversized JPEG packet into standard + Extended XMP segments', () => {
    const out = setJpegXmp(images.jpeg, { ...FIELDS, aiPromptInformation: 'duck '.repeat(30_000) });
    const segments = walkJpegSegments(out).segments.filter((s) => s.marker === 0xe1);
    const main = segments.filter((s) => payloadStartsWith(out, s, XMP_APP1_HEADER));
    const extension = segments.filter((s) => payloadStartsWith(out, s, XMP_EXTENSION_HEADER));
    expect(main).toHaveLength(1);
    expect(extension.length).toBeGreaterThanOrEqual(3);
    for (const s of segments) expect(s.end - s.payloadStart).toBeLessThanOrEqual(0xffff - 2);
    const mainText = Buffer.from(out.subarray((main[0]?.payloadStart ?? 0) + XMP_APP1_HEADER.length, main[0]?.end));
    expect(mainText.length).toBeLessThanOrEqual(MAX_JPEG_XMP_BYTES);
    expect(mainText.toString('utf8')).toMatch(/xmpNote:HasExtendedXMP="[0-9A-F]{32}"/);
  });
});

describeWith('exiftool', 'XMP packet: ExifTool reads every field back', () => {
  it('in PNG, JPEG and all three WebP flavours (VP8, VP8L, VP8X+ALPH)', async () => {
    const packet = buildXmpPacket(FIELDS);
    const files = [
      { name: 'x.png', bytes: setPngXmpPacket(images.png, packet) },
      { name: 'x.jpg', bytes: setJpegXmp(images.jpeg, FIELDS) },
      { name: 'lossy.webp', bytes: setWebpXmpPacket(images.webpLossy, packet) },
      { name: 'lossless.webp', bytes: setWebpXmpPacket(images.webpLossless, packet) },
      { name: 'alpha.webp', bytes: setWebpXmpPacket(images.webpAlpha, packet) },
    ];
    const all = await exiftoolRead(files);
    expect(all).toHaveLength(files.length);
    for (const tags of all) {
      for (const [tag, value] of Object.entries(EXPECTED_TAGS))
        expect(tags[tag], `${String(tags.SourceFile)} ${tag}`).toEqual(value);
      expect(tags['ExifTool:Warning'], String(tags.SourceFile)).toBeUndefined();
    }
    expect(all[2]?.['RIFF:WebP_Flags']).toBe('XMP');
    expect(all[4]?.['RIFF:WebP_Flags']).toBe('XMP, Alpha');
  });

  it('joins an Extended XMP JPEG packet back together', async () => {
    const long = `${'a long prompt, '.repeat(6000)}end`;
    const [tags] = await exiftoolRead([
      { name: 'ext.jpg', bytes: setJpegXmp(images.jpeg, { ...FIELDS, aiPromptInformation: long }) },
    ]);
    expect(tags?.['XMP-iptcExt:AIPromptInformation']).toBe(long);
    expect(tags?.['XMP-iptcExt:AISystemUsed']).toBe('Stable Diffusion web UI');
    expect(tags?.['XMP-dc:Description']).toBe('A duck, generated with AI');
  });
});
