/**
 * GET /api/v1/search?like= and POST /api/v1/search/by-image over a full runtime configured with MobileNet, on both
 * dialects. The model itself never loads here: "more like this" reads stored embeddings (written through the
 * repository, of MobileNet's model name and dimension), and every refused query image is refused by the decoder
 * before any pixel reaches a model. Ranking itself is tested in services/similar-search.test.ts.
 */
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { operator } from '../../../test/contexts.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { useTestApp } from '../../../test/http-app.ts';
import { multipart, type Part } from '../../../test/multipart.ts';
import { completeFields } from '../../../test/runtime.ts';

const mobileNetModel = 'mobilenet-v2-nsfw';
const dimensions = 1280;

/** A 1280-d vector leaning towards `axis`: assets with the same axis are near. */
function vectorTowards(axis: number, amount: number): Float32Array {
  const v = new Float32Array(dimensions).fill(0.01);
  v[axis] = amount;
  return v;
}

async function png(seed: number, width = 40, height = 30): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3, seed % 256);
  for (let i = 0; i < pixels.length; i += 7) pixels[i] = (i * seed) % 256;
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

for (const dialect of dialects) {
  describeDialect(dialect, `similar search routes [${dialect}]`, () => {
    // A small pixel limit: the decompression-bomb guard is reached by a 120 × 120 picture.
    const t = useTestApp(dialect, { embedder: 'mobilenet', moderation: 'false', maxPixels: '10000' });
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      let seed = 0;
      for (const [key, axis] of [
        ['a', 1],
        ['b', 1],
        ['c', 500],
        ['pending', undefined],
      ] as const) {
        const { asset } = await t.rt.intake.intake(operator, await png(++seed), {
          fileName: `${key}.png`,
          fields: { ...completeFields, title: `Similar ${key}` },
          mode: 'bulk',
        });
        ids[key] = asset.id;
        if (axis === undefined) continue;
        const stored = await t.rt.store.assets.get(asset.id);
        const version = stored!.versions.find((v) => v.number === stored!.currentVersion)!;
        await t.rt.store.transaction((tx) =>
          tx.enrichment.saveEmbedding(
            version.id,
            { model: mobileNetModel, modelVersion: 'test', vector: vectorTowards(axis, key === 'a' ? 1 : 0.9) },
            new Date().toISOString(),
          ),
        );
      }
    });

    const byImage = (parts: Part[]) => {
      const { body, headers } = multipart(parts);
      return t.app.inject({ method: 'POST', url: '/api/v1/search/by-image', payload: body, headers });
    };
    const file = (value: Buffer | string): Part => ({
      name: 'file',
      value,
      fileName: 'q.png',
      contentType: 'image/png',
    });

    it('answers more like an asset, nearest first, one page with the modes used', async () => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/search?like=${ids.a}&limit=5` });
      expect(response.statusCode).toBe(200);
      const body = response.json<{ items: { asset: { id: string }; similarity: number }[]; modes: string[] }>();
      expect(body.items.map((item) => item.asset.id)).toEqual([ids.b, ids.c]);
      expect(body.modes).toEqual(['vector']);
      expect(body.items[0]!.similarity).toBeGreaterThan(0.9);
      expect(response.json()).not.toHaveProperty('nextCursor');
    });

    it('refuses an unknown or unenriched asset and like with a cursor', async () => {
      const unknown = await t.app.inject({
        method: 'GET',
        url: '/api/v1/search?like=00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.statusCode).toBe(404);
      const pending = await t.app.inject({ method: 'GET', url: `/api/v1/search?like=${ids.pending}` });
      expect(pending.statusCode).toBe(409);
      expect(pending.json<{ error: { message: string } }>().error.message).toMatch(/not enriched/);
      const cursor = await t.app.inject({ method: 'GET', url: `/api/v1/search?like=${ids.a}&cursor=abc` });
      expect(cursor.statusCode).toBe(400);
    });

    it('refuses a non-image, a decompression bomb, like beside an image and bad fields with a 400', async () => {
      const text = await byImage([file('not a picture at all')]);
      expect(text.statusCode).toBe(400);
      expect(text.json<{ error: { message: string } }>().error.message).toMatch(/^file: /);
      const bomb = await byImage([file(await png(7, 120, 120))]);
      expect(bomb.statusCode).toBe(400);
      expect(bomb.json<{ error: { details: { reason: string } } }>().error.details.reason).toBe('IMAGE_TOO_LARGE');
      const like = await byImage([{ name: 'like', value: ids.a! }, file(await png(8))]);
      expect(like.statusCode).toBe(400);
      expect(like.json<{ error: { message: string } }>().error.message).toMatch(/like/);
      const limit = await byImage([{ name: 'limit', value: '0' }, file(await png(9, 120, 120))]);
      expect(limit.statusCode).toBe(400);
      expect(limit.json<{ error: { message: string } }>().error.message).toMatch(/limit/);
      const none = await byImage([{ name: 'q', value: 'sunset' }]);
      expect(none.statusCode).toBe(400);
      expect(none.json<{ error: { message: string } }>().error.message).toMatch(/file/);
      const json = await t.app.inject({ method: 'POST', url: '/api/v1/search/by-image', payload: { q: 'x' } });
      expect(json.statusCode).toBe(415);
    });
  });
}
