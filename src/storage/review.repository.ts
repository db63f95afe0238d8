/**
 * Sign-offs, claims, comments and the review queue (migration 0010). The queue is one query: assets in review that the
 * caller may sign off in some role (the role's permission on the asset's team, the role still missing on the current
 * version, tier 3's other sign-off not their own), leaving out what they uploaded or requested; oldest in review
 * first, keyset-paged by (status_changed_at, id) on the index made for it.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { AssetStatus } from '../domain/asset.ts';
import { validationFailed } from '../domain/errors.ts';
import type { ReviewDecision, ReviewRole, RiskTier } from '../domain/review.ts';
import { requiredSignOffs, reviewRoles, riskTiers } from '../domain/review.ts';
import type {
  ReviewClaim,
  ReviewComment,
  ReviewFlag,
  ReviewQueueCounts,
  ReviewQueueFilter,
  ReviewQueueItem,
  ReviewReach,
  ReviewRepository,
  StoredSignOff,
} from '../domain/review-records.ts';
import { slugOf } from './catalog.repository.ts';
import type { Dialect } from './database.ts';
import type { EnrichmentTables } from './enrichment.schema.ts';
import type { IdentityDatabase } from './identity.schema.ts';
import type { ReviewClaimRow, ReviewCommentRow, ReviewTables, SignOffRow } from './review.schema.ts';
import type { Database } from './schema.ts';

type Db = IdentityDatabase & EnrichmentTables & ReviewTables;
type Eb = ExpressionBuilder<Db, 'assets'>;

/** The statuses an asset someone may build on is in: a near-duplicate of one of these is flagged. */
const approvedStatuses: AssetStatus[] = ['approved', 'published'];

/** The tier whose sign-offs include the role (review.ts: each role belongs to one tier). */
const tierOfRole = (role: ReviewRole): RiskTier => riskTiers.find((tier) => requiredSignOffs[tier].includes(role))!;

const signOffOf = (row: SignOffRow): StoredSignOff => ({
  id: row.id,
  assetId: row.asset_id,
  versionNumber: Number(row.version_number),
  role: row.role as ReviewRole,
  decision: row.decision as ReviewDecision,
  ...(row.reason !== null ? { reason: row.reason } : {}),
  reviewerId: row.reviewer_id,
  reviewerUsername: row.reviewer_username,
  at: row.at,
});

const claimOf = (row: ReviewClaimRow): ReviewClaim => ({
  assetId: row.asset_id,
  claimantId: row.claimant_id,
  claimantUsername: row.claimant_username,
  claimedAt: row.claimed_at,
  expiresAt: row.expires_at,
});

const commentOf = (row: ReviewCommentRow): ReviewComment => ({
  id: row.id,
  assetId: row.asset_id,
  versionNumber: Number(row.version_number),
  ...(row.author_id !== null ? { authorId: row.author_id } : {}),
  author: row.author,
  body: row.body,
  ...(row.region_x !== null && row.region_y !== null && row.region_w !== null && row.region_h !== null
    ? {
        region: {
          x: Number(row.region_x),
          y: Number(row.region_y),
          w: Number(row.region_w),
          h: Number(row.region_h),
        },
      }
    : {}),
  createdAt: row.created_at,
});

const encodeQueueCursor = (at: string, id: string): string =>
  Buffer.from(JSON.stringify([at, id]), 'utf8').toString('base64url');

function decodeQueueCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string'))
      return value as [string, string];
  } catch {
    // Reported below.
  }
  throw validationFailed([
    { field: 'cursor', problem: 'is not a cursor this queue gave (ask for the first page again)' },
  ]);
}

export class SqlReviewRepository implements ReviewRepository {
  private readonly db: Kysely<Db>;

  constructor(
    db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.db = db.withTables<Omit<Db, keyof Database>>();
  }

  async lockAsset(assetId: string): Promise<void> {
    // SQLite: the transaction began with the database's write lock (database.ts).
    if (this.dialect !== 'postgres') return;
    await this.db.selectFrom('assets').select('id').where('id', '=', assetId).forUpdate().execute();
  }

  async insertSignOff(s: StoredSignOff): Promise<void> {
    await this.db
      .insertInto('sign_offs')
      .values({
        id: s.id,
        asset_id: s.assetId,
        version_number: s.versionNumber,
        role: s.role,
        decision: s.decision,
        reason: s.reason ?? null,
        reviewer_id: s.reviewerId,
        reviewer_username: s.reviewerUsername,
        at: s.at,
      })
      .execute();
  }

  async signOffs(assetId: string, versionNumber?: number): Promise<StoredSignOff[]> {
    let query = this.db.selectFrom('sign_offs').selectAll().where('asset_id', '=', assetId);
    if (versionNumber !== undefined) query = query.where('version_number', '=', versionNumber);
    return (await query.orderBy('at').orderBy('id').execute()).map(signOffOf);
  }

  async claim(assetId: string): Promise<ReviewClaim | undefined> {
    const row = await this.db
      .selectFrom('review_claims')
      .selectAll()
      .where('asset_id', '=', assetId)
      .executeTakeFirst();
    return row && claimOf(row);
  }

  async saveClaim(claim: ReviewClaim): Promise<void> {
    const values = {
      claimant_id: claim.claimantId,
      claimant_username: claim.claimantUsername,
      claimed_at: claim.claimedAt,
      expires_at: claim.expiresAt,
    };
    await this.db
      .insertInto('review_claims')
      .values({ asset_id: claim.assetId, ...values })
      .onConflict((oc) => oc.column('asset_id').doUpdateSet(values))
      .execute();
  }

  async deleteClaim(assetId: string, claimantId?: string): Promise<boolean> {
    let query = this.db.deleteFrom('review_claims').where('asset_id', '=', assetId);
    if (claimantId !== undefined) query = query.where('claimant_id', '=', claimantId);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async insertComment(c: ReviewComment): Promise<void> {
    await this.db
      .insertInto('review_comments')
      .values({
        id: c.id,
        asset_id: c.assetId,
        version_number: c.versionNumber,
        author_id: c.authorId ?? null,
        author: c.author,
        body: c.body,
        region_x: c.region?.x ?? null,
        region_y: c.region?.y ?? null,
        region_w: c.region?.w ?? null,
        region_h: c.region?.h ?? null,
        created_at: c.createdAt,
      })
      .execute();
  }

  async comments(assetId: string, versionNumber?: number): Promise<ReviewComment[]> {
    let query = this.db.selectFrom('review_comments').selectAll().where('asset_id', '=', assetId);
    if (versionNumber !== undefined) query = query.where('version_number', '=', versionNumber);
    return (await query.orderBy('created_at').orderBy('id').execute()).map(commentOf);
  }

  async tierOf(assetId: string, defaultTier: RiskTier): Promise<RiskTier | undefined> {
    const row = await this.db.selectFrom('assets').select('risk_tier').where('id', '=', assetId).executeTakeFirst();
    return row && ((row.risk_tier === null ? defaultTier : Number(row.risk_tier)) as RiskTier);
  }

  async queue(
    reach: ReviewReach,
    filter: ReviewQueueFilter,
    page: { limit: number; cursor?: string },
    now: string,
  ): Promise<{ items: ReviewQueueItem[]; nextCursor?: string }> {
    const eligible = this.eligible(reach, filter.role);
    if (!eligible) return { items: [] };
    let query = this.db
      .selectFrom('assets')
      .leftJoin('review_claims as claim', (join) =>
        join.onRef('claim.asset_id', '=', 'assets.id').on(() => claimBlocks(now, 'claim')),
      )
      .select([
        'assets.id',
        'assets.title',
        'assets.status',
        'assets.team_id',
        'assets.campaign_id',
        'assets.current_version',
        'assets.status_changed_at',
        'assets.risk_tier',
        'claim.claimant_id',
        'claim.claimant_username',
        'claim.claimed_at',
        'claim.expires_at',
      ])
      .where('assets.status', '=', 'in_review')
      .where((eb) => this.narrowed(eb, reach, filter, eligible, now));
    if (page.cursor) {
      const [at, id] = decodeQueueCursor(page.cursor);
      query = query.where((eb) =>
        eb.or([
          eb('assets.status_changed_at', '>', at),
          eb.and([eb('assets.status_changed_at', '=', at), eb('assets.id', '>', id)]),
        ]),
      );
    }
    const rows = await query
      .orderBy('assets.status_changed_at')
      .orderBy('assets.id')
      .limit(page.limit + 1)
      .execute();
    const shown = rows.slice(0, page.limit);
    const ids = shown.map((r) => r.id);
    const [flags, approvals] = await Promise.all([this.flagsOf(ids), this.currentApprovals(ids)]);
    const items = shown.map((row): ReviewQueueItem => {
      const tier = (row.risk_tier === null ? reach.defaultTier : Number(row.risk_tier)) as RiskTier;
      const given = approvals.get(row.id) ?? [];
      const roles = reviewRoles.filter(
        (role) =>
          tierOfRole(role) === tier &&
          inTeams(reach.roles[role], row.team_id) &&
          !given.some((g) => g.role === role) &&
          !given.some((g) => g.reviewerId === reach.reviewerId),
      );
      return {
        assetId: row.id,
        title: row.title,
        status: row.status as AssetStatus,
        tier,
        ...(row.team_id !== null ? { teamId: row.team_id } : {}),
        ...(row.campaign_id !== null ? { campaignId: row.campaign_id } : {}),
        currentVersion: Number(row.current_version),
        enteredReviewAt: row.status_changed_at ?? '',
        roles,
        ...(row.claimant_id !== null && row.claimant_username !== null && row.claimed_at && row.expires_at
          ? {
              claim: {
                assetId: row.id,
                claimantId: row.claimant_id,
                claimantUsername: row.claimant_username,
                claimedAt: row.claimed_at,
                expiresAt: row.expires_at,
              },
            }
          : {}),
        flags: flags.get(row.id) ?? [],
      };
    });
    const last = shown[shown.length - 1];
    return rows.length > page.limit && last
      ? { items, nextCursor: encodeQueueCursor(last.status_changed_at ?? '', last.id) }
      : { items };
  }

  async counts(
    reach: ReviewReach,
    filter: Pick<ReviewQueueFilter, 'team' | 'campaign'>,
    now: string,
  ): Promise<ReviewQueueCounts> {
    const counts: ReviewQueueCounts = { total: 0, byTier: { '1': 0, '2': 0, '3': 0 }, byRole: {} };
    // PostgreSQL scans with sets (see notSignedOff); SQLite's probes of an index per asset are cheaper than the
    // automatic index it would build for the sets on every call.
    const scan = this.dialect === 'postgres';
    const eligible = this.eligible(reach, undefined, scan);
    if (!eligible) return counts;
    const tier = sql<number>`coalesce(assets.risk_tier, ${sql.lit(reach.defaultTier)})`;
    const held = reviewRoles.flatMap((role) => {
      const clause = this.eligible(reach, role, scan);
      return clause ? [{ role, clause }] : [];
    });
    // One pass over the assets in review: per tier, how many, and how many each role could sign.
    const rows = await this.db
      .selectFrom('assets')
      .select((eb) => [
        tier.as('tier'),
        eb.fn.countAll<number>().as('n'),
        ...held.map(({ role, clause }) =>
          eb.fn.sum<number>(eb.case().when(clause(eb)).then(1).else(0).end()).as(`role_${role}`),
        ),
      ])
      .where('assets.status', '=', 'in_review')
      .where((eb) => this.narrowed(eb, reach, filter, eligible, now))
      .groupBy(tier)
      .execute();
    for (const { role } of held) counts.byRole[role] = 0;
    for (const row of rows as (Record<string, unknown> & { tier: number; n: number })[]) {
      counts.byTier[String(row.tier) as `${RiskTier}`] = Number(row.n);
      counts.total += Number(row.n);
      for (const { role } of held) counts.byRole[role]! += Number(row[`role_${role}`] ?? 0);
    }
    return counts;
  }

  async flagsOf(assetIds: readonly string[]): Promise<Map<string, ReviewFlag[]>> {
    const flags = new Map<string, ReviewFlag[]>();
    if (assetIds.length === 0) return flags;
    const add = (id: string, flag: ReviewFlag) => {
      const list = flags.get(id) ?? [];
      if (!list.includes(flag)) list.push(flag);
      flags.set(id, list);
    };
    const ids = [...new Set(assetIds)];
    const [nearDuplicates, candidates] = await Promise.all([
      this.db
        .selectFrom('assets')
        .select('assets.id')
        .where('assets.id', 'in', ids)
        .where((eb) => this.nearDuplicateOfApproved(eb, true))
        .execute(),
      this.db
        .selectFrom('assets')
        .select('assets.id')
        .where('assets.id', 'in', ids)
        .where((eb) => this.familyCandidates(eb, true))
        .execute(),
    ]);
    for (const row of nearDuplicates) add(row.id, 'near-duplicate-of-approved');
    for (const row of candidates) add(row.id, 'family-candidates');
    return flags;
  }

  /** Approvals of the current version of each asset: which roles are given, and by whom. */
  private async currentApprovals(
    assetIds: readonly string[],
  ): Promise<Map<string, { role: ReviewRole; reviewerId: string }[]>> {
    const approvals = new Map<string, { role: ReviewRole; reviewerId: string }[]>();
    if (assetIds.length === 0) return approvals;
    const rows = await this.db
      .selectFrom('sign_offs')
      .innerJoin('assets', (join) =>
        join
          .onRef('assets.id', '=', 'sign_offs.asset_id')
          .onRef('assets.current_version', '=', 'sign_offs.version_number'),
      )
      .select(['sign_offs.asset_id', 'sign_offs.role', 'sign_offs.reviewer_id'])
      .where('sign_offs.asset_id', 'in', [...assetIds])
      .where('sign_offs.decision', '=', 'approve')
      .execute();
    for (const row of rows) {
      const list = approvals.get(row.asset_id) ?? [];
      list.push({ role: row.role as ReviewRole, reviewerId: row.reviewer_id });
      approvals.set(row.asset_id, list);
    }
    return approvals;
  }

  /**
   * The roles whose sign-off the caller could give, as one predicate per role (undefined: none, the queue is empty):
   * the asset's tier needs the role, the caller holds its permission on the asset's team, nobody gave it on the current
   * version yet, and (tier 3) the caller did not give the other one. `scan`: the query reads every asset in review
   * (the counts), not a page in order.
   */
  private eligible(reach: ReviewReach, only?: ReviewRole, scan = false): ((eb: Eb) => Expression<SqlBool>) | undefined {
    const roles = reviewRoles.filter((role) => {
      const teams = reach.roles[role];
      return (only === undefined || only === role) && teams !== undefined && (teams === 'all' || teams.length > 0);
    });
    if (roles.length === 0) return undefined;
    return (eb) =>
      eb.or(
        roles.map((role) => {
          const teams = reach.roles[role]!;
          const conditions: Expression<SqlBool>[] = [
            tierIs(eb, tierOfRole(role), reach.defaultTier, this.dialect),
            notSignedOff(eb, role, reach.reviewerId, scan),
          ];
          if (teams !== 'all') conditions.push(eb(unindexed('assets.team_id', this.dialect), 'in', [...teams]));
          return eb.and(conditions);
        }),
      );
  }

  /** Everything but the status: what the caller may sign, minus their own assets, and the filters. */
  private narrowed(
    eb: Eb,
    reach: ReviewReach,
    filter: ReviewQueueFilter,
    eligible: (eb: Eb) => Expression<SqlBool>,
    now: string,
  ): Expression<SqlBool> {
    const conditions: Expression<SqlBool>[] = [
      eligible(eb),
      // A soft-deleted asset waits for nobody (migration 0011).
      eb('assets.deleted_at', 'is', null),
      // Separation of duties: nobody reviews what they uploaded (any version) or requested. The set of what they
      // uploaded is found once (index on created_by), not looked up per asset in review.
      eb(
        'assets.id',
        'not in',
        eb
          .selectFrom('asset_versions')
          .select('asset_versions.asset_id')
          .where('asset_versions.created_by', '=', reach.reviewerLabel),
      ),
    ];
    if (reach.requestorIds.length > 0)
      conditions.push(
        eb.or([eb('assets.requestor_id', 'is', null), eb('assets.requestor_id', 'not in', [...reach.requestorIds])]),
      );
    if (filter.tier !== undefined) conditions.push(tierIs(eb, filter.tier, reach.defaultTier, this.dialect));
    if (filter.team !== undefined)
      conditions.push(
        eb(
          'assets.team_id',
          '=',
          eb.selectFrom('teams').select('teams.id').where('teams.slug', '=', slugOf(filter.team)),
        ),
      );
    if (filter.campaign !== undefined)
      conditions.push(
        eb(
          'assets.campaign_id',
          '=',
          eb.selectFrom('campaigns').select('campaigns.id').where('campaigns.slug', '=', slugOf(filter.campaign)),
        ),
      );
    if (filter.claim !== undefined) {
      const claims = eb
        .selectFrom('review_claims as c')
        .select(sql.lit(1).as('one'))
        .whereRef('c.asset_id', '=', 'assets.id')
        .where(() => claimBlocks(now, 'c'));
      conditions.push(
        filter.claim === 'unclaimed'
          ? eb.not(eb.exists(claims))
          : eb.exists(filter.claim === 'mine' ? claims.where('c.claimant_id', '=', reach.reviewerId) : claims),
      );
    }
    if (filter.flagged !== undefined) {
      const perAsset = this.dialect === 'sqlite';
      const flagged = eb.or([this.nearDuplicateOfApproved(eb, perAsset), this.familyCandidates(eb, perAsset)]);
      conditions.push(filter.flagged ? flagged : eb.not(flagged));
    }
    return eb.and(conditions);
  }

  /**
   * The current version is a near-duplicate of an approved or published asset (a link either way). `perAsset`: looked
   * up from each asset (a page of them; SQLite's scan of the queue); otherwise two sets built once per query
   * (PostgreSQL's scan of the queue, where a lookup per asset in review cost seconds).
   */
  private nearDuplicateOfApproved(eb: Eb, perAsset: boolean): Expression<SqlBool> {
    if (perAsset)
      return eb.or([
        eb.exists(
          eb
            .selectFrom('near_duplicate_links as l')
            .innerJoin('assets as other', 'other.id', 'l.matched_asset_id')
            .select(sql.lit(1).as('one'))
            .whereRef('l.asset_id', '=', 'assets.id')
            .whereRef('l.version_number', '=', 'assets.current_version')
            .where('l.verdict', '=', 'near-duplicate')
            .where('other.status', 'in', approvedStatuses),
        ),
        eb.exists(
          eb
            .selectFrom('near_duplicate_links as l')
            .innerJoin('assets as other', (join) =>
              join.onRef('other.id', '=', 'l.asset_id').onRef('other.current_version', '=', 'l.version_number'),
            )
            .select(sql.lit(1).as('one'))
            .whereRef('l.matched_asset_id', '=', 'assets.id')
            .where('l.verdict', '=', 'near-duplicate')
            .where('other.status', 'in', approvedStatuses),
        ),
      ]);
    return eb.or([
      eb(
        'assets.id',
        'in',
        eb
          .selectFrom('near_duplicate_links as l')
          .innerJoin('assets as linked', (join) =>
            join.onRef('linked.id', '=', 'l.asset_id').onRef('linked.current_version', '=', 'l.version_number'),
          )
          .innerJoin('assets as other', 'other.id', 'l.matched_asset_id')
          .select('l.asset_id')
          .where('l.verdict', '=', 'near-duplicate')
          .where('other.status', 'in', approvedStatuses),
      ),
      eb(
        'assets.id',
        'in',
        eb
          .selectFrom('near_duplicate_links as l')
          .innerJoin('assets as other', (join) =>
            join.onRef('other.id', '=', 'l.asset_id').onRef('other.current_version', '=', 'l.version_number'),
          )
          .select('l.matched_asset_id')
          .where('l.verdict', '=', 'near-duplicate')
          .where('other.status', 'in', approvedStatuses),
      ),
    ]);
  }

  /** Another member of the asset's family is in review too: the family had better be reviewed as one. */
  private familyCandidates(eb: Eb, perAsset: boolean): Expression<SqlBool> {
    if (perAsset)
      return eb.exists(
        eb
          .selectFrom('family_members as member')
          .innerJoin('family_members as sibling', 'sibling.family_id', 'member.family_id')
          .innerJoin('assets as other', 'other.id', 'sibling.asset_id')
          .select(sql.lit(1).as('one'))
          .whereRef('member.asset_id', '=', 'assets.id')
          .whereRef('sibling.asset_id', '<>', 'assets.id')
          .where('other.status', '=', 'in_review'),
      );
    return eb(
      'assets.id',
      'in',
      eb
        .selectFrom('family_members as member')
        .innerJoin('family_members as sibling', (join) =>
          join.onRef('sibling.family_id', '=', 'member.family_id').onRef('sibling.asset_id', '<>', 'member.asset_id'),
        )
        .innerJoin('assets as other', 'other.id', 'sibling.asset_id')
        .select('member.asset_id')
        .where('other.status', '=', 'in_review'),
    );
  }
}

/**
 * Nobody approved `role` on the asset's current version, nor did the reviewer approve it in another role (tier 3's
 * other sign-off). A page walked in order looks each asset up (a few index probes); a scan of every asset in review
 * (the counts) builds the set of approvals once instead — as lookups, PostgreSQL's estimate of the whole scan is high
 * enough to JIT-compile the query, which alone took seconds.
 */
function notSignedOff(eb: Eb, role: ReviewRole, reviewerId: string, scan: boolean): Expression<SqlBool> {
  if (scan)
    return sql<SqlBool>`(assets.id, assets.current_version) not in (select s.asset_id, s.version_number from sign_offs s inner join assets signed on signed.id = s.asset_id and signed.current_version = s.version_number and signed.status = 'in_review' where s.decision = 'approve' and (s.role = ${role} or s.reviewer_id = ${reviewerId}))`;
  return eb.not(
    eb.exists(
      eb
        .selectFrom('sign_offs')
        .select(sql.lit(1).as('one'))
        .whereRef('sign_offs.asset_id', '=', 'assets.id')
        .whereRef('sign_offs.version_number', '=', 'assets.current_version')
        .where('sign_offs.decision', '=', 'approve')
        .where((inner) =>
          inner.or([inner('sign_offs.role', '=', role), inner('sign_offs.reviewer_id', '=', reviewerId)]),
        ),
    ),
  );
}

/**
 * The asset's tier is `tier` (an asset without one has the default). Spelt without coalesce, so that PostgreSQL's
 * planner estimates it from the column's statistics and walks the queue's index in order rather than sorting every
 * match.
 */
function tierIs(eb: Eb, tier: RiskTier, defaultTier: RiskTier, dialect: Dialect): Expression<SqlBool> {
  const column = unindexed('assets.risk_tier', dialect);
  return tier === defaultTier ? eb.or([eb(column, '=', tier), eb(column, 'is', null)]) : eb(column, '=', tier);
}

/**
 * A column SQLite is to filter by, not look up by: `+column` keeps it off an index (SQLite's documented way), so that
 * the queue walks its index in order and stops at the page's end, where the (status, risk_tier) or team index would
 * find thousands of rows to sort. PostgreSQL weighs the choice with the column's statistics and gets it right.
 */
const unindexed = (column: 'assets.risk_tier' | 'assets.team_id', dialect: Dialect) =>
  dialect === 'sqlite' ? sql<string | number | null>`+${sql.ref(column)}` : sql.ref<string | number | null>(column);

/** A claim (the row aliased `alias`) counts while it has not expired and its account is not disabled. */
function claimBlocks(now: string, alias: string): Expression<SqlBool> {
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  return sql<SqlBool>`(${ref('expires_at')} > ${now} and not exists (select 1 from accounts where accounts.id = ${ref('claimant_id')} and accounts.disabled = 1))`;
}

const inTeams = (teams: 'all' | readonly string[] | undefined, teamId: string | null): boolean =>
  teams === 'all' || (teams !== undefined && teamId !== null && teams.includes(teamId));
