/**
 * A guideline bump over many checked assets (issue 13 §4): a new version of a brand's guideline re-checks only the
 * rules that changed, on the assets whose current result is under an older version, and flags those whose verdict
 * changed. Run: `npx tsx bench/brand/bump.bench.ts [--assets 100000] [--batch 500] [--database-url postgres://…]`.
 *
 * Builds a store of N assets of one team, each with a palette and a prompt (one in ten naming a forbidden artist)
 * and a current brand check under guideline version 1, with the rows written straight through the store (not
 * through intake or the workflow: they are not what is measured). Then imports version 2, which changes only the
 * prompt rule (it no longer forbids that artist), and runs every batch of the re-check job the way the worker would
 * (BrandCheckService.recheckBatch, one transaction per batch). Reports the time, assets re-checked, rules evaluated (one
 * per asset: the palette rule's result is kept as it was) and assets flagged; exits non-zero when more than the
 * changed rule was evaluated or the flags are not the assets whose verdict changed.
 *
 * SQLite by default; PostgreSQL with --database-url (a fresh database is made on that server and dropped after).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { operatorContext, systemContext } from '../../src/domain/access.ts';
import type { AssetVersion } from '../../src/domain/asset.ts';
import { AuditKey } from '../../src/domain/audit.ts';
import { checkBrand } from '../../src/domain/brand-check.ts';
import type { BrandGuideline } from '../../src/domain/brand-guideline.ts';
import { newId } from '../../src/domain/ids.ts';
import type { NewAsset } from '../../src/domain/ports.ts';
import { emptyProvenance } from '../../src/domain/provenance.ts';
import { assetDigestFields, rowDigest, versionDigestFields } from '../../src/domain/row-digest.ts';
import { brandRecheckQueue } from '../../src/jobs/brand.jobs.ts';
import { BrandCheckService } from '../../src/services/brand-check.service.ts';
import { BrandGuidelineService } from '../../src/services/brand-guideline.service.ts';
import { toJson } from '../../src/storage/json.ts';
import type { EnrichmentDatabase } from '../../src/storage/enrichment.schema.ts';
import type { Database } from '../../src/storage/schema.ts';
import { openStore, type SqlStore } from '../../src/storage/store.ts';
import { benchFlags, fmt, scratchPostgresDatabase } from '../support.ts';

const flags = benchFlags();
const serverUrl = flags.text('database-url');
const assetCount = flags.count('assets', 100_000);
const batchSize = flags.count('batch', 500);
const key = new AuditKey(Buffer.alloc(32, 13));
const teamName = 'Brand Studio';

const guidelineV1 = {
  brand: { name: 'Acme' },
  appliesTo: { teams: [teamName] },
  rules: [
    {
      id: 'palette',
      type: 'palette',
      colours: [
        { name: 'Acme red', hex: '#e30613' },
        { name: 'White', hex: '#ffffff' },
      ],
      tolerance: 10,
      minOnPaletteShare: 0.7,
    },
    { id: 'no-artists', type: 'prompt', forbidden: ['picasso', 'banksy'], severity: 'warn' },
  ],
};
// Version 2: Picasso is allowed now; the palette rule is untouched.
const guidelineV2 = {
  ...guidelineV1,
  rules: [guidelineV1.rules[0]!, { ...guidelineV1.rules[1]!, forbidden: ['banksy'] }],
};

const palette = [
  { hex: '#e30613', lab: { l: 48.2, a: 73.9, b: 55.6 }, share: 0.6, name: 'red', family: 'red' },
  { hex: '#ffffff', lab: { l: 100, a: 0, b: 0 }, share: 0.3, name: 'white', family: 'white' },
  { hex: '#1f5fbf', lab: { l: 40.6, a: 14.7, b: -56.4 }, share: 0.1, name: 'blue', family: 'blue' },
];
const promptOf = (n: number) =>
  n % 10 === 3 ? `a lighthouse at dusk in the style of Picasso, ${n}` : `a lighthouse at dusk, oil painting, ${n}`;

async function populate(store: SqlStore, teamId: string, guideline: BrandGuideline, brandId: string): Promise<void> {
  const db = store.db.withTables<Omit<EnrichmentDatabase, keyof Database>>();
  const base = Date.UTC(2026, 0, 1);
  const started = performance.now();
  for (let from = 0; from < assetCount; from += batchSize) {
    const assets: Record<string, unknown>[] = [];
    const versions: Record<string, unknown>[] = [];
    const blobs: Record<string, unknown>[] = [];
    const colours: Record<string, unknown>[] = [];
    const checks: Parameters<SqlStore['brand']['insertChecks']>[0][number][] = [];
    for (let n = from; n < Math.min(assetCount, from + batchSize); n++) {
      const id = newId();
      const at = new Date(base + n * 1000).toISOString();
      const asset: NewAsset = {
        id,
        title: `asset ${n}`,
        kind: 'image',
        status: 'in_review',
        quarantineReasons: [],
        prompt: promptOf(n),
        rightsStatus: 'cleared',
        teamId,
        currentVersion: 1,
        createdAt: at,
        updatedAt: at,
      };
      assets.push({
        id,
        title: asset.title,
        kind: asset.kind,
        status: asset.status,
        quarantine_reasons: toJson([]),
        prompt: asset.prompt,
        rights_status: asset.rightsStatus,
        team_id: teamId,
        current_version: 1,
        created_at: at,
        updated_at: at,
        status_changed_at: at,
        row_digest: rowDigest(key, 'asset', id, assetDigestFields(asset)),
      });
      const versionId = newId();
      const sha256 = versionId.replace(/-/g, '').padEnd(64, 'b');
      const version: AssetVersion = {
        id: versionId,
        assetId: id,
        number: 1,
        blob: { sha256, size: 1000 },
        mediaType: 'image/png',
        fileName: `a${n}.png`,
        width: 1024,
        height: 1024,
        provenance: emptyProvenance(),
        createdAt: at,
        createdBy: 'operator:bench',
      };
      blobs.push({ sha256, size: 1000, media_type: 'image/png', created_at: at });
      versions.push({
        id: versionId,
        asset_id: id,
        number: 1,
        blob_sha256: sha256,
        media_type: 'image/png',
        file_name: version.fileName,
        width: 1024,
        height: 1024,
        provenance: toJson(version.provenance),
        created_at: at,
        created_by: version.createdBy,
        row_digest: rowDigest(key, 'version', versionId, versionDigestFields(version)),
      });
      palette.forEach((c, rank) =>
        colours.push({
          version_id: versionId,
          rank,
          hex: c.hex,
          lab_l: c.lab.l,
          lab_a: c.lab.a,
          lab_b: c.lab.b,
          share: c.share,
          name: c.name,
          family: c.family,
        }),
      );
      const result = checkBrand(guideline, { palette, prompt: asset.prompt!, width: 1024, height: 1024 });
      checks.push({
        id: newId(),
        assetId: id,
        versionNumber: 1,
        brandId,
        guidelineVersion: 1,
        results: result.results,
        ruleDigests: Object.fromEntries(result.results.map((r) => [r.ruleId, r.ruleDigest])),
        score: result.score,
        verdict: result.verdict,
        cause: 'workflow',
        checkedAt: at,
        checkedBy: 'system:bench',
      });
    }
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('blobs')
        .values(blobs as never)
        .execute();
      await trx
        .insertInto('assets')
        .values(assets as never)
        .execute();
      await trx
        .insertInto('asset_versions')
        .values(versions as never)
        .execute();
      await trx
        .insertInto('palette_colours')
        .values(colours as never)
        .execute();
    });
    // The stored results go through the brand repository, as a check stores them.
    await store.brand.insertChecks(checks);
    if ((from / batchSize) % 40 === 0)
      process.stdout.write(`  populated ${Math.min(assetCount, from + batchSize)} of ${assetCount}\r`);
  }
  console.log(`  populated ${assetCount} assets in ${fmt((performance.now() - started) / 1000)} s            `);
}

async function run(): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'provena-bump-bench-'));
  let url: string | undefined;
  let drop: (() => Promise<void>) | undefined;
  if (serverUrl) ({ url, drop } = await scratchPostgresDatabase(serverUrl, 'bench_bump'));
  const store = await openStore({ ...(url ? { url } : {}), sqlitePath: join(dir, 'provena.db'), auditKey: key });
  try {
    console.log(
      `bench: guideline bump over ${assetCount} checked assets on ${store.dialect} (batches of ${batchSize})`,
    );
    const refused = () => Promise.reject(new Error('not used by this benchmark'));
    const pictures = { picture: refused, reference: refused, matcher: refused };
    const brands = new BrandGuidelineService({
      store,
      blobs: { put: refused, open: refused },
      pictures,
      recheck: brandRecheckQueue,
    });
    const brandChecks = new BrandCheckService({
      store,
      blobs: { read: refused },
      workflow: { transitionIfDue: refused },
      pictures,
      batchSize,
    });
    const operator = operatorContext('bench');
    const { entry: team } = await store.catalog.ensure('team', teamName);
    const brand = await brands.createBrand(operator, { name: 'Acme' });
    const first = await brands.importGuideline(operator, brand.id, { value: guidelineV1 });
    await populate(store, team.id, first.guideline, brand.id);

    const started = performance.now();
    const bumped = await brands.importGuideline(operator, brand.id, { value: guidelineV2 });
    const ctx = systemContext('bench');
    let after: string | undefined;
    let batches = 0;
    const totals = { examined: 0, rechecked: 0, rulesRerun: 0, flagged: 0 };
    for (;;) {
      const outcome = await brandChecks.recheckBatch(ctx, {
        brandId: brand.id,
        guidelineVersion: bumped.version,
        ...(after ? { after } : {}),
      });
      batches++;
      totals.examined += outcome.examined;
      totals.rechecked += outcome.rechecked;
      totals.rulesRerun += outcome.rulesRerun;
      totals.flagged += outcome.flagged;
      if (outcome.next === undefined) break;
      after = outcome.next;
    }
    const seconds = (performance.now() - started) / 1000;
    const expectedFlags = Math.floor(assetCount / 10) + (assetCount % 10 > 3 ? 1 : 0);
    console.log(`  changes: ${JSON.stringify(bumped.changes)}`);
    console.log(
      `  bump: ${fmt(seconds, 2)} s for ${totals.examined} assets in ${batches} batches (${fmt((seconds * 1e6) / Math.max(1, totals.examined))} µs/asset)`,
    );
    console.log(
      `  re-checked ${totals.rechecked}, rules evaluated ${totals.rulesRerun} (of ${totals.rechecked * guidelineV2.rules.length} a full check would run), flagged for re-review ${totals.flagged} (expected ${expectedFlags})`,
    );
    console.log('  (figures from a shared, loaded machine are noisy: re-measure on a quiet one)');
    return (
      totals.rechecked === assetCount && totals.rulesRerun === totals.rechecked && totals.flagged === expectedFlags
    );
  } finally {
    await store.close();
    await drop?.();
    rmSync(dir, { recursive: true, force: true });
  }
}

run().then(
  (ok) => {
    if (!ok) {
      console.error('bench: the bump did not re-check exactly the changed rule, or flagged the wrong assets');
      process.exitCode = 1;
    }
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
