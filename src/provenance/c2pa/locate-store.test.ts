import { describe, expect, it } from 'vitest';
import { buildStore, concatBytes, fixture, haveFixtures, pngWithStore, tinyJpeg } from './c2pa-test-support.ts';
import { locateC2paStore } from './locate-store.ts';

const store = buildStore([{ label: 'urn:c2pa:l', claim: { x: 'y'.repeat(300) }, assertions: [] }]);

/** Embeds `jumbf` in APP11 segments of at most `chunk` JUMBF bytes each, per §1.5 (continuations repeat LBox+TBox). */
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

describe('locateC2paStore', () => {
  it('reassembles a store split over several JPEG APP11 segments', () => {
    const r = locateC2paStore(jpegWithStore(store, 100));
    expect(r.warnings).toEqual([]);
    expect(r.store).toEqual(store);
  });

  it('finds the PNG caBX chunk and the WebP C2PA chunk (odd length, padded)', () => {
    expect(locateC2paStore(pngWithStore(store)).store).toEqual(store);
    const odd = concatBytes(store, Uint8Array.of(0));
    expect(locateC2paStore(webpWithStore(odd)).store).toEqual(odd);
  });

  it('returns nothing (with warnings when damaged) for files without a store', () => {
    expect(locateC2paStore(tinyJpeg())).toEqual({ warnings: [] });
    expect(locateC2paStore(Uint8Array.of(1, 2, 3))).toEqual({ warnings: [] });
    const png = pngWithStore(store);
    const truncated = locateC2paStore(png.subarray(0, 60));
    expect(truncated.store).toBeUndefined();
    expect(truncated.warnings.join(' ')).toMatch(/runs past the end/);
  });

  it.skipIf(!haveFixtures)('finds the stores of the real fixtures', () => {
    expect(locateC2paStore(fixture('generated_c2pa_trained_a1111.jpg')).store?.length).toBe(13612);
    expect(locateC2paStore(fixture('c2pa_openai_dalle3_chatgpt.webp')).store?.length).toBe(90286);
    expect(locateC2paStore(fixture('c2pa_adobe_firefly_genai_actions_v2.jpg')).store?.length).toBe(379869);
  });
});
