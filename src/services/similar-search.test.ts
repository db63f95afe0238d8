/**
 * Similar and semantic search on both dialects, over assets made through the real intake: "more like this", search
 * by a query image (nothing stored), words through a text encoder fused with the text ranking, every filter and the
 * caller's teams honoured by both rankings, and clear refusals. The embedder is a fake (FakeColourEmbedder: the
 * mean colour as a vector, words naming colours) so that the test knows the right answer and loads no model; the
 * refusals of bad query images go through the real decoder of the real query embedder.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { member, operator, userContext } from '../../test/contexts.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { failure } from '../../test/failure.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import type { QueryEmbedder } from '../domain/similar-search.ts';
import { decodeImage } from '../enrich/decode/index.ts';
import { createQueryEmbedder } from '../enrich/embeddings/query-embedder.ts';
import { SearchService } from './search.service.ts';
import { SimilarSearch } from './similar-search.ts';

const model = 'fake-colour-embedder';
const colours = { red: [220, 30, 30], crimson: [170, 20, 50], green: [30, 200, 40], blue: [30, 40, 210] } as const;
type Colour = keyof typeof colours;

/** The mean colour, and a constant so that no vector is all zeros: near in colour, near in cosine. */
const colourVector = ([r, g, b]: readonly number[]) => Float32Array.from([r! / 255, g! / 255, b! / 255, 0.05]);

/** A fake embedder: pictures by their mean colour (decoded by the real decoder), words naming a colour. */
class FakeColourEmbedder implements QueryEmbedder {
  readonly model = model;
  imagesEmbedded = 0;
  constructor(readonly embedsText: boolean) {}

  async embedImageFile(file: { path: string; bytes?: Uint8Array }): Promise<Float32Array> {
    const { image } = await decodeImage(file.bytes ?? file.path, { limitInputPixels: 1_000_000 });
    const sum = [0, 0, 0];
    for (let i = 0; i < image.rgba.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += image.rgba[i + c]!;
    this.imagesEmbedded += 1;
    return colourVector(sum.map((s) => s / (image.rgba.length / 4)));
  }

  embedText(text: string): Promise<Float32Array> {
    const named = Object.keys(colours).find((name) => text.includes(name)) as Colour | undefined;
    return Promise.resolve(colourVector(named ? colours[named] : [128, 128, 128]));
  }
}

/** A small picture of one colour with some noise, like a photograph of a coloured subject. */
async function picture(colour: readonly number[], seed: number): Promise<Buffer> {
  const width = 40;
  const height = 30;
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed * 2654435761;
  for (let i = 0; i < pixels.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    pixels[i] = Math.max(0, Math.min(255, colour[i % 3]! + ((state >>> 24) % 31) - 15));
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
}

for (const dialect of dialects) {
  describeDialect(dialect, `similar and semantic search [${dialect}]`, () => {
    let rt: TestRuntime;
    let ownTeam: string;
    const ids: Record<string, string> = {};
    const seedOf: Record<string, number> = {};
    let seed = 0;
    const embedder = new FakeColourEmbedder(true);
    const services = (embedsText: boolean) => {
      const similar = new SimilarSearch({
        store: rt.store,
        embedder: () => Promise.resolve(embedsText ? embedder : new FakeColourEmbedder(false)),
        embedsText,
        staging: rt.blobs,
        maxUploadBytes: 1_000_000,
      });
      return { similar, search: new SearchService({ store: rt.store, similar }) };
    };
    const viewer = () => userContext('harbour-viewer', [member(ownTeam, 'viewer')]);
    const idsOf = (page: { items: { asset: { id: string } }[] }) => page.items.map((item) => item.asset.id);

    async function intake(key: string, colour: Colour | undefined, fields: Record<string, unknown>): Promise<void> {
      const rgb = colour ? colours[colour] : [128, 128, 128];
      seedOf[key] = ++seed;
      const { asset } = await rt.intake.intake(operator, await picture(rgb, seed), {
        fileName: `${key}.png`,
        fields: { ...completeFields, ...fields },
        mode: 'bulk',
      });
      ids[key] = asset.id;
      if (!colour) return;
      // What enrichment would store: written through the repository, as the embeddings enricher does.
      const stored = await rt.store.assets.get(asset.id);
      const version = stored!.versions.find((v) => v.number === stored!.currentVersion)!;
      await rt.store.transaction((tx) =>
        tx.enrichment.saveEmbedding(
          version.id,
          { model, modelVersion: '1', vector: colourVector(rgb) },
          new Date().toISOString(),
        ),
      );
    }

    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
      ownTeam = (await rt.store.catalog.ensure('team', 'Harbour Team')).entry.id;
      await rt.store.catalog.ensure('team', 'Elsewhere Team');
      const harbour = { team: 'Harbour Team', campaign: 'Summer 26' };
      await intake('poppy', 'red', { ...harbour, title: 'Poppy field', prompt: 'a field of poppies' });
      await intake('wine', 'crimson', { ...harbour, title: 'Glass of wine', prompt: 'wine on a table' });
      await intake('meadow', 'green', { ...harbour, title: 'Meadow', prompt: 'a green meadow with a red barn' });
      await intake('sea', 'blue', { ...harbour, title: 'Open sea', prompt: 'waves', campaign: 'Winter 27' });
      await intake('secret', 'red', { team: 'Elsewhere Team', title: 'Red secret', prompt: 'a red door' });
      await intake('pending', undefined, { ...harbour, title: 'Not enriched yet', prompt: 'grey sky' });
    });
    afterAll(async () => rt?.dispose());

    it('finds more like an asset, nearest first, without the asset itself', async () => {
      const page = await services(false).search.search(operator, { like: ids.poppy });
      expect(idsOf(page).slice(0, 2).sort()).toEqual([ids.secret, ids.wine].sort());
      expect(idsOf(page)).not.toContain(ids.poppy);
      expect(idsOf(page).at(-1)).toBe(ids.sea);
      expect(page.modes).toEqual(['vector']);
      expect(page.items[0]!.similarity).toBeGreaterThan(page.items.at(-1)!.similarity!);
      expect(page.nextCursor).toBeUndefined();
    });

    it("keeps to the query's filters and the caller's teams", async () => {
      const { search } = services(false);
      expect(idsOf(await search.search(viewer(), { like: ids.poppy, limit: 2 }))).toEqual([ids.wine, ids.meadow]);
      const filtered = await search.search(operator, { like: ids.poppy, q: '-campaign:"Summer 26"' });
      expect(idsOf(filtered)).toEqual([ids.secret, ids.sea]);
      const counted = await search.search(viewer(), { like: ids.poppy, facets: ['campaign'] });
      // Counted over what the filters admit in the viewer's teams (the start asset and the unenriched one included).
      expect(counted.total).toBe(5);
    });

    it('refuses an unknown, unreadable or unenriched asset, and like with a cursor', async () => {
      const { search } = services(false);
      expect((await failure(search.search(viewer(), { like: ids.secret }))).code).toBe('NOT_FOUND');
      expect((await failure(search.search(operator, { like: '00000000-0000-4000-8000-000000000000' }))).code).toBe(
        'NOT_FOUND',
      );
      expect((await failure(search.search(operator, { like: 'not an id' }))).code).toBe('NOT_FOUND');
      const pending = await failure(search.search(operator, { like: ids.pending }));
      expect(pending.code).toBe('CONFLICT');
      expect(pending.message).toMatch(/not enriched/);
      expect((await failure(search.search(operator, { like: ids.poppy, cursor: 'abc' }))).message).toMatch(/cursor/);
    });

    it('ranks words by the text encoder too, fused with the text ranking (hybrid)', async () => {
      // "red" is in the title of the secret asset and the prompt of the meadow only; the poppy field and the wine
      // are red to the encoder: hybrid finds them too, and puts the red pictures that also say red first.
      const hybrid = await services(true).search.search(operator, { q: 'red' });
      expect(hybrid.modes).toEqual(['text', 'vector']);
      expect(idsOf(hybrid)[0]).toBe(ids.secret);
      expect(idsOf(hybrid)).toEqual(expect.arrayContaining([ids.poppy, ids.wine, ids.meadow]));
      expect(hybrid.nextCursor).toBeUndefined();
      // Filters hold for both rankings.
      expect(idsOf(await services(true).search.search(viewer(), { q: 'red' }))).not.toContain(ids.secret);
      expect(idsOf(await services(true).search.search(operator, { q: 'red campaign:"Winter 27"' }))).toEqual([ids.sea]);
      // Asked for text only, the words rank by text, in pages.
      const paged = await services(true).search.search(operator, { q: 'red', semantic: false, limit: 1 });
      expect(paged.modes).toEqual(['text']);
      expect(paged.nextCursor).toBeDefined();
      // Without a text encoder (MobileNet), text only: the wine is not found by the word.
      const textOnly = await services(false).search.search(operator, { q: 'red' });
      expect(textOnly.modes).toEqual(['text']);
      expect(idsOf(textOnly).sort()).toEqual([ids.secret, ids.meadow].sort());
    });

    it('searches by a query image and keeps nothing of it', async () => {
      const { similar } = services(true);
      const before = (await rt.assets.list(operator, {}, { limit: 100 })).items.length;
      const page = await similar.searchByImage(operator, await picture([200, 25, 35], 99), { limit: '3' });
      expect(page.modes).toEqual(['vector']);
      expect(idsOf(page).slice(0, 3).sort()).toEqual([ids.poppy, ids.secret, ids.wine].sort());
      expect(page.exactCopy).toBeUndefined();
      // The very bytes of an asset: named as its exact copy, to a caller who may read it only.
      const same = await picture(colours.blue, seedOf.sea!);
      expect((await similar.searchByImage(operator, same, {})).exactCopy).toEqual({
        assetId: ids.sea,
        versionNumber: 1,
      });
      const secret = await picture(colours.red, seedOf.secret!);
      expect((await similar.searchByImage(operator, secret, {})).exactCopy?.assetId).toBe(ids.secret);
      expect((await similar.searchByImage(viewer(), secret, {})).exactCopy).toBeUndefined();
      const filtered = await similar.searchByImage(viewer(), await picture([200, 25, 35], 98), { q: 'meadow' });
      expect(filtered.modes).toEqual(['text', 'vector']);
      expect(idsOf(filtered)[0]).toBe(ids.meadow);
      expect(idsOf(filtered)).not.toContain(ids.secret);
      expect((await rt.assets.list(operator, {}, { limit: 100 })).items.length).toBe(before);
      // No staged file left behind (the blob store keeps bytes being received in ROOT/staging).
      expect(readdirSync(join(rt.config.dataDir, 'blobs', 'staging'))).toEqual([]);
    });

    it('refuses a non-image, a decompression bomb and bad fields with a 400 naming the file', async () => {
      // The real query embedder: the decoder refuses before any model would load.
      const real = createQueryEmbedder({ embedder: 'mobilenet', maxPixels: 10_000 })!;
      const similar = new SimilarSearch({
        store: rt.store,
        embedder: () => Promise.resolve(real),
        embedsText: false,
        staging: rt.blobs,
        maxUploadBytes: 1_000_000,
      });
      const text = await failure(similar.searchByImage(operator, Buffer.from('this is not a picture'), {}));
      expect(text.code).toBe('VALIDATION_FAILED');
      expect(text.details.reason).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(text.message).toMatch(/^file: /);
      const bomb = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#808080' } })
        .png()
        .toBuffer();
      const refused = await failure(similar.searchByImage(operator, bomb, {}));
      expect(refused.code).toBe('VALIDATION_FAILED');
      expect(refused.details.reason).toBe('IMAGE_TOO_LARGE');
      const empty = await failure(similar.searchByImage(operator, new Uint8Array(0), {}));
      expect(['VALIDATION_FAILED', 'EMPTY_FILE']).toContain(empty.code);
      const limit = await failure(similar.searchByImage(operator, bomb, { limit: 500 }));
      expect(limit.message).toMatch(/limit/);
      const query = await failure(similar.searchByImage(operator, bomb, { q: 'sunset "beach' }));
      expect(query.code).toBe('QUERY_INVALID');
      await real.dispose();
    });

    it('says so when no embedder is configured', async () => {
      const similar = new SimilarSearch({
        store: rt.store,
        embedder: () => Promise.resolve(undefined),
        embedsText: false,
        staging: rt.blobs,
        maxUploadBytes: 1_000_000,
      });
      const search = new SearchService({ store: rt.store, similar });
      const error = await failure(search.search(operator, { like: ids.poppy }));
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toMatch(/embedder/);
    });
  });
}
