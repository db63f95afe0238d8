import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandPaths } from './ingest-sources.ts';

describe('expandPaths', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'provena-sources-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const touch = (...parts: string[]) => {
    const path = join(root, ...parts);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'x');
    return path;
  };

  it('never ingests the manifest, its sidecars, system files or the data folder found inside the folder', async () => {
    const image = touch('drop', 'a.png');
    touch('drop', 'a.png.json');
    const nested = touch('drop', 'nested', 'b.jpg');
    touch('drop', '.DS_Store');
    const manifest = touch('drop', 'intake.csv');
    touch('drop', 'data', 'blobs', 'x');
    const { files, missing } = await expandPaths([join(root, 'drop')], {
      folders: [join(root, 'drop', 'data')],
      files: [manifest],
    });
    expect(files).toEqual([image, nested].sort());
    expect(missing).toEqual([]);
  });

  it('ingests a JSON file that is no sidecar, and reports what is not there', async () => {
    const notes = touch('drop', 'notes.json');
    const { files, missing } = await expandPaths([join(root, 'drop'), join(root, 'nowhere')]);
    expect(files).toEqual([notes]);
    expect(missing).toEqual([join(root, 'nowhere')]);
  });

  describe('symbolic links', () => {
    /**
     * drop/ holds a real file, a link to a file beside it, a link to a file outside, a link to a folder outside, a
     * link to a folder inside and a link back up (a loop).
     */
    const layout = () => {
      const real = touch('drop', 'real.png');
      const secret = touch('outside', 'secret.png');
      touch('outside', 'deep', 'other.png');
      const inner = touch('drop', 'inner', 'in.png');
      symlinkSync(real, join(root, 'drop', 'alias.png'));
      symlinkSync(secret, join(root, 'drop', 'leak.png'));
      symlinkSync(join(root, 'outside'), join(root, 'drop', 'escape'));
      symlinkSync(join(root, 'drop', 'inner'), join(root, 'drop', 'shortcut'));
      symlinkSync(join(root, 'drop'), join(root, 'drop', 'inner', 'loop'));
      return { real, inner };
    };

    it('are not followed unless asked, and each one skipped is reported', async () => {
      const { real, inner } = layout();
      const { files, skippedLinks } = await expandPaths([join(root, 'drop')]);
      expect(files).toEqual([inner, real].sort());
      expect(skippedLinks.map((l) => l.path).sort()).toEqual(
        ['alias.png', 'escape', 'inner/loop', 'leak.png', 'shortcut'].map((p) => join(root, 'drop', p)),
      );
      expect(skippedLinks.every((l) => l.reason === 'not followed')).toBe(true);
    });

    it('are followed with followSymlinks, but never outside the given folders and never twice', async () => {
      const { real, inner } = layout();
      const { files, skippedLinks } = await expandPaths([join(root, 'drop')], {}, { followSymlinks: true });
      // alias.png and shortcut/in.png lead to files already found; the loop leads back into the folder.
      expect(files).toEqual([inner, real].sort());
      expect(
        skippedLinks
          .filter((l) => l.reason === 'outside the given folders')
          .map((l) => l.path)
          .sort(),
      ).toEqual([join(root, 'drop', 'escape'), join(root, 'drop', 'leak.png')]);
    });

    it('takes a link named on the command line as given', async () => {
      layout();
      const { files } = await expandPaths([join(root, 'drop', 'alias.png')]);
      expect(files).toEqual([join(root, 'drop', 'alias.png')]);
    });

    it('leaves links out of glob matches unless asked, and keeps followed ones inside the glob base', async () => {
      const { real } = layout();
      expect((await expandPaths([join(root, 'drop', '*.png')])).files).toEqual([real]);
      const followed = await expandPaths([join(root, 'drop', '**', '*.png')], {}, { followSymlinks: true });
      expect(followed.files).not.toContain(join(root, 'outside', 'secret.png'));
      expect(followed.files.every((f) => f.startsWith(join(root, 'drop')))).toBe(true);
    });
  });
});
