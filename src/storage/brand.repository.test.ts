import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { outcome } from '../../test/outcome.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import type { BrandGuideline } from '../domain/brand-guideline.ts';
import type { StoredBrandCheck } from '../domain/brand-records.ts';
import { newId } from '../domain/ids.ts';

const at = '2030-01-01T00:00:00.000Z';

const checkOf = (
  assetId: string,
  brandId: string,
  overrides: Partial<Omit<StoredBrandCheck, 'current'>> = {},
): Omit<StoredBrandCheck, 'current'> => ({
  id: newId(),
  assetId,
  versionNumber: 1,
  brandId,
  guidelineVersion: 1,
  results: [
    {
      ruleId: 'palette',
      type: 'palette',
      severity: 'fail',
      weight: 1,
      outcome: 'pass',
      reason: 'ok',
      ruleDigest: 'd1',
    },
  ],
  ruleDigests: { palette: 'd1' },
  score: 1,
  verdict: 'pass',
  cause: 'workflow',
  checkedAt: at,
  checkedBy: 'system:brand',
  ...overrides,
});

describeEachDialect('brand repository', ({ store }) => {
  async function newBrand(name: string) {
    const id = newId();
    await store().brand.insertBrand({ id, slug: name.toLowerCase(), name, createdAt: at, createdBy: 'operator:a' });
    return id;
  }

  it('stores brands, found by id or slug, a slug once', async () => {
    const acme = await newBrand('Acme');
    expect(await store().brand.findBrand('acme')).toEqual({
      id: acme,
      slug: 'acme',
      name: 'Acme',
      createdAt: at,
      createdBy: 'operator:a',
    });
    expect((await store().brand.findBrand(acme))?.slug).toBe('acme');
    expect(await store().brand.findBrand('nope')).toBeUndefined();
    expect((await store().brand.listBrands()).map((b) => b.name)).toContain('Acme');
    expect(await outcome(newBrand('acme'))).toBe('CONFLICT');
  });

  it('keeps every guideline version, the newest answered first, and refuses a version stored twice', async () => {
    const brandId = await newBrand('Versions');
    const guideline: BrandGuideline = { brand: { name: 'Versions', spellings: [] }, appliesTo: {}, rules: [] };
    const other = await newBrand('Unversioned');
    await store().brand.insertGuideline({ brandId, version: 1, guideline, digest: 'a', createdAt: at, createdBy: 'u' });
    await store().brand.insertGuideline({
      brandId,
      version: 2,
      guideline: { ...guideline, appliesTo: { teams: ['x'] } },
      digest: 'b',
      note: 'second',
      createdAt: at,
      createdBy: 'u',
    });
    expect((await store().brand.latestGuideline(brandId))?.version).toBe(2);
    expect((await store().brand.guideline(brandId, 1))?.guideline).toEqual(guideline);
    const latest = await store().brand.latestGuidelines();
    expect(latest.filter((g) => g.brandId === brandId).map((g) => g.version)).toEqual([2]);
    expect(latest.some((g) => g.brandId === other)).toBe(false);
    expect((await store().brand.guidelineVersions(brandId)).map((v) => [v.version, v.digest, v.note])).toEqual([
      [2, 'b', 'second'],
      [1, 'a', undefined],
    ]);
    expect(
      await outcome(
        store().brand.insertGuideline({ brandId, version: 2, guideline, digest: 'c', createdAt: at, createdBy: 'u' }),
      ),
    ).toBe('CONFLICT');
  });

  it('stores logo references with a blob row (doctor keeps the bytes), one name per brand', async () => {
    const brandId = await newBrand('Logos');
    const sha256 = 'ab'.repeat(32);
    const logo = {
      id: newId(),
      brandId,
      name: 'mark',
      sha256,
      size: 120,
      mediaType: 'image/png',
      width: 40,
      height: 20,
      createdAt: at,
      createdBy: 'u',
    };
    await store().brand.insertLogo(logo);
    expect(await store().brand.logos(brandId)).toEqual([logo]);
    expect(await store().assets.isBlobReferenced(sha256)).toBe(true);
    expect(await outcome(store().brand.insertLogo({ ...logo, id: newId() }))).toBe('CONFLICT');
  });

  it('a logo keeps its bytes when an asset of the same bytes is purged', async () => {
    const brandId = await newBrand('Purge');
    const { assetId, versionIds } = await addStoredAsset(store());
    const sha256 = versionIds[0]!.replace(/-/g, '').padEnd(64, 'a');
    await store().brand.insertLogo({
      id: newId(),
      brandId,
      name: 'same-bytes',
      sha256,
      size: 10,
      mediaType: 'image/png',
      width: 4,
      height: 4,
      createdAt: at,
      createdBy: 'u',
    });
    const unreferenced = await store().transaction((tx) => tx.assets.purge(assetId, (digest) => tx.holdBlob(digest)));
    expect(unreferenced).not.toContain(sha256);
    expect(await store().assets.isBlobReferenced(sha256)).toBe(true);
  });

  it('keeps one current result per asset and brand, the history newest first, and walks current results in asset order', async () => {
    const brandId = await newBrand('Checks');
    const assets = await Promise.all([1, 2, 3].map(() => addStoredAsset(store())));
    const ids = assets.map((a) => a.assetId).sort();
    for (const assetId of ids) await store().brand.insertCheck(checkOf(assetId, brandId));
    const later = checkOf(ids[0]!, brandId, {
      guidelineVersion: 2,
      verdict: 'fail',
      checkedAt: '2030-01-02T00:00:00.000Z',
    });
    await store().transaction((tx) => tx.brand.insertCheck(later));
    const history = await store().brand.checksOf(ids[0]!);
    expect(history.map((c) => [c.guidelineVersion, c.current])).toEqual([
      [2, true],
      [1, false],
    ]);
    expect(history[0]).toEqual({ ...later, current: true });
    const firstPage = await store().brand.currentChecks(brandId, '', 2);
    expect(firstPage.map((c) => c.assetId)).toEqual(ids.slice(0, 2));
    expect(firstPage[0]?.guidelineVersion).toBe(2);
    expect((await store().brand.currentChecks(brandId, ids[1]!, 2)).map((c) => c.assetId)).toEqual([ids[2]]);
    // A batch replaces the current results of its assets.
    await store().transaction((tx) =>
      tx.brand.insertChecks(
        ids.map((assetId) => checkOf(assetId, brandId, { guidelineVersion: 3, cause: 'guideline-changed' })),
      ),
    );
    const current = await store().brand.currentChecks(brandId, '', 10);
    expect(current.map((c) => c.guidelineVersion)).toEqual([3, 3, 3]);
    expect((await store().brand.checksOf(ids[0]!)).filter((c) => c.current)).toHaveLength(1);
  });

  it('flags an asset for re-review with the new and previous result, keeps the first previous one, and clears it', async () => {
    const brandId = await newBrand('Rereview');
    const { assetId } = await addStoredAsset(store());
    const first = await store().brand.insertCheck(checkOf(assetId, brandId));
    const second = await store().brand.insertCheck(checkOf(assetId, brandId, { guidelineVersion: 2, verdict: 'fail' }));
    await store().brand.flagRereview({ assetId, brandId, checkId: second.id, previousCheckId: first.id, at });
    const third = await store().brand.insertCheck(checkOf(assetId, brandId, { guidelineVersion: 3, verdict: 'warn' }));
    await store().brand.flagRereview({ assetId, brandId, checkId: third.id, previousCheckId: second.id, at });
    const flag = await store().brand.rereviewOf(assetId);
    expect(flag?.check.id).toBe(third.id);
    expect(flag?.previous.id).toBe(first.id);
    expect(await store().brand.rereviewCount(brandId)).toBe(1);
    expect(await store().brand.clearRereview(assetId)).toBe(true);
    expect(await store().brand.rereviewOf(assetId)).toBeUndefined();
    expect(await store().brand.clearRereview(assetId)).toBe(false);
  });

  it('lists the assets a guideline version’s re-check changed the verdict of, against the result each replaced', async () => {
    const brandId = await newBrand('Flagged');
    const teamA = (await store().catalog.ensure('team', 'flagged a')).entry.id;
    const teamB = (await store().catalog.ensure('team', 'flagged b')).entry.id;
    const [changed, same, other] = await Promise.all([
      addStoredAsset(store(), { title: 'changed.png', teamId: teamA }),
      addStoredAsset(store(), { title: 'same.png', teamId: teamA }),
      addStoredAsset(store(), { title: 'other.png', teamId: teamB }),
    ]);
    for (const { assetId } of [changed, same, other]) await store().brand.insertCheck(checkOf(assetId, brandId));
    const recheck = (assetId: string, verdict: 'pass' | 'fail') =>
      checkOf(assetId, brandId, {
        guidelineVersion: 2,
        verdict,
        cause: 'guideline-changed',
        checkedAt: '2030-01-02T00:00:00.000Z',
      });
    const changedCheck = recheck(changed.assetId, 'fail');
    await store().transaction((tx) =>
      tx.brand.insertChecks([changedCheck, recheck(same.assetId, 'pass'), recheck(other.assetId, 'fail')]),
    );
    await store().brand.flagRereview({
      assetId: changed.assetId,
      brandId,
      checkId: changedCheck.id,
      previousCheckId: changedCheck.id,
      at,
    });
    const flagged = await store().brand.flaggedByGuideline(brandId, 2, 10);
    expect(flagged.map((f) => [f.title, f.previousVerdict, f.verdict, f.stillFlagged]).sort()).toEqual([
      ['changed.png', 'pass', 'fail', true],
      ['other.png', 'pass', 'fail', false],
    ]);
    expect((await store().brand.flaggedByGuideline(brandId, 2, 10, [teamA])).map((f) => f.assetId)).toEqual([
      changed.assetId,
    ]);
    expect(await store().brand.flaggedByGuideline(brandId, 2, 10, [])).toEqual([]);
    expect(await store().brand.flaggedByGuideline(brandId, 2, 1)).toHaveLength(1);
    expect(await store().brand.flaggedByGuideline(brandId, 1, 10)).toEqual([]);
    expect(await store().brand.recheckedCount(brandId, 2)).toBe(3);
    expect(await store().brand.recheckedCount(brandId, 1)).toBe(0);
  });
});
