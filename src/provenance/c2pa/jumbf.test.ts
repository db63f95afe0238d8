import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { box, buildStore, cborBox, concatBytes, description, fixture, superbox } from './c2pa-test-support.ts';
import {
  c2paTypeUuid,
  childByLabel,
  childrenOfType,
  decodeContent,
  firstContent,
  isSuperbox,
  labelOf,
  parseJsonBounded,
  parseJumbf,
} from './jumbf.ts';
import type { JumbfBox, JumbfSuperbox } from './jumbf.ts';
import { readRawMetadata } from '../containers/index.ts';
import { describeWith } from '../../../test/requirements.ts';

const root = (bytes: Uint8Array): JumbfSuperbox => {
  const first = parseJumbf(bytes).boxes[0];
  if (!isSuperbox(first)) throw new Error('expected a superbox');
  return first;
};

/** Every box (recursively) lies within the input and inside its parent. */
function checkBounds(boxes: JumbfBox[], start: number, end: number): void {
  for (const b of boxes) {
    expect(b.offset).toBeGreaterThanOrEqual(start);
    expect(b.offset + b.length).toBeLessThanOrEqual(end);
    if (b.kind === 'superbox') checkBounds(b.children, b.offset + b.headerLength, b.offset + b.length);
    else expect(b.payload.length).toBe(b.length - b.headerLength);
  }
}

describe('parseJumbf on hand-built stores', () => {
  it('reads nested superboxes, descriptions and content boxes', () => {
    const store = buildStore([
      {
        label: 'urn:c2pa:one',
        claim: { claim_generator_info: { name: 'x' } },
        assertions: [{ label: 'c2pa.actions.v2', data: { actions: [] } }],
      },
    ]);
    const { boxes, warnings } = parseJumbf(store);
    expect(warnings).toEqual([]);
    expect(boxes).toHaveLength(1);
    const r = root(store);
    expect(r.description).toMatchObject({
      type4cc: 'c2pa',
      label: 'c2pa',
      toggles: 3,
      requestable: true,
      uuid: c2paTypeUuid('c2pa'),
    });
    expect(r.description?.uuid).toBe('63327061-0011-0010-8000-00aa00389b71');
    const [manifest] = childrenOfType(r, 'c2ma');
    expect(manifest && labelOf(manifest)).toBe('urn:c2pa:one');
    const assertions = manifest && childByLabel(manifest, 'c2pa.assertions');
    const actions = assertions && childByLabel(assertions, 'c2pa.actions.v2');
    const content = actions && firstContent(actions);
    expect(content?.type).toBe('cbor');
    expect(content && decodeContent(content).content).toEqual({ type: 'cbor', value: { actions: [] } });
    checkBounds(parseJumbf(store).boxes, 0, store.length);
  });

  it('reads the optional ID, signature and private (salt) box of a description', () => {
    const salt = box(
      'c2sh',
      Uint8Array.from({ length: 16 }, (_, i) => i),
    );
    const sig = new Uint8Array(32).fill(7);
    const bytes = box(
      'jumb',
      concatBytes(description('cbor', 'salted', { id: 42, signature: sig, privateBox: salt }), cborBox(1)),
    );
    const r = root(bytes);
    expect(r.description).toMatchObject({ label: 'salted', id: 42, toggles: 0x1f });
    expect(r.description?.signature).toEqual(sig);
    expect(r.description?.privateBox?.type).toBe('c2sh');
    expect(r.description?.privateBox?.payload).toHaveLength(16);
    expect(r.children).toHaveLength(1);
  });

  it('understands XLBox and LBox 0 ("to the end")', () => {
    const payload = new TextEncoder().encode('{"a":1}');
    const xl = new Uint8Array(16 + payload.length);
    const dv = new DataView(xl.buffer);
    dv.setUint32(0, 1);
    xl.set(new TextEncoder().encode('json'), 4);
    dv.setBigUint64(8, BigInt(xl.length));
    xl.set(payload, 16);
    const toEnd = concatBytes(Uint8Array.of(0, 0, 0, 0), new TextEncoder().encode('json'), payload);
    const { boxes, warnings } = parseJumbf(concatBytes(xl, toEnd));
    expect(warnings).toEqual([]);
    expect(boxes.map((b) => [b.type, b.headerLength, b.length])).toEqual([
      ['json', 16, xl.length],
      ['json', 8, toEnd.length],
    ]);
    const [first] = boxes;
    expect(first?.kind === 'content' && decodeContent(first).content).toEqual({ type: 'json', value: { a: 1 } });
  });

  it('decodes embedded-file boxes (bfdb media type and file name, bidb bytes) and uuid boxes', () => {
    const bfdb = box('bfdb', concatBytes(Uint8Array.of(1), new TextEncoder().encode('image/jpeg\0thumb.jpg\0')));
    const bidb = box('bidb', Uint8Array.of(0xff, 0xd8));
    const uuid = box('uuid', concatBytes(new Uint8Array(16).fill(0xab), Uint8Array.of(1, 2, 3)));
    const { boxes } = parseJumbf(concatBytes(bfdb, bidb, uuid));
    const decoded = boxes.map((b) => (b.kind === 'content' ? decodeContent(b).content : undefined));
    expect(decoded[0]).toEqual({ type: 'bfdb', mediaType: 'image/jpeg', fileName: 'thumb.jpg', external: false });
    expect(decoded[1]).toMatchObject({ type: 'bidb' });
    expect(decoded[2]).toMatchObject({ type: 'uuid', uuid: 'abababab-abab-abab-abab-abababababab' });
  });

  it('reports impossible and truncated lengths as warnings and keeps what it read', () => {
    const good = cborBox({ ok: true });
    const lying = box('cbor', Uint8Array.of(1, 2, 3));
    new DataView(lying.buffer).setUint32(0, 9999); // claims far more than is there
    const result = parseJumbf(concatBytes(good, lying));
    expect(result.boxes).toHaveLength(1);
    expect(result.warnings.join(' ')).toMatch(/claims 9999 bytes/);

    const tiny = Uint8Array.of(0, 0, 0, 4, 0x6a, 0x75, 0x6d, 0x62); // LBox 4 < header
    expect(parseJumbf(tiny).warnings.join(' ')).toMatch(/impossible length/);
    expect(parseJumbf(Uint8Array.of(0, 0, 0)).warnings.join(' ')).toMatch(/too short for a box header/);
    const noJumd = box('jumb', cborBox(1));
    expect(parseJumbf(noJumd).warnings.join(' ')).toMatch(/does not start with a description box/);
    const badJson = box('json', new TextEncoder().encode('{nope'));
    const [j] = parseJumbf(badJson).boxes;
    expect(j?.kind === 'content' && decodeContent(j).warning).toMatch(/json box/);
  });

  it('stops at the depth limit and the box-count limit', () => {
    let nested = cborBox(0);
    for (let i = 0; i < 80; i++) nested = superbox('cbor', `level${i}`, nested);
    const deep = parseJumbf(nested);
    expect(deep.warnings.join(' ')).toMatch(/nested deeper than 64/);
    const many = concatBytes(...Array.from({ length: 50 }, () => cborBox(1)));
    const limited = parseJumbf(many, { maxBoxes: 10 });
    expect(limited.boxes).toHaveLength(10);
    expect(limited.warnings.join(' ')).toMatch(/more than 10 boxes/);
    expect(parseJumbf(many, { maxBytes: 100 }).warnings.join(' ')).toMatch(/exceed the 100-byte limit/);
  });

  it('refuses deeply nested JSON instead of recursing', () => {
    expect(() => parseJsonBounded('['.repeat(100) + ']'.repeat(100))).toThrow(/deeper than 64/);
    expect(parseJsonBounded('{"a":"[[[[","b":[1]}')).toEqual({ a: '[[[[', b: [1] });
  });
});

describe('parseJumbf fuzzing', () => {
  const valid = buildStore([
    {
      label: 'urn:c2pa:fuzz',
      claim: { claim_generator_info: { name: 'fuzz' }, signature: 'self#jumbf=c2pa.signature' },
      assertions: [{ label: 'c2pa.actions.v2', data: { actions: [{ action: 'c2pa.created' }] } }],
    },
  ]);

  it('never throws and keeps every box inside its parent, on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        const r = parseJumbf(bytes);
        checkBounds(r.boxes, 0, bytes.length);
        for (const b of r.boxes) if (b.kind === 'content') decodeContent(b);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on mutations of a valid store, and decodes every content box safely', () => {
    const visit = (boxes: JumbfBox[]): void => {
      for (const b of boxes) {
        if (b.kind === 'superbox') visit(b.children);
        else decodeContent(b);
      }
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.nat({ max: valid.length }),
        (edits, cut) => {
          const bytes = valid.slice(0, Math.max(cut, 1));
          for (const [at, v] of edits) if (at < bytes.length) bytes[at] = v;
          const r = parseJumbf(bytes);
          checkBounds(r.boxes, 0, bytes.length);
          visit(r.boxes);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describeWith('sharedFixtures', 'parseJumbf on real stores (../shared fixtures)', () => {
  it.each([
    ['c2pa_openai_dalle3_chatgpt.webp', 2],
    ['c2pa_microsoft_bing_image_creator.jpg', 1],
    ['c2pa_adobe_firefly_genai_actions_v2.jpg', 2],
    ['generated_c2pa_trained_a1111.png', 1],
    ['generated_c2pa_trained_a1111.jpg', 1],
  ])('%s: walks the whole store without warnings', (name, manifests) => {
    const store = readRawMetadata(fixture(name)).c2paStore;
    expect(store).toBeDefined();
    if (!store) return;
    const { boxes, warnings } = parseJumbf(store);
    expect(warnings).toEqual([]);
    const [r] = boxes;
    expect(r && isSuperbox(r) && r.length).toBe(store.length);
    expect(r && isSuperbox(r) && childrenOfType(r, 'c2ma')).toHaveLength(manifests);
    checkBounds(boxes, 0, store.length);
  });

  it('matches the manifest-store header test vector (first bytes of the generated PNG store)', () => {
    const store = readRawMetadata(fixture('generated_c2pa_trained_a1111.png')).c2paStore;
    expect(Buffer.from(store?.subarray(0, 8) ?? []).toString('hex')).toBe('0000352c6a756d62');
    expect(store && root(store).length).toBe(0x352c);
  });
});
