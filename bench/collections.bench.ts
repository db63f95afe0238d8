/**
 * A full collection (issue 14 §5, decision 0028): 10,000 members (the limit) added through the service in calls of
 * 500, then member pages walked by cursor, moves into one gap at the top (each 16th renumbers the whole collection)
 * and moves to random places, through CollectionService as a request runs them. Run:
 * `npx tsx bench/collections.bench.ts [--members 10000] [--moves 200] [--database-url postgres://…]`.
 *
 * The assets are written straight to the tables (with their row digests), not through intake: they are not what is
 * measured. Reports p50/p95 of each operation; exits non-zero when the final order is not the order the moves made.
 * SQLite by default; PostgreSQL with --database-url (a fresh database is made on that server and dropped after).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import type { RequestContext } from '../src/domain/access.ts';
import { AuditKey } from '../src/domain/audit.ts';
import { newId } from '../src/domain/ids.ts';
import type { NewAsset } from '../src/domain/ports.ts';
import { assetDigestFields, rowDigest } from '../src/domain/row-digest.ts';
import { CollectionService } from '../src/services/collection.service.ts';
import { toJson } from '../src/storage/json.ts';
import { openStore, type SqlStore } from '../src/storage/store.ts';
import { benchFlags, fmt, percentile, scratchPostgresDatabase } from './support.ts';

const flags = benchFlags();
const serverUrl = flags.text('database-url');
const memberCount = flags.count('members', 10_000);
const moveCount = flags.count('moves', 200);
const key = new AuditKey(Buffer.alloc(32, 14));

/** Asset rows of one team, written in one transaction per 1,000. */
async function populate(store: SqlStore, teamId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let from = 0; from < count; from += 1000) {
    const rows: Record<string, unknown>[] = [];
    for (let n = from; n < Math.min(count, from + 1000); n++) {
      const id = newId();
      const at = new Date(base + n * 1000).toISOString();
      const asset: NewAsset = {
        id,
        title: `asset ${n}`,
        kind: 'image',
        status: 'approved',
        quarantineReasons: [],
        rightsStatus: 'cleared',
        teamId,
        currentVersion: 1,
        createdAt: at,
        updatedAt: at,
      };
      rows.push({
        id,
        title: asset.title,
        kind: asset.kind,
        status: asset.status,
        quarantine_reasons: toJson([]),
        rights_status: asset.rightsStatus,
        team_id: teamId,
        current_version: 1,
        created_at: at,
        updated_at: at,
        row_digest: rowDigest(key, 'asset', id, assetDigestFields(asset)),
      });
      ids.push(id);
    }
    await store.db.transaction().execute((trx) =>
      trx
        .insertInto('assets')
        .values(rows as never)
        .execute(),
    );
  }
  return ids;
}

const timed = async <T>(times: number[], work: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  const result = await work();
  times.push(performance.now() - started);
  return result;
};
const summary = (label: string, times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return `  ${label.padEnd(34)} n=${String(sorted.length).padEnd(5)} p50 ${fmt(percentile(sorted, 50))} ms  p95 ${fmt(percentile(sorted, 95))} ms  max ${fmt(sorted[sorted.length - 1] ?? 0)} ms`;
};

async function run(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'provena-collections-bench-'));
  let url: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (serverUrl) ({ url, drop } = await scratchPostgresDatabase(serverUrl, 'bench_collections'));
  const store = await openStore({ ...(url ? { url } : {}), sqlitePath: join(dir, 'provena.db'), auditKey: key });
  try {
    console.log(`bench: a collection of ${memberCount} members on ${store.dialect}, ${moveCount} moves of each kind`);
    const { entry: team } = await store.catalog.ensure('team', 'Bench Studio');
    // A viewer on the team: members are narrowed to the team in SQL, as for every reader but an admin.
    const ctx: RequestContext = {
      actor: { kind: 'user', userId: 'bench-user', username: 'bench' },
      memberships: [{ teamId: team.id, role: 'viewer' }],
    };
    const ids = await populate(store, team.id, memberCount);
    const collections = new CollectionService({ store });
    const collection = await collections.create(ctx, { name: 'Everything' });

    const adds: number[] = [];
    for (let from = 0; from < ids.length; from += 500)
      await timed(adds, () => collections.addMembers(ctx, collection.id, ids.slice(from, from + 500)));

    // Fresh statistics, as autovacuum would have gathered them by now (without, PostgreSQL plans the member pages
    // for empty tables: ~60 ms instead of ~3).
    await sql`analyze`.execute(store.db);
    const pages: number[] = [];
    let cursor: string | undefined;
    let walked = 0;
    do {
      const page = await timed(pages, () =>
        collections.members(ctx, collection.id, { limit: 50, ...(cursor ? { cursor } : {}) }),
      );
      walked += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);

    const model = [...ids];
    const toTop: number[] = [];
    for (let i = 0; i < moveCount; i++) {
      // Alternately the last member to the top and the one before it to second place: the same gap, halved each time.
      const moving = model[model.length - 1 - (i % 2)]!;
      const placement = i % 2 === 0 ? { position: 1 } : { after: model[0]! };
      await timed(toTop, () => collections.move(ctx, collection.id, moving, placement));
      model.splice(model.indexOf(moving), 1);
      model.splice(i % 2 === 0 ? 0 : 1, 0, moving);
    }
    const random: number[] = [];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < moveCount; i++) {
      const moving = model[Math.floor(next() * model.length)]!;
      const position = 1 + Math.floor(next() * model.length);
      await timed(random, () => collections.move(ctx, collection.id, moving, { position }));
      model.splice(model.indexOf(moving), 1);
      model.splice(position - 1, 0, moving);
    }
    const counts: number[] = [];
    for (let i = 0; i < 20; i++) await timed(counts, () => collections.get(ctx, collection.id));

    const final: string[] = [];
    cursor = undefined;
    do {
      const page = await collections.members(ctx, collection.id, { limit: 200, ...(cursor ? { cursor } : {}) });
      final.push(...page.items.map((m) => m.assetId));
      cursor = page.nextCursor;
    } while (cursor);

    console.log(summary('add 500 members', adds));
    console.log(summary(`members page of 50 (walked ${walked})`, pages));
    console.log(summary('move into one gap at the top', toTop));
    console.log(summary('move to a random place', random));
    console.log(summary('show (count of visible members)', counts));
    console.log('  (figures from a shared, loaded machine are noisy: re-measure on a quiet one)');
    return walked === memberCount && final.length === model.length && final.every((id, i) => id === model[i]);
  } finally {
    await store.close();
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

run().then(
  (ok) => {
    if (!ok) {
      console.error('bench: the members walked or their final order are not what the adds and moves made');
      process.exitCode = 1;
    }
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
