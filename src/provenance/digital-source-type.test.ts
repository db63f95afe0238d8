import { describe, expect, it } from 'vitest';
import {
  C2PA_DST_BASE,
  IPTC_DST_BASE,
  digitalSourceTypes,
  dstInfo,
  normaliseDst,
  normaliseDstOrVerbatim,
  originVerdict,
} from './digital-source-type.ts';

const TAM = `${IPTC_DST_BASE}trainedAlgorithmicMedia`;

describe('digital source type vocabulary', () => {
  it('holds the 20 IPTC codes (current and retired) and the 2 C2PA codes, each with a class', () => {
    expect(digitalSourceTypes.filter((t) => t.uri.startsWith(IPTC_DST_BASE))).toHaveLength(20);
    expect(digitalSourceTypes.filter((t) => t.uri.startsWith(C2PA_DST_BASE)).map((t) => t.code)).toEqual([
      'empty',
      'trainedAlgorithmicData',
    ]);
    expect(digitalSourceTypes.filter((t) => t.status === 'retired').map((t) => t.code)).toEqual([
      'minorHumanEdits',
      'digitalArt',
      'softwareImage',
    ]);
    for (const t of digitalSourceTypes) expect(t.label.length).toBeGreaterThan(3);
  });

  it('classifies AI involvement', () => {
    const ai = (code: string) => dstInfo(code)?.aiInvolvement;
    expect(ai('trainedAlgorithmicMedia')).toBe('ai-generated');
    expect(ai('trainedAlgorithmicData')).toBe('ai-generated');
    expect(ai('compositeWithTrainedAlgorithmicMedia')).toBe('ai-edited');
    expect(ai('compositeSynthetic')).toBe('ai-edited');
    expect(ai('algorithmicMedia')).toBe('none');
    expect(ai('digitalCapture')).toBe('none');
    expect(dstInfo('composite')?.ambiguous).toBe(true);
    expect(dstInfo('digitalArt')?.replacedBy).toBe('digitalCreation');
  });

  it('softwareImage (retired 2022) is ambiguous: software may be generative AI, so it proves no human origin', () => {
    expect(dstInfo('softwareImage')).toMatchObject({ status: 'retired', ambiguous: true });
    expect(originVerdict(`${IPTC_DST_BASE}softwareImage`)).toBeUndefined();
  });

  it('states an origin only for unambiguous codes that are not edits', () => {
    expect(originVerdict(`${IPTC_DST_BASE}digitalCapture`)).toBe('none');
    expect(originVerdict(`${C2PA_DST_BASE}empty`)).toBe('none');
    expect(originVerdict(TAM)).toBe('ai-generated');
    for (const code of ['humanEdits', 'algorithmicallyEnhanced', 'compositeWithTrainedAlgorithmicMedia', 'composite']) {
      expect(originVerdict(IPTC_DST_BASE + code), code).toBeUndefined();
    }
    expect(originVerdict('urn:example:other')).toBeUndefined();
  });
});

describe('normaliseDst', () => {
  it.each([
    [TAM, TAM],
    [`https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia`, TAM],
    [` ${TAM}`, TAM],
    [`${TAM}  `, TAM],
    [`HTTPS://CV.IPTC.ORG/newscodes/digitalsourcetype/trainedAlgorithmicMedia/`, TAM],
    ['trainedAlgorithmicMedia', TAM],
    ['trainedalgorithmicmedia', TAM],
    ['digsrctype:trainedAlgorithmicMedia', TAM],
    ['http://c2pa.org/digitalsourcetype/trainedAlgorithmicMedia', TAM],
    ['https://schema.org/TrainedAlgorithmicMediaDigitalSource', TAM],
    ['http://c2pa.org/digitalsourcetype/empty', `${C2PA_DST_BASE}empty`],
    ['https://c2pa.org/digitalsourcetype/trainedAlgorithmicData', `${C2PA_DST_BASE}trainedAlgorithmicData`],
    ['empty', `${C2PA_DST_BASE}empty`],
    ['digitalArt', `${IPTC_DST_BASE}digitalArt`],
    // An unknown code on the IPTC path is kept: the vocabulary grows.
    ['http://cv.iptc.org/newscodes/digitalsourcetype/futureCode', `${IPTC_DST_BASE}futureCode`],
  ])('%j → %s', (input, expected) => {
    expect(normaliseDst(input)).toBe(expected);
  });

  it.each([
    '',
    '   ',
    'made by AI',
    'unknownBareCode',
    'ftp://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    'http://example.com/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    'http://cv.iptc.org/newscodes/other/trainedAlgorithmicMedia',
    'http://cv.iptc.org/trainedAlgorithmicMedia',
    'https://schema.org/Person',
    'x'.repeat(1000),
    42,
    undefined,
  ])('garbage %j → undefined', (input) => {
    expect(normaliseDst(input)).toBeUndefined();
  });
});

describe('normaliseDstOrVerbatim (C2PA actions)', () => {
  it.each([
    [` ${TAM} `, TAM],
    [
      'https://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia',
      `${IPTC_DST_BASE}compositeWithTrainedAlgorithmicMedia`,
    ],
    ['digsrctype:compositeSynthetic', `${IPTC_DST_BASE}compositeSynthetic`],
    // c2pa-rs keeps values it does not know; so do we, trimmed.
    ['urn:example:other', 'urn:example:other'],
    [' unknownBareCode ', 'unknownBareCode'],
  ])('%j → %s', (input, expected) => {
    expect(normaliseDstOrVerbatim(input)).toBe(expected);
  });

  it('ignores empty and non-string values', () => {
    expect(normaliseDstOrVerbatim('  ')).toBeUndefined();
    expect(normaliseDstOrVerbatim(42)).toBeUndefined();
    expect(normaliseDstOrVerbatim(undefined)).toBeUndefined();
  });
});
