/**
 * The exporter against third-party readers: ExifTool reads back every XMP/IPTC field we write on JPEG, PNG and WebP
 * exports; c2pa-rs (c2pa-wasm) validates every manifest we sign, with the original as a parentOf ingredient, and
 * finds the original's own manifest intact when the bytes are kept. Plus the preset rules: no upscaling, orientation,
 * colour space, watermark, keep-original and strip, and hostile text that comes out escaped and bounded.
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ExportRequest, ExportedFile, RenditionPreset } from '../../domain/export.ts';
import type { C2paValidationState } from '../../domain/provenance.ts';
import { failure } from '../../../test/failure.ts';
import { describeWith, sharedFixturesDir } from '../../../test/requirements.ts';
import { signC2pa } from '../c2pa/sign/sign-c2pa.ts';
import { activeManifest, validateWithC2paRs, type ReaderManifest } from '../c2pa/sign/sign-test-support.ts';
import { generateTestPki, type TestPki } from '../c2pa/sign/test-pki.ts';
import { readRawMetadata } from '../containers/index.ts';
import { exiftoolRead } from '../writers/writer-test-support.ts';
import { duckProvenance, duckRequest, expectedDuckTags, photoLike, webPreset } from './export-test-support.ts';
import { SharpProvenanceExporter } from './provenance-exporter.ts';

let pki: TestPki;
let signing: SharpProvenanceExporter;
let unsigned: SharpProvenanceExporter;
let png: Uint8Array;

const claimGenerator = { name: 'Provena', version: '0.1.0' };
const preset = (changes: Partial<RenditionPreset>): RenditionPreset => ({ ...webPreset, ...changes });

const actionsOf = (manifest: ReaderManifest): Array<{ action: string; description?: string }> => {
  const assertion = manifest.assertions.find((a) => a.label.startsWith('c2pa.actions'));
  return (assertion?.data as { actions: Array<{ action: string; description?: string }> } | undefined)?.actions ?? [];
};

beforeAll(async () => {
  pki = generateTestPki();
  const pem = { certificateChainPem: pki.chainPem, privateKeyPem: pki.leafKeyPem, subject: 'CN=Provena Test Signer' };
  signing = new SharpProvenanceExporter({ signing: pem, claimGenerator, maxPixels: 100_000_000 });
  unsigned = new SharpProvenanceExporter({ claimGenerator, maxPixels: 100_000_000 });
  png = await photoLike(1200, 800, 'png');
});

describe('exports signed anew', () => {
  const outputs: Record<string, ExportedFile> = {};

  beforeAll(async () => {
    for (const format of ['jpeg', 'png', 'webp'] as const) {
      outputs[format] = await signing.exportFile(duckRequest(png, 'image/png', preset({ format })));
    }
  });

  it.each(['jpeg', 'png', 'webp'] as const)('%s: resized into the box, renamed, signed', async (format) => {
    const out = outputs[format]!;
    expect(out).toMatchObject({
      width: 600,
      height: 400,
      c2pa: 'signed',
      fileName: `duck.${format === 'jpeg' ? 'jpg' : format}`,
    });
    expect(out.mediaType).toBe(`image/${format}`);
    const decoded = await sharp(out.bytes).metadata();
    expect([decoded.format, decoded.width, decoded.height]).toEqual([format, 600, 400]);
  });

  it.each(['jpeg', 'png', 'webp'] as const)(
    '%s: c2pa-rs finds the manifest Trusted, with the actions done and the original as parentOf',
    async (format) => {
      const out = outputs[format]!;
      const validation = await validateWithC2paRs(out.bytes, out.mediaType, pki);
      expect(validation.state).toBe('Trusted');
      expect(validation.status).toEqual([]);
      expect(validation.failure).toEqual([]);
      const manifest = activeManifest(validation);
      expect(manifest.title).toBe(out.fileName);
      expect(manifest.claim_generator_info).toEqual([claimGenerator]);
      expect(manifest.ingredients).toEqual([
        expect.objectContaining({ title: 'duck.png', format: 'image/png', relationship: 'parentOf' }),
      ]);
      const expected = ['c2pa.opened', 'c2pa.resized', ...(format === 'png' ? [] : ['c2pa.transcoded'])];
      expect(actionsOf(manifest).map((a) => a.action)).toEqual(expected);
    },
  );

  it('records a crop, a resize and a visible watermark (as an edit, not an invisible c2pa.watermarked)', async () => {
    const out = await signing.exportFile(
      duckRequest(
        png,
        'image/png',
        preset({ width: 400, height: 400, fit: 'cover', format: 'jpeg', watermark: 'Example' }),
      ),
    );
    expect([out.width, out.height]).toEqual([400, 400]);
    const validation = await validateWithC2paRs(out.bytes, out.mediaType, pki);
    expect(validation.state).toBe('Trusted');
    expect(actionsOf(activeManifest(validation))).toEqual([
      expect.objectContaining({ action: 'c2pa.opened' }),
      expect.objectContaining({ action: 'c2pa.cropped' }),
      expect.objectContaining({ action: 'c2pa.resized', description: 'resized to 400×400' }),
      expect.objectContaining({ action: 'c2pa.transcoded' }),
      expect.objectContaining({ action: 'c2pa.edited', description: expect.stringContaining('watermark') as string }),
    ]);
  });

  const signedBy = (signer: TestPki) =>
    signC2pa(png, 'image/png', {
      certificateChainPem: signer.chainPem,
      privateKeyPem: signer.leafKeyPem,
      action: 'c2pa.created',
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
      softwareAgent: { name: 'Stable Diffusion web UI', version: '1.10.1' },
      title: 'duck.png',
    });
  const withC2paState = (request: ExportRequest, validationState: C2paValidationState, statusCodes: string[] = []) => ({
    ...request,
    provenance: {
      ...request.provenance,
      c2pa: { present: true, embedded: true, validationState, statusCodes, actions: [] },
    },
  });

  it('carries a signed original’s manifest: the parent ingredient names it, c2pa-rs validates both', async () => {
    const original = signedBy(pki);
    const parentLabel = (await validateWithC2paRs(original, 'image/png', pki)).json.active_manifest;
    const out = await signing.exportFile(withC2paState(duckRequest(original, 'image/png', webPreset), 'Trusted'));
    const validation = await validateWithC2paRs(out.bytes, out.mediaType, pki);
    expect(validation.state).toBe('Trusted');
    expect(validation.status).toEqual([]);
    expect(Object.keys(validation.json.manifests)).toEqual(expect.arrayContaining([parentLabel]));
    expect(Object.keys(validation.json.manifests)).toHaveLength(2);
    const ingredient = activeManifest(validation).ingredients?.[0] as Record<string, unknown>;
    expect(ingredient).toMatchObject({ relationship: 'parentOf', active_manifest: parentLabel });
    // The parent's own statement of AI origin travels with the export.
    const parentActions = actionsOf(validation.json.manifests[parentLabel!]!);
    expect(parentActions[0]).toMatchObject({
      action: 'c2pa.created',
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    });
    expect(JSON.stringify(validation.json)).toContain('ingredient.manifest.validated');
  });

  it('carries a manifest whose signer the validator does not trust, with that failure in its validation results', async () => {
    const original = signedBy(generateTestPki({ organization: 'Elsewhere' }));
    const request = withC2paState(duckRequest(original, 'image/png', webPreset), 'Valid', [
      'signingCredential.untrusted',
    ]);
    const out = await signing.exportFile(request);
    const validation = await validateWithC2paRs(out.bytes, out.mediaType, pki);
    expect(Object.keys(validation.json.manifests)).toHaveLength(2);
    // Our manifest is trusted and intact; the validator reports the ingredient's untrusted signer, as it should.
    expect(validation.failure).toEqual([]);
    expect(validation.success).toContain('signingCredential.trusted');
    expect(validation.status).toEqual(['signingCredential.untrusted']);
    expect(validation.state).toBe('Valid');
  });

  it('leaves behind a manifest that did not validate, names the original as parentOf, and says so', async () => {
    const original = signedBy(pki);
    const out = await signing.exportFile(
      withC2paState(duckRequest(original, 'image/png', webPreset), 'Invalid', ['assertion.dataHash.mismatch']),
    );
    const validation = await validateWithC2paRs(out.bytes, out.mediaType, pki);
    expect(validation.state).toBe('Trusted');
    expect(Object.keys(validation.json.manifests)).toHaveLength(1);
    expect(activeManifest(validation).ingredients).toEqual([expect.objectContaining({ relationship: 'parentOf' })]);
    expect(out.warnings?.join(' ')).toContain('was not carried');
  });

  describeWith('exiftool', 'ExifTool reads every field we write', () => {
    it('on JPEG, PNG and WebP exports, field for field, without a warning', async () => {
      const files = (['jpeg', 'png', 'webp'] as const).map((format) => ({
        name: outputs[format]!.fileName,
        bytes: outputs[format]!.bytes,
      }));
      const all = await exiftoolRead(files);
      expect(all).toHaveLength(3);
      for (const tags of all) {
        for (const [tag, value] of Object.entries(expectedDuckTags)) {
          expect(tags[tag], `${String(tags.SourceFile)} ${tag}`).toEqual(value);
        }
        expect(tags['ExifTool:Warning'], String(tags.SourceFile)).toBeUndefined();
      }
    });
  });
});

describe('the preset rules', () => {
  it('never upscales: a cover box larger than the original is refused, naming the preset and the size', async () => {
    const error = await failure(
      signing.exportFile(
        duckRequest(png, 'image/png', preset({ name: 'huge', width: 2000, height: 2000, fit: 'cover' })),
      ),
    );
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(error.message).toContain('"huge"');
    expect(error.message).toContain('1200×800');
  });

  it('an inside box larger than the original keeps the original size (nothing to shrink, nothing refused)', async () => {
    const out = await signing.exportFile(duckRequest(png, 'image/png', preset({ width: 1600, height: 1600 })));
    expect([out.width, out.height]).toEqual([1200, 800]);
    const manifest = activeManifest(await validateWithC2paRs(out.bytes, out.mediaType, pki));
    expect(actionsOf(manifest).map((a) => a.action)).toEqual(['c2pa.opened', 'c2pa.transcoded']);
  });

  it('applies the EXIF orientation: a 300×200 JPEG turned a quarter comes out 200×300', async () => {
    const turned = await photoLike(300, 200, 'jpeg', { orientation: 6 });
    const out = await unsigned.exportFile(duckRequest(turned, 'image/jpeg', preset({ width: 1000, height: 1000 })));
    expect([out.width, out.height]).toEqual([200, 300]);
    expect((await sharp(out.bytes).metadata()).orientation ?? 1).toBe(1);
  });

  it('attaches the ICC profile of the colour space asked for', async () => {
    const profileOf = async (colourSpace: 'srgb' | 'display-p3') => {
      const out = await unsigned.exportFile(duckRequest(png, 'image/png', preset({ colourSpace, format: 'png' })));
      const icc = (await sharp(out.bytes).metadata()).icc;
      return icc ? Buffer.from(icc).toString('latin1') : '';
    };
    expect(await profileOf('display-p3')).toMatch(/P\0?3/);
    expect(await profileOf('srgb')).toMatch(/s\0?R\0?G\0?B/);
  });

  it('draws the watermark text (escaped: XML specials cannot break the overlay) in the lower right corner', async () => {
    const plain = await unsigned.exportFile(duckRequest(png, 'image/png', preset({ format: 'png' })));
    const marked = await unsigned.exportFile(
      duckRequest(png, 'image/png', preset({ format: 'png', watermark: '© Example <b>&amp; "Co"</b> ]]>' })),
    );
    // Mean absolute difference per channel value between the two renditions in a region.
    const difference = async (region: { left: number; top: number }) => {
      const area = { ...region, width: 300, height: 50 };
      const [a, b] = await Promise.all(
        [plain.bytes, marked.bytes].map((bytes) => sharp(bytes).extract(area).removeAlpha().raw().toBuffer()),
      );
      let sum = 0;
      for (let i = 0; i < a!.length; i++) sum += Math.abs(a![i]! - b![i]!);
      return sum / a!.length;
    };
    expect(await difference({ left: 300, top: 350 })).toBeGreaterThan(5);
    expect(await difference({ left: 0, top: 0 })).toBeLessThan(0.5);
  });

  it('keep-original gives the very bytes, keeping a signed original’s manifest (c2pa kept)', async () => {
    const signedOriginal = signC2pa(png, 'image/png', {
      certificateChainPem: pki.chainPem,
      privateKeyPem: pki.leafKeyPem,
      action: 'c2pa.created',
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    });
    const copy = preset({ format: 'original', width: undefined, height: undefined, metadata: 'keep-original' });
    const out = await signing.exportFile(duckRequest(signedOriginal, 'image/png', copy));
    expect(out.c2pa).toBe('kept');
    expect(Buffer.compare(Buffer.from(out.bytes), Buffer.from(signedOriginal))).toBe(0);
    expect((await validateWithC2paRs(out.bytes, out.mediaType, pki)).state).toBe('Trusted');
    expect([out.width, out.height]).toEqual([1200, 800]);
    const plain = await signing.exportFile(duckRequest(png, 'image/png', copy));
    expect(plain.c2pa).toBe('none');
    expect(Buffer.compare(Buffer.from(plain.bytes), Buffer.from(png))).toBe(0);
  });

  it('keep-original on a rendition is refused: only a byte-identical copy keeps the metadata', async () => {
    const error = await failure(
      signing.exportFile(duckRequest(png, 'image/png', preset({ name: 'web-keep', metadata: 'keep-original' }))),
    );
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(error.message).toContain('"web-keep"');
  });

  it('an original-format copy with provenance writes the XMP and signs the metadata edit', async () => {
    const copy = preset({ format: 'original', width: undefined, height: undefined });
    const out = await signing.exportFile(duckRequest(png, 'image/png', copy));
    expect(out.c2pa).toBe('signed');
    const validation = await validateWithC2paRs(out.bytes, out.mediaType, pki);
    expect(validation.state).toBe('Trusted');
    expect(actionsOf(activeManifest(validation)).map((a) => a.action)).toEqual(['c2pa.opened', 'c2pa.edited.metadata']);
    const [before, after] = await Promise.all([sharp(png).raw().toBuffer(), sharp(out.bytes).raw().toBuffer()]);
    expect(Buffer.compare(before, after)).toBe(0);
  });

  it('without credentials, a signed original copied with provenance keeps its bytes and manifest, and says why', async () => {
    const signedOriginal = signC2pa(png, 'image/png', {
      certificateChainPem: pki.chainPem,
      privateKeyPem: pki.leafKeyPem,
      action: 'c2pa.created',
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    });
    const copy = preset({ format: 'original', width: undefined, height: undefined });
    const out = await unsigned.exportFile(duckRequest(signedOriginal, 'image/png', copy));
    expect(out.c2pa).toBe('kept');
    expect(Buffer.compare(Buffer.from(out.bytes), Buffer.from(signedOriginal))).toBe(0);
    expect(out.warnings?.join(' ')).toMatch(/no XMP written.*no signing credentials/);
  });

  it('without credentials, a rendition carries no manifest and the result says so', async () => {
    const out = await unsigned.exportFile(duckRequest(png, 'image/png', webPreset));
    expect(out.c2pa).toBe('none');
    expect(readRawMetadata(out.bytes).c2paStore).toBeUndefined();
    expect(out.warnings?.join(' ')).toContain('PROVENA_SIGNING_CERT');
  });

  it('strip writes no XMP and no manifest, and drops what the original carried', async () => {
    const signedOriginal = signC2pa(png, 'image/png', {
      certificateChainPem: pki.chainPem,
      privateKeyPem: pki.leafKeyPem,
      action: 'c2pa.created',
      digitalSourceType: 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia',
    });
    for (const stripPreset of [
      preset({ metadata: 'strip' }),
      preset({ metadata: 'strip', format: 'original', width: undefined, height: undefined }),
    ]) {
      const out = await signing.exportFile(duckRequest(signedOriginal, 'image/png', stripPreset));
      expect(out.c2pa).toBe('none');
      const raw = readRawMetadata(out.bytes);
      expect(raw.c2paStore).toBeUndefined();
      expect(raw.xmp).toEqual([]);
    }
  });

  it('a file that is not an image is copied as it is, and refused by a preset that converts it', async () => {
    const video = new Uint8Array(Buffer.from('\0\0\0\x20ftypisom not really a video'));
    const copy = preset({ format: 'original', width: undefined, height: undefined });
    const out = await signing.exportFile({ ...duckRequest(video, 'video/mp4', copy), fileName: 'clip.mp4' });
    expect(Buffer.compare(Buffer.from(out.bytes), Buffer.from(video))).toBe(0);
    expect(out.jsonLd['@type']).toBe('MediaObject');
    const error = await failure(signing.exportFile(duckRequest(video, 'video/mp4', preset({ name: 'web-video' }))));
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(error.message).toContain('"web-video"');
  });
});

describe('hostile metadata', () => {
  // XML specials, a CDATA end, C0 controls and a lone surrogate, repeated past 100 kB.
  const hostileUnit = `<x:xmpmeta> & "quotes" ]]> \u0000\u0007\u001b \ud800 prompt; `;
  const hostile = hostileUnit.repeat(Math.ceil(100_000 / hostileUnit.length));

  const hostileRequest = (format: 'jpeg' | 'png' | 'webp') => {
    const request = duckRequest(png, 'image/png', preset({ format }));
    return {
      ...request,
      title: `Title ${hostileUnit}`,
      provenance: { ...request.provenance, prompt: { positive: hostile, writer: '<writer>\u0001' } },
    };
  };

  it.each(['jpeg', 'png', 'webp'] as const)('%s: still a valid image with a valid manifest', async (format) => {
    const out = await signing.exportFile(hostileRequest(format));
    expect((await sharp(out.bytes).metadata()).width).toBe(600);
    expect((await validateWithC2paRs(out.bytes, out.mediaType, pki)).state).toBe('Trusted');
    expect(out.bytes.length).toBeLessThan(png.length + 200_000);
  });

  describeWith('exiftool', 'ExifTool reads the hostile text back escaped and bounded', () => {
    it('in JPEG, PNG and WebP', async () => {
      const outs = await Promise.all(
        (['jpeg', 'png', 'webp'] as const).map((f) => signing.exportFile(hostileRequest(f))),
      );
      const all = await exiftoolRead(outs.map((out) => ({ name: out.fileName, bytes: out.bytes })));
      for (const tags of all) {
        const prompt = String(tags['XMP-iptcExt:AIPromptInformation']);
        expect([...prompt].length, String(tags.SourceFile)).toBe(16_000);
        expect(prompt.endsWith('…')).toBe(true);
        expect(prompt.startsWith('<x:xmpmeta> & "quotes" ]]> \ufffd\ufffd\ufffd \ufffd prompt;')).toBe(true);
        expect(tags['XMP-iptcExt:AIPromptWriterName']).toBe('<writer>\ufffd');
        expect(tags['XMP-iptcExt:AISystemUsed']).toBe('Stable Diffusion web UI');
        expect(tags['ExifTool:Warning'], String(tags.SourceFile)).toBeUndefined();
      }
    });
  });
});

describeWith('sharedFixtures', 'real C2PA originals carried as the parent ingredient', () => {
  it.each([
    ['c2pa_openai_dalle3_chatgpt.webp', 'image/webp'],
    ['c2pa_microsoft_bing_image_creator.jpg', 'image/jpeg'],
    ['c2pa_adobe_firefly_genai_actions_v2.jpg', 'image/jpeg'],
    ['generated_c2pa_trained_a1111.png', 'image/png'],
  ] as const)(
    '%s: every parent manifest carried, ours trusted, the ingredient manifest validated',
    async (name, mediaType) => {
      const original = new Uint8Array(readFileSync(`${sharedFixturesDir}${name}`));
      const before = await validateWithC2paRs(original, mediaType, pki);
      const request = {
        ...duckRequest(original, mediaType, preset({ width: 256, height: 256 })),
        provenance: {
          ...duckProvenance,
          c2pa: {
            present: true,
            embedded: true,
            validationState: before.state as C2paValidationState,
            statusCodes: before.status,
            actions: [],
          },
        },
      };
      const out = await signing.exportFile(request);
      const after = await validateWithC2paRs(out.bytes, out.mediaType, pki);
      // The only statuses are those the original had (its vendors' signers are not in the test trust list).
      expect(after.status).toEqual(before.status);
      expect(after.failure).toEqual([]);
      expect(after.success).toContain('signingCredential.trusted');
      expect(Object.keys(after.json.manifests)).toHaveLength(Object.keys(before.json.manifests).length + 1);
      const ingredient = activeManifest(after).ingredients?.[0] as Record<string, unknown>;
      expect(ingredient).toMatchObject({ relationship: 'parentOf', active_manifest: before.json.active_manifest });
      expect(JSON.stringify(after.json)).toContain('ingredient.manifest.validated');
    },
  );
});

describe('request hygiene', () => {
  it('refuses a preset format it does not know, naming the preset', async () => {
    const error = await failure(
      unsigned.exportFile(duckRequest(png, 'image/png', { ...webPreset, name: 'gif-web', format: 'gif' as 'png' })),
    );
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(error.message).toContain('"gif-web"');
  });

  it('takes image/JPG with parameters for image/jpeg', async () => {
    const jpeg = await photoLike(320, 200, 'jpeg');
    const out = await signing.exportFile(duckRequest(jpeg, 'image/JPG; q=1', preset({ format: 'original' })));
    expect(out.mediaType).toBe('image/jpeg');
    expect((await validateWithC2paRs(out.bytes, out.mediaType, pki)).state).toBe('Trusted');
  });
});

describe('originals that cannot be converted', () => {
  it('an original over the pixel limit is IMAGE_TOO_LARGE naming its size and the setting', async () => {
    const small = new SharpProvenanceExporter({ claimGenerator, maxPixels: 10_000 });
    const error = await failure(small.exportFile(duckRequest(png, 'image/png', webPreset)));
    expect(error).toMatchObject({ code: 'IMAGE_TOO_LARGE', details: { width: 1200, height: 800, maxPixels: 10_000 } });
    expect(error.message).toContain('PROVENA_MAX_PIXELS');
  });

  it('a damaged PNG is CORRUPT_FILE, not a crash', async () => {
    const damaged = png.slice(0, 200);
    const error = await failure(unsigned.exportFile(duckRequest(damaged, 'image/png', webPreset)));
    expect(error).toMatchObject({ code: 'CORRUPT_FILE' });
  });
});
