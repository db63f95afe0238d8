/**
 * A share-link hit serving a cached rendition (issue 15 performance: p95 ≤ 20 ms): one photograph-like 1024² PNG,
 * approved, its rights cleared for the web; a link to it in the web-1600 preset; the first download makes the
 * rendition, then `--hits` downloads (GET /s/<token>/file) and as many opens (GET /s/<token>, JSON) are timed one
 * after another through the HTTP app in process (inject: routing, hooks, the rate-limit budget, the service's reads,
 * the delivery gate, the hit's write transaction and the whole body). Reports p50/p95/max per kind; exits non-zero
 * when a hit is not answered 200 with the rendition's bytes. Run:
 * `npx tsx bench/share-links.bench.ts [--hits 500] [--password] [--database-url postgres://…]`.
 * SQLite by default; PostgreSQL with --database-url (a fresh database is made on that server and dropped after).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { loadConfig } from '../src/config/config.ts';
import { operatorContext } from '../src/domain/access.ts';
import { createRuntime } from '../src/main/runtime.ts';
import { appFor } from '../src/main/server.ts';
import { fmt, percentile, scratchPostgresDatabase } from './support.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(`--${name}`);
  const value = at >= 0 ? Number(args[at + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
};
const urlAt = args.indexOf('--database-url');
const serverUrl = urlAt >= 0 ? args[urlAt + 1] : undefined;
const hits = option('hits', 500);
const withPassword = args.includes('--password');
const operator = operatorContext('bench');

/** A photograph-like picture: smooth gradients under fine noise (flat colour would make encoding unrealistically cheap). */
async function photograph(side: number): Promise<Buffer> {
  const pixels = Buffer.alloc(side * side * 3);
  let seed = 12345;
  for (let y = 0; y < side; y++)
    for (let x = 0; x < side; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const noise = (seed >> 16) % 24;
      const i = (y * side + x) * 3;
      pixels[i] = ((x * 255) / side + noise) & 0xff;
      pixels[i + 1] = ((y * 255) / side + noise) & 0xff;
      pixels[i + 2] = (((x + y) * 128) / side + noise) & 0xff;
    }
  return sharp(pixels, { raw: { width: side, height: side, channels: 3 } })
    .png()
    .toBuffer();
}

function summary(name: string, times: number[]): { name: string; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  console.log(
    `${name.padEnd(34)} n=${sorted.length}  p50 ${fmt(percentile(sorted, 50), 2)} ms  p95 ${fmt(p95, 2)} ms  max ${fmt(sorted.at(-1) ?? 0, 2)} ms`,
  );
  return { name, p95 };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'provena-bench-share-'));
  let drop: (() => Promise<void>) | undefined;
  let url: string | undefined;
  if (serverUrl) ({ url, drop } = await scratchPostgresDatabase(serverUrl, 'bench_share_links'));
  const config = loadConfig(
    {},
    {
      dataDir,
      ...(url ? { databaseUrl: url } : {}),
      embedder: 'none',
      moderation: 'false',
      ocr: 'off',
      faces: 'off',
      objects: 'off',
      rateLimitShareLinks: String(hits * 4),
    },
  );
  const runtime = await createRuntime(config);
  const app = await appFor(runtime, { authenticate: () => Promise.resolve(operator) });
  let failed = false;
  try {
    const { asset } = await runtime.intake.intake(operator, await photograph(1024), {
      fileName: 'harbour.png',
      fields: {
        prompt: 'a harbour at dawn, photograph',
        tool: 'ComfyUI',
        toolVersion: '0.3.10',
        requestor: 'Bench',
        team: 'Bench',
        intendedUse: 'social',
        campaign: 'Bench',
        rightsStatus: 'pending',
      },
      mode: 'interactive',
    });
    // The review is not what is measured: the asset is put straight into the approved state.
    await runtime.store.transaction((tx) =>
      tx.assets.setStatus(asset.id, 'approved', new Date().toISOString(), asset.status),
    );
    await runtime.rights.set(operator, asset.id, {
      expectedRevision: 0,
      record: { status: 'cleared', approvedChannels: ['web'], validFrom: '2026-01-01', expiresAt: '2099-12-31' },
    });
    const { token } = await runtime.shareLinks.create(operator, {
      assetId: asset.id,
      expires: '7d',
      channel: 'web',
      region: 'DE',
      preset: 'web-1600',
      ...(withPassword ? { password: 'bench password' } : {}),
    });
    const headers = withPassword ? { 'x-share-password': 'bench password' } : {};

    const first = performance.now();
    const made = await app.inject({ url: `/s/${token}/file`, headers });
    const makeMs = performance.now() - first;
    if (made.statusCode !== 200) throw new Error(`the first download answered ${made.statusCode}: ${made.body}`);
    const rendition = made.rawPayload;
    console.log(
      `share-link hits on ${runtime.store.dialect}${withPassword ? ' (password-protected)' : ''}: first download made the web-1600 rendition (${rendition.length} bytes, ${String(made.headers['content-type'])}) in ${fmt(makeMs, 0)} ms`,
    );

    const downloads: number[] = [];
    const opens: number[] = [];
    for (let i = 0; i < hits; i++) {
      let start = performance.now();
      const file = await app.inject({ url: `/s/${token}/file`, headers });
      downloads.push(performance.now() - start);
      if (file.statusCode !== 200 || !file.rawPayload.equals(rendition)) failed = true;
      start = performance.now();
      const page = await app.inject({ url: `/s/${token}`, headers });
      opens.push(performance.now() - start);
      if (page.statusCode !== 200) failed = true;
    }
    const download = summary('download (cached rendition)', downloads);
    summary('open (JSON)', opens);
    const stats = await runtime.shareLinks.stats(operator, (await runtime.shareLinks.list(operator)).items[0]!.id);
    console.log(`hits counted: ${stats.hits} (expected ${1 + 2 * hits}); downloads ${stats.downloads}`);
    if (stats.hits !== 1 + 2 * hits) failed = true;
    console.log(`target: download p95 ≤ 20 ms — ${download.p95 <= 20 ? 'met' : 'missed'}`);
  } finally {
    await app.close();
    await runtime.close();
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (failed) {
    console.error('a hit was not answered 200 with the rendition, or not counted');
    process.exitCode = 1;
  }
}

await main();
