import { describe, expect, it } from 'vitest';
import { buildStore, concatBytes, fixture, pngWithStore, tinyJpeg } from './c2pa-test-support.ts';
import { readRawMetadata } from '../containers/index.ts';
import { itWith } from '../../../test/requirements.ts';

const store = buildStore([{ label: 'urn:c2pa:l', claim: { x: 'y'.repeat(300) }, assertions: [] }]);

/** Embeds `jumbf` in APP11 segments of at most `chunk` JUMBF bytes each (continuations repeat LBox+TBox). */
function jpegWithStore(jumbf: Uint8Array, chunk: number): Uint8Array {
  const base = tinyJpeg();
  const head = jumbf.subarray(0, 8);
  const segments: Uint8Array[] = [];
  for (let at = 0, z = 1; at < jumbf.length; at += chunk, z++) {
    const body = at === 0 ? jumbf.subarray(0, chunk) : concatBytes(head, jumbf.subarray(at, at + chunk));
    const payload = concatBytes(Uint8Array.of(0x4a, 0x50, 0x02, 0x11, 0, 0, 0, z), body);
    segments.push(
      concatBytes(Uint8Array.of(0xff, 0xeb, (payload.length + 2) >> 8, (payload.length + 2) & 0xff), payload),
    );
  }
  return concatBytes(base.subarray(0, 2), ...segments, base.subarray(2));
}

function webpWithStore(jumbf: Uint8Array): Uint8Array {
  const chunk = (type: string, data: Uint8Array): Uint8Array => {
    const h = new Uint8Array(8);
    h.set(new TextEncoder().encode(type));
    new DataView(h.buffer).setUint32(4, data.length, true);
    return concatBytes(h, data, data.length % 2 ? Uint8Array.of(0) : new Uint8Array(0));
  };
  const body = concatBytes(
    new TextEncoder().encode('WEBP'),
    chunk('VP8L', Uint8Array.of(1, 2, 3)),
    chunk('C2PA', jumbf),
  );
  const riff = new Uint8Array(8);
  riff.set(new TextEncoder().encode('RIFF'));
  new DataView(riff.buffer).setUint32(4, body.length, true);
  return concatBytes(riff, body);
}

/**
 * The container walkers are the one store extractor (the reader and the signer's tests use them too): these cases
 * pin that they find C2PA stores the way C2PA 2.2 Appendix A lays them out.
 */
const locate = (bytes: Uint8Array) => {
  const raw = readRawMetadata(bytes);
  return { store: raw.c2paStore, warnings: raw.warnings };
};

describe('C2PA store extraction (container walkers)', () => {
  it('reassembles a store split over several JPEG APP11 segments', () => {
    const r = locate(jpegWithStore(store, 100));
    expect(r.warnings).toEqual([]);
    expect(r.store).toEqual(store);
  });

  it('finds the PNG caBX chunk and the WebP C2PA chunk (odd length, padded)', () => {
    expect(locate(pngWithStore(store)).store).toEqual(store);
    const odd = concatBytes(store, Uint8Array.of(0));
    expect(locate(webpWithStore(odd)).store).toEqual(odd);
  });

  it('returns nothing (with warnings when damaged) for files without a store', () => {
    expect(locate(tinyJpeg()).store).toBeUndefined();
    expect(locate(Uint8Array.of(1, 2, 3))).toEqual({ store: undefined, warnings: [] });
    const png = pngWithStore(store);
    const truncated = locate(png.subarray(0, 60));
    expect(truncated.store).toBeUndefined();
    expect(truncated.warnings).not.toEqual([]);
  });

  itWith('sharedFixtures', 'finds the stores of the real fixtures', () => {
    expect(locate(fixture('generated_c2pa_trained_a1111.jpg')).store?.length).toBe(13612);
    expect(locate(fixture('c2pa_openai_dalle3_chatgpt.webp')).store?.length).toBe(90286);
    expect(locate(fixture('c2pa_adobe_firefly_genai_actions_v2.jpg')).store?.length).toBe(379869);
  });
});
