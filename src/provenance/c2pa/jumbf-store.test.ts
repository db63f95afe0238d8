import { describe, expect, it } from 'vitest';
import { buildStore, cborBox, concatBytes, superbox } from './c2pa-test-support.ts';
import { storeFromJumbf, timeStampGenTime } from './jumbf-store.ts';
import { summariseStore } from './summary.ts';

const tlv = (tag: number, ...content: Uint8Array[]): Uint8Array => {
  const body = concatBytes(...content);
  const len =
    body.length < 128 ? Uint8Array.of(body.length) : Uint8Array.of(0x82, body.length >> 8, body.length & 0xff);
  return concatBytes(Uint8Array.of(tag), len, body);
};
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A skeletal RFC 3161 TimeStampToken: only the path to genTime is real. */
function timeStampToken(genTime: string): Uint8Array {
  const oid = tlv(0x06, Uint8Array.of(1, 2, 3));
  const tstInfo = tlv(
    0x30,
    tlv(0x02, Uint8Array.of(1)),
    oid,
    tlv(0x30, tlv(0x30, oid), tlv(0x04, new Uint8Array(4))),
    tlv(0x02, Uint8Array.of(9)),
    tlv(0x18, ascii(genTime)),
  );
  const encap = tlv(0x30, oid, tlv(0xa0, tlv(0x04, tstInfo)));
  const signedData = tlv(0x30, tlv(0x02, Uint8Array.of(3)), tlv(0x31, new Uint8Array(0)), encap);
  return tlv(0x30, oid, tlv(0xa0, signedData));
}

describe('timeStampGenTime', () => {
  it('reads genTime from a TimeStampToken and from a whole TimeStampResp', () => {
    const token = timeStampToken('20240308202253Z');
    expect(timeStampGenTime(token)).toBe('2024-03-08T20:22:53+00:00');
    const resp = tlv(0x30, tlv(0x30, tlv(0x02, Uint8Array.of(0))), token);
    expect(timeStampGenTime(resp)).toBe('2024-03-08T20:22:53+00:00');
    expect(timeStampGenTime(timeStampToken('20240308202253.123Z'))).toBe('2024-03-08T20:22:53+00:00');
  });

  it('gives undefined for anything else', () => {
    expect(timeStampGenTime(new Uint8Array(0))).toBeUndefined();
    expect(timeStampGenTime(timeStampToken('not a time'))).toBeUndefined();
    expect(timeStampGenTime(Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff))).toBeUndefined();
  });
});

describe('storeFromJumbf', () => {
  it('links parentOf ingredients (v1 c2pa_manifest and v3 activeManifest) and takes the last manifest as active', () => {
    const bytes = buildStore([
      {
        label: 'urn:c2pa:grand',
        claim: { claim_generator: 'Maker/2.0 c2pa-rs/0.1', claim_generator_info: null },
        assertions: [
          {
            label: 'c2pa.actions',
            data: {
              actions: [
                {
                  action: 'c2pa.created',
                  softwareAgent: 'DALL·E',
                  digitalSourceType: 'https://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
                },
              ],
            },
          },
        ],
      },
      {
        label: 'urn:c2pa:parent',
        claim: { claim_generator_info: { name: 'Editor' } },
        assertions: [
          {
            label: 'c2pa.ingredient',
            data: {
              'dc:title': 'g.png',
              relationship: 'parentOf',
              c2pa_manifest: { url: 'self#jumbf=/c2pa/urn:c2pa:grand', hash: Buffer.alloc(32) },
            },
          },
          { label: 'c2pa.actions.v2', data: { actions: [{ action: 'c2pa.opened' }] } },
        ],
      },
      {
        label: 'urn:c2pa:active',
        claim: { claim_generator_info: { name: 'Publisher', version: '3' }, 'dc:title': 'final.jpg' },
        assertions: [
          {
            label: 'c2pa.ingredient.v3',
            data: {
              'dc:title': 'p.jpg',
              'dc:format': 'image/jpeg',
              relationship: 'parentOf',
              activeManifest: { url: 'self#jumbf=/c2pa/urn:c2pa:parent/', hash: Buffer.alloc(32) },
            },
          },
          { label: 'c2pa.ingredient.v3__1', data: { 'dc:title': 'prompt', relationship: 'inputTo' } },
        ],
      },
    ]);
    const model = storeFromJumbf(bytes);
    expect(model.activeManifest).toBe('urn:c2pa:active');
    expect(model.manifests.get('urn:c2pa:active')?.ingredients).toEqual([
      { title: 'p.jpg', format: 'image/jpeg', relationship: 'parentOf', activeManifest: 'urn:c2pa:parent' },
      { title: 'prompt', relationship: 'inputTo' },
    ]);
    const s = summariseStore(model);
    expect(s).toMatchObject({
      activeManifest: 'urn:c2pa:active',
      generator: { name: 'Publisher', version: '3' },
      aiInvolvement: 'ai-generated',
      softwareAgent: 'DALL·E',
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    });
    expect(s.actions.map((a) => a.action)).toEqual(['c2pa.opened', 'c2pa.created']);
    expect(s.ingredients.map((i) => i.title)).toEqual(['p.jpg', 'prompt']);
  });

  it('reads the COSE algorithm from the protected header even without a certificate', () => {
    const protectedHeader = Buffer.from([0xa1, 0x01, 0x38, 0x24]); // {1: -37} = PS256
    const store = superbox(
      'c2pa',
      'c2pa',
      superbox(
        'c2ma',
        'urn:c2pa:x',
        superbox('c2cl', 'c2pa.claim.v2', cborBox({ claim_generator_info: { name: 'x' } })),
        superbox('c2cs', 'c2pa.signature', cborBox([protectedHeader, {}, null, Buffer.alloc(0)])),
      ),
    );
    expect(storeFromJumbf(store).manifests.get('urn:c2pa:x')?.signer).toEqual({ alg: 'Ps256' });
  });

  it('reports what is wrong instead of throwing', () => {
    expect(storeFromJumbf(new Uint8Array(0)).warnings.join(' ')).toMatch(/does not start with a C2PA manifest store/);
    const noClaim = superbox(
      'c2pa',
      'c2pa',
      superbox('c2ma', 'urn:c2pa:y', superbox('c2cs', 'c2pa.signature', cborBox('nope'))),
    );
    const model = storeFromJumbf(noClaim);
    expect(model.manifests.size).toBe(1);
    expect(model.warnings.join(' ')).toMatch(/no readable claim/);
    expect(model.warnings.join(' ')).toMatch(/not a COSE_Sign1/);
    const dup = superbox('c2pa', 'c2pa', superbox('c2ma', 'urn:c2pa:z'), superbox('c2ma', 'urn:c2pa:z'));
    expect(storeFromJumbf(dup).warnings.join(' ')).toMatch(/duplicate manifest label/);
  });
});
