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
import { loadConfig } from '../src/config/config.ts';
import { operatorContext } from '../src/domain/access.ts';
import { createRuntime } from '../src/main/runtime.ts';
import { appFor } from '../src/main/server.ts';
import { benchFlags, fmt, gradientNoisePng, latencyLine, scratchPostgresDatabase } from './support.ts';

const flags = benchFlags();
const serverUrl = flags.text('database-url');
const hits = flags.count('hits', 500);
const withPassword = flags.has('password');
const operator = operatorContext('bench');

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
    const { asset } = await runtime.intake.intake(operator, await gradientNoisePng(1024, 1), {
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
    const downloadP95 = latencyLine('download (cached rendition)', downloads, 34);
    latencyLine('open (JSON)', opens, 34);
    const stats = await runtime.shareLinks.stats(operator, (await runtime.shareLinks.list(operator)).items[0]!.id);
    console.log(`hits counted: ${stats.hits} (expected ${1 + 2 * hits}); downloads ${stats.downloads}`);
    if (stats.hits !== 1 + 2 * hits) failed = true;
    console.log(`target: download p95 ≤ 20 ms — ${downloadP95 <= 20 ? 'met' : 'missed'}`);
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
