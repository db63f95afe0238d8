/**
 * Brands, their guideline versions, logo references, check results and re-review flags (migration 0012). A result
 * becomes the current one of its asset and brand by unmarking the previous one in the same statement sequence; the
 * caller's transaction makes the pair atomic, and the partial unique index refuses two current results.
 */
import type { Insertable, Kysely, Selectable } from 'kysely';
import { brandFactEnrichers } from '../domain/brand-records.ts';
import type {
  Brand,
  BrandCheckCause,
  BrandFactEnricher,
  BrandRepository,
  BrandSubject,
  BrandRereview,
  BrandVerdict,
  GuidelineFlaggedAsset,
  GuidelineVersionEntry,
  LogoReference,
  StoredBrandCheck,
  StoredGuideline,
} from '../domain/brand-records.ts';
import type { EnrichmentTables } from './enrichment.schema.ts';
import type { BrandCheckRow, BrandGuidelineRow, BrandLogoRow, BrandRow, BrandTables } from './brand.schema.ts';
import { fromJson, toJson } from './json.ts';
import type { Database } from './schema.ts';

type Db = Database & BrandTables & EnrichmentTables;

/** Rows per insert statement: 13 parameters each stays far below either driver's limit. */
const insertChunk = 500;

const versionEntryOf = (row: Omit<Selectable<BrandGuidelineRow>, 'document'>): GuidelineVersionEntry => ({
  brandId: row.brand_id,
  version: Number(row.version),
  digest: row.digest,
  ...(row.note !== null ? { note: row.note } : {}),
  createdAt: row.created_at,
  createdBy: row.created_by,
});

const brandOf = (row: Selectable<BrandRow>): Brand => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  createdAt: row.created_at,
  createdBy: row.created_by,
});

const guidelineOf = (row: Selectable<BrandGuidelineRow>): StoredGuideline => ({
  ...versionEntryOf(row),
  guideline: fromJson(row.document),
});

const logoOf = (row: Selectable<BrandLogoRow>): LogoReference => ({
  id: row.id,
  brandId: row.brand_id,
  name: row.name,
  sha256: row.blob_sha256,
  size: Number(row.size),
  mediaType: row.media_type,
  width: Number(row.width),
  height: Number(row.height),
  createdAt: row.created_at,
  createdBy: row.created_by,
});

const checkOf = (row: Selectable<BrandCheckRow>): StoredBrandCheck => ({
  id: row.id,
  assetId: row.asset_id,
  versionNumber: Number(row.version_number),
  brandId: row.brand_id,
  guidelineVersion: Number(row.guideline_version),
  results: fromJson(row.results),
  ruleDigests: fromJson(row.rule_digests),
  score: Number(row.score),
  verdict: row.verdict as BrandVerdict,
  cause: row.cause as BrandCheckCause,
  current: Number(row.current) === 1,
  checkedAt: row.checked_at,
  checkedBy: row.checked_by,
});

const checkRowOf = (check: Omit<StoredBrandCheck, 'current'>): Insertable<BrandCheckRow> => ({
  id: check.id,
  asset_id: check.assetId,
  version_number: check.versionNumber,
  brand_id: check.brandId,
  guideline_version: check.guidelineVersion,
  results: toJson(check.results),
  rule_digests: toJson(check.ruleDigests),
  score: check.score,
  verdict: check.verdict,
  cause: check.cause,
  current: 1,
  checked_at: check.checkedAt,
  checked_by: check.checkedBy,
});

export class SqlBrandRepository implements BrandRepository {
  private readonly db: Kysely<Db>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<Omit<Db, keyof Database>>();
  }

  async subjects(assetIds: readonly string[]): Promise<BrandSubject[]> {
    if (assetIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('assets as a')
      .innerJoin('asset_versions as v', (join) =>
        join.onRef('v.asset_id', '=', 'a.id').onRef('v.number', '=', 'a.current_version'),
      )
      .leftJoin('teams as t', 't.id', 'a.team_id')
      .leftJoin('campaigns as c', 'c.id', 'a.campaign_id')
      .select([
        'a.id',
        'a.status',
        'a.kind',
        'a.team_id',
        'a.prompt',
        'a.intended_use',
        't.name as team_name',
        'c.name as campaign_name',
        'v.id as version_id',
        'v.number',
        'v.blob_sha256',
        'v.media_type',
        'v.width',
        'v.height',
      ])
      .leftJoin('blobs as b', 'b.sha256', 'v.blob_sha256')
      .select('b.size')
      .where('a.id', 'in', [...new Set(assetIds)])
      .where('a.deleted_at', 'is', null)
      .orderBy('a.id')
      .execute();
    if (rows.length === 0) return [];
    const versionIds = rows.map((row) => row.version_id);
    const palettes = new Map<string, BrandSubject['palette']>();
    for (const colour of await this.db
      .selectFrom('palette_colours')
      .select(['version_id', 'hex', 'lab_l', 'lab_a', 'lab_b', 'share'])
      .where('version_id', 'in', versionIds)
      .orderBy('version_id')
      .orderBy('rank')
      .execute()) {
      const list = palettes.get(colour.version_id) ?? [];
      list.push({
        hex: colour.hex,
        lab: { l: Number(colour.lab_l), a: Number(colour.lab_a), b: Number(colour.lab_b) },
        share: Number(colour.share),
      });
      palettes.set(colour.version_id, list);
    }
    const enrichments = new Map<string, BrandSubject['enrichments']>();
    for (const result of await this.db
      .selectFrom('enrichment_results')
      .select(['version_id', 'enricher', 'result'])
      .where('version_id', 'in', versionIds)
      .where('enricher', 'in', [...brandFactEnrichers])
      .where('status', '=', 'done')
      .execute()) {
      const found = enrichments.get(result.version_id) ?? {};
      found[result.enricher as BrandFactEnricher] = fromJson<Record<string, unknown>>(result.result);
      enrichments.set(result.version_id, found);
    }
    return rows.map((row) => ({
      assetId: row.id,
      status: row.status as BrandSubject['status'],
      kind: row.kind as BrandSubject['kind'],
      ...(row.team_id !== null ? { teamId: row.team_id } : {}),
      ...(row.team_name !== null ? { team: row.team_name } : {}),
      ...(row.campaign_name !== null ? { campaign: row.campaign_name } : {}),
      ...(row.prompt !== null ? { prompt: row.prompt } : {}),
      ...(row.intended_use !== null ? { intendedUse: row.intended_use } : {}),
      versionNumber: Number(row.number),
      versionId: row.version_id,
      sha256: row.blob_sha256,
      size: Number(row.size ?? 0),
      mediaType: row.media_type,
      ...(row.width !== null ? { width: Number(row.width) } : {}),
      ...(row.height !== null ? { height: Number(row.height) } : {}),
      palette: palettes.get(row.version_id) ?? [],
      enrichments: enrichments.get(row.version_id) ?? {},
    }));
  }

  async insertBrand(brand: Brand): Promise<void> {
    await this.db
      .insertInto('brands')
      .values({
        id: brand.id,
        slug: brand.slug,
        name: brand.name,
        created_at: brand.createdAt,
        created_by: brand.createdBy,
      })
      .execute();
  }

  async findBrand(idOrSlug: string): Promise<Brand | undefined> {
    const row = await this.db
      .selectFrom('brands')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
      .executeTakeFirst();
    return row ? brandOf(row) : undefined;
  }

  async listBrands(): Promise<Brand[]> {
    const rows = await this.db.selectFrom('brands').selectAll().orderBy('name').orderBy('id').execute();
    return rows.map(brandOf);
  }

  async latestGuidelines(): Promise<StoredGuideline[]> {
    const rows = await this.db
      .selectFrom('brand_guidelines as g')
      .innerJoin('brands as b', 'b.id', 'g.brand_id')
      .selectAll('g')
      .where((eb) =>
        eb(
          'g.version',
          '=',
          eb
            .selectFrom('brand_guidelines as n')
            .select((n) => n.fn.max('n.version').as('v'))
            .whereRef('n.brand_id', '=', 'g.brand_id'),
        ),
      )
      .orderBy('b.created_at')
      .orderBy('b.id')
      .execute();
    return rows.map(guidelineOf);
  }

  async insertGuideline(guideline: StoredGuideline): Promise<void> {
    await this.db
      .insertInto('brand_guidelines')
      .values({
        brand_id: guideline.brandId,
        version: guideline.version,
        document: toJson(guideline.guideline),
        digest: guideline.digest,
        note: guideline.note ?? null,
        created_at: guideline.createdAt,
        created_by: guideline.createdBy,
      })
      .execute();
  }

  async latestGuideline(brandId: string): Promise<StoredGuideline | undefined> {
    const row = await this.db
      .selectFrom('brand_guidelines')
      .selectAll()
      .where('brand_id', '=', brandId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? guidelineOf(row) : undefined;
  }

  async guideline(brandId: string, version: number): Promise<StoredGuideline | undefined> {
    const row = await this.db
      .selectFrom('brand_guidelines')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? guidelineOf(row) : undefined;
  }

  async guidelineVersions(brandId: string): Promise<GuidelineVersionEntry[]> {
    const rows = await this.db
      .selectFrom('brand_guidelines')
      .select(['brand_id', 'version', 'digest', 'note', 'created_at', 'created_by'])
      .where('brand_id', '=', brandId)
      .orderBy('version', 'desc')
      .execute();
    return rows.map(versionEntryOf);
  }

  async insertLogo(logo: LogoReference): Promise<void> {
    // The blob row makes the bytes referenced: doctor keeps them.
    await this.db
      .insertInto('blobs')
      .values({ sha256: logo.sha256, size: logo.size, media_type: logo.mediaType, created_at: logo.createdAt })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    await this.db
      .insertInto('brand_logos')
      .values({
        id: logo.id,
        brand_id: logo.brandId,
        name: logo.name,
        blob_sha256: logo.sha256,
        size: logo.size,
        media_type: logo.mediaType,
        width: logo.width,
        height: logo.height,
        created_at: logo.createdAt,
        created_by: logo.createdBy,
      })
      .execute();
  }

  async logos(brandId: string): Promise<LogoReference[]> {
    const rows = await this.db
      .selectFrom('brand_logos')
      .selectAll()
      .where('brand_id', '=', brandId)
      .orderBy('name')
      .execute();
    return rows.map(logoOf);
  }

  async insertCheck(check: Omit<StoredBrandCheck, 'current'>): Promise<StoredBrandCheck> {
    await this.db
      .updateTable('brand_checks')
      .set({ current: 0 })
      .where('brand_id', '=', check.brandId)
      .where('asset_id', '=', check.assetId)
      .where('current', '=', 1)
      .execute();
    await this.db.insertInto('brand_checks').values(checkRowOf(check)).execute();
    return { ...check, current: true };
  }

  async insertChecks(checks: readonly Omit<StoredBrandCheck, 'current'>[]): Promise<void> {
    for (let start = 0; start < checks.length; start += insertChunk) {
      const chunk = checks.slice(start, start + insertChunk);
      const byBrand = new Map<string, string[]>();
      for (const check of chunk) byBrand.set(check.brandId, [...(byBrand.get(check.brandId) ?? []), check.assetId]);
      for (const [brandId, assetIds] of byBrand)
        await this.db
          .updateTable('brand_checks')
          .set({ current: 0 })
          .where('brand_id', '=', brandId)
          .where('asset_id', 'in', assetIds)
          .where('current', '=', 1)
          .execute();
      await this.db.insertInto('brand_checks').values(chunk.map(checkRowOf)).execute();
    }
  }

  async currentChecks(brandId: string, afterAssetId: string, limit: number): Promise<StoredBrandCheck[]> {
    const rows = await this.db
      .selectFrom('brand_checks')
      .selectAll()
      .where('brand_id', '=', brandId)
      .where('current', '=', 1)
      .where('asset_id', '>', afterAssetId)
      .orderBy('asset_id')
      .limit(limit)
      .execute();
    return rows.map(checkOf);
  }

  async checksOf(assetId: string, limit = 50): Promise<StoredBrandCheck[]> {
    const rows = await this.db
      .selectFrom('brand_checks')
      .selectAll()
      .where('asset_id', '=', assetId)
      .orderBy('checked_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(checkOf);
  }

  async flagRereview(flag: {
    assetId: string;
    brandId: string;
    checkId: string;
    previousCheckId: string;
    at: string;
  }): Promise<void> {
    const values = {
      asset_id: flag.assetId,
      brand_id: flag.brandId,
      check_id: flag.checkId,
      previous_check_id: flag.previousCheckId,
      flagged_at: flag.at,
    };
    // A flag still open keeps the result before it as "previous": the reviewer compares against what was reviewed.
    await this.db
      .insertInto('brand_rereviews')
      .values(values)
      .onConflict((oc) =>
        oc.column('asset_id').doUpdateSet({ brand_id: flag.brandId, check_id: flag.checkId, flagged_at: flag.at }),
      )
      .execute();
  }

  async clearRereview(assetId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('brand_rereviews').where('asset_id', '=', assetId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async rereviewOf(assetId: string): Promise<BrandRereview | undefined> {
    const flag = await this.db
      .selectFrom('brand_rereviews')
      .selectAll()
      .where('asset_id', '=', assetId)
      .executeTakeFirst();
    if (!flag) return undefined;
    const rows = await this.db
      .selectFrom('brand_checks')
      .selectAll()
      .where('id', 'in', [flag.check_id, flag.previous_check_id])
      .execute();
    const check = rows.find((row) => row.id === flag.check_id);
    const previous = rows.find((row) => row.id === flag.previous_check_id);
    if (!check || !previous) return undefined;
    return {
      assetId: flag.asset_id,
      brandId: flag.brand_id,
      check: checkOf(check),
      previous: checkOf(previous),
      flaggedAt: flag.flagged_at,
    };
  }

  async rereviewCount(brandId: string): Promise<number> {
    const row = await this.db
      .selectFrom('brand_rereviews')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('brand_id', '=', brandId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async flaggedByGuideline(
    brandId: string,
    version: number,
    limit: number,
    teamIds?: readonly string[],
  ): Promise<GuidelineFlaggedAsset[]> {
    if (teamIds && teamIds.length === 0) return [];
    let rechecked = this.db
      .selectFrom('brand_checks as c')
      .innerJoin('assets', 'assets.id', 'c.asset_id')
      .leftJoin('brand_rereviews as r', 'r.check_id', 'c.id')
      .select((eb) => [
        'c.asset_id',
        'assets.title',
        'c.version_number',
        'c.verdict',
        'c.checked_at',
        'r.check_id as flag',
        // The result it replaced: the asset version's latest under an older guideline version.
        eb
          .selectFrom('brand_checks as p')
          .select('p.verdict')
          .whereRef('p.asset_id', '=', 'c.asset_id')
          .whereRef('p.brand_id', '=', 'c.brand_id')
          .whereRef('p.version_number', '=', 'c.version_number')
          .whereRef('p.guideline_version', '<', 'c.guideline_version')
          .orderBy('p.guideline_version', 'desc')
          .orderBy('p.checked_at', 'desc')
          .orderBy('p.id', 'desc')
          .limit(1)
          .as('previous_verdict'),
      ])
      .where('c.brand_id', '=', brandId)
      .where('c.guideline_version', '=', version)
      .where('c.cause', '=', 'guideline-changed');
    if (teamIds) rechecked = rechecked.where('assets.team_id', 'in', [...teamIds]);
    const rows = await this.db
      .selectFrom(rechecked.as('f'))
      .selectAll()
      .whereRef('f.previous_verdict', '<>', 'f.verdict')
      .orderBy('f.checked_at')
      .orderBy('f.asset_id')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      assetId: row.asset_id,
      title: row.title,
      versionNumber: Number(row.version_number),
      verdict: row.verdict as BrandVerdict,
      previousVerdict: row.previous_verdict as BrandVerdict,
      checkedAt: row.checked_at,
      stillFlagged: row.flag !== null,
    }));
  }

  async recheckedCount(brandId: string, version: number): Promise<number> {
    const row = await this.db
      .selectFrom('brand_checks')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('brand_id', '=', brandId)
      .where('guideline_version', '=', version)
      .where('cause', '=', 'guideline-changed')
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
