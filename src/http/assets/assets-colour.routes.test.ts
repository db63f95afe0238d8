import { expect, it } from 'vitest';
import { colourFamilyOf } from '../../domain/colour-family.ts';
import { hexToLab } from '../../domain/lab.ts';
import { samplePng } from '../../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { fieldParts, multipart } from '../../../test/multipart.ts';
import { operator } from '../../../test/contexts.ts';
import { useTestApp } from '../../../test/http-app.ts';
import { completeFields } from '../../../test/runtime.ts';

interface ErrorReply {
  error: { code: string; message: string; details: { problems?: Array<{ field: string; problem: string }> } };
}
interface ListReply {
  items: Array<{ id: string }>;
  nextCursor?: string;
}

for (const dialect of dialects) {
  describeDialect(dialect, `assets API colour filter [${dialect}]`, () => {
    const t = useTestApp(dialect, { maxUploadBytes: String(100_000) });

    /** Uploads a picture and stores this palette for its version (the worker is not running here). */
    const assetWithPalette = async (seed: number, palette: Array<[hex: string, share: number]>) => {
      const { body, headers } = multipart([
        ...fieldParts({ ...completeFields, tool: 'ColourRoute' }),
        { name: 'file', value: await samplePng(seed), fileName: `c-${seed}.png`, contentType: 'image/png' },
      ]);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/assets', payload: body, headers });
      expect(res.statusCode).toBe(201);
      const id = res.json<{ asset: { id: string } }>().asset.id;
      const { version } = await t.rt.assets.original(operator, id);
      await t.rt.store.enrichment.replacePalette(
        version.id,
        palette.map(([hex, share]) => {
          const lab = hexToLab(hex);
          return { hex, lab, share, name: hex, family: colourFamilyOf(lab) };
        }),
      );
      return id;
    };
    const list = async (query: string): Promise<ListReply> => {
      const res = await t.app.inject({ url: `/api/v1/assets?tool=colourroute&${query}` });
      expect(res.statusCode).toBe(200);
      return res.json<ListReply>();
    };
    const all = async (query: string): Promise<string[]> => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await list(`${query}&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        ids.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor;
      } while (cursor);
      return ids;
    };

    it('filters by a colour family or a hex colour, with share, tolerance and cursor pages', async () => {
      const red = await assetWithPalette(501, [
        ['#e01010', 0.7],
        ['#ffffff', 0.3],
      ]);
      const orange = await assetWithPalette(502, [
        ['#ff6a00', 0.6],
        ['#0000ff', 0.4],
      ]);
      const bitOfRed = await assetWithPalette(503, [
        ['#0000ff', 0.92],
        ['#ff0000', 0.08],
      ]);

      expect(await all('colour=red')).toEqual([red]);
      expect(await all('colour=RED&colourShare=0.05')).toEqual([bitOfRed, red]);
      expect(await all('colour=blue')).toEqual([bitOfRed, orange]);
      expect((await list('colour=blue&limit=1')).nextCursor).toBeDefined();
      expect(await all('colour=%23ff6600')).toEqual([orange]);
      expect(await all('colour=ff6600&colourTolerance=0.5')).toEqual([]);
      expect(await all('colour=%23e01010&colourTolerance=1')).toEqual([red]);
      expect(await all('colour=green')).toEqual([]);
    });

    it('refuses an unknown colour, malformed hex and out-of-range numbers with VALIDATION_FAILED', async () => {
      for (const colour of ['redish', '%23ff66', '%23zz0000']) {
        const res = await t.app.inject({ url: `/api/v1/assets?colour=${colour}` });
        expect(res.statusCode).toBe(400);
        const body = res.json<ErrorReply>();
        expect(body.error.code).toBe('VALIDATION_FAILED');
        expect(body.error.details.problems?.[0]?.field).toBe('colour');
        expect(body.error.message).toContain(
          'red, orange, yellow, green, teal, blue, purple, pink, brown, black, grey, white',
        );
      }
      for (const query of [
        'colour=red&colourShare=2',
        'colour=red&colourShare=x',
        'colour=%23ff6600&colourTolerance=99',
      ]) {
        const res = await t.app.inject({ url: `/api/v1/assets?${query}` });
        expect([res.statusCode, res.json<ErrorReply>().error.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      const stray = await t.app.inject({ url: '/api/v1/assets?colourShare=0.5' });
      expect(stray.statusCode).toBe(400);
      expect(stray.json<ErrorReply>().error.details.problems).toEqual([
        { field: 'colourShare', problem: 'needs colour' },
      ]);
    });
  });
}
