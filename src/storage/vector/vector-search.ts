/**
 * Nearest-neighbour search over stored embeddings (issue 14 §4, decision 0027): the `k` assets whose CURRENT
 * version's embedding of a model is closest in cosine to a query vector, best first, among the assets a caller's
 * `restrict` (SQL over `assets`: the search's filters and the caller's team scope) admits. Soft-deleted assets
 * never come back. Whatever the method, nothing outside `restrict` is returned, and k results come back whenever k
 * exist: an approximate pass that finds too few is followed by an exact one.
 *
 * - PostgreSQL with pgvector: the HNSW index over the `ann` halfvec column (migration 0015) with iterative index
 *   scans, so that rows the filters drop are replaced by further index entries.
 * - SQLite: every binary code of the model in memory (code-index.ts, with each code's asset and version number); the
 *   closest codes' assets checked in `assets` (restrict, deleted, current version), the survivors' float vectors
 *   read back and ranked exactly. With a selective `restrict` the codes are compared only among the admitted
 *   versions.
 * - Exact (PostgreSQL without pgvector, dimensions without an index, small libraries, and the reference for
 *   recall): every admitted vector read and compared.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { validationFailed, type FieldProblem } from '../../domain/errors.ts';
import type { EnrichmentDatabase } from '../enrichment.schema.ts';
import { enablePgvector, indexedDimensions } from '../migrations/0015-vector-search.ts';
import type { Database } from '../schema.ts';
import { binaryCode, bytesToCode } from './binary-code.ts';
import { CodeIndex } from './code-index.ts';
import { hasAnnColumn, isPostgres } from './searchable-form.ts';
import { bytesToVector, unitVector, vectorLiteral } from './vector-bytes.ts';

/** A condition over the `assets` table (and only it) that every returned asset satisfies. */
export type VectorRestriction = (eb: ExpressionBuilder<Database, 'assets'>) => Expression<SqlBool>;

export interface NearestQuery {
  /** The embedding model whose stored vectors are searched (e.g. 'mobilenet-v2'). */
  model: string;
  vector: Float32Array | readonly number[];
  /** How many neighbours, 1…maxNeighbours. */
  k: number;
  restrict?: VectorRestriction;
}

export interface Neighbour {
  assetId: string;
  versionId: string;
  /** Cosine similarity, -1…1 (halfvec precision, ±0.001, on PostgreSQL with pgvector). */
  similarity: number;
}

export type VectorSearchMethod = 'hnsw' | 'binary-codes' | 'exact';

export interface VectorSearchOptions {
  /** SQLite: how many candidates (closest codes) are re-ranked exactly. Recall rises with it; so does latency. */
  rerankDepth?: number;
  /** SQLite: below this many stored codes the search is exact (cheaper than comparing codes, and exact). */
  exactBelow?: number;
  /** PostgreSQL: hnsw.ef_search, the candidate list of the index scan. */
  efSearch?: number;
  /** SQLite: the in-memory codes read what other processes stored when they are older than this. */
  refreshMs?: number;
  /** Told once per process when the search falls back to exact for want of pgvector (a doctor/log line). */
  onNotice?: (line: string) => void;
}

export const maxNeighbours = 1000;
export const defaultRerankDepth = 400;
export const defaultEfSearch = 200;
const defaultRefreshMs = 1000;
/** How far before the last refresh a refresh reads again: a row's stamp precedes its commit (see 0004). */
const refreshMarginMs = 15_000;
/** SQLite filtered search: at most this many times rerankDepth candidates are checked against `restrict`. */
const postFilterWidening = 16;
const idsPerQuery = 5000;

interface EmbeddingCodeRow {
  version_id: string;
  model: string;
  asset_id: string;
  version_number: number;
  code: Uint8Array;
  stored_at: string;
}
type VectorDatabase = EnrichmentDatabase & { embedding_codes: EmbeddingCodeRow };

interface ModelCodes {
  index: CodeIndex;
  /** Start of the last load or refresh: wall clock for stored_at, monotonic for its age. */
  wall: number;
  mono: number;
  refreshing?: Promise<void>;
}

interface Candidate {
  assetId: string;
  versionId: string;
  vector: Float32Array;
}

export const pgvectorMissingNotice =
  'vector search: pgvector is not installed on this PostgreSQL server, so nearest-neighbour search is exact ' +
  '(it reads every vector: slow past ~100k assets). Install pgvector (docs/decisions/0027-vector-search.md), ' +
  'then run provena search rebuild (VectorSearch.enableIndex adds the index).';

export class VectorSearch {
  private readonly db: Kysely<VectorDatabase>;
  private readonly postgres: boolean;
  private readonly codes = new Map<string, ModelCodes>();
  private noticeGiven = false;

  constructor(
    db: Kysely<Database>,
    private readonly options: VectorSearchOptions = {},
  ) {
    this.db = db.withTables<Omit<VectorDatabase, keyof Database>>();
    this.postgres = isPostgres(db);
  }

  /** How this database answers nearest(), for doctor: a method and, for exact fallbacks, why. */
  async method(): Promise<{ method: VectorSearchMethod; note?: string }> {
    if (!this.postgres) return { method: 'binary-codes' };
    if (await hasAnnColumn(this.db)) return { method: 'hnsw' };
    return { method: 'exact', note: pgvectorMissingNotice };
  }

  /**
   * PostgreSQL: adds pgvector's column and indexes (filling the column from the stored vectors) when the extension
   * became available after migration 0015 ran; returns whether the HNSW search is on. For `provena search rebuild` (SearchRepository.rebuild).
   */
  async enableIndex(): Promise<boolean> {
    if (!this.postgres) return false;
    return enablePgvector(this.db);
  }

  /** The k nearest current, non-deleted assets admitted by `restrict`, best first. */
  async nearest(query: NearestQuery): Promise<Neighbour[]> {
    const { vector, dimensions } = await this.checked(query);
    if (dimensions === undefined) return [];
    if (this.postgres) {
      if (!(await hasAnnColumn(this.db))) {
        if (!this.noticeGiven) this.options.onNotice?.(pgvectorMissingNotice);
        this.noticeGiven = true;
        return this.exactScan(query, vector, dimensions);
      }
      if (!(indexedDimensions as readonly number[]).includes(dimensions))
        return this.exactScan(query, vector, dimensions);
      return this.hnsw(query, vector, dimensions);
    }
    return this.binaryCodes(query, vector, dimensions);
  }

  /** The exact answer, reading every admitted vector: the reference the approximate methods are measured by. */
  async exactNearest(query: NearestQuery): Promise<Neighbour[]> {
    const { vector, dimensions } = await this.checked(query);
    if (dimensions === undefined) return [];
    return this.exactScan(query, vector, dimensions);
  }

  /** The query's vector as float32, and the model's stored dimension (undefined: nothing stored for the model). */
  private async checked(query: NearestQuery): Promise<{ vector: Float32Array; dimensions: number | undefined }> {
    const problems: FieldProblem[] = [];
    if (typeof query.model !== 'string' || query.model.trim() === '')
      problems.push({ field: 'model', problem: 'must name an embedding model' });
    if (!Number.isInteger(query.k) || query.k < 1 || query.k > maxNeighbours)
      problems.push({
        field: 'k',
        problem: `must be a whole number from 1 to ${maxNeighbours}, got ${String(query.k)}`,
      });
    const vector = Float32Array.from(query.vector ?? []);
    if (vector.length === 0) problems.push({ field: 'vector', problem: 'must hold at least one number' });
    else if (!vector.every(Number.isFinite))
      problems.push({ field: 'vector', problem: 'must hold finite numbers only (no NaN or infinity)' });
    else if (vector.every((x) => x === 0))
      problems.push({ field: 'vector', problem: 'is all zeros, which has no direction to compare by cosine' });
    if (problems.length > 0) throw validationFailed(problems);
    const row = await this.db
      .selectFrom('embeddings')
      .select('dimensions')
      .where('model', '=', query.model)
      .limit(1)
      .executeTakeFirst();
    if (!row) return { vector, dimensions: undefined };
    const dimensions = Number(row.dimensions);
    if (dimensions !== vector.length)
      throw validationFailed([
        {
          field: 'vector',
          problem: `has ${vector.length} dimensions, but model "${query.model}" embeddings have ${dimensions}`,
        },
      ]);
    return { vector, dimensions };
  }

  /** Embeddings of the model on current versions of assets that are not deleted and that `restrict` admits. */
  private admitted(model: string, dimensions: number, restrict: VectorRestriction | undefined) {
    let query = this.db
      .selectFrom('embeddings')
      .innerJoin('asset_versions', 'asset_versions.id', 'embeddings.version_id')
      .innerJoin('assets', (join) =>
        join
          .onRef('assets.id', '=', 'asset_versions.asset_id')
          .onRef('assets.current_version', '=', 'asset_versions.number'),
      )
      .where('embeddings.model', '=', model)
      .where('embeddings.dimensions', '=', dimensions)
      .where('assets.deleted_at', 'is', null);
    if (restrict) query = query.where((eb) => restrict(eb as unknown as ExpressionBuilder<Database, 'assets'>));
    return query;
  }

  private async exactScan(query: NearestQuery, vector: Float32Array, dimensions: number): Promise<Neighbour[]> {
    const best = new TopK(query.k);
    const queryNorm = norm(vector);
    // Keyset pages by version id: a million vectors never sit in memory at once.
    for (let after = ''; ;) {
      const rows = await this.admitted(query.model, dimensions, query.restrict)
        .select(['asset_versions.asset_id', 'embeddings.version_id', 'embeddings.vector'])
        .where('embeddings.version_id', '>', after)
        .orderBy('embeddings.version_id')
        .limit(idsPerQuery)
        .execute();
      for (const row of rows) {
        const stored = bytesToVector(row.vector);
        best.offer({ assetId: row.asset_id, versionId: row.version_id, similarity: cosine(vector, queryNorm, stored) });
      }
      if (rows.length < idsPerQuery) break;
      after = rows[rows.length - 1]!.version_id;
    }
    return best.sorted();
  }

  /**
   * pgvector's HNSW scan, iterated (relaxed order, re-sorted outside) until k admitted rows are found or the scan
   * gives up (hnsw.max_scan_tuples); when fewer than k came back, the exact search over the admitted rows answers.
   */
  private async hnsw(query: NearestQuery, vector: Float32Array, dimensions: number): Promise<Neighbour[]> {
    const halfvec = sql.raw(`halfvec(${dimensions})`);
    // Unit length: the query's components then fit halfvec (checked() refused vectors without a direction).
    const literal = vectorLiteral(unitVector(vector) ?? vector);
    const efSearch = Math.max(this.options.efSearch ?? defaultEfSearch, query.k);
    const run = async (trx: Kysely<VectorDatabase>) => {
      await sql`select set_config('hnsw.ef_search', ${String(efSearch)}, true),
                       set_config('hnsw.iterative_scan', 'relaxed_order', true)`.execute(trx);
      const distance = sql<number>`(embeddings.ann::${halfvec} <=> ${literal}::${halfvec})`;
      return trx
        .with(
          (cte) => cte('nearest').materialized(),
          () =>
            this.admitted(query.model, dimensions, query.restrict)
              .select(['asset_versions.asset_id', 'embeddings.version_id', distance.as('distance')])
              .orderBy(distance)
              .limit(query.k),
        )
        .selectFrom('nearest')
        .selectAll()
        .orderBy('distance')
        .execute();
    };
    const rows = this.db.isTransaction ? await run(this.db) : await this.db.transaction().execute(run);
    if (rows.length < query.k) return this.exactInDatabase(query, literal, dimensions);
    return rows.map((r) => ({ assetId: r.asset_id, versionId: r.version_id, similarity: 1 - Number(r.distance) }));
  }

  /** Exact on PostgreSQL: the distance on the uncast column matches no index, so every admitted row is compared. */
  private async exactInDatabase(query: NearestQuery, literal: string, dimensions: number): Promise<Neighbour[]> {
    const distance = sql<number>`(embeddings.ann <=> ${literal}::halfvec)`;
    const rows = await this.admitted(query.model, dimensions, query.restrict)
      .where(sql<boolean>`embeddings.ann is not null`)
      .select(['asset_versions.asset_id', 'embeddings.version_id', distance.as('distance')])
      .orderBy(distance)
      .orderBy('embeddings.version_id')
      .limit(query.k)
      .execute();
    return rows.map((r) => ({ assetId: r.asset_id, versionId: r.version_id, similarity: 1 - Number(r.distance) }));
  }

  /**
   * SQLite: the closest codes, then their stored floats ranked exactly. Unrestricted, or with a broad `restrict`,
   * the closest codes of all are checked against the SQL (widened while too few pass); a selective `restrict` is
   * evaluated first and the codes compared among the versions it admits only — exact once they are fewer than the
   * re-rank depth.
   */
  private async binaryCodes(query: NearestQuery, vector: Float32Array, dimensions: number): Promise<Neighbour[]> {
    const index = await this.codesOf(query.model);
    const depth = Math.max(this.options.rerankDepth ?? defaultRerankDepth, query.k);
    if (index.size < (this.options.exactBelow ?? depth)) return this.exactScan(query, vector, dimensions);
    const code = binaryCode(vector);
    // Unrestricted, every candidate but a stale one (an old version, a deleted asset) passes: the depth is ranked.
    // Restricted, the survivors of the closest codes overall: a third of the depth (decision 0027 has the trade).
    const wanted = query.restrict ? Math.max(query.k, Math.ceil(depth / 3)) : depth;
    const survivors: number[] = [];
    let checked = 0;
    let size = query.restrict ? 4 * depth : depth;
    for (;;) {
      const slots = index.closest(code, size);
      survivors.push(...(await this.admittedSlots(index, slots.slice(checked), query.restrict)));
      checked = slots.length;
      if (survivors.length >= wanted || slots.length < size) break;
      // Too few passed: widen by the share that did, up to a bound past which the filter goes first.
      const share = Math.max(survivors.length, 1) / checked;
      const next = Math.ceil((1.5 * wanted) / share);
      if (next > postFilterWidening * depth) return this.prefiltered(query, vector, dimensions, index, code, depth);
      size = Math.max(next, size * 2);
    }
    const candidates = await this.vectorsOf(
      query.model,
      dimensions,
      survivors.slice(0, depth).map((slot) => ({ assetId: index.assetIdAt(slot), versionId: index.versionIdAt(slot) })),
    );
    const found = rank(vector, candidates, query.k);
    if (found.length >= query.k) return found;
    // Fewer than k passed among every code compared (many stale entries, or fewer admitted than k): answer from the
    // SQL, which also sees versions stored since the last refresh.
    return query.restrict
      ? this.prefiltered(query, vector, dimensions, index, code, depth)
      : this.exactScan(query, vector, dimensions);
  }

  /**
   * The given slots whose asset `restrict` admits, is not deleted and has the slot's version as current, in the
   * order given: one primary-key look-up in `assets` per slot.
   */
  private async admittedSlots(index: CodeIndex, slots: number[], restrict?: VectorRestriction): Promise<number[]> {
    const current = new Map<string, number>();
    for (let start = 0; start < slots.length; start += idsPerQuery) {
      const assetIds = slots.slice(start, start + idsPerQuery).map((slot) => index.assetIdAt(slot));
      let rows = this.db
        .selectFrom('assets')
        .select(['assets.id', 'assets.current_version'])
        .where('assets.id', 'in', assetIds)
        .where('assets.deleted_at', 'is', null);
      if (restrict) rows = rows.where((eb) => restrict(eb as unknown as ExpressionBuilder<Database, 'assets'>));
      for (const row of await rows.execute()) current.set(row.id, Number(row.current_version));
    }
    return slots.filter((slot) => current.get(index.assetIdAt(slot)) === index.versionNumberAt(slot));
  }

  /** SQLite, selective filter: the admitted version ids from SQL, their closest codes, those ranked exactly. */
  private async prefiltered(
    query: NearestQuery,
    vector: Float32Array,
    dimensions: number,
    index: CodeIndex,
    code: Uint32Array,
    depth: number,
  ): Promise<Neighbour[]> {
    const rows = await this.admitted(query.model, dimensions, query.restrict)
      .select(['embeddings.version_id', 'asset_versions.asset_id'])
      .execute();
    const slots: number[] = [];
    // A version stored after the last refresh has no code here yet: it is ranked exactly, never missed.
    const unindexed: { assetId: string; versionId: string }[] = [];
    for (const row of rows) {
      const slot = index.slotOf(row.version_id);
      if (slot === undefined) unindexed.push({ assetId: row.asset_id, versionId: row.version_id });
      else slots.push(slot);
    }
    const chosen = index
      .closest(code, depth, slots)
      .map((slot) => ({ assetId: index.assetIdAt(slot), versionId: index.versionIdAt(slot) }));
    return rank(vector, await this.vectorsOf(query.model, dimensions, [...chosen, ...unindexed]), query.k);
  }

  /** The stored vectors of the given versions (already admitted), in the order given. */
  private async vectorsOf(
    model: string,
    dimensions: number,
    versions: { assetId: string; versionId: string }[],
  ): Promise<Candidate[]> {
    const found = new Map<string, Float32Array>();
    for (let start = 0; start < versions.length; start += idsPerQuery) {
      const rows = await this.db
        .selectFrom('embeddings')
        .select(['version_id', 'vector'])
        .where(
          'version_id',
          'in',
          versions.slice(start, start + idsPerQuery).map((v) => v.versionId),
        )
        // Without the (model, dimensions) index: SQLite would pick it for a long `in` list and read every row.
        .where(sql<string>`+model`, '=', model)
        .where('dimensions', '=', dimensions)
        .execute();
      for (const row of rows) found.set(row.version_id, bytesToVector(row.vector));
    }
    return versions.flatMap((v) => {
      const vector = found.get(v.versionId);
      return vector ? [{ ...v, vector }] : [];
    });
  }

  /** The model's codes, loaded on first use and brought up to date with other processes' writes when stale. */
  private async codesOf(model: string): Promise<CodeIndex> {
    let entry = this.codes.get(model);
    if (!entry) {
      const started = { wall: Date.now(), mono: performance.now() };
      const index = new CodeIndex();
      await this.readCodes(model, index);
      // Another caller may have loaded it meanwhile: keep one.
      entry = this.codes.get(model) ?? { index, ...started };
      this.codes.set(model, entry);
      return entry.index;
    }
    if (performance.now() - entry.mono > (this.options.refreshMs ?? defaultRefreshMs)) {
      const current = entry;
      current.refreshing ??= (async () => {
        const started = { wall: Date.now(), mono: performance.now() };
        await this.readCodes(model, current.index, new Date(current.wall - refreshMarginMs).toISOString());
        Object.assign(current, started);
      })().finally(() => {
        current.refreshing = undefined;
      });
      await current.refreshing;
    }
    return entry.index;
  }

  private async readCodes(model: string, index: CodeIndex, since?: string): Promise<void> {
    const pageSize = 20_000;
    for (let after = ''; ;) {
      let page = this.db
        .selectFrom('embedding_codes')
        .select(['version_id', 'asset_id', 'version_number', 'code'])
        .where('model', '=', model)
        .where('version_id', '>', after);
      if (since !== undefined) page = page.where('stored_at', '>=', since);
      const rows = await page.orderBy('version_id').limit(pageSize).execute();
      for (const row of rows)
        index.set(row.version_id, bytesToCode(row.code), row.asset_id, Number(row.version_number));
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1]!.version_id;
    }
  }
}

const norm = (v: Float32Array): number => {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  return Math.sqrt(sum);
};

function cosine(query: Float32Array, queryNorm: number, stored: Float32Array): number {
  let dot = 0;
  let sum = 0;
  for (let i = 0; i < query.length; i++) {
    const s = stored[i]!;
    dot += query[i]! * s;
    sum += s * s;
  }
  return sum === 0 ? 0 : dot / (queryNorm * Math.sqrt(sum));
}

function rank(vector: Float32Array, candidates: Candidate[], k: number): Neighbour[] {
  const best = new TopK(k);
  const queryNorm = norm(vector);
  for (const c of candidates)
    best.offer({ assetId: c.assetId, versionId: c.versionId, similarity: cosine(vector, queryNorm, c.vector) });
  return best.sorted();
}

/** The k most similar offered, most similar first (ties: smaller version id first, as the exact SQL orders). */
class TopK {
  private items: Neighbour[] = [];
  constructor(private readonly k: number) {}

  offer(item: Neighbour): void {
    if (this.items.length >= this.k && item.similarity < this.items[this.items.length - 1]!.similarity) return;
    this.items.push(item);
    this.items.sort(byBest);
    if (this.items.length > this.k) this.items.length = this.k;
  }

  sorted(): Neighbour[] {
    return this.items;
  }
}

const byBest = (a: Neighbour, b: Neighbour): number =>
  b.similarity - a.similarity || (a.versionId < b.versionId ? -1 : a.versionId > b.versionId ? 1 : 0);
