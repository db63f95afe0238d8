import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
});
