import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type {
  Asset,
  AssetKind,
  AssetStatus,
  AssetVersion,
  AssetWithVersions,
  Audience,
  IntendedUse,
  Page,
  QuarantineReason,
  RightsStatus,
  Team,
} from '../domain/asset.ts';
import type { RiskTier } from '../domain/review.ts';
import type { AuditKey } from '../domain/audit.ts';
import { deltaE2000SearchBox, matchesColourFilter, type ColourFilter } from '../domain/colour-filter.ts';
import { notFound, ProvenaError } from '../domain/errors.ts';
import type { ProvenanceRecord } from '../domain/provenance.ts';
import type { AssetQuery, AssetRepository, AssetUpdate, DigestedRow, NewAsset } from '../domain/ports.ts';
import {
  assetDigestFields,
  checkRowDigest,
  rowDigest,
  versionDigestFields,
  type DigestedRowType,
} from '../domain/row-digest.ts';
import { purgeAssetRows } from './asset-purge.ts';
import { slugOf } from './catalog.repository.ts';
import type { Dialect } from './database.ts';
import { fromJson, toJson } from './json.ts';
import { decodeCursor, encodeCursor, pageAfter } from './keyset-page.ts';
import type { AssetRow, AssetVersionRow, Database } from './schema.ts';

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

/** The asset as read: its row, with the team, campaign and requestor it refers to joined in. */
function rowToAsset(row: JoinedRow): Asset {
  const { requestorId: _requestorId, teamId: _teamId, campaignId: _campaignId, ...own } = rowToNewAsset(row);
  const requestor = ref(row.requestor_id, row.user_slug, row.user_name);
  const team = ref(row.team_id, row.team_slug, row.team_name);
  const campaign = ref(row.campaign_id, row.campaign_slug, row.campaign_name);
  return { ...own, ...(requestor ? { requestor } : {}), ...(team ? { team } : {}), ...(campaign ? { campaign } : {}) };
}

/** The asset row as written: references by id (what its digest covers), nothing joined. */
function rowToNewAsset(row: Selectable<AssetRow>): NewAsset {
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
    ...(row.requestor_id !== null ? { requestorId: row.requestor_id } : {}),
    ...(row.team_id !== null ? { teamId: row.team_id } : {}),
    ...(row.campaign_id !== null ? { campaignId: row.campaign_id } : {}),
    ...riskFieldsOf(row),
    ...lifecycleFieldsOf(row),
    currentVersion: Number(row.current_version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The risk facts stated at intake and the tier the policy gave (migration 0009), present only when set. */
function riskFieldsOf(
  row: Pick<Selectable<AssetRow>, 'audience' | 'regulated' | 'risk_tier' | 'risk_rule' | 'risk_policy_version'>,
): Pick<NewAsset, 'audience' | 'regulated' | 'riskTier' | 'riskRule' | 'riskPolicyVersion'> {
  return {
    ...(row.audience !== null ? { audience: row.audience as Audience } : {}),
    ...(row.regulated !== null ? { regulated: Number(row.regulated) === 1 } : {}),
    ...(row.risk_tier !== null ? { riskTier: Number(row.risk_tier) as RiskTier } : {}),
    ...(row.risk_rule !== null ? { riskRule: row.risk_rule } : {}),
    ...(row.risk_policy_version !== null ? { riskPolicyVersion: Number(row.risk_policy_version) } : {}),
  };
}

/** The description and the soft delete (migration 0011), present only when set. */
function lifecycleFieldsOf(
  row: Pick<Selectable<AssetRow>, 'description' | 'deleted_at' | 'deleted_by' | 'purge_after'>,
): Pick<NewAsset, 'description' | 'deletion'> {
  return {
    ...(row.description !== null ? { description: row.description } : {}),
    ...(row.deleted_at !== null
      ? { deletion: { at: row.deleted_at, by: row.deleted_by ?? '', purgeAfter: row.purge_after ?? row.deleted_at } }
      : {}),
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
    ...(row.revert_of !== null ? { revertOf: Number(row.revert_of) } : {}),
  };
}

/** The row without the fields AssetRepository.update replaces, so that a field `next` leaves out is cleared. */
function withoutUpdatable(asset: NewAsset): NewAsset {
  const {
    description: _description,
    prompt: _prompt,
    tool: _tool,
    model: _model,
    toolVersion: _toolVersion,
    intendedUse: _intendedUse,
    requestorId: _requestorId,
    teamId: _teamId,
    campaignId: _campaignId,
    audience: _audience,
    regulated: _regulated,
    deletion: _deletion,
    ...kept
  } = asset;
  return kept;
}

/** How a hex-colour list scans: assets examined per round and rounds per request (10,000 assets by default). */
export interface NearColourScan {
  batch: number;
  rounds: number;
}

/** Rows examined per page when every row is walked (audit verify, the cut-over). */
const rowPage = 500;

/**
 * Every write keeps the row's keyed digest (domain/row-digest.ts) true to its fields; without the audit key (a
 * process that only reads or runs jobs) nothing can be written.
 */
export class SqlAssetRepository implements AssetRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly nearColourScan: NearColourScan = { batch: 500, rounds: 20 },
    private readonly audit: { key?: AuditKey; dialect?: Dialect } = {},
  ) {}

  private get key(): AuditKey | undefined {
    return this.audit.key;
  }

  private digest(type: DigestedRowType, id: string, fields: Record<string, unknown>): string {
    if (!this.key)
      throw new ProvenaError('INTERNAL', 'This store was opened without the audit key: it cannot write audited rows.');
    return rowDigest(this.key, type, id, fields);
  }

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
        description: asset.description ?? null,
        audience: asset.audience ?? null,
        regulated: asset.regulated === undefined ? null : asset.regulated ? 1 : 0,
        risk_tier: asset.riskTier ?? null,
        risk_rule: asset.riskRule ?? null,
        risk_policy_version: asset.riskPolicyVersion ?? null,
        current_version: asset.currentVersion,
        created_at: asset.createdAt,
        updated_at: asset.updatedAt,
        status_changed_at: asset.updatedAt,
        row_digest: this.digest('asset', asset.id, assetDigestFields(asset)),
      })
      .execute();
  }

  /**
   * Changes an asset's status, with its digest, only from `from`: the row is read locked, so two transitions of the
   * same asset cannot both start from the state they saw. A row whose digest no longer matches is refused rather
   * than given a fresh digest, which would make an edit made around Provena look legitimate.
   */
  async setStatus(assetId: string, status: AssetStatus, at: string, from: AssetStatus): Promise<void> {
    const { row, asset } = await this.lockedRow(assetId, 'its status is left as it is');
    // A soft-deleted asset takes no transition: it is missing until restored.
    if (row.deleted_at !== null) throw notFound('Asset', assetId);
    if (row.status !== from)
      throw new ProvenaError('CONFLICT', `Asset ${assetId} is ${row.status} by now, no longer ${from}.`, {
        assetId,
        status: row.status,
        expected: from,
      });
    const changed: NewAsset = { ...asset, status, updatedAt: at };
    await this.db
      .updateTable('assets')
      .set({
        status,
        updated_at: at,
        // The review queue's order (migration 0010); not in the digest: it follows the status the digest covers.
        status_changed_at: at,
        row_digest: this.digest('asset', assetId, assetDigestFields(changed)),
      })
      .where('id', '=', assetId)
      .execute();
  }

  /**
   * Gives the asset its tier, the rule that set it (undefined: the default tier) and the deciding policy version, with
   * the row's digest; `updated_at` is left alone (a re-derived tier is not an edit of the asset). Answers what the
   * row held before, so that the caller audits only a change.
   */
  async setRiskTier(
    assetId: string,
    decision: { tier: RiskTier; rule?: string; policyVersion: number },
  ): Promise<Pick<NewAsset, 'riskTier' | 'riskRule' | 'riskPolicyVersion' | 'status'>> {
    const { asset } = await this.lockedRow(assetId, 'its risk tier is left as it is');
    const changed: NewAsset = { ...asset, riskTier: decision.tier, riskPolicyVersion: decision.policyVersion };
    if (decision.rule === undefined) delete changed.riskRule;
    else changed.riskRule = decision.rule;
    await this.db
      .updateTable('assets')
      .set({
        risk_tier: decision.tier,
        risk_rule: decision.rule ?? null,
        risk_policy_version: decision.policyVersion,
        row_digest: this.digest('asset', assetId, assetDigestFields(changed)),
      })
      .where('id', '=', assetId)
      .execute();
    return {
      status: asset.status,
      ...(asset.riskTier !== undefined ? { riskTier: asset.riskTier } : {}),
      ...(asset.riskRule !== undefined ? { riskRule: asset.riskRule } : {}),
      ...(asset.riskPolicyVersion !== undefined ? { riskPolicyVersion: asset.riskPolicyVersion } : {}),
    };
  }

  /**
   * The asset row, read locked, before a write that keeps its digest: a row whose digest no longer matches is refused
   * rather than given a fresh digest, which would make an edit made around Provena look legitimate.
   */
  private async lockedRow(assetId: string, leftAlone: string) {
    let query = this.db.selectFrom('assets').selectAll().where('id', '=', assetId);
    // SQLite transactions hold the write lock from their start (database.ts); PostgreSQL locks the row.
    if (this.audit.dialect === 'postgres') query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) throw notFound('Asset', assetId);
    const asset = rowToNewAsset(row);
    if (this.key) {
      const check = checkRowDigest(this.key, 'asset', asset.id, assetDigestFields(asset), row.row_digest);
      if (!check.ok)
        throw new ProvenaError(
          'AUDIT_CHAIN_BROKEN',
          `Asset ${assetId} was changed outside Provena (${check.reason === 'fields' ? check.fields.join(', ') : check.reason}): ${leftAlone}; run \`provena audit verify\`.`,
          { assetId, check },
        );
    }
    return { row, asset };
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
        revert_of: version.revertOf ?? null,
        row_digest: this.digest('version', version.id, versionDigestFields(version)),
      })
      .execute();
  }

  async get(id: string, options: { includeDeleted?: boolean } = {}): Promise<AssetWithVersions | undefined> {
    let query = baseQuery(this.db).where('assets.id', '=', id);
    if (!options.includeDeleted) query = query.where('assets.deleted_at', 'is', null);
    const row = await query.executeTakeFirst();
    if (!row) return undefined;
    const versions = await this.versionsQuery().where('asset_versions.asset_id', '=', id).orderBy('number').execute();
    return { ...rowToAsset(row), versions: versions.map(rowToVersion) };
  }

  async getVersion(assetId: string, number: number): Promise<AssetVersion | undefined> {
    const row = await this.versionsQuery()
      .where('asset_versions.asset_id', '=', assetId)
      .where('asset_versions.number', '=', number)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('assets')
            .select('assets.id')
            .whereRef('assets.id', '=', 'asset_versions.asset_id')
            .where('assets.deleted_at', 'is', null),
        ),
      )
      .executeTakeFirst();
    return row ? rowToVersion(row) : undefined;
  }

  async list(filter: AssetQuery, page: { limit: number; cursor?: string }): Promise<Page<Asset>> {
    let query = baseQuery(this.db).where('assets.deleted_at', filter.deleted === 'only' ? 'is not' : 'is', null);
    if (filter.teamIds) {
      // No team the caller may see: nothing to list (and `in ()` is no SQL).
      if (filter.teamIds.length === 0) return { items: [] };
      query = query.where('assets.team_id', 'in', [...filter.teamIds]);
    }
    if (filter.status) query = query.where('assets.status', '=', filter.status);
    if (filter.team) query = query.where('teams.slug', '=', slugOf(filter.team));
    if (filter.campaign) query = query.where('campaigns.slug', '=', slugOf(filter.campaign));
    if (filter.tool) query = query.where((eb) => eb(eb.fn('lower', ['assets.tool']), '=', filter.tool!.toLowerCase()));
    if (filter.riskTier !== undefined) query = query.where('assets.risk_tier', '=', filter.riskTier);
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

  async listByIds(ids: readonly string[]): Promise<Asset[]> {
    if (ids.length === 0) return [];
    const rows = await baseQuery(this.db)
      .where('assets.id', 'in', [...new Set(ids)])
      .where('assets.deleted_at', 'is', null)
      .execute();
    const byId = new Map(rows.map((row) => [row.id, rowToAsset(row)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async teamsOf(assetIds: readonly string[]): Promise<Map<string, string | null>> {
    if (assetIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('assets')
      .select(['id', 'team_id'])
      .where('id', 'in', [...new Set(assetIds)])
      .execute();
    return new Map(rows.map((row) => [row.id, row.team_id]));
  }

  async findByBlob(sha256: string): Promise<{ assetId: string; versionNumber: number; deleted: boolean } | undefined> {
    const row = await this.db
      .selectFrom('asset_versions')
      .innerJoin('assets', 'assets.id', 'asset_versions.asset_id')
      .select(['asset_versions.asset_id', 'asset_versions.number', 'assets.deleted_at'])
      .where('asset_versions.blob_sha256', '=', sha256)
      .orderBy('asset_versions.created_at')
      .executeTakeFirst();
    return row
      ? { assetId: row.asset_id, versionNumber: Number(row.number), deleted: row.deleted_at !== null }
      : undefined;
  }

  async update(assetId: string, next: AssetUpdate, expectedUpdatedAt: string): Promise<void> {
    const { row, asset } = await this.lockedRow(assetId, 'it is left as it is');
    if (row.updated_at !== expectedUpdatedAt)
      throw new ProvenaError(
        'CONFLICT',
        `Asset ${assetId} was changed at ${row.updated_at}, after the version of it this change started from (${expectedUpdatedAt}): read it again and retry.`,
        { assetId, updatedAt: row.updated_at, expected: expectedUpdatedAt },
      );
    // Every field `next` may hold is replaced (absent: cleared); the rest of the row (status, risk tier) is kept.
    const changed: NewAsset = { ...withoutUpdatable(asset), ...next };
    await this.db
      .updateTable('assets')
      .set({
        title: next.title,
        quarantine_reasons: toJson(next.quarantineReasons),
        rights_status: next.rightsStatus,
        current_version: next.currentVersion,
        updated_at: next.updatedAt,
        description: next.description ?? null,
        prompt: next.prompt ?? null,
        tool: next.tool ?? null,
        model: next.model ?? null,
        tool_version: next.toolVersion ?? null,
        intended_use: next.intendedUse ?? null,
        requestor_id: next.requestorId ?? null,
        team_id: next.teamId ?? null,
        campaign_id: next.campaignId ?? null,
        audience: next.audience ?? null,
        regulated: next.regulated === undefined ? null : next.regulated ? 1 : 0,
        deleted_at: next.deletion?.at ?? null,
        deleted_by: next.deletion?.by ?? null,
        purge_after: next.deletion?.purgeAfter ?? null,
        row_digest: this.digest('asset', assetId, assetDigestFields(changed)),
      })
      .where('id', '=', assetId)
      .execute();
  }

  async purgeable(now: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('assets')
      .select('id')
      .where('purge_after', 'is not', null)
      .where('purge_after', '<=', now)
      .orderBy('deleted_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  purge(assetId: string, hold: (sha256: string) => Promise<void>): Promise<string[]> {
    return purgeAssetRows(this.db, assetId, hold);
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

  async *digestedRows(): AsyncIterable<DigestedRow> {
    for (let after = ''; ;) {
      const rows = await this.db
        .selectFrom('assets')
        .selectAll()
        .where('id', '>', after)
        .orderBy('id')
        .limit(rowPage)
        .execute();
      for (const row of rows) yield { type: 'asset', asset: rowToNewAsset(row), digest: row.row_digest };
      if (rows.length < rowPage) break;
      after = rows[rows.length - 1]!.id;
    }
    for (let after = ''; ;) {
      const rows = await this.versionsQuery()
        .where('asset_versions.id', '>', after)
        .orderBy('asset_versions.id')
        .limit(rowPage)
        .execute();
      for (const row of rows) yield { type: 'version', version: rowToVersion(row), digest: row.row_digest };
      if (rows.length < rowPage) break;
      after = rows[rows.length - 1]!.id;
    }
  }

  /** Gives every row without a digest its first one: the cut-over to the keyed log (audit-cut-over.ts). */
  async digestUndigestedRows(): Promise<{ assets: number; versions: number }> {
    const sealed = { assets: 0, versions: 0 };
    for (;;) {
      const rows = await this.db
        .selectFrom('assets')
        .selectAll()
        .where('row_digest', 'is', null)
        .orderBy('id')
        .limit(rowPage)
        .execute();
      for (const row of rows) {
        const digest = this.digest('asset', row.id, assetDigestFields(rowToNewAsset(row)));
        await this.db.updateTable('assets').set({ row_digest: digest }).where('id', '=', row.id).execute();
      }
      sealed.assets += rows.length;
      if (rows.length < rowPage) break;
    }
    for (;;) {
      const rows = await this.versionsQuery()
        .where('asset_versions.row_digest', 'is', null)
        .orderBy('asset_versions.id')
        .limit(rowPage)
        .execute();
      for (const row of rows) {
        const digest = this.digest('version', row.id, versionDigestFields(rowToVersion(row)));
        await this.db.updateTable('asset_versions').set({ row_digest: digest }).where('id', '=', row.id).execute();
      }
      sealed.versions += rows.length;
      if (rows.length < rowPage) break;
    }
    return sealed;
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
export function paletteConditions(filter: ColourFilter) {
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
