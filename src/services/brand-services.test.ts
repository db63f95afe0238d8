import { Readable } from 'node:stream';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { member, operator, system, userContext } from '../../test/contexts.ts';
import { describeDialect, dialects } from '../../test/dialects.ts';
import { outcome } from '../../test/outcome.ts';
import { completeFields, createTestRuntime, type TestRuntime } from '../../test/runtime.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import type { DetailImage, LogoMatch, LogoMatcher, ReferenceImage } from '../domain/image-content.ts';
import { referenceImageFromBytes } from '../enrich/logo/index.ts';
import { brandCheckJob, brandRecheckJob, brandRecheckQueue } from '../jobs/brand.jobs.ts';
import { BrandCheckService } from './brand-check.service.ts';
import { BrandGuidelineService } from './brand-guideline.service.ts';
import type { BrandPictures } from './brand-service-types.ts';

/** A picture half brand red, half white: its palette is known. */
const redAndWhite = async (seed: number) => {
  const width = 320;
  const height = 200;
  const rgb = Buffer.alloc(width * height * 3, 255);
  for (let y = 0; y < height; y++) for (let x = 0; x < width / 2; x++) rgb.set([0xe3, 0x06, 0x13], (y * width + x) * 3);
  // One pixel says which picture this is: every upload is new bytes, never an exact duplicate.
  rgb.set([seed & 0xff, (seed >> 8) & 0xff, 0x80], (height * width - 1) * 3);
  return sharp(rgb, { raw: { width, height, channels: 3 } })
    .png()
    .toBuffer();
};

const logoPng = () =>
  sharp({ create: { width: 60, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .composite([
      {
        input: Buffer.from(
          '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="30"><rect x="2" y="2" width="26" height="26" fill="#e30613"/><circle cx="45" cy="15" r="12" fill="#1d1d1b"/></svg>',
        ),
      },
    ])
    .png()
    .toBuffer();

const guideline = (overrides: { minOnPaletteShare?: number; promptTerms?: string[]; teams?: string[] } = {}) => ({
  brand: { name: 'Acme' },
  appliesTo: { teams: overrides.teams ?? ['Brand Studio'] },
  rules: [
    {
      id: 'palette',
      type: 'palette',
      colours: [
        { name: 'Acme red', hex: '#e30613' },
        { name: 'White', hex: '#ffffff' },
      ],
      tolerance: 10,
      minOnPaletteShare: overrides.minOnPaletteShare ?? 0.8,
    },
    { id: 'prompt-terms', type: 'prompt', forbidden: overrides.promptTerms ?? ['picasso'], severity: 'warn' },
    { id: 'wordmark', type: 'logo', logo: { id: 'wordmark' }, presence: 'required', severity: 'warn' },
  ],
});

/** A matcher that finds the logo wherever it is asked, and counts the asks. */
class CountingMatcher implements LogoMatcher {
  readonly producer = { enricher: 'logo', model: 'fake-logo-matcher', modelVersion: '1' };
  calls = 0;
  find(image: DetailImage, logo: ReferenceImage): Promise<LogoMatch[]> {
    this.calls++;
    const box = { x: 10, y: 10, width: logo.width, height: logo.height };
    return Promise.resolve(image.width >= logo.width ? [{ box, scale: 1, score: 0.9 }] : []);
  }
  dispose(): Promise<void> {
    return Promise.resolve();
  }
}

let seed = 100;

for (const dialect of dialects) {
  describeDialect(dialect, `brand service [${dialect}]`, () => {
    let rt: TestRuntime;
    let brands: BrandGuidelineService;
    let brandChecks: BrandCheckService;
    const matcher = new CountingMatcher();
    beforeAll(async () => {
      rt = await createTestRuntime(dialect, { embedder: 'none', moderation: 'false' });
      const pictures: BrandPictures = {
        picture: async (sha256) =>
          (await import('../enrich/logo/index.ts')).detailImageFromFile(rt.blobs.pathOf(sha256)),
        reference: referenceImageFromBytes,
        matcher: () => Promise.resolve(matcher),
      };
      brands = new BrandGuidelineService({
        store: rt.store,
        blobs: rt.blobs,
        recheck: brandRecheckQueue,
        maxLogoBytes: 64 * 1024,
        pictures,
      });
      brandChecks = new BrandCheckService({
        store: rt.store,
        blobs: rt.blobs,
        workflow: rt.workflow,
        batchSize: 2,
        pictures,
      });
    });
    afterAll(async () => rt?.dispose());

    /** An asset ingested and enriched: enrichment's finish routes it through the brand gate. */
    const enriched = async (fields: Record<string, string> = {}) => {
      const n = seed++;
      const { asset } = await rt.intake.intake(operator, Readable.from([await redAndWhite(n)]), {
        fileName: `b${n}.png`,
        fields: { ...completeFields, ...fields },
        mode: 'bulk',
      });
      await (await rt.openEnrichment()).enrichVersion(system, asset.id, 1);
      return asset;
    };
    const statusOf = async (id: string) => (await rt.store.assets.get(id))?.status;

    it('creates a brand once per name, for brand managers only', async () => {
      const acme = await brands.createBrand(operator, { name: 'Acme' });
      expect(acme).toMatchObject({ slug: 'acme', name: 'Acme', createdBy: 'operator:tester' });
      expect(await outcome(brands.createBrand(operator, { name: 'ACME ' }))).toBe('CONFLICT');
      expect(await outcome(brands.createBrand(operator, { name: '  ' }))).toBe('VALIDATION_FAILED');
      const creator = userContext('cara', [member('t1', 'creator')]);
      expect(await outcome(brands.createBrand(creator, { name: 'Other' }))).toBe('FORBIDDEN');
      expect((await brands.listBrands(creator)).map((b) => b.slug)).toContain('acme');
      expect((await rt.store.audit.forSubject('brand', acme.id)).map((e) => e.action)).toEqual(['brand.created']);
    });

    it('uploads logos that are images of a sane size, refusing anything else with a clear error', async () => {
      const logo = await brands.addLogo(operator, 'acme', { name: 'wordmark', bytes: await logoPng() });
      expect(logo).toMatchObject({ name: 'wordmark', mediaType: 'image/png', width: 60, height: 30 });
      expect(await rt.blobs.stat(logo.sha256)).toBeDefined();
      const notImage = brands.addLogo(operator, 'acme', { name: 'text', bytes: Buffer.from('hello, not a logo') });
      expect(await outcome(notImage)).toBe('UNSUPPORTED_MEDIA_TYPE');
      const huge = brands.addLogo(operator, 'acme', { name: 'huge', bytes: Buffer.alloc(65 * 1024, 1) });
      expect(await outcome(huge)).toBe('FILE_TOO_LARGE');
      expect(await outcome(brands.addLogo(operator, 'acme', { name: 'Bad Name', bytes: await logoPng() }))).toBe(
        'VALIDATION_FAILED',
      );
      expect(await outcome(brands.addLogo(operator, 'acme', { name: 'wordmark', bytes: await logoPng() }))).toBe(
        'CONFLICT',
      );
      expect(await outcome(brands.addLogo(operator, 'nope', { name: 'x', bytes: await logoPng() }))).toBe('NOT_FOUND');
    });

    it('imports a guideline as JSON or YAML, naming the path of every problem, and exports it again', async () => {
      const bad = {
        ...guideline(),
        rules: [
          { id: 'x', type: 'sparkle' },
          {
            id: 'p',
            type: 'palette',
            colours: [{ name: 'r', hex: '#ff0000' }],
            tolerance: 140,
            minOnPaletteShare: 0.5,
          },
          { id: 'l', type: 'logo', logo: { id: 'missing' }, presence: 'required' },
        ],
      };
      const refused = await brands.importGuideline(operator, 'acme', { value: bad }).catch((e: unknown) => e);
      expect(refused).toMatchObject({ code: 'VALIDATION_FAILED' });
      const fields = (refused as { details: { problems: { field: string }[] } }).details.problems.map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['rules[0].type', 'rules[1].tolerance']));
      const unknownLogo = { ...guideline(), rules: [bad.rules[2]] };
      const logoRefused = await brands
        .importGuideline(operator, 'acme', { value: unknownLogo })
        .catch((e: unknown) => e);
      expect(logoRefused).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('rules[0].logo.id') as string,
      });
      expect(await outcome(brands.importGuideline(operator, 'acme', { text: '{ "brand": ', format: 'json' }))).toBe(
        'VALIDATION_FAILED',
      );
      expect(await brands.versions(operator, 'acme')).toEqual([]);

      const first = await brands.importGuideline(operator, 'acme', { text: JSON.stringify(guideline()) }, 'first');
      expect(first).toMatchObject({ version: 1, note: 'first', recheckQueued: false });
      // The logo rule carries the uploaded logo's digest.
      const logos = (await brands.brand(operator, 'acme')).logos;
      expect(first.guideline.rules.find((r) => r.type === 'logo')).toMatchObject({
        logo: { id: 'wordmark', sha256: logos[0]!.sha256 },
      });
      const yaml = await brands.exportGuideline(operator, 'acme', { format: 'yaml' });
      expect(yaml.text).toContain('minOnPaletteShare: 0.8');
      const again = await brands.importGuideline(operator, 'acme', { text: yaml.text, format: 'yaml' });
      // The same rules again: nothing to re-check.
      expect(again).toMatchObject({
        version: 2,
        recheckQueued: false,
        changes: { changed: [], added: [], removed: [] },
      });
      expect((await brands.versions(operator, 'acme')).map((v) => v.version)).toEqual([2, 1]);
      const exported = await brands.exportGuideline(operator, 'acme', { version: 1 });
      expect(brands.parse({ text: exported.text })).toEqual(first.guideline);
      expect(await outcome(brands.guideline(operator, 'acme', 9))).toBe('NOT_FOUND');
    });

    it('sends an enriched asset of a team the guideline applies to through brand_check, and on to review when it passes', async () => {
      const asset = await enriched();
      expect(await statusOf(asset.id)).toBe('brand_check');
      const queued = (await rt.store.jobs.list({ name: brandCheckJob.name }, { limit: 50 })).items;
      expect(queued.map((j) => j.payload)).toContainEqual({ assetId: asset.id, version: 1 });
      const calls = matcher.calls;
      const done = await brandChecks.runWorkflowCheck(system, { assetId: asset.id, version: 1 });
      expect(done.outcome).toBe('in_review');
      expect(await statusOf(asset.id)).toBe('in_review');
      expect(matcher.calls).toBe(calls + 1);
      const checks = await brandChecks.checksOf(operator, asset.id);
      expect(checks.current).toHaveLength(1);
      const [check] = checks.current;
      expect(check).toMatchObject({ verdict: 'pass', guidelineVersion: 2, cause: 'workflow', score: 100 });
      const palette = check!.results.find((r) => r.ruleId === 'palette');
      expect(palette?.outcome).toBe('pass');
      expect(palette?.evidence).toMatchObject({ type: 'palette' });
      expect((palette?.evidence as { onPaletteShare: number }).onPaletteShare).toBeGreaterThan(0.97);
      expect(check!.results.find((r) => r.ruleId === 'wordmark')?.evidence).toMatchObject({
        matches: [{ score: 0.9 }],
      });
      // Run again (a retried job): the asset has moved on, nothing happens.
      expect(await brandChecks.runWorkflowCheck(system, { assetId: asset.id, version: 1 })).toEqual({
        outcome: 'skipped',
      });
      // An asset of another team is not checked: straight to review.
      const other = await enriched({ team: 'Elsewhere' });
      expect(await statusOf(other.id)).toBe('in_review');
    });

    it('sends an asset whose check fails back to the requestor with the failed rules as reasons', async () => {
      // A guideline that the picture (half white) cannot meet: 100 % red.
      await brands.importGuideline(operator, 'acme', {
        value: {
          ...guideline(),
          rules: [{ ...guideline().rules[0], colours: [{ name: 'Acme red', hex: '#e30613' }], minOnPaletteShare: 0.9 }],
        },
      });
      const asset = await enriched();
      const done = await brandChecks.runWorkflowCheck(system, { assetId: asset.id, version: 1 });
      expect(done.outcome).toBe('changes_requested');
      expect(await statusOf(asset.id)).toBe('changes_requested');
      const transition = (await rt.store.audit.forSubject('asset', asset.id)).find(
        (e) => e.action === 'asset.transitioned' && e.details?.transition === 'fail-brand-check',
      );
      expect(transition?.details).toMatchObject({
        reason: expect.stringContaining('palette: ') as string,
        failedRules: [{ ruleId: 'palette' }],
      });
      // Back to the first guideline for the tests below.
      await brands.importGuideline(operator, 'acme', { value: guideline() });
    });

    it('raises the review tier a people rule asks for when people are depicted, and audits why', async () => {
      const people = { id: 'people', type: 'people', requireModelRelease: false, raiseTierTo: 3, severity: 'warn' };
      await brands.importGuideline(operator, 'acme', {
        value: { ...guideline(), rules: [...guideline().rules, people] },
      });
      const asset = await enriched();
      const before = await rt.store.assets.get(asset.id);
      expect(before?.riskTier).toBeLessThan(3);
      await rt.store.enrichment.saveResults([
        {
          versionId: before!.versions[0]!.id,
          enricher: 'faces',
          model: 'fake-faces',
          modelVersion: '1',
          status: 'done',
          producedAt: new Date().toISOString(),
          result: {
            count: 1,
            faces: [{ box: { x: 4, y: 4, width: 20, height: 20 }, score: 0.9 }],
            containsPeople: true,
          },
        },
      ]);
      expect((await brandChecks.runWorkflowCheck(system, { assetId: asset.id, version: 1 })).outcome).toBe('in_review');
      expect(await rt.store.assets.get(asset.id)).toMatchObject({ riskTier: 3, riskRule: 'brand:Acme/people' });
      const raised = (await rt.store.audit.forSubject('asset', asset.id)).find(
        (e) => e.action === 'asset.risk-tier-set' && e.details?.cause === 'brand-check',
      );
      expect(raised?.details).toMatchObject({
        tier: 3,
        rule: 'brand:Acme/people',
        previous: { tier: before!.riskTier },
      });
      await brands.importGuideline(operator, 'acme', { value: guideline() });
    });

    it('checks an asset without enrichment facts: its rules are not applicable, never a crash', async () => {
      const { entry: team } = await rt.store.catalog.ensure('team', 'Brand Studio');
      const { assetId } = await addStoredAsset(rt.store, { teamId: team.id });
      const [check] = await brandChecks.check(operator, assetId);
      expect(check?.results.map((r) => [r.ruleId, r.outcome])).toEqual([
        ['palette', 'not-applicable'],
        ['prompt-terms', 'not-applicable'],
        ['wordmark', 'not-applicable'],
      ]);
      expect(check).toMatchObject({ verdict: 'pass', cause: 'requested' });
      const viewer = userContext('vera', [member(team.id, 'viewer')]);
      expect(await outcome(brandChecks.check(viewer, assetId))).toBe('FORBIDDEN');
      const stranger = userContext('sam', [member('another-team', 'creator')]);
      expect(await outcome(brandChecks.check(stranger, assetId))).toBe('NOT_FOUND');
      expect((await brandChecks.checksOf(viewer, assetId)).current).toHaveLength(1);
    });

    it('re-checks only the changed rules on a guideline bump and flags assets whose verdict changed', async () => {
      const passing = await enriched();
      const forbidden = await enriched({ prompt: 'a lighthouse at dusk in the style of Picasso' });
      await brandChecks.runWorkflowCheck(system, { assetId: passing.id, version: 1 });
      await brandChecks.runWorkflowCheck(system, { assetId: forbidden.id, version: 1 });
      const before = (await brandChecks.checksOf(operator, forbidden.id)).current[0]!;
      expect(before.verdict).toBe('warn');
      const calls = matcher.calls;
      // The prompt rule no longer forbids Picasso; the palette and logo rules are unchanged.
      const bumped = await brands.importGuideline(operator, 'acme', { value: guideline({ promptTerms: ['warhol'] }) });
      expect(bumped).toMatchObject({ recheckQueued: true, changes: { changed: ['prompt-terms'] } });
      const queued = (await rt.store.jobs.list({ name: brandRecheckJob.name }, { limit: 50 })).items;
      expect(queued.map((j) => j.payload)).toContainEqual({
        brandId: bumped.brandId,
        guidelineVersion: bumped.version,
      });
      let after: string | undefined;
      let rechecked = 0;
      let rulesRerun = 0;
      for (let i = 0; i < 100; i++) {
        const batch = await brandChecks.recheckBatch(system, {
          brandId: bumped.brandId,
          guidelineVersion: bumped.version,
          ...(after ? { after } : {}),
        });
        rechecked += batch.rechecked;
        rulesRerun += batch.rulesRerun;
        if (batch.next === undefined) break;
        after = batch.next;
      }
      // One rule per asset re-run (the prompt rule), but for the asset checked under the palette-only version
      // above, which gets its palette, prompt and logo rules run: the only one whose logo is matched again.
      expect(rulesRerun).toBe(rechecked + 2);
      expect(matcher.calls).toBe(calls + 1);
      const now = await brandChecks.checksOf(operator, forbidden.id);
      expect(now.current[0]).toMatchObject({
        verdict: 'pass',
        guidelineVersion: bumped.version,
        cause: 'guideline-changed',
      });
      const kept = now.current[0]!.results.find((r) => r.ruleId === 'palette');
      expect(kept).toEqual(before.results.find((r) => r.ruleId === 'palette'));
      expect(now.rereview).toMatchObject({ previous: { id: before.id, verdict: 'warn' }, check: { verdict: 'pass' } });
      expect((await brandChecks.checksOf(operator, passing.id)).rereview).toBeUndefined();
      // Run again: every result is under the new version already.
      expect(
        await brandChecks.recheckBatch(system, { brandId: bumped.brandId, guidelineVersion: bumped.version }),
      ).toMatchObject({
        rechecked: 0,
      });
      // An older version's job stops.
      expect(await brandChecks.recheckBatch(system, { brandId: bumped.brandId, guidelineVersion: 1 })).toMatchObject({
        superseded: true,
      });
      expect(await brandChecks.clearRereview(operator, forbidden.id)).toBe(true);
      expect((await brandChecks.checksOf(operator, forbidden.id)).rereview).toBeUndefined();
    });
  });
}

describe('brand check over the runtime (real logo matcher, stored files)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await createTestRuntime('sqlite', { embedder: 'none', moderation: 'false' });
  });
  afterAll(async () => rt?.dispose());

  it('checks a logo larger than the asset without an error: the logo is looked for smaller, and reported absent', async () => {
    await rt.brands.createBrand(operator, { name: 'Big' });
    const big = await sharp({ create: { width: 900, height: 450, channels: 3, background: '#1d1d1b' } })
      .composite([
        {
          input: Buffer.from(
            '<svg xmlns="http://www.w3.org/2000/svg" width="900" height="450"><circle cx="225" cy="225" r="180" fill="#e30613"/><rect x="480" y="90" width="360" height="270" fill="#ffd400"/></svg>',
          ),
        },
      ])
      .png()
      .toBuffer();
    await rt.brands.addLogo(operator, 'big', { name: 'mark', bytes: big });
    await rt.brands.importGuideline(operator, 'big', {
      value: {
        brand: { name: 'Big' },
        appliesTo: { teams: [completeFields.team] },
        rules: [{ id: 'mark', type: 'logo', logo: { id: 'mark' }, presence: 'required' }],
      },
    });
    const { asset } = await rt.intake.intake(operator, Readable.from([await redAndWhite(9001)]), {
      fileName: 'small.png',
      fields: completeFields,
      mode: 'bulk',
    });
    const [check] = await rt.brandChecks.check(operator, asset.id);
    const rule = check?.results.find((r) => r.ruleId === 'mark');
    expect(rule).toMatchObject({ outcome: 'fail', evidence: { type: 'logo', matches: [] } });
  });

  it("checks a text asset's copy against the text rules: a forbidden phrase with its offsets, a missing disclaimer", async () => {
    await rt.brands.createBrand(operator, { name: 'Copy' });
    await rt.brands.importGuideline(operator, 'copy', {
      value: {
        brand: { name: 'Copy' },
        appliesTo: { campaigns: ['Copy Launch'] },
        rules: [{ id: 'copy', type: 'text', forbidden: ['guaranteed results'], required: ['terms apply'] }],
      },
    });
    const copy = 'Our new serum: guaranteed results in a week!';
    const { asset } = await rt.intake.intake(operator, Readable.from([Buffer.from(copy)]), {
      fileName: 'tagline.txt',
      fields: { ...completeFields, campaign: 'Copy Launch' },
      mode: 'bulk',
    });
    // Two brands apply (Big's by the team, Copy's by the campaign): one result each.
    const checks = await rt.brandChecks.check(operator, asset.id);
    expect(checks).toHaveLength(2);
    const bigLogo = checks.flatMap((c) => c.results).find((r) => r.ruleId === 'mark');
    expect(bigLogo?.outcome).toBe('not-applicable');
    const copyRule = checks.flatMap((c) => c.results).find((r) => r.ruleId === 'copy');
    expect(copyRule).toMatchObject({
      outcome: 'fail',
      evidence: {
        type: 'text',
        forbidden: [{ source: 'copy', start: copy.indexOf('guaranteed'), text: 'guaranteed results' }],
        missingDisclaimers: ['terms apply'],
      },
    });
  });
});
