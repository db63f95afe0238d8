/**
 * bench:review — the review queue and decisions at scale (npm run bench:review).
 *
 * Builds a store of 100,000 assets, 20,000 of them in review across the three tiers (half of tier 3 already holding
 * its legal sign-off, one in ten claimed), in 20 teams, with the rows written straight through storage in bulk (not
 * through intake: intake is not what is measured), then measures through the services, as a request would run them:
 *
 * - a queue page (ReviewService.queue: the caller's reach, the one query, flags and sign-offs of the page) for callers
 *   of each kind, first pages, later pages and filters: p50 / p95 against 50 ms;
 * - the counts per tier and role;
 * - a decision that takes a transition (a tier-1 approval: sign-off, workflow approve, audit, in one transaction) and
 *   one that does not (tier 3's first sign-off): p95 against 20 ms;
 * - authorisation per request: an API token authenticated (IdentityService.authenticateToken: digest lookup, account,
 *   memberships) plus the permission checks of a request (can, teamsWith), against 1 ms;
 * - sign-in (IdentityService.signIn: argon2id verify and a session), against 300 ms.
 *
 * SQLite always; PostgreSQL too when PROVENA_TEST_DATABASE_URL or --pg <url> names a server (a fresh database is
 * made there and dropped after). Flags: --assets N (default 100000), --in-review N (default 20000), --rounds N
 * (measured calls per figure, default 200), --sqlite-only, --pg-only, --keep (leave the databases for EXPLAIN).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { argon2Hasher } from '../src/auth/argon2-hasher.ts';
import { allTeams, can, teamsWith, type Membership, type RequestContext } from '../src/domain/access.ts';
import type { AssetStatus, AssetVersion } from '../src/domain/asset.ts';
import { AuditKey } from '../src/domain/audit.ts';
import { newId } from '../src/domain/ids.ts';
import type { Job } from '../src/domain/jobs.ts';
import type { NewAsset } from '../src/domain/ports.ts';
import { emptyProvenance } from '../src/domain/provenance.ts';
import type { ReviewRole, RiskTier } from '../src/domain/review.ts';
import { assetDigestFields, rowDigest, versionDigestFields } from '../src/domain/row-digest.ts';
import { FamilyService } from '../src/services/family.service.ts';
import { IdentityService } from '../src/services/identity.service.ts';
import { ReviewService } from '../src/services/review.service.ts';
import { WorkflowService } from '../src/services/workflow.service.ts';
import type { Dialect } from '../src/storage/database.ts';
import { toJson } from '../src/storage/json.ts';
import type { ReviewDatabase } from '../src/storage/review.schema.ts';
import type { Database } from '../src/storage/schema.ts';
import { openStore, type SqlStore } from '../src/storage/store.ts';
import { fmt, scratchPostgresDatabase } from './support.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
};
const pgAt = args.indexOf('--pg');
const pgUrl = pgAt >= 0 ? args[pgAt + 1] : process.env.PROVENA_TEST_DATABASE_URL;
const assetCount = option('assets', 100_000);
const inReviewCount = Math.min(option('in-review', 20_000), assetCount);
const rounds = option('rounds', 200);
const teamCount = 20;
const password = 'correct horse battery staple';
const key = new AuditKey(Buffer.alloc(32, 11));

const targets = { queueP95: 50, decisionP95: 20, authP95: 1, loginP95: 300 };

interface Stats {
  p50: number;
  p95: number;
  max: number;
  n: number;
}
function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]!, n: sorted.length };
}
async function timed(times: number, run: (i: number) => Promise<unknown>): Promise<Stats> {
  // A few calls first: statement caches, the pool, the JIT.
  for (let i = 0; i < Math.min(5, times); i++) await run(-1 - i);
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run(i);
    samples.push(performance.now() - started);
  }
  return stats(samples);
}
const line = (label: string, s: Stats, target?: number) =>
  `  ${label.padEnd(46)} p50 ${fmt(s.p50, 2).padStart(7)} ms  p95 ${fmt(s.p95, 2).padStart(7)} ms  max ${fmt(s.max, 1).padStart(6)} ms  (n ${s.n})${target === undefined ? '' : s.p95 <= target ? `  ✓ ≤ ${target} ms` : `  ✗ over ${target} ms`}`;

/** Where the statuses fall: 20 % in review (the rest of the catalogue approved, published, enriching, archived). */
function statusOf(n: number): AssetStatus {
  if (n < inReviewCount) return 'in_review';
  return (['approved', 'published', 'approved', 'enriching', 'archived'] as const)[n % 5]!;
}
/** Tiers of assets in review: half tier 1, 30 % tier 2, 20 % tier 3. */
const tierOf = (n: number): RiskTier => (n % 10 < 5 ? 1 : n % 10 < 8 ? 2 : 3);

async function populate(
  store: SqlStore,
  teams: string[],
): Promise<{ tier1: string[]; tier2: string[]; tier3Open: string[] }> {
  const db = store.db.withTables<Omit<ReviewDatabase, keyof Database>>();
  const base = Date.UTC(2025, 0, 1);
  const tier1: string[] = [];
  const tier2: string[] = [];
  const tier3Open: string[] = [];
  const batch = 500;
  const started = performance.now();
  for (let from = 0; from < assetCount; from += batch) {
    const assets: Record<string, unknown>[] = [];
    const versions: Record<string, unknown>[] = [];
    const blobs: Record<string, unknown>[] = [];
    const signOffs: Record<string, unknown>[] = [];
    const claims: Record<string, unknown>[] = [];
    for (let n = from; n < Math.min(assetCount, from + batch); n++) {
      const id = newId();
      const at = new Date(base + n * 1000).toISOString();
      const status = statusOf(n);
      const tier = tierOf(n);
      const asset: NewAsset = {
        id,
        title: `asset ${n}`,
        kind: 'image',
        status,
        quarantineReasons: [],
        rightsStatus: 'cleared',
        teamId: teams[n % teams.length]!,
        riskTier: tier,
        riskPolicyVersion: 0,
        currentVersion: 1,
        createdAt: at,
        updatedAt: at,
      };
      assets.push({
        id,
        title: asset.title,
        kind: asset.kind,
        status,
        quarantine_reasons: toJson([]),
        rights_status: asset.rightsStatus,
        team_id: asset.teamId,
        risk_tier: tier,
        risk_policy_version: 0,
        current_version: 1,
        created_at: at,
        updated_at: at,
        status_changed_at: at,
        row_digest: rowDigest(key, 'asset', id, assetDigestFields(asset)),
      });
      const versionId = newId();
      const sha256 = versionId.replace(/-/g, '').padEnd(64, 'e');
      const version: AssetVersion = {
        id: versionId,
        assetId: id,
        number: 1,
        blob: { sha256, size: 1000 },
        mediaType: 'image/png',
        fileName: `a${n}.png`,
        provenance: emptyProvenance(),
        createdAt: at,
        createdBy: 'operator:bench',
      };
      blobs.push({ sha256, size: 1000, media_type: 'image/png', created_at: at });
      versions.push({
        id: versionId,
        asset_id: id,
        number: 1,
        blob_sha256: sha256,
        media_type: 'image/png',
        file_name: version.fileName,
        provenance: toJson(version.provenance),
        created_at: at,
        created_by: version.createdBy,
        row_digest: rowDigest(key, 'version', versionId, versionDigestFields(version)),
      });
      if (status !== 'in_review') continue;
      if (tier === 1) tier1.push(id);
      if (tier === 2) tier2.push(id);
      if (tier === 3 && n % 20 === 9)
        signOffs.push({
          id: newId(),
          asset_id: id,
          version_number: 1,
          role: 'legal',
          decision: 'approve',
          reason: null,
          reviewer_id: 'bench-legal-elsewhere',
          reviewer_username: 'legal-elsewhere',
          at,
        });
      else if (tier === 3) tier3Open.push(id);
      if (n % 10 === 3)
        claims.push({
          asset_id: id,
          claimant_id: 'bench-someone',
          claimant_username: 'someone',
          claimed_at: at,
          expires_at: '2999-01-01T00:00:00.000Z',
        });
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('blobs')
        .values(blobs as never)
        .execute();
      await trx
        .insertInto('assets')
        .values(assets as never)
        .execute();
      await trx
        .insertInto('asset_versions')
        .values(versions as never)
        .execute();
      if (signOffs.length)
        await trx
          .insertInto('sign_offs')
          .values(signOffs as never)
          .execute();
      if (claims.length)
        await trx
          .insertInto('review_claims')
          .values(claims as never)
          .execute();
    });
    if ((from / batch) % 20 === 0) process.stderr.write(`  ${from + batch} / ${assetCount} rows\r`);
  }
  process.stderr.write(`  ${assetCount} assets written in ${fmt((performance.now() - started) / 1000)} s\n`);
  return { tier1, tier2, tier3Open };
}

async function benchDialect(dialect: Dialect): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'provena-bench-review-'));
  let dropDatabase = async () => {};
  let url: string | undefined;
  if (dialect === 'postgres') ({ url, drop: dropDatabase } = await scratchPostgresDatabase(pgUrl!, 'bench_review'));
  const store = await openStore({ ...(url ? { url } : {}), sqlitePath: join(dir, 'provena.db'), auditKey: key });
  try {
    process.stdout.write(`\n${dialect}: ${assetCount} assets, ${inReviewCount} in review, ${teamCount} teams\n`);
    const workflow = new WorkflowService({
      store,
      enrichment: { enqueue: () => Promise.resolve({ job: {} as Job, created: true }) },
    });
    const families = new FamilyService({ store, workflow });
    const review = new ReviewService({ store, workflow, families });
    const identity = new IdentityService({ store, hasher: argon2Hasher });
    const operator: RequestContext = { actor: { kind: 'operator', osUser: 'bench' }, memberships: [] };
    const teams: string[] = [];
    for (let i = 0; i < teamCount; i++) teams.push((await identity.createTeam(operator, `bench team ${i}`)).id);
    const { tier1, tier2, tier3Open } = await populate(store, teams);
    // The planner's statistics and (PostgreSQL) the visibility map of the freshly loaded tables, as a live database
    // has them; otherwise autovacuum does it during the first measurements.
    await sql.raw(dialect === 'postgres' ? 'vacuum analyze' : 'analyze').execute(store.db);

    const makeUser = async (username: string, memberships: Membership[]) => {
      const account = await identity.createUser(operator, { username, password, memberships });
      return identity.contextOf(account.id);
    };
    const reviewer = await makeUser(
      'rev',
      teams.slice(0, 5).map((teamId) => ({ teamId, role: 'reviewer' as const })),
    );
    const brand = await makeUser(
      'brand',
      teams.map((teamId) => ({ teamId, role: 'brand' as const })),
    );
    const legal = await makeUser('legal', [{ teamId: allTeams, role: 'legal' }]);
    const compliance = await makeUser('compliance', [{ teamId: allTeams, role: 'compliance' }]);
    const everything = await makeUser('lead', [
      ...teams.map((teamId) => ({ teamId, role: 'reviewer' as const })),
      ...teams.map((teamId) => ({ teamId, role: 'brand' as const })),
      { teamId: allTeams, role: 'legal' as const },
    ]);
    const callers: [string, RequestContext][] = [
      ['tier-1 reviewer of 5 teams', reviewer],
      ['brand on every team', brand],
      ['legal on every team', legal],
      ['reviewer+brand+legal', everything],
    ];

    process.stdout.write('queue (ReviewService.queue, 50 a page)\n');
    const queueAll: number[] = [];
    for (const [label, ctx] of callers) {
      const first = await timed(Math.ceil(rounds / 4), () => review.queue(ctx, {}, { limit: 50 }));
      process.stdout.write(`${line(`first page: ${label}`, first)}\n`);
      // Walk on through pages with the cursor.
      let cursor: string | undefined;
      const later = await timed(Math.ceil(rounds / 4), async () => {
        const page = await review.queue(ctx, {}, { limit: 50, ...(cursor ? { cursor } : {}) });
        cursor = page.nextCursor;
      });
      process.stdout.write(`${line(`later pages: ${label}`, later)}\n`);
    }
    const filters = [
      { tier: 2 as RiskTier },
      { role: 'legal' as ReviewRole },
      { claim: 'unclaimed' as const },
      { flagged: true },
      { team: 'bench team 3' },
    ];
    const filtered = await timed(rounds, (i) =>
      review.queue(everything, filters[Math.abs(i) % filters.length]!, { limit: 50 }),
    );
    process.stdout.write(`${line('filtered (tier, role, claim, flagged, team)', filtered)}\n`);
    const mixed = await timed(rounds, async (i) => {
      const ctx = callers[Math.abs(i) % callers.length]![1];
      const started = performance.now();
      await review.queue(ctx, i % 2 ? {} : filters[Math.abs(i) % filters.length]!, { limit: 50 });
      queueAll.push(performance.now() - started);
    });
    process.stdout.write(`${line('queue page, all callers and filters', mixed, targets.queueP95)}\n`);
    const counts = await timed(Math.ceil(rounds / 2), (i) => review.counts(callers[Math.abs(i) % callers.length]![1]));
    process.stdout.write(`${line('counts per tier and role', counts)}\n`);

    process.stdout.write('decisions (ReviewService.decide, one transaction each)\n');
    // The reviewer reaches the first five teams: tier-1 assets of those.
    const teamsOfTier1 = await store.assets.teamsOf(tier1.slice(0, 5000));
    const mine = tier1.filter((id) => teams.slice(0, 5).includes(teamsOfTier1.get(id) ?? ''));
    let next = 0;
    const approve = await timed(rounds, () => review.decide(reviewer, mine[next++]!, { decision: 'approve' }));
    process.stdout.write(`${line('approve, tier 1 (sign-off + approve transition)', approve, targets.decisionP95)}\n`);
    let next3 = 0;
    const legalSign = await timed(rounds, () => review.decide(legal, tier3Open[next3++]!, { decision: 'approve' }));
    process.stdout.write(`${line('legal sign-off, tier 3 (no transition yet)', legalSign, targets.decisionP95)}\n`);
    next3 = 0;
    const complete = await timed(rounds, () => review.decide(compliance, tier3Open[next3++]!, { decision: 'approve' }));
    process.stdout.write(`${line('compliance completes tier 3 (approve)', complete, targets.decisionP95)}\n`);
    // Claims on tier-2 assets nobody holds yet (one in ten was claimed when the store was filled).
    const open2 = tier2.filter((_, i) => i % 10 !== 3);
    let nextClaim = 0;
    const claim = await timed(rounds, () => review.claim(brand, open2[nextClaim++ % open2.length]!));
    process.stdout.write(`${line('claim', claim)}\n`);

    process.stdout.write('authorisation per request\n');
    const { secret } = await identity.createToken(everything, { name: 'bench', scopes: ['read', 'write', 'review'] });
    const auth = await timed(rounds * 5, async () => {
      const { context } = await identity.authenticateToken(secret);
      // What a review request then asks of the context: a permission on a team, the teams of a permission.
      can(context, 'review:brand', teams[3]);
      teamsWith(context, 'review:legal');
    });
    process.stdout.write(`${line('API token → context, plus permission checks', auth, targets.authP95)}\n`);
    const pure = await timed(rounds * 50, () => {
      can(everything, 'review:brand', teams[7]);
      can(everything, 'review:compliance', teams[7]);
      teamsWith(everything, 'review:tier1');
      return Promise.resolve();
    });
    process.stdout.write(`${line('permission checks alone (can ×2, teamsWith)', pure)}\n`);
    const signIn = await timed(20, () => identity.signIn({ username: 'lead', password, clientIp: '127.0.0.1' }));
    process.stdout.write(`${line('sign-in (argon2id verify + session)', signIn, targets.loginP95)}\n`);
  } finally {
    await store.close();
    if (args.includes('--keep')) process.stdout.write(`kept: ${url ?? join(dir, 'provena.db')}\n`);
    else {
      await dropDatabase();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const only = (name: string) => args.includes(`--${name}`);
if (!only('pg-only')) await benchDialect('sqlite');
if (!only('sqlite-only')) {
  if (pgUrl) await benchDialect('postgres');
  else process.stdout.write('\npostgres: skipped (set PROVENA_TEST_DATABASE_URL or pass --pg <url>)\n');
}
