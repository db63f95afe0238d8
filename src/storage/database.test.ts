import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, describeDialect } from '../../test/dialects.ts';
import { openDatabase } from './database.ts';

it('makes every SQLite commit durable before it returns: WAL with synchronous=FULL', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'provena-db-'));
  const { db } = await openDatabase({ sqlitePath: join(dir, 'provena.db') });
  try {
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(db);
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    // 2 is FULL: the WAL is fsynced at every commit (NORMAL, 1, leaves the last commits to a checkpoint).
    expect(sync.rows[0]?.synchronous).toBe(2);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
});

describeDialect('postgres', 'PostgreSQL connections', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
  });
  afterAll(() => database.dispose());

  it('compile no query with JIT (short queries the planner estimates high lost 15 ms to seconds to it)', async () => {
    const { db } = await openDatabase(database);
    try {
      // Every connection of the pool, not only the first: two at once.
      const settings = await Promise.all([0, 1].map(() => sql<{ jit: string }>`show jit`.execute(db)));
      expect(settings.map((result) => result.rows[0]?.jit)).toEqual(['off', 'off']);
    } finally {
      await db.destroy();
    }
  });
});
