/**
 * Shared pieces of the benchmarks: a cached corpus of generated intake images, child processes with peak RSS, scratch
 * PostgreSQL databases, Debian's photographs, percentiles.
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { generateIntakeImage } from '../test/provenance-fixtures.ts';

export const benchRoot = new URL('../.data/bench/', import.meta.url).pathname;

/** 1024×1024 PNGs with A1111 parameters + IPTC XMP; generated once and reused (generation is not what we measure). */
export async function intakeCorpus(
  count: number,
  size = 1024,
): Promise<{ dir: string; files: string[]; bytes: number }> {
  const dir = join(benchRoot, `intake-${size}`);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const file = join(dir, `gen-${String(i).padStart(5, '0')}.png`);
    if (!existsSync(file)) writeFileSync(file, (await generateIntakeImage(i + 1, size)).bytes);
    if (i % 100 === 99) process.stderr.write(`  corpus ${i + 1}/${count}\r`);
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .slice(0, count)
    .map((f) => join(dir, f));
  return { dir, files, bytes: files.reduce((sum, f) => sum + statSync(f).size, 0) };
}

export interface ChildRun {
  seconds: number;
  peakRssMb: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command, sampling its peak resident set (VmHWM) from /proc while it runs. */
export function runMeasured(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { done: Promise<ChildRun>; pid: () => number | undefined; peak: () => number } {
  const started = performance.now();
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let peakKb = 0;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
      if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
    } catch {
      // the process has exited
    }
  };
  const timer = setInterval(sample, 25);
  const done = new Promise<ChildRun>((resolve) => {
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ seconds: (performance.now() - started) / 1000, peakRssMb: peakKb / 1024, code, stdout, stderr });
    });
  });
  return { done, pid: () => child.pid, peak: () => peakKb / 1024 };
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/**
 * The named files (default: every PNG and JPEG) of a Debian package's data folder, copied to `into` (fetched with
 * apt-get download + dpkg -x when absent; without apt the bench says so and goes on without them).
 */
export function debianPhotos(
  pkg: string,
  dataPath: string,
  names: readonly string[] | undefined,
  into: string,
): string[] {
  const wanted = (f: string): boolean => (names ? names.includes(f) : /\.(png|jpg)$/.test(f));
  const present = existsSync(into) ? readdirSync(into).filter(wanted) : [];
  if (present.length > 0) return present.sort().map((f) => join(into, f));
  const work = mkdtempSync(join(tmpdir(), `provena-${pkg}-`));
  try {
    const download = (): void => void execFileSync('apt-get', ['download', pkg], { cwd: work, stdio: 'pipe' });
    try {
      download();
    } catch {
      // A fresh machine may have no package lists yet.
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'pipe' });
      download();
    }
    const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
    if (!deb) throw new Error('apt-get download produced no .deb');
    execFileSync('dpkg', ['-x', join(work, deb), join(work, 'x')], { stdio: 'pipe' });
    const data = join(work, 'x', dataPath);
    mkdirSync(into, { recursive: true });
    for (const name of readdirSync(data).filter(wanted)) copyFileSync(join(data, name), join(into, name));
    return readdirSync(into)
      .filter(wanted)
      .sort()
      .map((f) => join(into, f));
  } catch (error) {
    console.warn(
      `! Photographs of ${pkg} unavailable (apt-get download ${pkg} failed: ${String(error).split('\n')[0]}); continuing without them.`,
    );
    return [];
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The value at percentile `p` (0–100) of ascending `sorted` values; 0 for none. */
export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/**
 * A new, empty database on the PostgreSQL server at `serverUrl` (named `prefix` and a random suffix), and how to drop
 * it when the benchmark is done, however it ends.
 */
export async function scratchPostgresDatabase(
  serverUrl: string,
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
  const query = async (text: string): Promise<void> => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await query(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => query(`drop database if exists ${name} with (force)`) };
}

/** A benchmark's command-line flags: `--name N` counts, `--name text` values and bare `--name` switches. */
export function benchFlags(args: readonly string[] = process.argv.slice(2)) {
  const valueOf = (name: string): string | undefined => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 ? args[at + 1] : undefined;
  };
  return {
    /** A positive whole number; the fallback when absent or not one. */
    count(name: string, fallback: number): number {
      const value = Number(valueOf(name));
      return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
    },
    text: valueOf,
    has: (name: string): boolean => args.includes(`--${name}`),
  };
}

/** Prints one latency line (n, p50, p95, max in ms) and answers the p95. */
export function latencyLine(name: string, times: readonly number[], width = 40): number {
  const sorted = [...times].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  console.log(
    `${name.padEnd(width)} n=${sorted.length}  p50 ${fmt(percentile(sorted, 50), 2)} ms  p95 ${fmt(p95, 2)} ms  max ${fmt(sorted.at(-1) ?? 0, 2)} ms`,
  );
  return p95;
}

/**
 * A photograph-like PNG: smooth gradients under fine noise, different for every seed (flat colour would make
 * encoding unrealistically cheap, and equal files would be one rendition).
 */
export async function gradientNoisePng(side: number, seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(side * side * 3);
  let state = (seed * 2654435761) >>> 0 || 1;
  const phase = seed % 255;
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      const noise = (state >> 16) % 24;
      const i = (y * side + x) * 3;
      pixels[i] = ((x * 255) / side + noise + phase) & 0xff;
      pixels[i + 1] = ((y * 255) / side + noise) & 0xff;
      pixels[i + 2] = (((x + y) * 128) / side + noise + 2 * phase) & 0xff;
    }
  return sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
    .png()
    .toBuffer();
}
