import { userInfo } from 'node:os';
/** `provena audit verify` through the real binary on a store tampered with behind its back; jobs cancelled are audited. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { cliScenarioTimeoutMs, jsonLines, runProvena } from '../../test/cli.ts';
import { completeFields } from '../../test/runtime.ts';

describe('provena audit verify', () => {
  it(
    'says the log is intact, then names each tampering, its first one first, with the audit exit code',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'provena-cli-audit-'));
      onTestFinished(() => rmSync(root, { recursive: true, force: true }));
      const dataDir = join(root, 'data');
      const drop = join(root, 'drop');
      mkdirSync(drop);
      for (const name of ['a', 'b']) {
        writeFileSync(join(drop, `${name}.png`), await samplePng(name === 'a' ? 301 : 302));
        writeFileSync(join(drop, `${name}.png.json`), JSON.stringify(completeFields));
      }
      const provena = (...args: string[]) => runProvena([...args, '--data-dir', dataDir]);
      const ingested = jsonLines<{ assetId: string }>((await provena('ingest', drop, '--json')).stdout);
      expect(ingested).toHaveLength(2);

      const intact = await provena('audit', 'verify');
      expect(intact.code).toBe(0);
      expect(intact.stdout).toContain('chain intact');

      // Cancelling a job from the command line is audited with the command line's actor.
      const jobs = JSON.parse((await provena('jobs', 'list', '--json')).stdout) as { items: { id: string }[] };
      expect((await provena('jobs', 'cancel', jobs.items[0]!.id)).code).toBe(0);

      const db = new Database(join(dataDir, 'provena.db'));
      expect(db.prepare("select actor, action from audit_log where subject_type = 'job'").all()).toEqual([
        { actor: `operator:${userInfo().username}`, action: 'job.cancelled' },
      ]);
      // Someone with the database: clears an asset's rights, and removes the newest entry with its head record.
      const target = ingested[1]!.assetId;
      db.prepare("update assets set rights_status = 'cleared' where id = ?").run(target);
      const { seq } = db.prepare('select max(seq) as seq from audit_log').get() as { seq: number };
      db.prepare('delete from audit_log where seq = ?').run(seq);
      const previous = db.prepare('select hash from audit_log where seq = ?').get(seq - 1) as { hash: string };
      db.prepare('update audit_head set seq = ?, hash = ? where id = 1').run(seq - 1, previous.hash);
      db.close();

      const broken = await provena('audit', 'verify');
      expect(broken.code).toBe(70);
      const lines = broken.stdout.trim().split('\n');
      expect(lines[0]).toBe('audit log BROKEN: 2 problems in ' + `${seq - 1} entries, 2 assets, 2 versions`);
      expect(lines[1]).toBe(`  first: asset ${target}: stored digest does not match its fields (rightsStatus)`);
      expect(lines[2]).toMatch(
        new RegExp(`^ {2}- the checkpoint \\(.*\\) records entry ${seq}, but the database ends at entry ${seq - 1}`),
      );

      // The rights status put back, the deleted entry remains; --json says the same, with what was checked.
      const fixed = new Database(join(dataDir, 'provena.db'));
      fixed.prepare("update assets set rights_status = 'pending' where id = ?").run(target);
      fixed.close();
      const json = await provena('audit', 'verify', '--json');
      expect(json.code).toBe(70);
      expect(JSON.parse(json.stdout)).toMatchObject({
        ok: false,
        problemCount: 1,
        problems: [{ problem: 'checkpoint-ahead', seq }],
        rows: { asset: 2, version: 2 },
        checkpoints: [{ source: 'checkpoint-file', where: join(dataDir, 'audit-checkpoint.json'), seq }],
      });
    },
    cliScenarioTimeoutMs,
  );

  it(
    'refuses to start with an audit key file that others can read',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'provena-cli-audit-key-'));
      onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
      expect((await runProvena(['ls', '--data-dir', dataDir])).code).toBe(0);
      chmodSync(join(dataDir, 'audit.key'), 0o644);
      const refused = await runProvena(['ls', '--data-dir', dataDir]);
      expect(refused.code).toBe(78);
      expect(refused.stderr).toContain('PROVENA_AUDIT_KEY_FILE');
      expect(refused.stderr).toContain('chmod 600');
    },
    cliScenarioTimeoutMs,
  );
});
