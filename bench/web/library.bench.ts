/**
 * bench:web — the library screen with a large store, in the real browser (Debian's Chromium, as the e2e tests run it):
 *
 *   (a) first page: from navigation to the first result cells shown, p50/p95 over `--runs` loads, each in a new
 *       browser context (an empty cache: the JavaScript is fetched every time) and again warm (the same context),
 *       each started on an idle server; and when the facet counts, asked after the first page, are shown;
 *   (b) scrolling the grid programmatically, one step per animation frame, while the next keyset pages load: a fast
 *       flick (120 px a frame, about 7,200 px/s) through `--scroll` items, and a slow read (15 px a frame, about
 *       900 px/s, at which every thumbnail is fetched and decoded as it comes into view) through `--read` items; for
 *       each the share of frames the display missed (over 25 ms: 1.5 intervals), of frames over 16.7 ms, and the mean
 *       frames per second. Over 16.7 ms alone is mostly timer jitter: an empty page scrolled the same way in the same
 *       browser has about a third of its frames just over it at a mean of 60 fps;
 *   (c) the JavaScript the first page loads, gzip-compressed (the server sends it plain; gzip -6 is what a proxy
 *       in front of it would send).
 *
 *   npm run bench:web -- [--assets 100000] [--runs 10] [--scroll 5000] [--read 300] [--rebuild]
 *
 * The store is the search benchmark's synthetic library (bench/search/library.ts: assets with provenance, tags,
 * palettes, text, the search index), written straight into SQLite under .data/bench/web-library-<N>/ and kept for
 * the next run (--rebuild makes it again), with thumbnails and their thumbhash placeholders (./thumbnails.ts: 48
 * distinct WebP thumbnails shared out over the assets). `provena serve` runs on it with the library's audit key; the
 * admin signs in through the API. Figures are printed; nothing is asserted.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { openDatabase } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/schema.ts';
import { provenaBin } from '../../test/cli.ts';
import { chromiumPath } from '../../test/requirements.ts';
import { freePort } from '../../test/free-port.ts';
import { until } from '../../test/waiting.ts';
import { buildSearchLibrary } from '../search/library.ts';
import fillSearchIndex from '../search/search-index-after-build.ts';
import { benchFlags, benchRoot, fmt, percentile } from '../support.ts';
import { addThumbnails } from './thumbnails.ts';

const flags = benchFlags();
const assets = flags.count('assets', 100_000);
const runs = flags.count('runs', 10);
const scrollItems = flags.count('scroll', 5000);
const readItems = flags.count('read', 300);
const dataDir = join(benchRoot, `web-library-${assets}`);
const marker = join(dataDir, 'built.json');
const admin = { username: 'admin', password: 'a long password for the web bench' };
// bench/search/library.ts's searchLibraryAuditKey: Buffer.alloc(32, 14).
const auditKeyHex = '0e'.repeat(32);

async function buildStore(): Promise<void> {
  if (existsSync(marker) && !flags.has('rebuild')) {
    const built = JSON.parse(readFileSync(marker, 'utf8')) as { thumbnails?: boolean };
    console.log(`store: ${dataDir} (kept from an earlier run; --rebuild to make it again)`);
    // A store from before the bench gave it thumbnails.
    if (!built.thumbnails) await withStore((db) => addThumbnails(db, dataDir));
    writeFileSync(marker, `${JSON.stringify({ ...built, thumbnails: true }, null, 2)}\n`);
    return;
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'audit.key'), `${auditKeyHex}\n`, { mode: 0o600 });
  const started = performance.now();
  await withStore(async (db) => {
    await buildSearchLibrary({
      db,
      dialect: 'sqlite',
      assets,
      onProgress: ({ assets: done, total }) => {
        if (done % 20_000 === 0 || done === total)
          process.stderr.write(`  ${done.toLocaleString('en')} / ${total.toLocaleString('en')} assets written\n`);
      },
      afterBuild: (built) => fillSearchIndex(built, 'sqlite'),
    });
    await addThumbnails(db, dataDir);
    await sql`analyze`.execute(db);
  });
  execFileSync(process.execPath, [provenaBin, 'users', 'create-admin', admin.username, '--password-stdin'], {
    env: { ...process.env, PROVENA_DATA_DIR: dataDir },
    input: `${admin.password}\n`,
  });
  const seconds = (performance.now() - started) / 1000;
  const built = { assets, builtAt: new Date().toISOString(), seconds, thumbnails: true };
  writeFileSync(marker, `${JSON.stringify(built, null, 2)}\n`);
  console.log(`store: ${assets.toLocaleString('en')} assets written and indexed in ${fmt(seconds)} s (${dataDir})`);
}

async function withStore(work: (db: Kysely<Database>) => Promise<void>): Promise<void> {
  const { db } = await openDatabase({ sqlitePath: join(dataDir, 'provena.db') });
  try {
    await sql`pragma synchronous = off`.execute(db);
    await work(db);
  } finally {
    await db.destroy();
  }
}

async function serve(): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [provenaBin, 'serve', '--port', String(port)], {
    env: { ...process.env, PROVENA_DATA_DIR: dataDir, PROVENA_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await until(() => /Provena \S+ on http:\/\/127\.0\.0\.1:\d+/.test(text), 'the server to listen', {
    output: () => text,
    timeoutMs: 120_000,
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
  };
}

const viewport = { width: 1280, height: 800 };

/** Debian's Chromium with web/e2e/support/browser.ts's flags (that file is typed for the page, so not imported). */
const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
const firstCell = '[data-testid="results"] [data-index]';

/**
 * Records, in the page, when the first result cell appears (ms since the navigation started). The in-page code is
 * text: this file is compiled with the server's types, without the DOM's.
 */
const firstCellWatch = `
  new MutationObserver((changes, observer) => {
    if (window.__firstCell === undefined && document.querySelector('[data-testid="results"] [data-index]')) {
      window.__firstCell = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });`;

/**
 * Scrolls the results `stepPx` a frame, one step per animation frame, until the item `target` is rendered; the frame
 * times, and how many thumbnails the page fetched on the way.
 */
const scrollThrough = (target: number, stepPx: number) => `new Promise((resolve) => {
  const scroller = document.querySelector('[data-testid="results"]');
  const frames = [];
  let waitingFrames = 0;
  const started = performance.now();
  let last = started;
  const thumbnails = () =>
    performance.getEntriesByType('resource').filter((e) => e.name.includes('/renditions/thumbnail')).length;
  const lastIndex = () => {
    const cells = scroller.querySelectorAll('[data-index]');
    return Number(cells[cells.length - 1]?.dataset.index ?? 0);
  };
  const step = (now) => {
    frames.push(now - last);
    last = now;
    const before = scroller.scrollTop;
    scroller.scrollTop = before + ${stepPx};
    if (scroller.scrollTop === before) waitingFrames++;
    const reached = lastIndex();
    if (reached >= ${target} || now - started > 180000)
      resolve({ frames, reached, ms: now - started, waitingFrames, thumbnails: thumbnails() });
    else requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})`;

async function firstPage(browser: Browser, url: string, state: Awaited<ReturnType<BrowserContext['storageState']>>) {
  const cold: number[] = [];
  const warm: number[] = [];
  const facetsShown: number[] = [];
  const scripts = new Map<string, number>();
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext({ baseURL: url, viewport, storageState: state });
    await context.addInitScript(firstCellWatch);
    const page = await context.newPage();
    if (run === 0)
      page.on('response', (response) => {
        if (response.request().resourceType() !== 'script') return;
        void response.body().then((body) => scripts.set(new URL(response.url()).pathname, gzipSync(body).length));
      });
    for (const into of [cold, warm]) {
      await page.goto('/', { waitUntil: 'commit' });
      await page.waitForSelector(firstCell, { timeout: 60_000 });
      into.push(await page.evaluate<number>('window.__firstCell'));
      // The facet counts follow the first page; the next load starts once they are in (an idle server).
      await page.getByRole('group', { name: 'Status' }).waitFor({ timeout: 120_000 });
      facetsShown.push(await page.evaluate<number>('performance.now()'));
      await page.waitForLoadState('networkidle');
    }
    if (run === 0) await page.waitForLoadState('networkidle');
    await context.close();
  }
  return { cold, warm, facetsShown, scripts };
}

interface Scrolled {
  frames: number[];
  reached: number;
  ms: number;
  waitingFrames: number;
  thumbnails: number;
}

async function scroll(
  browser: Browser,
  url: string,
  state: Awaited<ReturnType<BrowserContext['storageState']>>,
  target: number,
  stepPx: number,
): Promise<Scrolled> {
  const context = await browser.newContext({ baseURL: url, viewport, storageState: state });
  const page = await context.newPage();
  await page.goto('/');
  await page.waitForSelector(firstCell);
  // The first screen's thumbnails in, as a person would see them before scrolling.
  await page.waitForLoadState('networkidle');
  const result = await page.evaluate<Scrolled>(scrollThrough(target, stepPx));
  await context.close();
  return result;
}

function scrollLine(name: string, scrolled: Scrolled): void {
  const frames = scrolled.frames.slice(1);
  const long = frames.filter((ms) => ms > 16.7).length;
  // A frame over 1.5 intervals is one the display missed; just over 16.7 ms is often the timer's jitter.
  const dropped = frames.filter((ms) => ms > 25).length;
  const meanMs = frames.reduce((a, b) => a + b, 0) / Math.max(1, frames.length);
  const sorted = [...frames].sort((a, b) => a - b);
  console.log(
    `  (b) ${name} to item ${scrolled.reached.toLocaleString('en')} in ${fmt(scrolled.ms / 1000)} s: ${frames.length} frames, ` +
      `mean ${fmt(1000 / meanMs)} fps, ${fmt((100 * dropped) / Math.max(1, frames.length))} % missed (over 25 ms), ` +
      `${fmt((100 * long) / Math.max(1, frames.length))} % over 16.7 ms, ` +
      `p95 frame ${fmt(percentile(sorted, 95))} ms, max ${fmt(sorted.at(-1) ?? 0)} ms; ` +
      `${scrolled.thumbnails} thumbnails fetched, ${scrolled.waitingFrames} frames waiting for the next page (target 60 fps)`,
  );
}

async function main(): Promise<void> {
  await buildStore();
  const server = await serve();
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const login = await browser.newContext({ baseURL: server.url });
    const answer = await login.request.post('/api/v1/auth/login', { data: admin });
    if (!answer.ok()) throw new Error(`sign-in: ${answer.status()} ${await answer.text()}`);
    const state = await login.storageState();
    await login.close();
    console.log(
      `web library bench: ${assets.toLocaleString('en')} assets, Chromium ${browser.version()}, ${viewport.width}×${viewport.height}`,
    );

    const { cold, warm, facetsShown, scripts } = await firstPage(browser, server.url, state);
    const line = (name: string, times: number[]) => {
      const sorted = [...times].sort((a, b) => a - b);
      console.log(
        `  (a) ${name.padEnd(34)} n=${sorted.length}  p50 ${fmt(percentile(sorted, 50), 0)} ms  p95 ${fmt(percentile(sorted, 95), 0)} ms  max ${fmt(sorted.at(-1) ?? 0, 0)} ms  (target ≤ 1000 ms)`,
      );
    };
    line('first page, cold (new context)', cold);
    line('first page, warm (same context)', warm);
    line('facet counts shown (cold and warm)', facetsShown);

    scrollLine('fast flick, 120 px a frame,', await scroll(browser, server.url, state, scrollItems, 120));
    scrollLine('slow read, 15 px a frame,', await scroll(browser, server.url, state, readItems, 15));

    const totalGzip = [...scripts.values()].reduce((a, b) => a + b, 0);
    console.log(
      `  (c) first page JavaScript: ${fmt(totalGzip / 1024)} KB gzip in ${scripts.size} files (target ≤ 250 KB)`,
    );
    for (const [path, bytes] of [...scripts].sort((a, b) => b[1] - a[1]))
      console.log(`        ${fmt(bytes / 1024).padStart(6)} KB  ${path}`);
  } finally {
    await browser?.close();
    await server.stop();
  }
}

await main();
