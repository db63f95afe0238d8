import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type {
  Asset,
  AssetFilter,
  AssetKind,
  AssetStatus,
  AssetVersion,
  AssetWithVersions,
  IntendedUse,
  Page,
  QuarantineReason,
  RightsStatus,
  Team,
} from '../domain/asset.ts';
import { deltaE2000SearchBox, matchesColourFilter, type ColourFilter } from '../domain/colour-filter.ts';
import type { ProvenanceRecord } from '../domain/provenance.ts';
import type { AssetRepository, NewAsset } from '../domain/ports.ts';
import { slugOf } from './catalog.repository.ts';
import { fromJson, toJson } from './json.ts';
import { decodeCursor, encodeCursor, pageAfter } from './keyset-page.ts';
import type { AssetVersionRow, Database } from './schema.ts';

/** LIKE patterns match user text literally: %, _ and the escape character itself are escaped. */
export const likeContains = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function baseQuery(db: Kysely<Database>) {
  return db
    .selectFrom('assets')
    .leftJoin('teams', 'teams.id', 'assets.team_id')
    .leftJoin('campaigns', 'campaigns.id', 'assets.campaign_id')
    .leftJoin('users', 'users.id', 'assets.requestor_id')
    .selectAll('assets')
    .select([
      'teams.slug as team_slug',
      'teams.name as team_name',
      'campaigns.slug as campaign_slug',
      'campaigns.name as campaign_name',
      'users.slug as user_slug',
      'users.name as user_name',
    ]);
}

type JoinedRow = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

const ref = (id: string | null, slug: string | null, name: string | null): Team | undefined =>
  id && slug && name ? { id, slug, name } : undefined;

function rowToAsset(row: JoinedRow): Asset {
  const requestor = ref(row.requestor_id, row.user_slug, row.user_name);
  const team = ref(row.team_id, row.team_slug, row.team_name);
  const campaign = ref(row.campaign_id, row.campaign_slug, row.campaign_name);
  return {
    id: row.id,
    title: row.title,
    kind: row.kind as AssetKind,
    status: row.status as AssetStatus,
    quarantineReasons: fromJson<QuarantineReason[]>(row.quarantine_reasons),
    ...(row.prompt !== null ? { prompt: row.prompt } : {}),
    ...(row.tool !== null ? { tool: row.tool } : {}),
    ...(row.model !== null ? { model: row.model } : {}),
    ...(row.tool_version !== null ? { toolVersion: row.tool_version } : {}),
    ...(row.intended_use !== null ? { intendedUse: row.intended_use as IntendedUse } : {}),
    rightsStatus: row.rights_status as RightsStatus,
    ...(requestor ? { requestor } : {}),
    ...(team ? { team } : {}),
    ...(campaign ? { campaign } : {}),
    currentVersion: Number(row.current_version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function rowToVersion(row: Selectable<AssetVersionRow> & { size: number }): AssetVersion {
  return {
    id: row.id,
    assetId: row.asset_id,
    number: Number(row.number),
    blob: { sha256: row.blob_sha256, size: Number(row.size) },
    mediaType: row.media_type,
    fileName: row.file_name,
    ...(row.width !== null ? { width: Number(row.width) } : {}),
    ...(row.height !== null ? { height: Number(row.height) } : {}),
    provenance: fromJson<ProvenanceRecord>(row.provenance),
    createdAt: row.created_at,
    createdBy: row.created_by,
  };
}

/** How a hex-colour list scans: assets examined per round and rounds per request (10,000 assets by default). */
export interface NearColourScan {
  batch: number;
  rounds: number;
}

export class SqlAssetRepository implements AssetRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly nearColourScan: NearColourScan = { batch: 500, rounds: 20 },
  ) {}

  async insert(asset: NewAsset): Promise<void> {
    await this.db
      .insertInto('assets')
      .values({
        id: asset.id,
        title: asset.title,
        kind: asset.kind,
        status: asset.status,
        quarantine_reasons: toJson(asset.quarantineReasons),
        prompt: asset.prompt ?? null,
        tool: asset.tool ?? null,
        model: asset.model ?? null,
        tool_version: asset.toolVersion ?? null,
        intended_use: asset.intendedUse ?? null,
        rights_status: asset.rightsStatus,
        requestor_id: asset.requestorId ?? null,
        team_id: asset.teamId ?? null,
        campaign_id: asset.campaignId ?? null,
        current_version: asset.currentVersion,
        created_at: asset.createdAt,
        updated_at: asset.updatedAt,
      })
      .execute();
  }

  async insertVersion(version: AssetVersion): Promise<void> {
    await this.db
      .insertInto('blobs')
      .values({
        sha256: version.blob.sha256,
        size: version.blob.size,
        media_type: version.mediaType,
        created_at: version.createdAt,
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    await this.db
      .insertInto('asset_versions')
      .values({
        id: version.id,
        asset_id: version.assetId,
        number: version.number,
        blob_sha256: version.blob.sha256,
        media_type: version.mediaType,
        file_name: version.fileName,
        width: version.width ?? null,
        height: version.height ?? null,
        provenance: toJson(version.provenance),
        created_at: version.createdAt,
        created_by: version.createdBy,
      })
      .execute();
  }

  async get(id: string): Promise<AssetWithVersions | undefined> {
    const row = await baseQuery(this.db).where('assets.id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const versions = await this.versionsQuery().where('asset_versions.asset_id', '=', id).orderBy('number').execute();
    return { ...rowToAsset(row), versions: versions.map(rowToVersion) };
  }

  async getVersion(assetId: string, number: number): Promise<AssetVersion | undefined> {
    const row = await this.versionsQuery()
      .where('asset_versions.asset_id', '=', assetId)
      .where('asset_versions.number', '=', number)
      .executeTakeFirst();
    return row ? rowToVersion(row) : undefined;
  }

  async list(filter: AssetFilter, page: { limit: number; cursor?: string }): Promise<Page<Asset>> {
    let query = baseQuery(this.db);
    if (filter.status) query = query.where('assets.status', '=', filter.status);
    if (filter.team) query = query.where('teams.slug', '=', slugOf(filter.team));
    if (filter.campaign) query = query.where('campaigns.slug', '=', slugOf(filter.campaign));
    if (filter.tool) query = query.where((eb) => eb(eb.fn('lower', ['assets.tool']), '=', filter.tool!.toLowerCase()));
    if (filter.text) query = whereTextContains(query, filter.text);
    if (filter.colour) query = whereHasColour(query, filter.colour);
    if (filter.colour?.kind === 'near') return this.listNearColour(query, filter.colour, page);
    if (page.cursor) query = query.where('assets.id', '<', decodeCursor(page.cursor));
    const rows = await query
      .orderBy('assets.id', 'desc')
      .limit(page.limit + 1)
      .execute();
    return pageAfter(rows.slice(0, page.limit).map(rowToAsset), rows.length > page.limit);
  }

  async findByBlob(sha256: string): Promise<{ assetId: string; versionNumber: number } | undefined> {
    const row = await this.db
      .selectFrom('asset_versions')
      .select(['asset_id', 'number'])
      .where('blob_sha256', '=', sha256)
      .orderBy('created_at')
      .executeTakeFirst();
    return row ? { assetId: row.asset_id, versionNumber: Number(row.number) } : undefined;
  }

  async *referencedBlobs(): AsyncIterable<string> {
    let after = '';
    for (;;) {
      const rows = await this.db
        .selectFrom('blobs')
        .select('sha256')
        .where('sha256', '>', after)
        .orderBy('sha256')
        .limit(5000)
        .execute();
      for (const row of rows) yield row.sha256;
      if (rows.length < 5000) return;
      after = rows[rows.length - 1]!.sha256;
    }
  }

  async isBlobReferenced(sha256: string): Promise<boolean> {
    const row = await this.db.selectFrom('blobs').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
    return row !== undefined;
  }

  /**
   * A hex-colour filter: SQL keeps the assets with a palette colour in the ΔE search box, then the exact CIEDE2000
   * drops the box's corners. Assets are examined newest first in batches until the page is full; the work per request
   * is bounded, so a rare colour answers a short (even empty) page with a cursor where the scan stopped.
   */
  private async listNearColour(
    query: ReturnType<typeof baseQuery>,
    filter: Extract<ColourFilter, { kind: 'near' }>,
    page: { limit: number; cursor?: string },
  ): Promise<Page<Asset>> {
    const batch = Math.max(page.limit + 1, this.nearColourScan.batch);
    const matched: JoinedRow[] = [];
    let after = page.cursor ? decodeCursor(page.cursor) : undefined;
    for (let round = 0; round < this.nearColourScan.rounds; round++) {
      const rows = await (after === undefined ? query : query.where('assets.id', '<', after))
        .orderBy('assets.id', 'desc')
        .limit(batch)
        .execute();
      const ids = rows.map((r) => r.id);
      const hits = await this.nearColourHits(ids, filter);
      matched.push(...rows.filter((row) => hits.has(row.id)));
      // A short batch (even an empty one) means no assets are left: the list ends here.
      if (matched.length > page.limit || rows.length < batch)
        return pageAfter(matched.slice(0, page.limit).map(rowToAsset), matched.length > page.limit);
      after = rows[rows.length - 1]!.id;
    }
    // Scan budget spent with assets left: the next page resumes after the last asset examined.
    return { items: matched.map(rowToAsset), ...(after !== undefined ? { nextCursor: encodeCursor(after) } : {}) };
  }

  /** Which of these assets have a current-version palette colour within the exact CIEDE2000 tolerance. */
  private async nearColourHits(
    assetIds: string[],
    filter: Extract<ColourFilter, { kind: 'near' }>,
  ): Promise<Set<string>> {
    const hits = new Set<string>();
    if (assetIds.length === 0) return hits;
    const candidates = await sql<{ asset_id: string; lab_l: number; lab_a: number; lab_b: number; share: number }>`
      select av.asset_id, pc.lab_l, pc.lab_a, pc.lab_b, pc.share
      from asset_versions av
      join assets a on a.id = av.asset_id and a.current_version = av.number
      join palette_colours pc on pc.version_id = av.id
      where av.asset_id in (${sql.join(assetIds)}) and ${paletteConditions(filter)}`.execute(this.db);
    for (const c of candidates.rows) {
      const colour = { lab: { l: Number(c.lab_l), a: Number(c.lab_a), b: Number(c.lab_b) }, share: Number(c.share) };
      if (matchesColourFilter(filter, colour)) hits.add(c.asset_id);
    }
    return hits;
  }

  private versionsQuery() {
    return this.db
      .selectFrom('asset_versions')
      .innerJoin('blobs', 'blobs.sha256', 'asset_versions.blob_sha256')
      .selectAll('asset_versions')
      .select('blobs.size');
  }
}

/** The SQL part of a colour filter on palette rows `pc`: share, and family or the ΔE search box. */
function paletteConditions(filter: ColourFilter) {
  const conditions = [sql`pc.share >= ${filter.minShare}`];
  if (filter.kind === 'family') {
    conditions.push(sql`pc.family = ${filter.family}`);
  } else {
    const box = deltaE2000SearchBox(filter.lab, filter.maxDeltaE);
    conditions.push(sql`pc.lab_l between ${box.l[0]} and ${box.l[1]}`);
    if (Number.isFinite(box.a[0])) {
      conditions.push(sql`pc.lab_a between ${box.a[0]} and ${box.a[1]}`);
      conditions.push(sql`pc.lab_b between ${box.b[0]} and ${box.b[1]}`);
    }
  }
  return sql.join(conditions, sql` and `);
}

/** Assets whose current version has a palette colour passing the SQL part of the filter. */
function whereHasColour<Q extends SelectQueryBuilder<Database, 'assets', object>>(query: Q, filter: ColourFilter): Q {
  return query.where(
    sql<boolean>`exists (select 1 from asset_versions av join palette_colours pc on pc.version_id = av.id
      where av.asset_id = assets.id and av.number = assets.current_version and ${paletteConditions(filter)})`,
  ) as Q;
}

/** Both dialects get an explicit ESCAPE: SQLite's LIKE has no default escape character. */
function whereTextContains<Q extends SelectQueryBuilder<Database, 'assets', object>>(query: Q, text: string): Q {
  return query.where(sql<boolean>`lower(assets.title) like ${likeContains(text.toLowerCase())} escape '\\'`) as Q;
}
