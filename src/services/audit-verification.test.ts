/**
 * Tampering with a real installation (runtime, database, data directory) the way someone who can write the database
 * would, and what `audit verify` says about it: on both dialects, and a rollback to an older copy on SQLite.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { describe, expect, it, onTestFinished } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { createTestDatabase, describeDialect, dialects } from '../../test/dialects.ts';
import { completeFields } from '../../test/runtime.ts';
import { loadConfig, type Config } from '../config/config.ts';
import { digestOf, type AuditEntry } from '../domain/audit.ts';
import { createRuntime, type Runtime } from '../main/runtime.ts';
import type { Dialect } from '../storage/database.ts';
import { openStore } from '../storage/store.ts';
import { operator } from '../../test/contexts.ts';

/** One installation: a database and a data directory, opened and reopened as a process would. */
async function installation(dialect: Dialect) {
  const database = await createTestDatabase(dialect);
  const dataDir = mkdtempSync(join(tmpdir(), 'provena-audit-'));
  const config: Readonly<Config> = loadConfig({}, { dataDir, ...(database.url ? { databaseUrl: database.url } : {}) });
  let rt: Runtime | undefined = await createRuntime(config);
  onTestFinished(async () => {
    await rt?.close();
    await database.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });
  let seed = 0;
  const self = {
    config,
    get rt(): Runtime {
      return rt!;
    },
    /** Raw SQL on the installation's database: what an attacker with database access can run. */
    get db(): Kysely<unknown> {
      return rt!.store.db as unknown as Kysely<unknown>;
    },
    async ingest(fields: Record<string, string> = {}) {
      seed++;
      const result = await rt!.intake.intake(operator, await samplePng(500 + seed), {
        fileName: `image-${seed}.png`,
        fields: { ...completeFields, ...fields },
        mode: 'interactive',
      });
      return result.asset;
    },
    verify: () => rt!.maintenance.verifyAudit(operator),
    async close() {
      await rt!.close();
      rt = undefined;
    },
    async reopen() {
      rt = await createRuntime(config);
    },
    /** The database without the runtime (and without the audit key): for changes made while nothing runs. */
    async withClosedDatabase(work: (db: Kysely<unknown>) => Promise<void>) {
      const store = await openStore({
        ...(database.url ? { url: database.url } : {}),
        sqlitePath: join(dataDir, 'provena.db'),
      });
      try {
        await work(store.db as unknown as Kysely<unknown>);
      } finally {
        await store.close();
      }
    },
  };
  return self;
}

type Installation = Awaited<ReturnType<typeof installation>>;

/** Three assets, verified intact (which also writes the checkpoint of the head). */
async function intactWithThreeAssets(dialect: Dialect) {
  const it = await installation(dialect);
  const assets = [await it.ingest(), await it.ingest(), await it.ingest()];
  expect(await it.verify()).toMatchObject({ ok: true });
  return { it, assets };
}

async function entries(it: Installation): Promise<AuditEntry[]> {
  const all: AuditEntry[] = [];
  for await (const entry of it.rt.store.audit.all()) all.push(entry);
  return all;
}

/** Deletes the newest entries and rewrites the head record to match: the whole job, for someone who can write the database. */
async function truncate(it: Installation, keep: number) {
  const kept = (await entries(it)).slice(0, keep);
  await sql`delete from audit_log where seq > ${keep}`.execute(it.db);
  await sql`update audit_head set seq = ${keep}, hash = ${kept.at(-1)!.hash} where id = 1`.execute(it.db);
}

/**
 * Edits an entry, then recomputes the hashes of `all` (the log from its start) with plain SHA-256, the only hash an
 * attacker without the key can make; when they are the whole log, the head record is rewritten to match too and no
 * longer names a key.
 */
async function rewriteWithoutKey(
  db: Kysely<unknown>,
  all: AuditEntry[],
  edit: (entry: AuditEntry) => AuditEntry,
  wholeLog = true,
) {
  let prevHash = '0'.repeat(64);
  for (const original of all) {
    const e = { ...edit(original), prevHash };
    const hash = digestOf({
      seq: e.seq,
      at: e.at,
      prevHash: e.prevHash,
      actor: e.actor,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      beforeDigest: e.beforeDigest ?? null,
      afterDigest: e.afterDigest ?? null,
      details: e.details ?? null,
    });
    await sql`update audit_log set actor = ${e.actor}, prev_hash = ${prevHash}, hash = ${hash} where seq = ${e.seq}`.execute(
      db,
    );
    await sql`update audit_log set hash_scheme = 'sha256', key_id = null where seq = ${e.seq}`.execute(db);
    prevHash = hash;
  }
  if (!wholeLog) return;
  await sql`update audit_head set seq = ${all.at(-1)!.seq}, hash = ${prevHash}, key_id = null where id = 1`.execute(db);
}

const kinds = (result: { problems: { problem: string }[] }) => result.problems.map((p) => p.problem);

for (const dialect of dialects) {
  describeDialect(dialect, `audit verify on a tampered store [${dialect}]`, () => {
    it('names an asset whose rights status and prompt were edited in the database, and the fields', async () => {
      const { it, assets } = await intactWithThreeAssets(dialect);
      const target = assets[1]!;
      await sql`update assets set rights_status = 'cleared', prompt = 'a harmless sunset' where id = ${target.id}`.execute(
        it.db,
      );
      const result = await it.verify();
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual([
        {
          problem: 'row-edited',
          row: { type: 'asset', id: target.id, fields: ['prompt', 'rightsStatus'] },
          message: `asset ${target.id}: stored digest does not match its fields (prompt, rightsStatus)`,
        },
      ]);
      expect(result.rows).toEqual({ asset: 3, version: 3 });
    });

    it('names a version pointed at other bytes in the database', async () => {
      const { it, assets } = await intactWithThreeAssets(dialect);
      const first = assets[0]!.versions[0]!;
      const other = 'e'.repeat(64);
      await sql`insert into blobs (sha256, size, media_type, created_at) values (${other}, ${first.blob.size}, 'image/png', ${first.createdAt})`.execute(
        it.db,
      );
      await sql`update asset_versions set blob_sha256 = ${other} where id = ${first.id}`.execute(it.db);
      const result = await it.verify();
      expect(kinds(result)).toEqual(['row-edited']);
      expect(result.problems[0]!.row).toMatchObject({ type: 'version', id: first.id });
      expect(result.problems[0]!.row!.fields).toEqual(['blobSha256']);
    });

    it('detects the newest entries deleted, with the head record rewritten to match', async () => {
      const { it } = await intactWithThreeAssets(dialect);
      const head = await it.rt.store.audit.head();
      await truncate(it, head.seq - 2);
      const result = await it.verify();
      expect(kinds(result)).toEqual(['checkpoint-ahead']);
      expect(result.problems[0]!.message).toContain(
        `records entry ${head.seq}, but the database ends at entry ${head.seq - 2}`,
      );
    });

    it('detects an entry deleted from the middle, naming it', async () => {
      const { it } = await intactWithThreeAssets(dialect);
      await sql`delete from audit_log where seq = 2`.execute(it.db);
      const result = await it.verify();
      expect(result.problems[0]).toMatchObject({
        problem: 'missing',
        seq: 2,
        message: 'entry 2 is missing: deleted from the database',
      });
    });

    it('detects a chain recomputed with plain SHA-256 after an edit', async () => {
      const { it } = await intactWithThreeAssets(dialect);
      const all = await entries(it);
      await rewriteWithoutKey(it.db, all, (e) => (e.seq === 2 ? { ...e, actor: 'mallory' } : e));
      const result = await it.verify();
      expect(result.ok).toBe(false);
      expect(kinds(result)).toEqual(['checkpoint-diverged']);
    });

    it('names a replaced key, and refuses to write with it', async () => {
      const { it } = await intactWithThreeAssets(dialect);
      await it.close();
      writeFileSync(join(it.config.dataDir, 'audit.key'), `${'5a'.repeat(32)}\n`, { mode: 0o600 });
      await it.reopen();
      const result = await it.verify();
      expect(result.ok).toBe(false);
      expect(new Set(kinds(result))).toEqual(new Set(['wrong-key']));
      expect(result.problems[0]!.message).toMatch(/^entry 1 was made with key [0-9a-f]{16}, but the key in use is/);
      await expect(it.ingest()).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN' });
    });

    it('keeps verifying a log written before it was keyed, sealed at the cut-over, and detects it rewritten', async () => {
      const it = await installation(dialect);
      await it.ingest();
      await it.ingest();
      const written = await entries(it);
      await it.close();
      // The state an older release leaves: plain SHA-256 entries, no key recorded, rows without digests, no checkpoint.
      await it.withClosedDatabase(async (db) => {
        await rewriteWithoutKey(db, written, (e) => e);
        await sql`update assets set row_digest = null`.execute(db);
        await sql`update asset_versions set row_digest = null`.execute(db);
      });
      rmSync(join(it.config.dataDir, 'audit-checkpoint.json'));
      await it.reopen();
      const cutOver = (await entries(it)).at(-1)!;
      expect(cutOver).toMatchObject({
        seq: written.length + 1,
        action: 'audit.keyed',
        actor: 'system:upgrade',
        scheme: 'hmac-sha256',
        details: { sealedRows: { assets: 2, versions: 2 } },
      });
      await it.ingest();
      expect(await it.verify()).toMatchObject({
        ok: true,
        legacyEntries: written.length,
        keyedFrom: written.length + 1,
        rows: { asset: 3, version: 3 },
      });
      // The plain entries can be recomputed by anyone, but no longer end where the cut-over sealed them.
      await rewriteWithoutKey(it.db, written, (e) => (e.seq === 1 ? { ...e, actor: 'mallory' } : e), false);
      expect(kinds(await it.verify())).toContain('legacy-rewritten');
    });

    it('refuses to change the status of an asset edited around Provena (it would seal the edit)', async () => {
      const { it, assets } = await intactWithThreeAssets(dialect);
      await sql`update assets set rights_status = 'cleared' where id = ${assets[0]!.id}`.execute(it.db);
      await expect(
        it.rt.store.transaction((tx) =>
          tx.assets.setStatus(assets[0]!.id, 'deprecated', new Date().toISOString(), assets[0]!.status),
        ),
      ).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN' });
      await it.rt.store.transaction((tx) =>
        tx.assets.setStatus(assets[1]!.id, 'deprecated', new Date().toISOString(), assets[1]!.status),
      );
      expect((await it.verify()).problems.map((p) => p.row?.id)).toEqual([assets[0]!.id]);
    });
  });
}

describe('audit verify after a rollback [sqlite]', () => {
  it('detects the database restored from an older copy, and keeps the evidence when new entries follow', async () => {
    const it = await installation('sqlite');
    await it.ingest();
    const olderHead = await it.rt.store.audit.head();
    await it.close();
    const dbFile = join(it.config.dataDir, 'provena.db');
    const olderCopy = `${dbFile}.older`;
    copyFileSync(dbFile, olderCopy);
    await it.reopen();
    await it.ingest();
    await it.ingest();
    const head = await it.rt.store.audit.head();
    expect((await it.verify()).ok).toBe(true);
    await it.close();
    copyFileSync(olderCopy, dbFile);
    rmSync(`${dbFile}-wal`, { force: true });
    rmSync(`${dbFile}-shm`, { force: true });
    await it.reopen();
    const result = await it.verify();
    expect(kinds(result)).toEqual(['checkpoint-ahead']);
    expect(result.problems[0]!.message).toContain(
      `records entry ${head.seq}, but the database ends at entry ${olderHead.seq}`,
    );
    // Writing on goes on, but the checkpoint is not moved onto the rolled-back log.
    await it.ingest();
    expect(kinds(await it.verify())).toEqual(['checkpoint-ahead']);
  });
});
