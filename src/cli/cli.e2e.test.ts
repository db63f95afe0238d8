/** End to end through the real `provena` binary: ingest a folder, find every asset, verify and tamper the audit log. */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, onTestFinished } from 'vitest';
import { samplePng, sampleJpeg } from '../../test/bad-inputs.ts';
import { cliScenarioTimeoutMs, jsonLines, provenaBin, runProvena as provena } from '../../test/cli.ts';
import { completeFields } from '../../test/runtime.ts';

describe('provena CLI', () => {
  it(
    'ingests a folder with sidecars and a manifest, lists, shows, and verifies the audit log',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'provena-cli-'));
      // Every `provena` run is awaited to its exit, so nothing writes here once the test ends.
      onTestFinished(() => rmSync(root, { recursive: true, force: true }));
      const dataDir = join(root, 'data');
      const drop = join(root, 'drop');
      mkdirSync(join(drop, 'nested'), { recursive: true });
      writeFileSync(join(drop, 'a.png'), await samplePng(1));
      writeFileSync(join(drop, 'a.png.json'), JSON.stringify(completeFields));
      writeFileSync(join(drop, 'nested', 'b.jpg'), await sampleJpeg(2));
      writeFileSync(join(drop, 'c.png'), await samplePng(3));
      writeFileSync(join(drop, 'copy-of-a.png'), await samplePng(1));
      writeFileSync(join(drop, 'liar.png'), await sampleJpeg(4));
      const manifestRows = Object.entries({ ...completeFields, campaign: 'From Manifest' });
      writeFileSync(
        join(root, 'manifest.csv'),
        `file,${manifestRows.map(([k]) => k).join(',')}\ndrop/nested/b.jpg,${manifestRows.map(([, v]) => `"${v}"`).join(',')}\n`,
      );

      // One file at a time: a.png and copy-of-a.png hold the same bytes, and the winner of a race decides the statuses.
      const ingest = await provena(
        ['ingest', drop, '--json', '--concurrency', '1', '--manifest', join(root, 'manifest.csv')],
        {
          PROVENA_DATA_DIR: dataDir,
        },
      );
      expect(ingest.code).toBe(1); // liar.png failed
      const lines = ingest.stdout
        .trim()
        .split('\n')
        .map(
          (l) =>
            JSON.parse(l) as {
              file: string;
              status: string;
              assetId?: string;
              duplicateOf?: string;
              error?: { code: string };
            },
        );
      const byName: Record<string, (typeof lines)[number]> = Object.fromEntries(
        lines.map((l) => [l.file.split('/').pop()!, l]),
      );
      expect(Object.keys(byName).sort()).toEqual(['a.png', 'b.jpg', 'c.png', 'copy-of-a.png', 'liar.png']);
      expect(byName['a.png']!.status).toBe('created');
      expect(byName['b.jpg']!.status).toBe('created');
      expect(byName['c.png']!.status).toBe('quarantined');
      expect(byName['copy-of-a.png']).toMatchObject({ status: 'duplicate', duplicateOf: byName['a.png']!.assetId });
      expect(byName['liar.png']).toMatchObject({ status: 'failed', error: { code: 'FILE_TYPE_MISMATCH' } });

      const ls = await provena(['ls', '--json', '--data-dir', dataDir]);
      expect(ls.code).toBe(0);
      const listed = JSON.parse(ls.stdout) as { items: Array<{ id: string; campaign?: { name: string } }> };
      expect(listed.items).toHaveLength(3);
      expect(listed.items.find((a) => a.id === byName['b.jpg']!.assetId)?.campaign?.name).toBe('From Manifest');
      const quarantined = JSON.parse(
        (await provena(['ls', '--json', '--status', 'quarantined', '--data-dir', dataDir])).stdout,
      ) as { items: unknown[] };
      expect(quarantined.items).toHaveLength(1);

      const show = await provena(['show', byName['a.png']!.assetId!, '--data-dir', dataDir]);
      expect(show.stdout).toContain('Summer Launch');
      expect(
        JSON.parse((await provena(['show', byName['a.png']!.assetId!, '--json', '--data-dir', dataDir])).stdout),
      ).toMatchObject({ versions: [{ number: 1 }] });
      const unknown = await provena(['show', '01900000-0000-7000-8000-000000000000', '--data-dir', dataDir]);
      expect(unknown.code).toBe(66);
      expect(unknown.stderr).toContain('NOT_FOUND');

      expect((await provena(['audit', 'verify', '--data-dir', dataDir])).stdout).toContain('chain intact');
      const db = new Database(join(dataDir, 'provena.db'));
      db.prepare("update audit_log set actor = 'mallory' where seq = 2").run();
      db.close();
      const broken = await provena(['audit', 'verify', '--data-dir', dataDir]);
      expect(broken.code).toBe(70);
      expect(broken.stdout).toContain('entry 2 was altered');
    },
    cliScenarioTimeoutMs,
  );

  it(
    'validates configuration at start with a clear message and documents flags in --help',
    async () => {
      const bad = await provena(['ls'], { PROVENA_PORT: 'eighty', PROVENA_MAX_PIXELS: '-1' });
      expect(bad.code).toBe(78);
      expect(bad.stderr).toContain('PROVENA_PORT "eighty"');
      expect(bad.stderr).toContain('PROVENA_MAX_PIXELS');
      const help = await provena(['--help']);
      expect(help.stdout).toContain('PROVENA_DATABASE_URL');
      expect((await provena(['ingest', '--help'])).stdout).toContain('--manifest');
    },
    cliScenarioTimeoutMs,
  );

  it(
    'ends quietly with status 0 when the reader of its output goes away (`provena ingest … | head -1`)',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'provena-cli-epipe-'));
      onTestFinished(() => rmSync(root, { recursive: true, force: true }));
      const drop = join(root, 'drop');
      mkdirSync(drop);
      // Far more output than the first line: the process is still writing when the pipe closes.
      for (let i = 0; i < 40; i++) writeFileSync(join(drop, `p${i}.png`), await samplePng(100 + i));
      const child = spawn(process.execPath, [provenaBin, 'ingest', drop, '--json', '--concurrency', '1'], {
        env: { ...process.env, PROVENA_DATA_DIR: join(root, 'data') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const firstLine = await new Promise<string>((resolve) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('\n')) {
            child.stdout.destroy();
            resolve(text.split('\n')[0]!);
          }
        });
      });
      expect(JSON.parse(firstLine)).toMatchObject({ status: 'quarantined' });
      expect(await exited).toBe(0);
      expect(stderr).not.toMatch(/EPIPE|Error|at /);
    },
    cliScenarioTimeoutMs,
  );

  it(
    'does not follow symbolic links unless asked, and never out of the folder it was given',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'provena-cli-links-'));
      onTestFinished(() => rmSync(root, { recursive: true, force: true }));
      mkdirSync(join(root, 'drop'));
      mkdirSync(join(root, 'private'));
      writeFileSync(join(root, 'drop', 'mine.png'), await samplePng(201));
      writeFileSync(join(root, 'private', 'secret.png'), await samplePng(202));
      symlinkSync(join(root, 'private', 'secret.png'), join(root, 'drop', 'secret.png'));
      symlinkSync(join(root, 'drop', 'mine.png'), join(root, 'drop', 'again.png'));
      const env = { PROVENA_DATA_DIR: join(root, 'data') };
      const ingested = async (...flags: string[]) => {
        const run = await provena(['ingest', join(root, 'drop'), '--json', ...flags], env);
        return { files: jsonLines<{ file: string }>(run.stdout).map((l) => basename(l.file)), stderr: run.stderr };
      };
      const plain = await ingested();
      expect(plain.files).toEqual(['mine.png']);
      expect(plain.stderr).toMatch(/secret\.png skipped: not followed/);
      const followed = await ingested('--follow-symlinks');
      expect(followed.files).toEqual(['mine.png']);
      expect(followed.stderr).toMatch(/secret\.png skipped: outside the given folders/);
    },
    cliScenarioTimeoutMs,
  );
});
