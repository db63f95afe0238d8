/**
 * The dashboard's aggregates (domain/dashboard.ts): one query per figure, grouped in the database by day, over
 * indexed columns — the search index's denormalised rows (team, created_at, AI involvement, brand verdict; indexed by
 * team and by created_at, and a narrow covering index of them), the outbox's approve transitions (by type and time,
 * migration 0019; joined to the assets' rows, narrower than the documents), the outbox's exact duplicate uploads
 * refused (the same index), near-duplicate links,
 * and the current rights records by their last day (an expression index, migration 0019). Each is narrowed to the
 * scope's teams and to assets not deleted.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import {
  addDays,
  approvalBuckets,
  type ApprovalBucket,
  type DashboardRepository,
  type DashboardScope,
  type DayCount,
  type ExpiringRights,
} from '../domain/dashboard.ts';
import type { Dialect } from './database.ts';
import type { Database } from './schema.ts';

/** The expression migration 0019 indexes: a rights record's last day (the record is JSON text in both dialects). */
export const rightsExpiryExpression = (dialect: Dialect, column = 'record'): string =>
  dialect === 'postgres' ? `((${column}::jsonb) ->> 'expiresAt')` : `json_extract(${column}, '$.expiresAt')`;

type TeamScope = Pick<DashboardScope, 'teamIds'>;

export class SqlDashboardRepository implements DashboardRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async assetsAddedBefore(scope: DashboardScope): Promise<number> {
    if (scope.teamIds?.length === 0) return 0;
    const { rows } = await sql<{ n: number | string }>`
      select count(*) as n from search_documents d
      where d.deleted_at is null and d.created_at < ${scope.from} and ${teams(scope)}`.execute(this.db);
    return Number(rows[0]?.n ?? 0);
  }

  async assetsAddedPerDay(scope: DashboardScope): Promise<DayCount[]> {
    if (scope.teamIds?.length === 0) return [];
    const { rows } = await sql<{ day: string; n: number | string }>`
      select substr(d.created_at, 1, 10) as day, count(*) as n from search_documents d
      where d.deleted_at is null and ${within(sql`d.created_at`, scope)} and ${teams(scope)}
      group by substr(d.created_at, 1, 10) order by day`.execute(this.db);
    return rows.map((r) => ({ day: r.day, count: Number(r.n) }));
  }

  async aiInvolvement(scope: TeamScope): Promise<Map<string, number>> {
    if (scope.teamIds?.length === 0) return new Map();
    const { rows } = await sql<{ involvement: string | null; n: number | string }>`
      select d.ai_involvement as involvement, count(*) as n from search_documents d
      where d.deleted_at is null and ${teams(scope)} group by d.ai_involvement`.execute(this.db);
    return counted(rows.map((r) => [r.involvement ?? 'unknown', r.n]));
  }

  async approvalTimes(scope: DashboardScope): Promise<{ bucket: ApprovalBucket; count: number; hours: number }[]> {
    if (scope.teamIds?.length === 0) return [];
    const postgres = this.dialect === 'postgres';
    const transition = postgres ? sql`e.payload ->> 'transition'` : sql`json_extract(e.payload, '$.transition')`;
    const version = postgres ? sql`(e.payload ->> 'version')::int` : sql`json_extract(e.payload, '$.version')`;
    const hours = postgres
      ? sql`extract(epoch from (e.created_at::timestamptz - v.created_at::timestamptz)) / 3600.0`
      : sql`(julianday(e.created_at) - julianday(v.created_at)) * 24.0`;
    const { rows } = await sql<{ bucket: ApprovalBucket; n: number | string; hours: number | string | null }>`
      select case when t.hours < 1 then 'under-1h' when t.hours < 24 then '1h-1d' when t.hours < 168 then '1d-7d'
                  else 'over-7d' end as bucket,
             count(*) as n, sum(t.hours) as hours
      from (
        select ${hours} as hours
        from events e
        join asset_versions v on v.asset_id = e.subject_id and v.number = ${version}
        join assets a on a.id = e.subject_id
        where e.type = 'asset.transitioned' and ${within(sql`e.created_at`, scope)} and ${transition} = 'approve'
          and a.deleted_at is null and ${teams(scope, 'a')}
      ) t
      group by 1`.execute(this.db);
    return rows
      .map((r) => ({ bucket: r.bucket, count: Number(r.n), hours: Number(r.hours ?? 0) }))
      .sort((a, b) => approvalBuckets.indexOf(a.bucket) - approvalBuckets.indexOf(b.bucket));
  }

  async brandVerdicts(scope: TeamScope): Promise<Map<string, number>> {
    if (scope.teamIds?.length === 0) return new Map();
    const { rows } = await sql<{ verdict: string | null; n: number | string }>`
      select d.brand_verdict as verdict, count(*) as n from search_documents d
      where d.deleted_at is null and ${teams(scope)} group by d.brand_verdict`.execute(this.db);
    return counted(rows.map((r) => [r.verdict ?? 'unchecked', r.n]));
  }

  async nearDuplicatesPerDay(scope: DashboardScope): Promise<DayCount[]> {
    if (scope.teamIds?.length === 0) return [];
    const { rows } = await sql<{ day: string; n: number | string }>`
      select substr(l.created_at, 1, 10) as day, count(distinct l.asset_id) as n
      from near_duplicate_links l join search_documents d on d.asset_id = l.asset_id
      where l.verdict = 'near-duplicate' and ${within(sql`l.created_at`, scope)}
        and d.deleted_at is null and ${teams(scope)}
      group by substr(l.created_at, 1, 10) order by day`.execute(this.db);
    return rows.map((r) => ({ day: r.day, count: Number(r.n) }));
  }

  async exactDuplicatesPerDay(scope: DashboardScope): Promise<DayCount[]> {
    if (scope.teamIds?.length === 0) return [];
    const { rows } = await sql<{ day: string; n: number | string }>`
      select substr(e.created_at, 1, 10) as day, count(*) as n
      from events e join assets a on a.id = e.subject_id
      where e.type = 'asset.duplicate-refused' and ${within(sql`e.created_at`, scope)}
        and a.deleted_at is null and ${teams(scope, 'a')}
      group by substr(e.created_at, 1, 10) order by day`.execute(this.db);
    return rows.map((r) => ({ day: r.day, count: Number(r.n) }));
  }

  async rightsExpiring(scope: DashboardScope, limit: number): Promise<{ total: number; items: ExpiringRights[] }> {
    if (scope.teamIds?.length === 0) return { total: 0, items: [] };
    const expiry = sql.raw(rightsExpiryExpression(this.dialect, 'r.record'));
    const { rows } = await sql<{
      asset_id: string;
      title: string;
      status: string;
      expires_at: string;
      total: number | string;
    }>`
      select r.asset_id, d.title, d.status, ${expiry} as expires_at, count(*) over () as total
      from asset_rights r join search_documents d on d.asset_id = r.asset_id
      where ${expiry} >= ${scope.from} and ${expiry} <= ${scope.to}
        and r.revision = (select max(r2.revision) from asset_rights r2 where r2.asset_id = r.asset_id)
        and d.deleted_at is null and ${teams(scope)}
      order by expires_at, r.asset_id
      limit ${limit}`.execute(this.db);
    return {
      total: Number(rows[0]?.total ?? 0),
      items: rows.map((r) => ({ assetId: r.asset_id, title: r.title, status: r.status, expiresAt: r.expires_at })),
    };
  }
}

/** The scope's teams on the row `alias` (a search document or an asset; every team: no condition). */
const teams = (scope: TeamScope, alias: 'd' | 'a' = 'd'): RawBuilder<unknown> =>
  scope.teamIds ? sql`${sql.ref(`${alias}.team_id`)} in (${sql.join([...scope.teamIds])})` : sql`1 = 1`;

/** An ISO timestamp column within the scope's days (text comparison: the timestamps are UTC ISO strings). */
const within = (column: RawBuilder<unknown>, scope: DashboardScope): RawBuilder<unknown> =>
  sql`${column} >= ${scope.from} and ${column} < ${addDays(scope.to, 1)}`;

const counted = (entries: [string, number | string][]): Map<string, number> =>
  new Map(entries.map(([key, n]) => [key, Number(n)]));
