/**
 * End-to-end proof of the signer: files signed here are validated by c2pa-rs (via @contentauth/c2pa-wasm), which
 * knows nothing of our code. Valid without trust anchors, Trusted with the test root as anchor, Invalid once altered.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRawMetadata } from '../../containers/index.ts';
import { childByLabel, isSuperbox, labelOf, parseJumbf } from '../jumbf.ts';
import { prepareJpeg } from './embed-jpeg.ts';
import { signC2pa, signC2paDetailed, signPreparedAsset, type SignC2paOptions } from './sign-c2pa.ts';
import { activeManifest, makeImage, mediaTypeOf, validateWithC2paRs } from './sign-test-support.ts';
import { generateTestPki, type TestKeyAlgorithm, type TestPki } from './test-pki.ts';
import { describeWith, sharedFixturesDir } from '../../../../test/requirements.ts';

const TRAINED = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
const COMPOSITE = 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia';

let pki: TestPki;
const images: Record<string, Uint8Array> = {};

const optionsFor = (p: TestPki, extra: Partial<SignC2paOptions> = {}): SignC2paOptions => ({
  certificateChainPem: p.chainPem,
  privateKeyPem: p.leafKeyPem,
  action: 'c2pa.created',
  digitalSourceType: TRAINED,
  softwareAgent: { name: 'Stable Diffusion web UI', version: '1.10.1' },
  claimGenerator: { name: 'Provena', version: '0.1.0' },
  title: 'duck.png',
  ...extra,
});

const actionsOf = (manifest: ReturnType<typeof activeManifest>): { action: string; [k: string]: unknown }[] => {
  const assertion = manifest.assertions.find((a) => a.label.startsWith('c2pa.actions'));
  return (assertion?.data as { actions: { action: string }[] } | undefined)?.actions ?? [];
};

beforeAll(async () => {
  pki = generateTestPki();
  images.png = await makeImage('png');
  images.jpeg = await makeImage('jpeg');
  images.webp = await makeImage('webp');
  images.webpLosslessAlpha = await makeImage('webp', { alpha: true, lossless: true });
  images.webpLossyAlpha = await makeImage('webp', { alpha: true });
});

describe.each([
  ['png', 'png'],
  ['jpeg', 'jpeg'],
  ['webp', 'webp'],
  ['webpLosslessAlpha', 'webp'],
  ['webpLossyAlpha', 'webp'],
] as const)('signC2pa on %s', (name, format) => {
  const mediaType = mediaTypeOf[format];
  let signed: Uint8Array;

  beforeAll(() => {
    const input = images[name];
    if (!input) throw new Error(`no test image ${name}`);
    signed = signC2pa(input, mediaType, optionsFor(pki));
  });

  it('is Valid without trust anchors, failing only on the untrusted signer', async () => {
    const v = await validateWithC2paRs(signed, mediaType);
    expect(v.state).toBe('Valid');
    expect(v.status).toEqual(['signingCredential.untrusted']);
    expect(v.success).toEqual(
      expect.arrayContaining(['claimSignature.validated', 'assertion.hashedURI.match', 'assertion.dataHash.match']),
    );
  });

  it('is Trusted when the test root is a trust anchor', async () => {
    const v = await validateWithC2paRs(signed, mediaType, pki);
    expect(v.state).toBe('Trusted');
    expect(v.status).toEqual([]);
    expect(v.failure).toEqual([]);
  });

  it('records the action, source type, agents, title and signer', async () => {
    const manifest = activeManifest(await validateWithC2paRs(signed, mediaType));
    expect(manifest.claim_version).toBe(2);
    expect(manifest.title).toBe('duck.png');
    expect(manifest.claim_generator_info).toEqual([{ name: 'Provena', version: '0.1.0' }]);
    expect(actionsOf(manifest)).toEqual([
      expect.objectContaining({
        action: 'c2pa.created',
        digitalSourceType: TRAINED,
        softwareAgent: { name: 'Stable Diffusion web UI', version: '1.10.1' },
      }),
    ]);
    expect(manifest.signature_info).toMatchObject({ issuer: 'Provena Test', common_name: 'Provena Test Signer' });
  });

  it('still decodes as the same image', async () => {
    const input = images[name];
    if (!input) throw new Error(`no test image ${name}`);
    const [before, after] = await Promise.all([sharp(input).raw().toBuffer(), sharp(signed).raw().toBuffer()]);
    expect(Buffer.compare(before, after)).toBe(0);
  });

  it('becomes Invalid (data hash mismatch) when a byte outside the manifest changes', async () => {
    const altered = new Uint8Array(signed);
    // The last bytes are image data in PNG (IEND CRC aside) and JPEG; in WebP they are the manifest, so alter
    // the image chunk near the start instead.
    const at = format === 'webp' ? 40 : altered.length - 20;
    altered[at] = (altered[at] ?? 0) ^ 0x01;
    const v = await validateWithC2paRs(altered, mediaType);
    expect(v.state).toBe('Invalid');
    expect(v.status).toContain('assertion.dataHash.mismatch');
  });

  it('replaces its own store when signed again', async () => {
    const first = signC2paDetailed(
      signed,
      mediaType,
      optionsFor(pki, { action: 'c2pa.edited', digitalSourceType: COMPOSITE }),
    );
    expect(first.replacedStores).toBe(1);
    const v = await validateWithC2paRs(first.file, mediaType, pki);
    expect(v.state).toBe('Trusted');
    expect(Object.keys(v.json.manifests)).toEqual([first.manifestLabel]);
    // Same size as the first signature's layout: the old store is gone, not kept beside the new one.
    expect(Math.abs(first.file.length - signed.length)).toBeLessThan(1000);
  });
});

describe('signC2pa details', () => {
  it('signs an edit as c2pa.opened (parent ingredient) followed by c2pa.edited', async () => {
    const signed = signC2pa(
      images.png ?? new Uint8Array(),
      'image/png',
      optionsFor(pki, {
        action: 'c2pa.edited',
        digitalSourceType: COMPOSITE,
        title: 'retouched.png',
      }),
    );
    const v = await validateWithC2paRs(signed, 'image/png', pki);
    expect(v.state).toBe('Trusted');
    const manifest = activeManifest(v);
    expect(actionsOf(manifest).map((a) => a.action)).toEqual(['c2pa.opened', 'c2pa.edited']);
    expect(actionsOf(manifest)[1]).toMatchObject({ digitalSourceType: COMPOSITE });
    expect(manifest.ingredients).toEqual([expect.objectContaining({ relationship: 'parentOf', format: 'image/png' })]);
  });

  it('writes the when time as given', async () => {
    const when = new Date('2026-11-20T10:11:12.345Z');
    const signed = signC2pa(images.png ?? new Uint8Array(), 'image/png', optionsFor(pki, { when }));
    const manifest = activeManifest(await validateWithC2paRs(signed, 'image/png', pki));
    expect(actionsOf(manifest)[0]).toMatchObject({ when: '2026-11-20T10:11:12Z' });
  });

  it.each<[TestKeyAlgorithm, string]>([
    ['ec-p384', 'Es384'],
    ['ec-p521', 'Es512'],
    ['rsa-2048', 'Ps256'],
    ['ed25519', 'Ed25519'],
  ])('signs with a %s key (%s) and the result is Trusted', async (keyAlgorithm, alg) => {
    const other = generateTestPki({ keyAlgorithm, intermediate: false });
    const result = signC2paDetailed(images.jpeg ?? new Uint8Array(), 'image/jpeg', optionsFor(other));
    const v = await validateWithC2paRs(result.file, 'image/jpeg', other);
    expect(v.state).toBe('Trusted');
    expect(activeManifest(v).signature_info?.alg).toBe(alg);
  });

  it('splits a JPEG store over several contiguous APP11 segments', async () => {
    const jpeg = images.jpeg ?? new Uint8Array();
    const result = signPreparedAsset(() => prepareJpeg(jpeg, 500), 'image/jpeg', optionsFor(pki));
    const segments: { en: number; z: number }[] = [];
    let at = 2;
    while (result.file[at] === 0xff && result.file[at + 1] !== 0xda) {
      const length = ((result.file[at + 2] ?? 0) << 8) | (result.file[at + 3] ?? 0);
      if (result.file[at + 1] === 0xeb) {
        const p = result.file.subarray(at + 4, at + 2 + length);
        segments.push({ en: ((p[2] ?? 0) << 8) | (p[3] ?? 0), z: new DataView(p.buffer, p.byteOffset).getUint32(4) });
      }
      at += 2 + length;
    }
    expect(segments.length).toBeGreaterThan(3);
    expect(segments.map((s) => s.z)).toEqual(segments.map((_, i) => i + 1));
    expect(new Set(segments.map((s) => s.en)).size).toBe(1);
    const v = await validateWithC2paRs(result.file, 'image/jpeg', pki);
    expect(v.state).toBe('Trusted');
  });

  it('produces a store that the project JUMBF reader parses', () => {
    const result = signC2paDetailed(images.jpeg ?? new Uint8Array(), 'image/jpeg', optionsFor(pki));
    const store = readRawMetadata(result.file).c2paStore;
    expect(store).toBeDefined();
    const parsed = parseJumbf(store ?? new Uint8Array());
    expect(parsed.warnings).toEqual([]);
    const root = parsed.boxes[0];
    expect(isSuperbox(root) && labelOf(root)).toBe('c2pa');
    const manifest = isSuperbox(root) ? childByLabel(root, result.manifestLabel) : undefined;
    expect(
      manifest && ['c2pa.assertions', 'c2pa.claim.v2', 'c2pa.signature'].map((l) => !!childByLabel(manifest, l)),
    ).toEqual([true, true, true]);
    // The recorded exclusion is exactly the APP11 run: marker of the first segment to the end of the last.
    expect(result.file[result.exclusion.start]).toBe(0xff);
    expect(result.file[result.exclusion.start + 1]).toBe(0xeb);
    expect(result.file[result.exclusion.start + result.exclusion.length]).toBe(0xff);
    expect(result.file[result.exclusion.start + result.exclusion.length + 1]).not.toBe(0xeb);
  });

  it('fails claimSignature validation when the claim is altered', async () => {
    const result = signC2paDetailed(
      images.png ?? new Uint8Array(),
      'image/png',
      optionsFor(pki, { title: 'aaaa.png' }),
    );
    const altered = new Uint8Array(result.file);
    const title = Buffer.from('aaaa.png');
    const at = Buffer.from(altered).indexOf(title);
    expect(at).toBeGreaterThan(0);
    altered[at] = 0x62; // 'b': the claim bytes change, its signature no longer matches
    const v = await validateWithC2paRs(altered, 'image/png');
    expect(v.state).toBe('Invalid');
    expect(v.status).toContain('claimSignature.mismatch');
  });
});

const fixture = (name: string): string => `${sharedFixturesDir}${name}`;

describeWith('sharedFixtures', 're-signing files that carry a vendor C2PA store (../shared fixtures)', () => {
  it.each([
    ['generated_c2pa_trained_a1111.png', 'image/png'],
    ['generated_c2pa_trained_a1111.jpg', 'image/jpeg'],
    ['c2pa_openai_dalle3_chatgpt.webp', 'image/webp'],
    ['c2pa_adobe_firefly_genai_actions_v2.jpg', 'image/jpeg'],
  ])('%s: the old store is replaced by ours', async (name, mediaType) => {
    const input = new Uint8Array(readFileSync(fixture(name)));
    const result = signC2paDetailed(
      input,
      mediaType,
      optionsFor(pki, { action: 'c2pa.edited', digitalSourceType: COMPOSITE }),
    );
    expect(result.replacedStores).toBe(1);
    const v = await validateWithC2paRs(result.file, mediaType, pki);
    expect(v.state).toBe('Trusted');
    expect(Object.keys(v.json.manifests)).toEqual([result.manifestLabel]);
  });
});
