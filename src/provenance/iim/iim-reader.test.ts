import { describe, expect, it } from 'vitest';
import { bytesOf, concat, iimDataset, latin1Bytes, u16, u32 } from '../containers/test-builders.ts';
import { readIim } from './iim-reader.ts';
import { IPTC_NAA_RESOURCE, readImageResources } from './photoshop-irb.ts';

const read = (bytes: Uint8Array) => {
  const warnings: string[] = [];
  return { datasets: readIim(bytes, warnings), warnings };
};

describe('IIM reader', () => {
  it('decodes UTF-8 when 1:90 is ESC % G, and keeps repeatable datasets in order', () => {
    const { datasets, warnings } = read(
      concat(
        iimDataset(1, 90, Uint8Array.of(0x1b, 0x25, 0x47)),
        iimDataset(2, 0, u16(4)),
        iimDataset(2, 25, bytesOf('chat')),
        iimDataset(2, 25, bytesOf('café')),
        iimDataset(2, 120, bytesOf('Légende — ünïcode')),
      ),
    );
    expect(warnings).toEqual([]);
    expect(datasets).toEqual({
      '1:90': ['\u001b%G'],
      '2:0': ['4'],
      '2:25': ['chat', 'café'],
      '2:120': ['Légende — ünïcode'],
    });
  });

  it('decodes Latin-1 without a charset declaration', () => {
    expect(read(iimDataset(2, 80, latin1Bytes('Fran\u00e7ois M\u00fcller'))).datasets).toEqual({
      '2:80': ['François Müller'],
    });
  });

  it('reads extended-length datasets', () => {
    const value = bytesOf('x'.repeat(40000));
    const dataset = concat(Uint8Array.of(0x1c, 2, 120), u16(0x8004), u32(value.length), value);
    expect(read(dataset).datasets['2:120']?.[0]).toHaveLength(40000);
  });

  it('keeps records 1 and 2 only', () => {
    expect(read(concat(iimDataset(3, 10, bytesOf('x')), iimDataset(2, 5, bytesOf('t')))).datasets).toEqual({
      '2:5': ['t'],
    });
  });

  it('reports truncation and garbage, keeping what was read; tolerates zero padding', () => {
    const good = iimDataset(2, 5, bytesOf('Title'));
    const truncated = read(concat(good, iimDataset(2, 120, bytesOf('caption')).subarray(0, 8)));
    expect(truncated.datasets['2:5']).toEqual(['Title']);
    expect(truncated.warnings.join()).toMatch(/declares 7 bytes/u);
    expect(read(concat(good, latin1Bytes('junk'))).warnings.join()).toMatch(/no tag marker/u);
    expect(read(concat(good, new Uint8Array(3))).warnings).toEqual([]);
    expect(read(concat(Uint8Array.of(0x1c, 2, 5), u16(0x8009))).warnings.join()).toMatch(/extended length/u);
  });
});

describe('Photoshop image resources', () => {
  const resource = (id: number, data: Uint8Array, name = ''): Uint8Array => {
    const pascal = concat(Uint8Array.of(name.length), latin1Bytes(name));
    return concat(
      latin1Bytes('8BIM'),
      u16(id),
      pascal.length % 2 ? concat(pascal, new Uint8Array(1)) : pascal,
      u32(data.length),
      data,
      data.length % 2 ? new Uint8Array(1) : new Uint8Array(0),
    );
  };

  it('finds 0x0404 among other resources, with names and odd sizes', () => {
    const iim = iimDataset(2, 5, bytesOf('T'));
    const warnings: string[] = [];
    const found = readImageResources(
      concat(resource(0x03ed, Uint8Array.of(1, 2, 3)), resource(IPTC_NAA_RESOURCE, iim, 'IPTC')),
      new Set([IPTC_NAA_RESOURCE]),
      warnings,
    );
    expect(warnings).toEqual([]);
    expect(found).toEqual([{ id: IPTC_NAA_RESOURCE, data: iim }]);
  });

  it('stops at an unknown signature and at a size beyond the block', () => {
    const warnings: string[] = [];
    readImageResources(latin1Bytes('XXXX\x04\x04\0\0\0\0\0\0'), new Set([IPTC_NAA_RESOURCE]), warnings);
    expect(warnings.join()).toMatch(/unknown resource signature/u);
    const big = concat(latin1Bytes('8BIM'), u16(0x0404), u16(0), u32(1000), bytesOf('abc'));
    const w2: string[] = [];
    expect(readImageResources(big, new Set([IPTC_NAA_RESOURCE]), w2)[0]?.data).toEqual(bytesOf('abc'));
    expect(w2.join()).toMatch(/declares 1000 bytes/u);
  });
});
