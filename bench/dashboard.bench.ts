/**
 * The dashboard benchmark: the dashboard's figures (GET /api/v1/dashboard's service) over a synthetic library of N
 * assets in 10 teams added over the past year, their versions' AI involvement, approve transitions in the outbox for
 * a third, rights records for a tenth (last days over the coming year), near-duplicate links for a twentieth.
 * Reports the build and, per caller (an admin over every team; a viewer of one team), the latency of the whole
 * dashboard (seven aggregate queries at once) and of each figure alone.
 *
 *   npx tsx bench/dashboard.bench.ts --assets 100000 --dialect sqlite --runs 20
 *   npx tsx bench/dashboard.bench.ts --assets 100000 --dialect postgres
 *
 * PostgreSQL: a scratch database on the server PROVENA_BENCH_DATABASE_URL (else PROVENA_TEST_DATABASE_URL) names.
 * The rows are written with the search index's triggers suspended, then the index is rebuilt, as a bulk load would;
 * the database is dropped at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import type { RequestContext } from '../src/domain/access.ts';
import { aiInvolvements } from '../src/domain/provenance.ts';
import { addDays, type DashboardScope } from '../src/domain/dashboard.ts';
import { DashboardService } from '../src/services/dashboard.service.ts';
import { SqlDashboardRepository } from '../src/storage/dashboard.repository.ts';
import { openDatabase, type Dialect } from '../src/storage/database.ts';
import type { Database } from '../src/storage/schema.ts';
import { rebuildSearchIndex, resumeSearchTriggers, suspendSearchTriggers } from '../src/storage/search/search-index.ts';
import { benchFlags, fmt, latencyLine, scratchPostgresDatabase } from './support.ts';

const flags = benchFlags();
const total = flags.count('assets', 100_000);
const runs = flags.count('runs', 20);
const dialect: Dialect = flags.text('dialect') === 'postgres' ? 'postgres' : 'sqlite';
const batch = 500;
const teams = 10;
const today = new Date().toISOString().slice(0, 10);
const dayMs = 86_400_000;

/** A deterministic spread: the i-th asset's hours before now, AI involvement, and what else it has. */
const hoursAgo = (i: number) => (i * 7919) % (365 * 24);
const at = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString();
const id = (kind: number, i: number) =>
  `0190${kind.toString(16).padStart(4, '0')}-0000-7000-8000-${i.toString(16).padStart(12, '0')}`;

async function build(db: Kysely<Database>): Promise<void> {
  const teamIds = Array.from({ length: teams }, (_, t) => id(1, t));
  await db
    .insertInto('teams')
    .values(teamIds.map((teamId, t) => ({ id: teamId, slug: `team-${t}`, name: `Team ${t}`, created_at: at(9000) })))
    .execute();
  await suspendSearchTriggers(db, dialect);
  for (let from = 0; from < total; from += batch) {
    const indexes = Array.from({ length: Math.min(batch, total - from) }, (_, k) => from + k);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('blobs')
        .values(
          indexes.map((i) => ({
            sha256: id(2, i).replace(/-/g, '').padEnd(64, '0'),
            size: 1000,
            media_type: 'image/png',
            created_at: at(hoursAgo(i)),
          })),
        )
        .execute();
      await trx
        .insertInto('assets')
        .values(
          indexes.map((i) => ({
            id: id(3, i),
            title: `asset ${i}`,
            kind: 'image',
            status: i % 3 === 0 ? 'approved' : 'draft',
            quarantine_reasons: '[]',
            prompt: null,
            tool: null,
            model: null,
            tool_version: null,
            intended_use: null,
            rights_status: 'pending',
            requestor_id: null,
            team_id: teamIds[i % teams]!,
            campaign_id: null,
            current_version: 1,
            created_at: at(hoursAgo(i)),
            updated_at: at(hoursAgo(i)),
            row_digest: null,
          })),
        )
        .execute();
      await trx
        .insertInto('asset_versions')
        .values(
          indexes.map((i) => ({
            id: id(4, i),
            asset_id: id(3, i),
            number: 1,
            blob_sha256: id(2, i).replace(/-/g, '').padEnd(64, '0'),
            media_type: 'image/png',
            file_name: `asset-${i}.png`,
            width: 1024,
            height: 1024,
            provenance: JSON.stringify({ aiInvolvement: aiInvolvements[i % aiInvolvements.length], dstSources: [] }),
            created_at: at(hoursAgo(i)),
            created_by: 'bench',
            row_digest: null,
          })),
        )
        .execute();
      const approved = indexes.filter((i) => i % 3 === 0 && hoursAgo(i) > 1);
      if (approved.length > 0)
        await trx
          .insertInto('events')
          .values(
            approved.map((i) => ({
              seq: i + 1,
              type: 'asset.transitioned',
              subject_type: 'asset',
              subject_id: id(3, i),
              actor: 'bench',
              payload: JSON.stringify({ transition: 'approve', from: 'in_review', to: 'approved', version: 1 }),
              created_at: at(hoursAgo(i) - Math.min(hoursAgo(i) - 1, (i % 200) + 0.5)),
            })),
          )
          .execute();
      const withRights = indexes.filter((i) => i % 10 === 0);
      if (withRights.length > 0)
        await sql`insert into asset_rights (asset_id, revision, version_number, status, record, set_at, set_by) values ${sql.join(
          withRights.map(
            (i) =>
              sql`(${id(3, i)}, 1, 1, 'cleared', ${JSON.stringify({ status: 'cleared', expiresAt: new Date(Date.now() + (i % 365) * dayMs).toISOString().slice(0, 10) })}, ${at(hoursAgo(i))}, 'bench')`,
          ),
        )}`.execute(trx);
      const linked = indexes.filter((i) => i % 20 === 1);
      if (linked.length > 0)
        await sql`insert into near_duplicate_links (asset_id, version_number, matched_asset_id, verdict, d_hash, p_hash, via, embedding_cosine, reason, decided_by, created_at) values ${sql.join(
          linked.map(
            (i) =>
              sql`(${id(3, i)}, 1, ${id(3, i - 1)}, 'near-duplicate', 2, 4, 'hash', null, 'close', 'bench', ${at(hoursAgo(i))})`,
          ),
        )}`.execute(trx);
    });
  }
  await resumeSearchTriggers(db, dialect);
  await rebuildSearchIndex(db, dialect);
  await sql.raw(dialect === 'postgres' ? 'analyze' : 'analyze').execute(db);
}

async function time(work: () => Promise<unknown>): Promise<number[]> {
  await work(); // warm
  const times: number[] = [];
  for (let n = 0; n < runs; n++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times;
}

const dir = mkdtempSync(join(tmpdir(), 'provena-bench-dashboard-'));
const serverUrl = process.env.PROVENA_BENCH_DATABASE_URL ?? process.env.PROVENA_TEST_DATABASE_URL;
if (dialect === 'postgres' && !serverUrl) throw new Error('PostgreSQL: set PROVENA_BENCH_DATABASE_URL');
const scratch = dialect === 'postgres' ? await scratchPostgresDatabase(serverUrl!, 'bench_dashboard') : undefined;
const handle = await openDatabase({ ...(scratch ? { url: scratch.url } : {}), sqlitePath: join(dir, 'provena.db') });
try {
  console.log(`dashboard: ${total.toLocaleString('en')} assets in ${teams} teams, ${dialect}`);
  const started = performance.now();
  await build(handle.db);
  console.log(`  build            ${fmt((performance.now() - started) / 1000)} s`);
  const figures = new SqlDashboardRepository(handle.db, dialect);
  const service = new DashboardService({ figures });
  const admin: RequestContext = {
    actor: { kind: 'user', userId: 'a', username: 'admin' },
    memberships: [{ teamId: '*', role: 'admin' }],
  };
  const viewer: RequestContext = {
    actor: { kind: 'user', userId: 'v', username: 'viewer' },
    memberships: [{ teamId: id(1, 3), role: 'viewer' }],
  };
  const check = await service.figures(admin, { days: 90 });
  console.log(
    `  figures (admin, 90 days): library ${check.growth.days.at(-1)?.total}, approvals ${check.timeToApproval.approvals}, ` +
      `near-duplicates ${check.nearDuplicates.total}, expiring in 30 days ${check.expiring.total}`,
  );
  for (const [who, ctx] of [
    ['admin', admin],
    ['viewer of one team', viewer],
  ] as const) {
    for (const days of [90, 365])
      latencyLine(`  dashboard, ${who}, ${days} days`, await time(() => service.figures(ctx, { days })), 46);
  }
  const scope: DashboardScope = { from: addDays(today, -364), to: today };
  const each: [string, () => Promise<unknown>][] = [
    ['assetsAddedBefore', () => figures.assetsAddedBefore(scope)],
    ['assetsAddedPerDay (365 days)', () => figures.assetsAddedPerDay(scope)],
    ['aiInvolvement', () => figures.aiInvolvement({})],
    ['approvalTimes (365 days)', () => figures.approvalTimes(scope)],
    ['brandVerdicts', () => figures.brandVerdicts({})],
    ['nearDuplicatesPerDay (365 days)', () => figures.nearDuplicatesPerDay(scope)],
    ['rightsExpiring (30 days)', () => figures.rightsExpiring({ from: today, to: addDays(today, 30) }, 50)],
  ];
  for (const [name, work] of each) latencyLine(`  admin: ${name}`, await time(work), 46);
} finally {
  await handle.db.destroy();
  await scratch?.drop();
  rmSync(dir, { recursive: true, force: true });
}
