/**
 * `provena users|teams|tokens|sessions` and the global --as / --token, in process over real services on both
 * dialects: each command opens the services as main/cli.ts does (main/cli-services.ts), as the local operator
 * `operator:tester` unless told otherwise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { runInProcess } from '../../test/cli-in-process.ts';
import { operator } from '../../test/contexts.ts';
import { createTestDatabase, describeDialect, dialects, type TestDatabase } from '../../test/dialects.ts';
import { loadConfig } from '../config/config.ts';
import type { AccountWithMemberships } from '../domain/identity.ts';
import { openCliServices } from '../main/cli-services.ts';
import { createRuntime, type Runtime } from '../main/runtime.ts';

const adminPassword = 'the operator chose this one';

afterEach(() => {
  process.exitCode = undefined;
});

for (const dialect of dialects) {
  describeDialect(dialect, `identity commands [${dialect}]`, () => {
    let database: TestDatabase;
    let dataDir: string;
    beforeAll(async () => {
      database = await createTestDatabase(dialect);
      dataDir = mkdtempSync(join(tmpdir(), 'provena-cli-identity-'));
    });
    afterAll(async () => {
      await database.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const where = () => ['--data-dir', dataDir, ...(database.url ? ['--database-url', database.url] : [])];

    /** Runs `provena <args>` with `stdin` as standard input (not a terminal). */
    async function provena(args: string[], stdin = '') {
      const { out, err, code, thrown } = await runInProcess(
        [...where(), ...args],
        (config, actingAs = {}) => openCliServices(config, actingAs, operator),
        stdin,
      );
      if (thrown) throw thrown;
      return { out, err, code };
    }
    /** The runtime over the same store, to look at it directly. */
    async function withRuntime<T>(use: (runtime: Runtime) => Promise<T>): Promise<T> {
      const runtime = await createRuntime(
        loadConfig({}, { dataDir, ...(database.url ? { databaseUrl: database.url } : {}) }),
      );
      try {
        return await use(runtime);
      } finally {
        await runtime.close();
      }
    }

    it('creates the first admin with a password from standard input, who can then sign in', async () => {
      const made = await provena(
        ['users', 'create-admin', 'root', '--display-name', 'Root', '--password-stdin'],
        `${adminPassword}\n`,
      );
      expect(made).toMatchObject({ code: 0, err: '' });
      expect(made.out).toMatch(/^created admin root \(/);
      const shown = await provena(['users', 'show', 'root', '--json']);
      const user = JSON.parse(shown.out) as AccountWithMemberships;
      expect(user).toMatchObject({
        username: 'root',
        displayName: 'Root',
        memberships: [{ teamId: '*', role: 'admin' }],
      });
      expect(shown.out).not.toMatch(/argon2|passwordHash/);
      await withRuntime(async ({ identity }) => {
        expect((await identity.signIn({ username: 'root', password: adminPassword })).account.username).toBe('root');
        expect(await identity.needsFirstAdmin()).toBe(false);
      });
    });

    it('refuses to ask for a password without a terminal, and a weak one, naming what to do', async () => {
      const noTerminal = await provena(['users', 'create-admin', 'root2']);
      expect(noTerminal.code).toBe(65);
      expect(noTerminal.err).toMatch(/--password-stdin/);
      const weak = await provena(['users', 'create-admin', 'root2', '--password-stdin'], 'short\n');
      expect(weak.code).toBe(65);
      expect(weak.err).toMatch(/password: must be at least 12 characters/);
      expect((await provena(['users', 'show', 'root2'])).code).toBe(66);
    });

    it('manages users, teams and roles as the operator, audited as the operator', async () => {
      expect((await provena(['teams', 'create', 'Brand Studio'])).out).toMatch(/^team Brand Studio \(/);
      const vera = await provena(['users', 'create', 'vera', '--role', 'viewer', '--team', 'Brand Studio', '--json']);
      expect(vera.code).toBe(0);
      const veraId = (JSON.parse(vera.out) as AccountWithMemberships).id;
      const noTeam = await provena(['users', 'grant', 'vera', 'reviewer']);
      expect(noTeam.code).toBe(65);
      expect(noTeam.err).toMatch(/--team <team> or --all-teams/);
      const granted = await provena(['users', 'grant', 'vera', 'reviewer', '--all-teams']);
      expect(granted.out).toBe('vera: reviewer@all teams, viewer@Brand Studio\n');
      const revoked = await provena(['users', 'revoke', 'vera', 'viewer', '--team', 'brand studio']);
      expect(revoked.out).toBe('vera: reviewer@all teams\n');
      const members = await provena(['teams', 'members', 'Brand Studio']);
      expect(members.out).toMatch(/^team Brand Studio\nUSERNAME/);
      const list = await provena(['users', 'list']);
      expect(list.out).toMatch(/root .*admin@all teams/);
      expect(list.out).toMatch(/vera .*reviewer@all teams/);
      expect((await provena(['users', 'disable', 'vera'])).out).toBe('vera is disabled\n');
      expect((await provena(['users', 'enable', 'vera'])).out).toBe('vera is enabled\n');
      const password = await provena(['users', 'set-password', 'vera', '--password-stdin'], 'a password of her own\n');
      expect(password.code).toBe(0);
      await withRuntime(async ({ store }) => {
        const actors = (await store.audit.forSubject('user', veraId)).map((e) => `${e.action} ${e.actor}`);
        expect(actors).toEqual(
          expect.arrayContaining([
            'user.created operator:tester',
            'membership.granted operator:tester',
            'user.disabled operator:tester',
            'user.password-set operator:tester',
          ]),
        );
      });
    });

    it('acts as a user with --as: authorised like the API, audited as them', async () => {
      const refused = await provena(['--as', 'vera', 'users', 'list']);
      expect(refused.code).toBe(77);
      expect(refused.err).toMatch(/user:vera lacks the permission users:manage/);
      expect((await provena(['--as', 'vera', 'users', 'show', 'vera'])).code).toBe(0);
      const team = await provena(['--as', 'root', 'teams', 'create', 'Made By Root', '--json']);
      expect(team.code).toBe(0);
      const teamId = (JSON.parse(team.out) as { id: string }).id;
      await withRuntime(async ({ store }) => {
        expect((await store.audit.forSubject('team', teamId)).map((e) => e.actor)).toEqual(['user:root']);
      });
      const nobody = await provena(['--as', 'nobody-here', 'teams', 'list']);
      expect(nobody.code).toBe(66);
      expect(nobody.err).toMatch(/nobody-here/);
      await provena(['users', 'disable', 'vera']);
      const disabled = await provena(['--as', 'vera', 'users', 'show', 'vera']);
      expect(disabled.code).toBe(77);
      await provena(['users', 'enable', 'vera']);
    });

    it('creates a token whose secret is printed once, and acts with it by --token or PROVENA_TOKEN', async () => {
      const operatorOwnsNone = await provena(['tokens', 'create']);
      expect(operatorOwnsNone.code).toBe(65);
      expect(operatorOwnsNone.err).toMatch(/--for <user>/);
      const created = await provena(['tokens', 'create', '--for', 'root', '--scope', 'read', '--name', 'script']);
      expect(created.code).toBe(0);
      const secret = created.out.trim();
      expect(secret).toMatch(/^pvt_[A-Za-z0-9_-]{43}$/);
      expect(created.err).toMatch(/shown this once/);

      // Root holds users:manage, but a read token does not admit it.
      const narrowed = await provena(['--token', secret, 'users', 'list']);
      expect(narrowed.code).toBe(77);
      expect(narrowed.err).toMatch(/users:manage/);
      expect((await provena(['--token', secret, 'teams', 'list'])).code).toBe(0);
      const listed = await provena(['--token', secret, 'tokens', 'list']);
      expect(listed.out).toMatch(/script .*read/);
      expect(listed.out).not.toContain(secret);

      process.env.PROVENA_TOKEN = secret;
      try {
        expect((await provena(['users', 'list'])).code).toBe(77);
        // Both at once name two people.
        const both = await provena(['--as', 'root', 'teams', 'list']);
        expect(both.code).toBe(65);
        expect(both.err).toMatch(/--as and --token/);
      } finally {
        delete process.env.PROVENA_TOKEN;
      }

      const forged = await provena(['--token', `${secret.slice(0, -2)}xx`, 'teams', 'list']);
      expect(forged.code).toBe(77);
      expect(forged.err).toMatch(/unknown, revoked or expired/);
      const id = /^(\S+)\s+script/m.exec(listed.out)?.[1];
      expect((await provena(['tokens', 'revoke', id!])).out).toMatch(/revoked at/);
      expect((await provena(['--token', secret, 'teams', 'list'])).code).toBe(77);
    });

    it('lists and ends the sessions of a user', async () => {
      await withRuntime(({ identity }) => identity.signIn({ username: 'root', password: adminPassword }));
      const listed = await provena(['sessions', 'list', 'root', '--json']);
      expect(listed.out).not.toMatch(/csrf/i);
      expect((JSON.parse(listed.out) as unknown[]).length).toBeGreaterThanOrEqual(2);
      const revoked = await provena(['sessions', 'revoke', 'root']);
      expect(revoked.out).toMatch(/^\d+ session\(s\) of root ended\n$/);
    });
  });
}
