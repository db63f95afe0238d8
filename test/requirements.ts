/**
 * What a test needs beyond Node and the npm packages, and the one way a test says so. On a machine without it the
 * test is skipped with one line naming what is missing and how to enable it; under PROVENA_TEST_REQUIRE_ALL=1 (set
 * by .ci/run, which installs everything) it fails instead, so that coverage cannot shrink silently. A skipped block's
 * body never runs: it may read files that are not there. test/skip-reporter.ts sums the skips up at the end.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, inject, it, type TestFunction } from 'vitest';

/** The folder beside the checkout that holds the real AI-generated files (fixtures/provenance) and helper scripts. */
export const sharedDir = fileURLToPath(new URL('../../shared/', import.meta.url));
export const sharedFixturesDir = `${sharedDir}fixtures/provenance/`;
export const tinyClipScript = `${sharedDir}scripts/make-tiny-clip.py`;
export const exiftoolPath = '/usr/bin/exiftool';
export const chromiumPath = '/usr/bin/chromium';
/**
 * Real photographs (astronaut, camera, chelsea the cat, coffee, motorcycle_left, rocket…) from Debian's
 * python3-skimage: its installed data folder, the package unpacked into .data/skimage (.ci/run), or bench:dupes' copy.
 */
const projectDir = fileURLToPath(new URL('../', import.meta.url));
export const skimagePhotoDir: string | undefined = [
  '/usr/lib/python3/dist-packages/skimage/data/',
  `${projectDir}.data/skimage/`,
  `${projectDir}.data/bench-dupes/photos/`,
].find((dir) =>
  ['astronaut.png', 'camera.png', 'chelsea.png', 'coffee.png', 'motorcycle_left.png', 'rocket.jpg'].every((f) =>
    existsSync(dir + f),
  ),
);

interface Requirement {
  /** What is needed, as the skip line says it. */
  what: string;
  /** How to get it. */
  enable: string;
  present(): boolean;
}

const commandRuns = (command: string, args: string[]) => {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

/** Whether the PostgreSQL server at `url` offers `extension` (asked from a child process: present() is synchronous). */
const serverHasExtension = (url: string, extension: string): boolean => {
  const ask = `const pg = require('pg'); const c = new pg.Client({ connectionString: process.argv[1] });
    c.connect().then(() => c.query('select 1 from pg_available_extensions where name = $1', [process.argv[2]]))
      .then((r) => c.end().then(() => process.exit(r.rowCount === 1 ? 0 : 1)), () => process.exit(2));`;
  return commandRuns(process.execPath, ['-e', ask, url, extension]);
};

const requirements = {
  postgres: {
    what: 'a PostgreSQL server',
    enable: 'apt-get install postgresql-15, or set PROVENA_TEST_DATABASE_URL',
    present: () => inject('pgUrl') !== '',
  },
  sharedFixtures: {
    what: `the shared fixtures (${sharedFixturesDir})`,
    enable: 'check the project out beside its shared/ folder (../shared/fixtures/provenance)',
    present: () => existsSync(sharedFixturesDir),
  },
  ffmpeg: {
    what: 'ffmpeg and ffprobe',
    enable: 'apt-get install ffmpeg',
    present: () => commandRuns('ffmpeg', ['-version']) && commandRuns('ffprobe', ['-version']),
  },
  exiftool: {
    what: `ExifTool (${exiftoolPath})`,
    enable: 'apt-get install libimage-exiftool-perl',
    present: () => existsSync(exiftoolPath),
  },
  tinyClip: {
    what: `python3 with onnx and numpy, and ${tinyClipScript}, to write the tiny CLIP model`,
    enable: 'apt-get install python3-onnx python3-numpy, beside ../shared',
    present: () => existsSync(tinyClipScript) && commandRuns('/usr/bin/python3', ['-c', 'import onnx, numpy']),
  },
  fonts: {
    what: 'the DejaVu fonts (text rendered into test images with sharp)',
    enable: 'apt-get install fonts-dejavu-core',
    present: () => existsSync('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'),
  },
  pgvector: {
    what: 'the pgvector extension (0.8) on the test PostgreSQL server',
    enable:
      'build and install it as .ci/run does (docs/decisions/0027-vector-search.md), or point PROVENA_TEST_DATABASE_URL at a server that has it',
    present: () => inject('pgUrl') !== '' && serverHasExtension(inject('pgUrl'), 'vector'),
  },
  chromium: {
    what: `Debian's Chromium (${chromiumPath}) for the web app's browser tests`,
    enable: 'apt-get install chromium',
    present: () => existsSync(chromiumPath),
  },
  photos: {
    what: "python3-skimage's photographs (astronaut, camera, chelsea, coffee, motorcycle_left, rocket)",
    enable:
      'unpack the package into .data/skimage: apt-get download python3-skimage && dpkg -x python3-skimage_*.deb x && ' +
      'cp x/usr/lib/python3/dist-packages/skimage/data/* .data/skimage/ (or run npm run bench:dupes once)',
    present: () => skimagePhotoDir !== undefined,
  },
} satisfies Record<string, Requirement>;

export type Need = keyof typeof requirements;

/** Set by .ci/run: every missing requirement fails its tests instead of skipping them. */
export const requireAll = process.env.PROVENA_TEST_REQUIRE_ALL === '1';

const known = new Map<Need, boolean>();
const isPresent = (need: Need): boolean => {
  let present = known.get(need);
  if (present === undefined) known.set(need, (present = requirements[need].present()));
  return present;
};

/** Whether everything in `needs` is here (for a test that adapts rather than skips). */
export const has = (...needs: Need[]): boolean => needs.every(isPresent);

/** What is missing of `needs`, as one sentence, or undefined when all is here. */
export function missing(needs: Need | Need[]): string | undefined {
  const absent = [needs].flat().filter((n) => !isPresent(n));
  if (absent.length === 0) return undefined;
  return `needs ${absent.map((n) => requirements[n].what).join(' and ')} — ${absent.map((n) => requirements[n].enable).join('; ')}`;
}

/** The test (or block) that stands for a missing requirement: skipped with its reason, or failing in CI. */
function standIn(name: string, why: string): void {
  if (requireAll) {
    it(`${name}: ${why}`, () => {
      throw new Error(`${name} ${why} (PROVENA_TEST_REQUIRE_ALL=1 forbids skipping)`);
    });
    return;
  }
  console.warn(`SKIPPED ${name}: ${why}`);
  it.skip(`${name}: ${why}`, () => {});
}

/** describe() when everything in `needs` is here; otherwise a skipped stand-in whose name says why. */
export function describeWith(needs: Need | Need[], name: string, body: () => void): void {
  const why = missing(needs);
  if (why === undefined) describe(name, body);
  else describe(name, () => standIn(name, why));
}

/** it() when everything in `needs` is here; otherwise a skipped stand-in whose name says why. */
export function itWith(needs: Need | Need[], name: string, fn: TestFunction, timeout?: number): void {
  const why = missing(needs);
  if (why === undefined) it(name, fn, timeout);
  else standIn(name, why);
}
