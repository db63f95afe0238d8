import { encode } from 'cbor-x';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCborSafe, scanCbor } from './cbor-safe.ts';

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('decodeCborSafe', () => {
  it('decodes ordinary C2PA-style data (text keys, numeric keys, byte strings, tag-0 dates)', () => {
    const value = {
      actions: [{ action: 'c2pa.created', when: new Date('2024-03-08T20:41:56Z') }],
      n: -7,
      b: Buffer.from([1, 2]),
    };
    const r = decodeCborSafe(new Uint8Array(encode(value)));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const v = r.value as { actions: Array<{ when: Date }>; n: number; b: Uint8Array };
    expect(v.actions[0]?.when.toISOString()).toBe('2024-03-08T20:41:56.000Z');
    expect(v.n).toBe(-7);
    expect([...v.b]).toEqual([1, 2]);
    // {1: -7} → numeric keys become text keys with mapsAsObjects
    expect(decodeCborSafe(bytes(0xa1, 0x01, 0x26))).toEqual({ ok: true, value: { '1': -7 } });
  });

  it('keeps COSE_Sign1 (tag 18) as an inert tag object', () => {
    const r = decodeCborSafe(bytes(0xd2, 0x84, 0x40, 0xa0, 0xf6, 0x40));
    expect(r).toMatchObject({ ok: true, value: { tag: 18 } });
  });

  it('refuses tags that construct objects or keep decoder state', () => {
    // tag 27 ("generic object": calls a global constructor by name) around ["Error", "x"]
    expect(decodeCborSafe(bytes(0xd8, 0x1b, 0x82, 0x65, 0x45, 0x72, 0x72, 0x6f, 0x72, 0x61, 0x78))).toMatchObject({
      ok: false,
      error: expect.stringMatching(/tag 27/) as unknown,
    });
    expect(decodeCborSafe(bytes(0xd8, 0x1c, 0x01)).ok).toBe(false); // tag 28 shareable
    expect(decodeCborSafe(bytes(0xd9, 0xdf, 0xff, 0x01)).ok).toBe(false); // record definition range
  });

  it('refuses lengths that exceed the data, instead of allocating', () => {
    expect(decodeCborSafe(bytes(0x9b, 0, 0, 0, 0x10, 0, 0, 0, 0))).toMatchObject({ ok: false }); // array of 2^36
    expect(decodeCborSafe(bytes(0x5a, 0x7f, 0xff, 0xff, 0xff, 0x00))).toMatchObject({ ok: false }); // 2 GB bstr
    expect(decodeCborSafe(bytes(0xbf, 0x01))).toMatchObject({ ok: false }); // unterminated indefinite map
  });

  it('limits nesting depth', () => {
    const deep = new Uint8Array(200).fill(0x81);
    deep[199] = 0x00;
    expect(decodeCborSafe(deep)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/deeper than 64/) as unknown,
    });
    expect(decodeCborSafe(deep.subarray(150)).ok).toBe(true);
  });

  it('guards __proto__ keys', () => {
    // {"__proto__": {"p": 1}}
    const r = decodeCborSafe(bytes(0xa1, 0x69, ...Buffer.from('__proto__'), 0xa1, 0x61, 0x70, 0x01));
    expect(r.ok).toBe(true);
    expect(Object.getPrototypeOf(r.ok ? r.value : null)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });

  it('never throws on arbitrary bytes, and accepts what the scanner accepts', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        const r = decodeCborSafe(b);
        if (r.ok) expect(scanCbor(b).ok).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('round-trips arbitrary JSON-like values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (v) => {
        const r = decodeCborSafe(new Uint8Array(encode(v)));
        expect(r.ok).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
