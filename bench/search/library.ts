/**
 * The search benchmark's library: N synthetic assets (corpus.ts) written straight into the existing tables — assets
 * and versions with their keyed row digests, blobs, the catalogue, provenance (tool, model, prompt, negative prompt,
 * seed, AI involvement, C2PA state), governance (status, tier, team, campaign, requestor, brand check), and the
 * enrichment a run would have stored (tags of every source, palettes, text in pictures, faces, objects, hashes,
 * embeddings, variant families and lineage). Not through intake or the enrichment run: neither is what search
 * benchmarks measure, and a million intakes would take days.
 *
 * Fast by construction: rows are generated per batch of assets and written as multi-row INSERT statements whose SQL
 * text is the same from batch to batch (SQLite's prepared statement cache and PostgreSQL's planner both see few
 * shapes), one transaction per batch; nothing but the current batch is held in memory.
 *
 * The search index tables are NOT written: the search service's reindex fills them from these rows (the `afterBuild`
 * hook, or `provena search reindex` on the finished database).
 */
import { performance } from 'node:perf_hooks';
import { CompiledQuery, type Kysely } from 'kysely';
import type { AssetVersion } from '../../src/domain/asset.ts';
import { AuditKey, digestOf } from '../../src/domain/audit.ts';
import type { NewAsset } from '../../src/domain/ports.ts';
import type { ProvenanceRecord } from '../../src/domain/provenance.ts';
import { assetDigestFields, rowDigest, versionDigestFields } from '../../src/domain/row-digest.ts';
import { promptKey } from '../../src/domain/sameness.ts';
import type { Dialect } from '../../src/storage/database.ts';
import type { Database } from '../../src/storage/schema.ts';
import {
  corpusEnd,
  corpusId,
  embeddingModel,
  embeddingModelVersion,
  generateSearchAsset,
  searchCatalogue,
  SearchEmbeddingSpace,
  type SearchAssetSpec,
  type SearchCatalogue,
} from './corpus.ts';

/**
 * The audit key the library's row digests are made with: open the built database with it (openStore's auditKey) so
 * that reads verify and writes (a status change in a benchmark) are accepted.
 */
export const searchLibraryAuditKey = new AuditKey(Buffer.alloc(32, 14));

/** Who wrote the versions, as an actor label would read. */
const builtBy = 'operator:bench-search-library';
const trainedAlgorithmicMedia = 'http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia';
const compositeWithTrained = 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia';
const digitalCapture = 'http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture';

// ---------------------------------------------------------------------------------------------------------------
// Bulk writes

/**
 * Rows of one table, in column order. Columns are declared as `name` (text) or `name:type` with the PostgreSQL type
 * (int4, int8, float8, jsonb, bytea), which the PostgreSQL path needs to type its arrays.
 */
class TableRows {
  readonly rows: unknown[][] = [];
  readonly columns: readonly string[];
  readonly types: readonly string[];
  constructor(
    readonly table: string,
    declaration: string,
  ) {
    const declared = declaration.split(/\s+/).filter(Boolean);
    this.columns = declared.map((column) => column.split(':')[0]!);
    this.types = declared.map((column) => column.split(':')[1] ?? 'text');
  }
  add(...values: unknown[]): void {
    this.rows.push(values);
  }
}

/** Bound parameters per SQLite statement, under its limit of 32,766. */
const sqliteMaxParameters = 30_000;
/** Rows per PostgreSQL statement: one array parameter per column, so only the statement's size limits it. */
const postgresRowsPerStatement = 2_000;

/**
 * SQLite: multi-row INSERTs, full chunks then the remainder in chunks of a few fixed sizes, so that every statement
 * has one of five row counts and is prepared once (a new multi-thousand-parameter statement per batch made the
 * build three times slower and grew the statement cache). PostgreSQL: `INSERT … SELECT FROM unnest(arrays)`, one
 * array per column: a short statement whatever the row count, instead of parsing tens of thousands of parameters.
 */
class BulkWriter {
  readonly #statements = new Map<string, string>();
  constructor(readonly dialect: Dialect) {}

  #sqliteInsert(rows: TableRows, rowCount: number): string {
    const key = `${rows.table}\u0000${rowCount}`;
    let text = this.#statements.get(key);
    if (text) return text;
    const row = `(${rows.columns.map(() => '?').join(',')})`;
    text = `insert into ${rows.table} (${rows.columns.join(',')}) values ${Array.from({ length: rowCount }, () => row).join(',')}`;
    if (this.#statements.size > 200) this.#statements.clear();
    this.#statements.set(key, text);
    return text;
  }

  #postgresInsert(rows: TableRows): string {
    const arrays = rows.types.map((type, i) => `$${i + 1}::${type}[]`).join(', ');
    return `insert into ${rows.table} (${rows.columns.join(',')}) select * from unnest(${arrays})`;
  }

  async write(db: Kysely<Database>, rows: TableRows): Promise<void> {
    if (this.dialect === 'postgres') {
      for (let start = 0; start < rows.rows.length; start += postgresRowsPerStatement) {
        const chunk = rows.rows.slice(start, start + postgresRowsPerStatement);
        const columns = rows.columns.map((_, c) => chunk.map((row) => row[c]));
        await db.executeQuery(CompiledQuery.raw(this.#postgresInsert(rows), columns));
      }
      return;
    }
    const perChunk = Math.max(1, Math.floor(sqliteMaxParameters / rows.columns.length));
    let start = 0;
    for (const size of [perChunk, 256, 32, 4, 1]) {
      while (rows.rows.length - start >= size) {
        const chunk = rows.rows.slice(start, start + size);
        await db.executeQuery(CompiledQuery.raw(this.#sqliteInsert(rows, size), chunk.flat()));
        start += size;
      }
    }
  }
}

/** The tables one batch writes, in foreign-key order. */
function batchTables() {
  return {
    blobs: new TableRows('blobs', 'sha256 size:int8 media_type created_at'),
    assets: new TableRows(
      'assets',
      `id title kind status quarantine_reasons:jsonb prompt tool model tool_version intended_use rights_status
       requestor_id team_id campaign_id current_version:int4 created_at updated_at row_digest risk_tier:int4
       risk_rule risk_policy_version:int4 audience regulated:int4 description status_changed_at`,
    ),
    versions: new TableRows(
      'asset_versions',
      `id asset_id number:int4 blob_sha256 media_type file_name width:int4 height:int4 provenance:jsonb created_at
       created_by row_digest`,
    ),
    results: new TableRows(
      'enrichment_results',
      'version_id enricher model model_version status produced_at result:jsonb',
    ),
    palette: new TableRows(
      'palette_colours',
      'version_id rank:int4 hex lab_l:float8 lab_a:float8 lab_b:float8 share:float8 name family',
    ),
    hashes: new TableRows(
      'perceptual_hashes',
      `version_id asset_id model d_hi:int4 d_lo:int4 p_hi:int4 p_lo:int4 inset_d_hi:int4 inset_d_lo:int4
       inset_p_hi:int4 inset_p_lo:int4 stored_at picture_width:int4 picture_height:int4`,
    ),
    tags: new TableRows('tags', 'version_id source label category confidence:float8 model'),
    embeddings: new TableRows('embeddings', 'version_id model model_version dimensions:int4 vector:bytea produced_at'),
    lineage: new TableRows('asset_lineage', 'asset_id version_number:int4 prompt_key seed batch_id'),
    families: new TableRows('variant_families', 'id state canonical_asset_id reason created_at updated_at'),
    members: new TableRows('family_members', 'asset_id family_id role state reason matched_asset_id added_at'),
    links: new TableRows(
      'near_duplicate_links',
      `asset_id version_number:int4 matched_asset_id verdict d_hash:int4 p_hash:int4 via embedding_cosine:float8
       reason decided_by created_at`,
    ),
    brandChecks: new TableRows(
      'brand_checks',
      `id asset_id version_number:int4 brand_id guideline_version:int4 results:jsonb rule_digests:jsonb
       score:float8 verdict cause current:int4 checked_at checked_by`,
    ),
  };
}
type BatchTables = ReturnType<typeof batchTables>;

/** The version's provenance record as the engine would have normalised it from the file. */
export function provenanceOf(spec: SearchAssetSpec): ProvenanceRecord {
  const generated = spec.aiInvolvement === 'ai-generated';
  const record: ProvenanceRecord = {
    aiInvolvement: spec.aiInvolvement,
    dstSources: spec.aiInvolvement === 'unknown' ? [] : [spec.c2pa ? 'c2pa' : 'inferred'],
  };
  if (spec.aiInvolvement !== 'unknown')
    record.digitalSourceType =
      spec.aiInvolvement === 'ai-generated'
        ? trainedAlgorithmicMedia
        : spec.aiInvolvement === 'ai-edited'
          ? compositeWithTrained
          : digitalCapture;
  if (spec.aiInvolvement !== 'unknown' && spec.tool.ai !== 'none')
    record.generator = {
      system: spec.tool.tool,
      version: spec.tool.version,
      ...(spec.model ? { model: spec.model } : {}),
    };
  if (spec.aiInvolvement !== 'unknown' && spec.prompt !== undefined)
    record.prompt = {
      positive: spec.prompt,
      ...(spec.negativePrompt !== undefined ? { negative: spec.negativePrompt } : {}),
    };
  if (generated && spec.seed !== undefined)
    record.sampling = {
      seed: spec.seed,
      ...(spec.steps !== undefined ? { steps: spec.steps } : {}),
      ...(spec.cfg !== undefined ? { cfg: spec.cfg } : {}),
      ...(spec.sampler !== undefined ? { sampler: spec.sampler } : {}),
      width: spec.width,
      height: spec.height,
    };
  if (spec.c2pa)
    record.c2pa = {
      present: true,
      embedded: true,
      claimGenerator: spec.c2pa.claimGenerator,
      validationState: spec.c2pa.validationState,
      statusCodes: spec.c2pa.validationState === 'Invalid' ? ['assertion.dataHash.mismatch'] : [],
      actions: [
        {
          action: 'c2pa.created',
          ...(record.digitalSourceType ? { dst: record.digitalSourceType } : {}),
          agent: spec.c2pa.claimGenerator,
        },
      ],
    };
  const sources: Record<string, 'c2pa' | 'tool' | 'declared'> = {};
  if (record.generator) sources['generator.system'] = spec.c2pa ? 'c2pa' : 'tool';
  if (record.prompt) sources['prompt.positive'] = 'tool';
  if (Object.keys(sources).length > 0) record.fieldSources = sources;
  return record;
}

/** The asset row as the repository would write it (the fields its digest covers). */
export function newAssetOf(spec: SearchAssetSpec, catalogue: SearchCatalogue): NewAsset {
  return {
    id: spec.id,
    title: spec.title,
    kind: 'image',
    status: spec.status,
    quarantineReasons:
      spec.status === 'quarantined'
        ? [{ code: 'MISSING_FIELDS', field: 'requestor', message: 'Intake needs a requestor for external use.' }]
        : [],
    ...(spec.prompt !== undefined ? { prompt: spec.prompt } : {}),
    tool: spec.tool.tool,
    ...(spec.model ? { model: spec.model } : {}),
    toolVersion: spec.tool.version,
    intendedUse: spec.intendedUse,
    rightsStatus: spec.rightsStatus,
    ...(spec.requestorIndex !== undefined ? { requestorId: catalogue.users[spec.requestorIndex]!.id } : {}),
    teamId: catalogue.teams[spec.teamIndex]!.id,
    ...(spec.campaignIndex !== undefined ? { campaignId: catalogue.campaigns[spec.campaignIndex]!.id } : {}),
    ...(spec.audience ? { audience: spec.audience } : {}),
    ...(spec.intendedUse === 'regulated' ? { regulated: true } : {}),
    riskTier: spec.riskTier,
    ...(spec.riskRule ? { riskRule: spec.riskRule } : {}),
    riskPolicyVersion: 0,
    ...(spec.description ? { description: spec.description } : {}),
    currentVersion: spec.versions,
    createdAt: spec.createdAt,
    updatedAt: spec.updatedAt,
  };
}

/** Float32 little-endian bytes, as the enrichment repository stores vectors. */
const vectorBytes = (vector: Float32Array): Buffer => Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
const json = (value: unknown): string => JSON.stringify(value);

/** The rows of one asset, added to the batch's tables. */
function addAssetRows(
  tables: BatchTables,
  spec: SearchAssetSpec,
  context: { seed: number; catalogue: SearchCatalogue; space: SearchEmbeddingSpace; key: AuditKey },
): void {
  const { catalogue, key } = context;
  const asset = newAssetOf(spec, catalogue);
  tables.assets.add(
    asset.id,
    asset.title,
    asset.kind,
    asset.status,
    json(asset.quarantineReasons),
    asset.prompt ?? null,
    asset.tool ?? null,
    asset.model ?? null,
    asset.toolVersion ?? null,
    asset.intendedUse ?? null,
    asset.rightsStatus,
    asset.requestorId ?? null,
    asset.teamId ?? null,
    asset.campaignId ?? null,
    asset.currentVersion,
    asset.createdAt,
    asset.updatedAt,
    rowDigest(key, 'asset', asset.id, assetDigestFields(asset)),
    asset.riskTier ?? null,
    asset.riskRule ?? null,
    asset.riskPolicyVersion ?? null,
    asset.audience ?? null,
    asset.regulated === undefined ? null : asset.regulated ? 1 : 0,
    asset.description ?? null,
    asset.updatedAt,
  );

  const provenance = provenanceOf(spec);
  const version = (number: number, id: string, sha256: string, size: number): void => {
    tables.blobs.add(sha256, size, spec.mediaType, spec.createdAt);
    const row: AssetVersion = {
      id,
      assetId: spec.id,
      number,
      blob: { sha256, size },
      mediaType: spec.mediaType,
      fileName: spec.fileName,
      width: spec.width,
      height: spec.height,
      provenance,
      createdAt: spec.createdAt,
      createdBy: builtBy,
    };
    tables.versions.add(
      id,
      spec.id,
      number,
      sha256,
      spec.mediaType,
      spec.fileName,
      spec.width,
      spec.height,
      json(provenance),
      spec.createdAt,
      builtBy,
      rowDigest(key, 'version', id, versionDigestFields(row)),
    );
  };
  if (spec.versions === 2) {
    // An earlier version with other bytes: search must show the current one's enrichment, not this one's.
    version(
      1,
      corpusId(Date.parse(spec.createdAt), 1, context.seed, spec.index),
      digestOf({ corpus: context.seed, index: spec.index, version: 1 }),
      Math.floor(spec.size * 0.9),
    );
  }
  version(spec.versions, spec.versionId, spec.blobSha256, spec.size);

  // Enrichment of the current version.
  const v = spec.versionId;
  const at = spec.updatedAt;
  const result = (enricher: string, model: string, modelVersion: string, value: unknown) =>
    tables.results.add(v, enricher, model, modelVersion, 'done', at, json(value));
  result('palette', 'provena-palette-kmeans-lab', '2', { colours: spec.palette.length });
  spec.palette.forEach((c, rank) =>
    tables.palette.add(v, rank, c.hex, c.lab.l, c.lab.a, c.lab.b, c.share, c.name, c.family),
  );
  const h = spec.hashes;
  tables.hashes.add(
    v,
    spec.id,
    'dhash-phash-64-inset@2',
    h.d[0],
    h.d[1],
    h.p[0],
    h.p[1],
    h.insetD[0],
    h.insetD[1],
    h.insetP[0],
    h.insetP[1],
    at,
    Math.min(256, spec.width),
    Math.min(256, Math.round((256 * spec.height) / spec.width)),
  );
  result('hashes', 'dhash-phash-64-inset', '2', { nearDuplicates: spec.family && spec.index % 4 !== 0 ? 1 : 0 });
  const conceptTags = spec.tags.filter((t) => t.source === 'prompt' || t.source === 'file-name');
  result('concept-tags', 'provena-concept-tags', 'bench+rules@1', { tags: conceptTags.length });
  const visualTags = spec.tags.filter((t) => t.source === 'visual');
  result('visual-tags', embeddingModel, embeddingModelVersion, { tags: visualTags.length });
  const seen = new Set<string>();
  for (const t of spec.tags) {
    const keyOfTag = `${t.source}\u0000${t.category}\u0000${t.label}`;
    if (seen.has(keyOfTag)) continue;
    seen.add(keyOfTag);
    tables.tags.add(v, t.source, t.label, t.category, t.confidence, t.model);
  }
  const vector = context.space.vectorOf(spec);
  tables.embeddings.add(v, embeddingModel, embeddingModelVersion, vector.length, vectorBytes(vector), at);
  result('embeddings', embeddingModel, embeddingModelVersion, { dimensions: vector.length });
  result('text', 'tesseract.js-eng-best-int', '7.0.0+3', {
    wordCount: spec.ocr?.words.length ?? 0,
    text: spec.ocr?.text ?? '',
    words: spec.ocr?.words ?? [],
  });
  const faces = Array.from({ length: spec.faces }, (_, i) => ({
    box: {
      x: Math.floor((spec.width / (spec.faces + 1)) * (i + 0.6)),
      y: Math.floor(spec.height * 0.25),
      width: Math.floor(spec.width / (spec.faces + 3)),
      height: Math.floor(spec.width / (spec.faces + 3)),
    },
    score: 0.9,
  }));
  result('faces', 'human-blazeface+facemesh', '3.3.6+tfjs-wasm-4.22.0', {
    count: faces.length,
    faces,
    containsPeople: spec.faces > 0 || spec.objects.includes('person'),
  });
  const objects = spec.objects.map((label) => ({
    label,
    score: 0.8,
    box: { x: 0, y: 0, width: Math.floor(spec.width / 2), height: Math.floor(spec.height / 2) },
  }));
  result('objects', 'human-centernet', '3.3.6+tfjs-wasm-4.22.0', {
    count: objects.length,
    objects,
    tags: spec.objects.length,
  });

  // Lineage, families and near-duplicate links.
  // Every member names the family by the same id: made from the group alone, not from a member's own dates.
  const familyId = spec.family ? corpusId(corpusEnd, 0x201, context.seed, spec.family.groupIndex) : undefined;
  if (spec.aiInvolvement !== 'none')
    tables.lineage.add(spec.id, spec.versions, promptKey(spec.prompt) ?? null, spec.seed ?? null, familyId ?? null);
  if (spec.family && familyId) {
    const canonicalId =
      spec.index === spec.family.canonicalIndex
        ? spec.id
        : generateSearchAsset(context.seed, spec.family.canonicalIndex).id;
    if (spec.index === spec.family.canonicalIndex)
      tables.families.add(familyId, spec.family.state, spec.id, 'batch', spec.createdAt, spec.updatedAt);
    const canonical = spec.index === spec.family.canonicalIndex;
    tables.members.add(
      spec.id,
      familyId,
      canonical ? 'canonical' : 'variant',
      spec.family.state,
      'batch',
      canonical ? null : canonicalId,
      spec.createdAt,
    );
    if (!canonical)
      tables.links.add(
        spec.id,
        spec.versions,
        canonicalId,
        'variant-candidate',
        4,
        5,
        'direct',
        0.93,
        'pHash 5 and dHash 4 bits apart, same batch',
        'phash-dhash@1',
        spec.createdAt,
      );
  }

  if (spec.brandCheck)
    tables.brandChecks.add(
      corpusId(Date.parse(spec.updatedAt), 0x301, context.seed, spec.index),
      spec.id,
      spec.versions,
      catalogue.brands[spec.brandCheck.brandIndex]!.id,
      1,
      json([]),
      json({}),
      spec.brandCheck.score,
      spec.brandCheck.verdict,
      'workflow',
      1,
      spec.updatedAt,
      'system:brand-check',
    );
}

async function writeBatch(db: Kysely<Database>, writer: BulkWriter, tables: BatchTables): Promise<number> {
  let rows = 0;
  await db.transaction().execute(async (trx) => {
    for (const table of Object.values(tables)) {
      await writer.write(trx, table);
      rows += table.rows.length;
    }
  });
  return rows;
}

/** The teams, campaigns, requestors and brands (each brand with one guideline version) the assets refer to. */
export async function writeSearchCatalogue(
  db: Kysely<Database>,
  dialect: Dialect,
  catalogue: SearchCatalogue,
): Promise<void> {
  const writer = new BulkWriter(dialect);
  const at = '2024-11-01T00:00:00.000Z';
  const tables = [
    ['teams', catalogue.teams],
    ['campaigns', catalogue.campaigns],
    ['users', catalogue.users],
  ] as const;
  await db.transaction().execute(async (trx) => {
    for (const [table, entries] of tables) {
      const rows = new TableRows(table, 'id slug name created_at');
      for (const entry of entries) rows.add(entry.id, entry.slug, entry.name, at);
      await writer.write(trx, rows);
    }
    const brands = new TableRows('brands', 'id slug name created_at created_by');
    const guidelines = new TableRows(
      'brand_guidelines',
      'brand_id version:int4 document:jsonb digest note created_at created_by',
    );
    catalogue.brands.forEach((brand, i) => {
      brands.add(brand.id, brand.slug, brand.name, at, builtBy);
      const document = {
        brand: { name: brand.name, spellings: [] },
        appliesTo: { teams: catalogue.teams.filter((_, t) => t % catalogue.brands.length === i).map((t) => t.slug) },
        rules: [],
      };
      guidelines.add(brand.id, 1, json(document), digestOf(document), 'search benchmark', at, builtBy);
    });
    await writer.write(trx, brands);
    await writer.write(trx, guidelines);
  });
}

/** Writes the given assets (and nothing else) in one transaction: the relevance set's corpus, tests. */
export async function writeSearchAssets(
  db: Kysely<Database>,
  dialect: Dialect,
  specs: readonly SearchAssetSpec[],
  options: { seed: number; catalogue: SearchCatalogue; key: AuditKey; space?: SearchEmbeddingSpace },
): Promise<number> {
  const tables = batchTables();
  const context = { ...options, space: options.space ?? new SearchEmbeddingSpace(options.seed) };
  for (const spec of specs) addAssetRows(tables, spec, context);
  return writeBatch(db, new BulkWriter(dialect), tables);
}

export interface SearchLibraryProgress {
  assets: number;
  total: number;
  rows: number;
  elapsedMs: number;
}

export interface SearchLibraryOptions {
  /** An open, migrated database (openDatabase in src/storage/database.ts); the asset tables should be empty. */
  db: Kysely<Database>;
  dialect: Dialect;
  /** How many assets (default 1,000,000). */
  assets?: number;
  /** Default 1: the same seed always makes the same library. */
  seed?: number;
  /** The key of the row digests (default searchLibraryAuditKey). */
  auditKey?: AuditKey;
  /** Assets per transaction (a multiple of 4: a variant family never spans two); default 2,000. */
  batch?: number;
  onProgress?: (progress: SearchLibraryProgress) => void;
  /**
   * Runs once every row is written: the place for the search index's rebuild (`reindex`), which fills the index
   * tables from the rows this wrote. Its time is reported apart from the build's.
   */
  afterBuild?: (db: Kysely<Database>) => Promise<void>;
}

export interface SearchLibraryReport {
  assets: number;
  rows: number;
  seed: number;
  buildMs: number;
  afterBuildMs?: number;
  rowsPerSecond: number;
  assetsPerSecond: number;
}

/** Builds the library; memory stays flat (one batch of rows at a time). */
export async function buildSearchLibrary(options: SearchLibraryOptions): Promise<SearchLibraryReport> {
  const total = options.assets ?? 1_000_000;
  const seed = options.seed ?? 1;
  const batch = Math.max(4, Math.floor((options.batch ?? 2000) / 4) * 4);
  const key = options.auditKey ?? searchLibraryAuditKey;
  const catalogue = searchCatalogue(seed);
  const space = new SearchEmbeddingSpace(seed);
  const writer = new BulkWriter(options.dialect);
  const started = performance.now();
  await writeSearchCatalogue(options.db, options.dialect, catalogue);
  let rows = 0;
  for (let from = 0; from < total; from += batch) {
    const tables = batchTables();
    const to = Math.min(total, from + batch);
    for (let index = from; index < to; index++) {
      const spec = generateSearchAsset(seed, index);
      // A family cut short by the total: its members beyond the end do not exist, the canonical still does.
      addAssetRows(tables, spec, { seed, catalogue, space, key });
    }
    rows += await writeBatch(options.db, writer, tables);
    options.onProgress?.({ assets: to, total, rows, elapsedMs: performance.now() - started });
  }
  const buildMs = performance.now() - started;
  let afterBuildMs: number | undefined;
  if (options.afterBuild) {
    const hookStarted = performance.now();
    await options.afterBuild(options.db);
    afterBuildMs = performance.now() - hookStarted;
  }
  return {
    assets: total,
    rows,
    seed,
    buildMs,
    ...(afterBuildMs !== undefined ? { afterBuildMs } : {}),
    rowsPerSecond: rows / (buildMs / 1000),
    assetsPerSecond: total / (buildMs / 1000),
  };
}
