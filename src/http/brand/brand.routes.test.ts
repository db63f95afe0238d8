import { expect, it } from 'vitest';
import sharp from 'sharp';
import { samplePng } from '../../../test/bad-inputs.ts';
import { describeDialect, dialects } from '../../../test/dialects.ts';
import { useTestApp } from '../../../test/http-app.ts';
import { fieldParts, multipart } from '../../../test/multipart.ts';
import { system } from '../../../test/contexts.ts';
import { completeFields } from '../../../test/runtime.ts';

const guidelineYaml = `
brand:
  name: Acme
appliesTo:
  teams: [Brand Studio]
rules:
  - id: palette
    type: palette
    colours: [{ name: Acme red, hex: '#e30613' }]
    tolerance: 10
    minOnPaletteShare: 0.5
  - id: no-artists
    type: prompt
    forbidden: [picasso, van gogh]
`;

interface ErrorReply {
  error: { code: string; message: string; details: { problems?: { field: string }[] } };
}

for (const dialect of dialects) {
  describeDialect(dialect, `brand API [${dialect}]`, () => {
    const t = useTestApp(dialect, { embedder: 'none', moderation: 'false' });
    const logoUpload = (name: string, file: Buffer, contentType = 'image/png') => {
      const { body, headers } = multipart([
        ...fieldParts({ name }),
        { name: 'file', value: file, fileName: 'logo.png', contentType },
      ]);
      return t.app.inject({ method: 'POST', url: '/api/v1/brands/acme/logos', payload: body, headers });
    };
    const importGuideline = (payload: string, contentType: string, query = '') =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/brands/acme/guidelines${query}`,
        headers: { 'content-type': contentType },
        payload,
      });

    it('creates a brand and lists it; a second of the same name is a conflict', async () => {
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/brands', payload: { name: 'Acme' } });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ slug: 'acme', name: 'Acme' });
      const again = await t.app.inject({ method: 'POST', url: '/api/v1/brands', payload: { name: 'acme' } });
      expect(again.statusCode).toBe(409);
      const list = await t.app.inject({ url: '/api/v1/brands' });
      expect(list.json<{ items: { slug: string }[] }>().items.map((b) => b.slug)).toEqual(['acme']);
      expect((await t.app.inject({ url: '/api/v1/brands/nope' })).statusCode).toBe(404);
    });

    it('uploads a logo as multipart; a file that is not an image is 415, a missing name 400', async () => {
      const logo = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#e30613' } })
        .png()
        .toBuffer();
      const ok = await logoUpload('wordmark', logo);
      expect(ok.statusCode).toBe(201);
      expect(ok.json()).toMatchObject({ name: 'wordmark', width: 40, height: 20, mediaType: 'image/png' });
      const text = await logoUpload('text', Buffer.from('not an image at all'), 'text/plain');
      expect(text.statusCode).toBe(415);
      expect(text.json<ErrorReply>().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      const { body, headers } = multipart([{ name: 'file', value: logo, fileName: 'l.png', contentType: 'image/png' }]);
      const nameless = await t.app.inject({ method: 'POST', url: '/api/v1/brands/acme/logos', payload: body, headers });
      expect(nameless.statusCode).toBe(400);
      expect((await t.app.inject({ url: '/api/v1/brands/acme' })).json()).toMatchObject({
        logos: [{ name: 'wordmark' }],
      });
    });

    it('serves an uploaded logo file with its ETag; an unknown logo is 404, an SVG logo a download', async () => {
      const logo = await sharp({ create: { width: 30, height: 10, channels: 3, background: '#0057b8' } })
        .png()
        .toBuffer();
      expect((await logoUpload('mark', logo)).statusCode).toBe(201);
      const file = await t.app.inject({ url: '/api/v1/brands/acme/logos/mark/file' });
      expect(file.statusCode).toBe(200);
      expect(file.headers['content-type']).toBe('image/png');
      expect(file.rawPayload.equals(logo)).toBe(true);
      const etag = String(file.headers.etag);
      const again = await t.app.inject({
        url: '/api/v1/brands/acme/logos/mark/file',
        headers: { 'if-none-match': etag },
      });
      expect(again.statusCode).toBe(304);
      const missing = await t.app.inject({ url: '/api/v1/brands/acme/logos/nope/file' });
      expect(missing.statusCode).toBe(404);
      expect(missing.json<ErrorReply>().error.message).toContain('nope');

      const svg = Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><script>alert(1)</script><rect width="40" height="20" fill="#e30613"/></svg>',
      );
      expect((await logoUpload('vector', svg, 'image/svg+xml')).statusCode).toBe(201);
      const vector = await t.app.inject({ url: '/api/v1/brands/acme/logos/vector/file' });
      expect(vector.statusCode).toBe(200);
      expect(vector.headers['content-type']).toBe('application/octet-stream');
      expect(String(vector.headers['content-disposition'])).toMatch(/^attachment/);
      expect(String(vector.headers['content-security-policy'])).toContain('sandbox');
    });

    it('imports guidelines as YAML or JSON, refusing bad documents with 400 naming each problem, and exports them', async () => {
      const syntax = await importGuideline('{ "brand": {', 'application/json');
      expect(syntax.statusCode).toBe(400);
      expect(syntax.json<ErrorReply>().error.message).toContain('line 1');
      const unknownType = await importGuideline(
        JSON.stringify({ brand: { name: 'Acme' }, rules: [{ id: 'x', type: 'sparkle' }] }),
        'application/json',
      );
      expect(unknownType.statusCode).toBe(400);
      expect(unknownType.json<ErrorReply>().error.details.problems?.map((p) => p.field)).toEqual(['rules[0].type']);
      const deltaE = await importGuideline(
        guidelineYaml.replace('tolerance: 10', 'tolerance: 250'),
        'application/yaml',
      );
      expect(deltaE.statusCode).toBe(400);
      expect(deltaE.json<ErrorReply>().error.details.problems?.map((p) => p.field)).toEqual(['rules[0].tolerance']);

      const created = await importGuideline(guidelineYaml, 'application/yaml', '?note=first');
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ version: 1, note: 'first', recheckQueued: false });
      const versions = await t.app.inject({ url: '/api/v1/brands/acme/guidelines' });
      expect(versions.json<{ items: { version: number }[] }>().items.map((v) => v.version)).toEqual([1]);
      const exported = await t.app.inject({ url: '/api/v1/brands/acme/guideline?format=yaml' });
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-type']).toContain('application/yaml');
      expect(exported.body).toContain('minOnPaletteShare: 0.5');
      const json = await t.app.inject({ url: '/api/v1/brands/acme/guideline' });
      const again = await importGuideline(json.body, 'application/json');
      expect(again.json()).toMatchObject({ version: 2, changes: { changed: [], added: [], removed: [] } });
      expect((await t.app.inject({ url: '/api/v1/brands/acme/guidelines/1' })).json()).toMatchObject({
        version: 1,
        guideline: { brand: { name: 'Acme' } },
      });
    });

    it("runs an asset's check now and answers its results, latest and history, with evidence", async () => {
      const { body, headers } = multipart([
        ...fieldParts({ ...completeFields, prompt: 'a lighthouse in the style of Van Gogh' }),
        { name: 'file', value: await samplePng(4242), fileName: 'l.png', contentType: 'image/png' },
      ]);
      const uploaded = await t.app.inject({ method: 'POST', url: '/api/v1/assets', payload: body, headers });
      expect(uploaded.statusCode, uploaded.body).toBe(201);
      const { id } = uploaded.json<{ asset: { id: string } }>().asset;
      const run = await t.app.inject({ method: 'POST', url: `/api/v1/assets/${id}/brand-check` });
      expect(run.statusCode, run.body).toBe(200);
      const [check] = run.json<{ items: { verdict: string; results: { ruleId: string; outcome: string }[] }[] }>()
        .items;
      expect(check?.verdict).toBe('fail');
      expect(check?.results.find((r) => r.ruleId === 'no-artists')).toMatchObject({
        outcome: 'fail',
        evidence: { type: 'prompt', matches: [{ term: 'van gogh', text: 'Van Gogh' }] },
      });
      const read = await t.app.inject({ url: `/api/v1/assets/${id}/brand-check` });
      expect(read.statusCode).toBe(200);
      expect(read.json()).toMatchObject({ assetId: id, current: [{ verdict: 'fail' }], history: [{ current: true }] });
      expect((await t.app.inject({ url: '/api/v1/assets/nope/brand-check' })).statusCode).toBe(404);
      // The asset's own read carries the latest result per brand.
      const asset = await t.app.inject({ url: `/api/v1/assets/${id}` });
      expect(asset.json()).toMatchObject({
        brandChecks: { current: [{ verdict: 'fail', failedRules: ['no-artists'] }], rereview: false },
      });
      const cleared = await t.app.inject({ method: 'DELETE', url: `/api/v1/assets/${id}/brand-check/rereview` });
      expect(cleared.statusCode).toBe(204);
    });

    it('answers what a version changed, rule by rule, and the assets its re-check flagged', async () => {
      const first = await t.app.inject({ url: '/api/v1/brands/acme/guidelines/1/changes' });
      expect(first.statusCode, first.body).toBe(200);
      expect(first.json()).toEqual({ version: 1, rechecked: 0, flagged: [] });
      const bumped = await importGuideline(
        JSON.stringify({
          brand: { name: 'Acme' },
          appliesTo: { teams: ['Brand Studio'] },
          rules: [{ id: 'no-artists', type: 'prompt', forbidden: ['monet'] }],
        }),
        'application/json',
      );
      expect(bumped.statusCode, bumped.body).toBe(201);
      const { brandId, version } = bumped.json<{ brandId: string; version: number }>();
      await t.rt.brandChecks.recheckBatch(system, { brandId, guidelineVersion: version });
      const changes = await t.app.inject({ url: `/api/v1/brands/acme/guidelines/${version}/changes` });
      expect(changes.statusCode, changes.body).toBe(200);
      expect(changes.json()).toMatchObject({
        version,
        previousVersion: version - 1,
        changes: { removed: ['palette'], changed: ['no-artists'], added: [] },
        rechecked: 1,
        flagged: [{ previousVerdict: 'fail', verdict: 'pass', stillFlagged: true, versionNumber: 1 }],
      });
      expect((await t.app.inject({ url: '/api/v1/brands/acme/guidelines/99/changes' })).statusCode).toBe(404);
    });
  });
}
