/**
 * What keeping the search index current in the writing transaction costs (decision 0029): the same writes with the
 * index's triggers in place and suspended (suspendSearchTriggers), on a fresh database of each dialect.
 *
 * - intake-shaped transaction: an asset, its version, 20 concept tags in one statement, the OCR and faces results;
 * - tags per second: tags written one statement each (a row trigger's worst case), and 20 per statement;
 * - the rebuild of every document (after the writes with the triggers off), documents per second.
 *
 * Usage: npm run bench:search:index-triggers -- [--dialect sqlite|postgres] [--writes N] [--background N]
 * PostgreSQL: PROVENA_TEST_DATABASE_URL (or --pg URL) names a server; a database is created and dropped.
 * Figures on a busy machine are noisy: compare the two columns of one run, not runs on different days.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { newId } from '../../src/domain/ids.ts';
import type { Tag } from '../../src/domain/enrichment.ts';
import { emptyProvenance } from '../../src/domain/provenance.ts';
import type { Dialect } from '../../src/storage/database.ts';
import {
  rebuildSearchIndex,
  resumeSearchTriggers,
  suspendSearchTriggers,
} from '../../src/storage/search/search-index.ts';
import { openStore, type SqlStore } from '../../src/storage/store.ts';
import { testAuditKey } from '../../test/audit-key.ts';
import { fmt, percentile, scratchPostgresDatabase } from '../support.ts';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const writes = Number(option('writes') ?? 300);
const background = Number(option('background') ?? 2000);
const dialects: Dialect[] = option('dialect') ? [option('dialect') as Dialect] : ['sqlite', 'postgres'];

const words = 'harbour lighthouse dusk oil painting meadow zeppelin teapot kettle sunset beach portrait city neon rain'
  .split(' ')
  .concat(Array.from({ length: 40 }, (_, n) => `concept${n}`));

async function openFresh(dialect: Dialect): Promise<{ store: SqlStore; dispose: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'provena-bench-index-'));
    const store = await openStore({ sqlitePath: join(dir, 'provena.db'), auditKey: testAuditKey });
    return { store, dispose: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const serverUrl = option('pg') ?? process.env.PROVENA_TEST_DATABASE_URL;
  if (!serverUrl) throw new Error('PostgreSQL needs --pg URL or PROVENA_TEST_DATABASE_URL');
  const { url, drop } = await scratchPostgresDatabase(serverUrl, 'bench_index');
  const store = await openStore({ url, sqlitePath: '', auditKey: testAuditKey });
  return { store, dispose: async () => (await store.close(), await drop()) };
}

const tagsOf = (n: number, count: number): Tag[] =>
  Array.from({ length: count }, (_, k) => ({
    label: words[(n * 7 + k * 3) % words.length]! + (k >= words.length ? k : ''),
    category: 'subject',
    source: 'prompt',
    confidence: 0.5 + (k % 5) / 10,
    model: 'bench',
  }));

/** One intake-shaped transaction; returns the version id. */
async function intakeShaped(store: SqlStore, n: number): Promise<string> {
  const assetId = newId();
  const versionId = newId();
  const at = new Date().toISOString();
  await store.transaction(async (tx) => {
    await tx.assets.insert({
      id: assetId,
      title: `${words[n % words.length]} ${words[(n * 3) % words.length]} poster ${n}`,
      kind: 'image',
      status: 'draft',
      quarantineReasons: [],
      rightsStatus: 'pending',
      currentVersion: 1,
      createdAt: at,
      updatedAt: at,
    });
    await tx.assets.insertVersion({
      id: versionId,
      assetId,
      number: 1,
      blob: { sha256: versionId.replace(/-/g, '').padEnd(64, 'c'), size: 10 },
      mediaType: 'image/png',
      fileName: `render_${n}.png`,
      provenance: { ...emptyProvenance(), prompt: { positive: `a ${words[(n * 5) % words.length]} at dusk` } },
      createdAt: at,
      createdBy: 'bench',
    });
    await tx.enrichment.replaceTags(versionId, ['prompt'], tagsOf(n, 20));
    const record = (enricher: string, result: Record<string, unknown>) => ({
      versionId,
      enricher,
      model: 'bench',
      modelVersion: '1',
      status: 'done' as const,
      producedAt: at,
      result,
    });
    await tx.enrichment.saveResults([
      record('text', { wordCount: 2, text: 'GRAND OPENING', words: [] }),
      record('faces', { count: n % 3, faces: [] }),
    ]);
  });
  return versionId;
}

interface Figures {
  intakeP50: number;
  intakeP95: number;
  tagsPerSecondSingle: number;
  tagsPerSecondBatched: number;
  /** Triggers off only: the rebuild of every document afterwards (resume, then rebuildSearchIndex). */
  rebuildPerSecond?: number;
}

async function measure(dialect: Dialect, withTriggers: boolean): Promise<Figures> {
  const { store, dispose } = await openFresh(dialect);
  try {
    if (!withTriggers) await suspendSearchTriggers(store.db, dialect);
    const versions: string[] = [];
    for (let n = 0; n < background; n++) versions.push(await intakeShaped(store, n));
    const times: number[] = [];
    for (let n = 0; n < writes; n++) {
      const started = performance.now();
      versions.push(await intakeShaped(store, background + n));
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    // Tags on existing versions, under a source the intake did not write.
    const single = Math.min(2000, versions.length * 4);
    let started = performance.now();
    for (let n = 0; n < single; n++) {
      const versionId = versions[n % versions.length]!;
      await store.enrichment.replaceTags(
        versionId,
        [],
        [{ label: `single${n}`, category: 'subject', source: 'manual', confidence: 1, model: 'bench' }],
      );
    }
    const singleSeconds = (performance.now() - started) / 1000;
    const batches = Math.min(200, versions.length);
    started = performance.now();
    for (let n = 0; n < batches; n++) {
      const tags = tagsOf(n + 1, 20).map((tag) => ({ ...tag, source: 'visual' as const }));
      await store.enrichment.replaceTags(versions[n]!, [], tags);
    }
    const batchedSeconds = (performance.now() - started) / 1000;
    let rebuildPerSecond: number | undefined;
    if (!withTriggers) {
      await resumeSearchTriggers(store.db, dialect);
      started = performance.now();
      const { documents } = await rebuildSearchIndex(store.db, dialect);
      rebuildPerSecond = documents / ((performance.now() - started) / 1000);
    }
    return {
      ...(rebuildPerSecond === undefined ? {} : { rebuildPerSecond }),
      intakeP50: percentile(times, 50),
      intakeP95: percentile(times, 95),
      tagsPerSecondSingle: single / singleSeconds,
      tagsPerSecondBatched: (batches * 20) / batchedSeconds,
    };
  } finally {
    await dispose();
  }
}

for (const dialect of dialects) {
  const off = await measure(dialect, false);
  const on = await measure(dialect, true);
  console.log(`${dialect}: ${background} assets written first, then ${writes} measured intake-shaped transactions`);
  console.log(`                                 triggers off   triggers on`);
  console.log(
    `  intake + 20 tags, p50 ms        ${fmt(off.intakeP50, 2).padStart(10)}   ${fmt(on.intakeP50, 2).padStart(10)}`,
  );
  console.log(
    `  intake + 20 tags, p95 ms        ${fmt(off.intakeP95, 2).padStart(10)}   ${fmt(on.intakeP95, 2).padStart(10)}`,
  );
  console.log(
    `  tags/s, one per statement       ${fmt(off.tagsPerSecondSingle, 0).padStart(10)}   ${fmt(on.tagsPerSecondSingle, 0).padStart(10)}`,
  );
  console.log(
    `  tags/s, 20 per statement        ${fmt(off.tagsPerSecondBatched, 0).padStart(10)}   ${fmt(on.tagsPerSecondBatched, 0).padStart(10)}`,
  );
  console.log(`  rebuild, documents/s            ${fmt(off.rebuildPerSecond ?? 0, 0).padStart(10)}`);
}
