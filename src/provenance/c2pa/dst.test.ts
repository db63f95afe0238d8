import { describe, expect, it } from 'vitest';
import { dstCode, normaliseDst } from './dst.ts';

const iptc = 'http://cv.iptc.org/newscodes/digitalsourcetype/';

describe('normaliseDst', () => {
  it.each([
    [`${iptc}trainedAlgorithmicMedia`, `${iptc}trainedAlgorithmicMedia`],
    ['https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia', `${iptc}trainedAlgorithmicMedia`],
    [` ${iptc}compositeWithTrainedAlgorithmicMedia `, `${iptc}compositeWithTrainedAlgorithmicMedia`],
    ['HTTP://CV.IPTC.ORG/newscodes/digitalsourcetype/digitalCapture/', `${iptc}digitalCapture`],
    ['trainedAlgorithmicMedia', `${iptc}trainedAlgorithmicMedia`],
    ['digsrctype:compositeSynthetic', `${iptc}compositeSynthetic`],
    ['digitalart', `${iptc}digitalArt`],
    ['http://c2pa.org/digitalsourcetype/empty', 'http://c2pa.org/digitalsourcetype/empty'],
    ['trainedAlgorithmicData', 'http://c2pa.org/digitalsourcetype/trainedAlgorithmicData'],
    ['https://cv.iptc.org/newscodes/digitalsourcetype/futureCode', `${iptc}futureCode`],
    ['urn:example:other', 'urn:example:other'],
  ])('%j → %s', (raw, expected) => {
    expect(normaliseDst(raw)).toBe(expected);
  });

  it('ignores empty and non-string values', () => {
    expect(normaliseDst('  ')).toBeUndefined();
    expect(normaliseDst(42)).toBeUndefined();
    expect(normaliseDst(undefined)).toBeUndefined();
  });

  it('extracts the code', () => {
    expect(dstCode(`${iptc}trainedAlgorithmicMedia`)).toBe('trainedAlgorithmicMedia');
  });
});
