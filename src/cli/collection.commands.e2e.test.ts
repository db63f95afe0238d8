/** `provena collection …` through the real binary, on a store of its own, as the local operator. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { samplePng } from '../../test/bad-inputs.ts';
import { cliScenarioTimeoutMs, jsonLines, runProvena } from '../../test/cli.ts';
import { completeFields } from '../../test/runtime.ts';

describe('provena collection', () => {
  it(
    'creates a collection, adds, moves, shows, renames, shares, removes and deletes; bad input exits non-zero',
    async () => {
      const root = mkdtempSync(join(tmpdir(), 'provena-cli-collection-'));
      onTestFinished(() => rmSync(root, { recursive: true, force: true }));
      const dataDir = join(root, 'data');
      const drop = join(root, 'drop');
      mkdirSync(drop);
      for (const [i, name] of ['a', 'b', 'c'].entries()) {
        writeFileSync(join(drop, `${name}.png`), await samplePng(700 + i));
        writeFileSync(join(drop, `${name}.png.json`), JSON.stringify({ ...completeFields, title: `picture ${name}` }));
      }
      const provena = (...args: string[]) => runProvena([...args, '--data-dir', dataDir]);
      const ingested = jsonLines<{ assetId: string; file: string }>((await provena('ingest', drop, '--json')).stdout);
      const idOf = (name: string) => ingested.find((r) => r.file.endsWith(`${name}.png`))!.assetId;
      const [a, b, c] = [idOf('a'), idOf('b'), idOf('c')];

      // The operator is on no team: the team is named.
      const noTeam = await provena('collection', 'create', 'Launch');
      expect(noTeam.code).toBe(65);
      expect(noTeam.stderr).toContain('team');
      const created = await provena('collection', 'create', 'Launch', '--team', 'Brand Studio', '--json');
      expect(created.code).toBe(0);
      const collection = JSON.parse(created.stdout) as { id: string; owner: string };
      expect(collection.owner).toMatch(/^operator:/);
      expect((await provena('collection', 'create', 'launch', '--team', 'Brand Studio')).code).not.toBe(0);

      expect((await provena('collection', 'add', 'Launch', a, b, c)).stdout).toContain('added 3 to Launch');
      expect((await provena('collection', 'move', 'Launch', c, '--before', a)).code).toBe(0);
      expect((await provena('collection', 'move', 'Launch', a, '--position', '3')).code).toBe(0);
      const shown = JSON.parse((await provena('collection', 'show', 'Launch', '--json')).stdout) as {
        members: { items: { assetId: string }[] };
      };
      expect(shown.members.items.map((m) => m.assetId)).toEqual([c, b, a]);
      const text = await provena('collection', 'show', collection.id);
      expect(text.stdout).toContain('3 members, private, in Brand Studio');
      expect(text.stdout.indexOf('picture c')).toBeLessThan(text.stdout.indexOf('picture a'));

      // Bad input: a huge position, two placements, an unknown asset, no such collection.
      expect((await provena('collection', 'move', 'Launch', a, '--position', '99999999999')).code).toBe(65);
      expect((await provena('collection', 'move', 'Launch', a, '--position', '1', '--after', b)).code).toBe(65);
      const unknown = await provena('collection', 'add', 'Launch', '01900000-0000-7000-8000-000000000000');
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toContain('does not exist');
      expect((await provena('collection', 'show', 'Nope')).code).not.toBe(0);

      expect((await provena('collection', 'rename', 'Launch', 'Launch finals')).stdout).toContain('Launch finals');
      expect((await provena('collection', 'share', 'Launch finals')).stdout).toContain('shared with Brand Studio');
      expect((await provena('collection', 'remove', 'Launch finals', b)).stdout).toContain(`removed ${b}`);
      const listed = JSON.parse((await provena('collection', 'list', '--json')).stdout) as {
        items: { name: string; memberCount: number }[];
      };
      expect(listed.items).toEqual([expect.objectContaining({ name: 'Launch finals', memberCount: 2 })]);
      expect((await provena('collection', 'delete', 'Launch finals')).stdout).toContain('deleted collection');
      expect((await provena('collection', 'list')).stdout).toContain('no collections');
    },
    cliScenarioTimeoutMs,
  );
});
