/**
 * Share links and their hits (migration 0018, decision 0036). A link is found by its token's digest (unique index);
 * a hit is one row, counted on its link in the same call, so that a list shows the count without reading the hits.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Page } from '../domain/asset.ts';
import {
  hitOutcomes,
  type HitOutcome,
  type ShareLink,
  type ShareLinkFilter,
  type ShareLinkHit,
  type ShareLinkRepository,
  type ShareLinkStats,
  type ShareScope,
  type StoredShareLink,
} from '../domain/share-link.ts';
import { decodeCursor, pageAfter } from './keyset-page.ts';
import type { Database } from './schema.ts';
import type { ShareLinkDatabase, ShareLinkRow } from './share-link.schema.ts';

type Db = ShareLinkDatabase;

function storedLinkOf(row: Selectable<ShareLinkRow>): StoredShareLink {
  const scope: ShareScope =
    row.scope_kind === 'collection'
      ? { kind: 'collection', collectionId: row.collection_id! }
      : { kind: 'asset', assetId: row.asset_id! };
  return {
    id: row.id,
    scope,
    teamId: row.team_id,
    channel: row.channel,
    ...(row.region !== null ? { region: row.region } : {}),
    preset: row.preset,
    ...(row.watermark !== null ? { watermark: row.watermark } : {}),
    passwordProtected: row.password_hash !== null,
    expiresAt: row.expires_at,
    ...(row.revoked_at !== null ? { revokedAt: row.revoked_at } : {}),
    ...(row.revoked_by !== null ? { revokedBy: row.revoked_by } : {}),
    owner: { key: row.owner_key, label: row.owner_label },
    createdAt: row.created_at,
    hitCount: Number(row.hit_count),
    ...(row.last_hit_at !== null ? { lastHitAt: row.last_hit_at } : {}),
    tokenDigest: row.token_digest,
    ...(row.password_hash !== null ? { passwordHash: row.password_hash } : {}),
  };
}

/** The link without its secrets: what lists answer. */
function publicLinkOf(row: Selectable<ShareLinkRow>): ShareLink {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { tokenDigest, passwordHash, ...link } = storedLinkOf(row);
  return link;
}

export class SqlShareLinkRepository implements ShareLinkRepository {
  private readonly db: Kysely<Db>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<Omit<Db, keyof Database>>();
  }

  async insert(link: StoredShareLink): Promise<void> {
    await this.db
      .insertInto('share_links')
      .values({
        id: link.id,
        token_digest: link.tokenDigest,
        scope_kind: link.scope.kind,
        asset_id: link.scope.kind === 'asset' ? link.scope.assetId : null,
        collection_id: link.scope.kind === 'collection' ? link.scope.collectionId : null,
        team_id: link.teamId,
        channel: link.channel,
        region: link.region ?? null,
        preset: link.preset,
        watermark: link.watermark ?? null,
        password_hash: link.passwordHash ?? null,
        expires_at: link.expiresAt,
        revoked_at: link.revokedAt ?? null,
        revoked_by: link.revokedBy ?? null,
        owner_key: link.owner.key,
        owner_label: link.owner.label,
        created_at: link.createdAt,
        hit_count: link.hitCount,
        last_hit_at: link.lastHitAt ?? null,
      })
      .execute();
  }

  async find(id: string): Promise<StoredShareLink | undefined> {
    const row = await this.db.selectFrom('share_links').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? storedLinkOf(row) : undefined;
  }

  async findByTokenDigest(digest: string): Promise<StoredShareLink | undefined> {
    const row = await this.db
      .selectFrom('share_links')
      .selectAll()
      .where('token_digest', '=', digest)
      .executeTakeFirst();
    return row ? storedLinkOf(row) : undefined;
  }

  async list(filter: ShareLinkFilter, page: { limit: number; cursor?: string }): Promise<Page<ShareLink>> {
    if (filter.teamIds !== undefined && filter.teamIds.length === 0 && filter.ownerKey === undefined)
      return { items: [] };
    let query = this.db.selectFrom('share_links').selectAll();
    if (filter.ownerKey !== undefined) query = query.where('owner_key', '=', filter.ownerKey);
    if (filter.teamIds !== undefined)
      query =
        filter.teamIds.length === 0
          ? query.where(sql<boolean>`1 = 0`)
          : query.where('team_id', 'in', [...filter.teamIds]);
    if (!filter.includeRevoked) query = query.where('revoked_at', 'is', null);
    if (page.cursor) query = query.where('id', '<', decodeCursor(page.cursor));
    const rows = await query
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    return pageAfter(rows.slice(0, page.limit).map(publicLinkOf), rows.length > page.limit);
  }

  async revoke(id: string, at: string, by: string): Promise<boolean> {
    const result = await this.db
      .updateTable('share_links')
      .set({ revoked_at: at, revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async recordHit(hit: ShareLinkHit): Promise<void> {
    await this.db
      .insertInto('share_link_hits')
      .values({
        id: hit.id,
        link_id: hit.linkId,
        at: hit.at,
        outcome: hit.outcome,
        detail: hit.detail ?? null,
        asset_id: hit.assetId ?? null,
        bytes: hit.bytes ?? null,
      })
      .execute();
    await this.db
      .updateTable('share_links')
      .set({ hit_count: sql`hit_count + 1`, last_hit_at: hit.at })
      .where('id', '=', hit.linkId)
      .execute();
  }

  async countHits(linkId: string, outcome: HitOutcome, since: string, detail?: string): Promise<number> {
    let query = this.db
      .selectFrom('share_link_hits')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('link_id', '=', linkId)
      .where('outcome', '=', outcome)
      .where('at', '>=', since);
    if (detail !== undefined) query = query.where('detail', '=', detail);
    const row = await query.executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async stats(linkId: string): Promise<ShareLinkStats> {
    const [outcomes, span, assets, link] = await Promise.all([
      this.db
        .selectFrom('share_link_hits')
        .select(['outcome'])
        .select((eb) => [
          eb.fn.countAll<number | string>().as('n'),
          eb.fn.sum<number | string | null>('bytes').as('bytes'),
          eb.fn.count<number | string>(sql`case when detail = 'download' then 1 end`).as('downloads'),
        ])
        .where('link_id', '=', linkId)
        .groupBy('outcome')
        .execute(),
      this.db
        .selectFrom('share_link_hits')
        .select((eb) => [eb.fn.min('at').as('first'), eb.fn.max('at').as('last')])
        .where('link_id', '=', linkId)
        .executeTakeFirst(),
      this.db
        .selectFrom('share_link_hits')
        .select(['asset_id'])
        .select((eb) => [
          eb.fn.countAll<number | string>().as('downloads'),
          eb.fn.sum<number | string | null>('bytes').as('bytes'),
        ])
        .where('link_id', '=', linkId)
        .where('outcome', '=', 'allowed')
        .where('detail', '=', 'download')
        .where('asset_id', 'is not', null)
        .groupBy('asset_id')
        .orderBy('downloads', 'desc')
        .orderBy('asset_id')
        .limit(100)
        .execute(),
      this.db.selectFrom('share_links').select(['hit_count']).where('id', '=', linkId).executeTakeFirst(),
    ]);
    const byOutcome = Object.fromEntries(hitOutcomes.map((o) => [o, 0])) as Record<HitOutcome, number>;
    let bytes = 0;
    let downloads = 0;
    for (const row of outcomes) {
      byOutcome[row.outcome as HitOutcome] = Number(row.n);
      if (row.outcome === 'allowed') {
        bytes += Number(row.bytes ?? 0);
        downloads += Number(row.downloads);
      }
    }
    return {
      linkId,
      hits: Number(link?.hit_count ?? 0),
      byOutcome,
      downloads,
      bytes,
      ...(span?.first ? { firstHitAt: span.first } : {}),
      ...(span?.last ? { lastHitAt: span.last } : {}),
      byAsset: assets.map((row) => ({
        assetId: row.asset_id!,
        downloads: Number(row.downloads),
        bytes: Number(row.bytes ?? 0),
      })),
    };
  }
}
