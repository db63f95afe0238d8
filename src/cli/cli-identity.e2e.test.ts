/**
 * Accounts through the real binary (main/cli.ts's wiring): the operator by default, `--as`, `--token` and
 * PROVENA_TOKEN opening the services as a user, each recorded in the audit log as who acted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { cliScenarioTimeoutMs, runProvena } from '../../test/cli.ts';

describe('provena users, teams and tokens', () => {
  it(
    'acts as the operator, as --as, and as a token (flag or PROVENA_TOKEN), audited as each',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'provena-cli-identity-'));
      onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
      const provena = (args: string[], env: Record<string, string> = {}) =>
        runProvena([...args, '--data-dir', dataDir], env);

      // No terminal to ask the password on (standard input is a pipe here): told to pipe it, nothing created.
      const noTerminal = await provena(['users', 'create-admin', 'root']);
      expect(noTerminal.code).toBe(65);
      expect(noTerminal.stderr).toContain('--password-stdin');

      expect((await provena(['users', 'create', 'root', '--role', 'admin'])).code).toBe(0);
      const created = await provena(['tokens', 'create', '--for', 'root', '--scope', 'read', '--json']);
      expect(created.code).toBe(0);
      const { secret } = JSON.parse(created.stdout) as { secret: string };

      const narrowed = await provena(['--token', secret, 'users', 'list']);
      expect(narrowed.code).toBe(77);
      expect(narrowed.stderr).toContain('users:manage');
      expect((await provena(['teams', 'list'], { PROVENA_TOKEN: secret })).code).toBe(0);

      expect((await provena(['--as', 'root', 'teams', 'create', 'By Root'])).code).toBe(0);
      expect((await provena(['teams', 'create', 'By Operator'])).code).toBe(0);
      const db = new Database(join(dataDir, 'provena.db'), { readonly: true });
      onTestFinished(() => {
        db.close();
      });
      const actors = db
        .prepare("select actor, details from audit_log where action = 'team.created' order by seq")
        .all() as { actor: string; details: string }[];
      expect(actors.map((a) => [a.actor, (JSON.parse(a.details) as { name: string }).name])).toEqual([
        ['user:root', 'By Root'],
        [`operator:${userInfo().username}`, 'By Operator'],
      ]);
    },
    cliScenarioTimeoutMs,
  );
});
