/**
 * One test, every dialect: `describeEachDialect` runs the same block against a fresh SQLite file and a fresh
 * PostgreSQL database (created per block on the server that test/global-setup.ts provides).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';
import type { Dialect } from '../src/storage/database.ts';
import { openStore, type SqlStore } from '../src/storage/store.ts';
import { testAuditKey } from './audit-key.ts';
import { describeWith } from './requirements.ts';

export { testAuditKey };

export const dialects: Dialect[] = ['sqlite', 'postgres'];

export interface TestDatabase {
  url?: string;
  sqlitePath: string;
  dispose(): Promise<void>;
}

/** A new, empty database of the dialect; its URL (PostgreSQL) or file (SQLite) can be opened by other processes. */
export async function createTestDatabase(dialect: Dialect): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'provena-test-'));
  const sqlitePath = join(dir, 'provena.db');
  if (dialect === 'sqlite') {
    return { sqlitePath, dispose: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) };
  }
  const serverUrl = inject('pgUrl');
  const name = `t_${Math.random().toString(36).slice(2, 12)}`;
  try {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    sqlitePath,
    dispose: async () => {
      try {
        const client = new pg.Client({ connectionString: serverUrl });
        await client.connect();
        await client.query(`drop database if exists ${name} with (force)`);
        await client.end();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** describe() for one dialect: the PostgreSQL block needs a server (test/requirements.ts). */
export function describeDialect(dialect: Dialect, name: string, body: () => void): void {
  if (dialect === 'postgres') describeWith('postgres', name, body);
  else describe(name, body);
}

export function describeEachDialect(
  name: string,
  body: (ctx: { store: () => SqlStore; database: () => TestDatabase; dialect: Dialect }) => void,
): void {
  for (const dialect of dialects) {
    describeDialect(dialect, `${name} [${dialect}]`, () => {
      let store: SqlStore | undefined;
      let database: TestDatabase | undefined;
      beforeAll(async () => {
        database = await createTestDatabase(dialect);
        store = await openStore({ ...database, auditKey: testAuditKey });
      });
      afterAll(async () => {
        await store?.close();
        await database?.dispose();
      });
      body({ store: () => store!, database: () => database!, dialect });
    });
  }
}
