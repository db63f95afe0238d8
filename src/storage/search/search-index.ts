/**
 * The full-text search index (issue 14 §1, decision 0029): one denormalised row per asset in `search_documents`,
 * made from the base tables by ONE statement defined here (`documentColumns`), and kept current by database triggers
 * on those tables, in the writing transaction, whoever writes (services, jobs, bulk loads, other processes).
 *
 * SQLite: search_fts, an FTS5 external-content table over the text columns (content triggers on search_documents
 * keep it in step), and per-row triggers on the base tables whose bodies are the refresh statement itself.
 * PostgreSQL: a `provena` text search configuration (english with unaccent), a stored generated `search_vector`
 * (weights A–D) in one GIN index with the month of creation and the common filters (btree_gin; decision 0040), the
 * refresh statement in one function (provena_refresh_search_documents) called by statement-level triggers over their
 * transition tables (twenty tags inserted in one statement refresh once).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../database.ts';
import { createSearchVocabulary, dropSearchVocabulary, refreshSearchVocabulary } from './search-vocabulary.ts';

/** Any Kysely (the migration's Kysely<unknown>, the store's Kysely<Database>): this module runs raw SQL only. */
type AnyDb = Parameters<RawBuilder<unknown>['execute']>[0];

/** SQL text of one column's value over `a` (assets), `v` (its current version) and `c` (its campaign). */
type Expression = (dialect: Dialect) => string;

interface DocumentColumn {
  name: string;
  type: 'text' | 'integer' | 'real';
  notNull?: boolean;
  value: Expression;
}

const both =
  (text: string): Expression =>
  () =>
    text;

/** A text value of the current version's provenance (asset_versions.provenance: JSON text / jsonb). */
const provenance =
  (...path: string[]): Expression =>
  (dialect) =>
    dialect === 'sqlite'
      ? `json_extract(v.provenance, '$.${path.join('.')}')`
      : `(v.provenance #>> '{${path.join(',')}}')`;

/** The distinct labels of the current version's tags that meet `condition`, in label order, space-separated. */
const labels =
  (condition: string): Expression =>
  (dialect) =>
    dialect === 'sqlite'
      ? `(select group_concat(label, ' ' order by label) from ` +
        `(select distinct t.label from tags t where t.version_id = v.id and ${condition}))`
      : `(select string_agg(distinct t.label, ' ' order by t.label) from tags t ` +
        `where t.version_id = v.id and ${condition})`;

/** A finished step's result (enrichment_results.result) of the current version. */
const stepResult = (enricher: string, select: { sqlite: string; postgres: string }): Expression => {
  const from = `from enrichment_results r where r.version_id = v.id and r.enricher = '${enricher}' and r.status = 'done'`;
  return (dialect) => `(select ${select[dialect]} ${from})`;
};

/**
 * `_` and `.` as spaces: PostgreSQL's parser reads `sunset_beach.png` as one host-name token (and SQLite's would
 * split it anyway), so file names and titles made from them keep their words searchable alike on both.
 */
const words =
  (column: string): Expression =>
  (dialect) =>
    dialect === 'sqlite' ? `replace(replace(${column}, '_', ' '), '.', ' ')` : `translate(${column}, '_.', '  ')`;

/** The current brand check with the lowest score (an asset checked against several brands is as good as its worst). */
const worstBrandCheck = (column: string): Expression =>
  both(
    `(select b.${column} from brand_checks b where b.asset_id = a.id and b.current = 1 ` +
      `order by b.score, b.brand_id limit 1)`,
  );

/** Every column of search_documents but the keys and the tsvector, and how the refresh computes it. */
export const documentColumns: readonly DocumentColumn[] = [
  { name: 'asset_id', type: 'text', notNull: true, value: both('a.id') },
  { name: 'title', type: 'text', notNull: true, value: words('a.title') },
  { name: 'description', type: 'text', value: both('a.description') },
  // The prompt declared at intake, else the one read from the file.
  { name: 'prompt', type: 'text', value: (d) => `coalesce(a.prompt, ${provenance('prompt', 'positive')(d)})` },
  { name: 'negative_prompt', type: 'text', value: provenance('prompt', 'negative') },
  // Moderation labels are scores' class names (Neutral, Drawing…), not words about the picture.
  { name: 'tags', type: 'text', value: labels(`t.source <> 'objects' and t.category <> 'moderation'`) },
  { name: 'objects', type: 'text', value: labels(`t.source = 'objects'`) },
  {
    name: 'ocr_text',
    type: 'text',
    value: stepResult('text', { sqlite: `json_extract(r.result, '$.text')`, postgres: `r.result ->> 'text'` }),
  },
  { name: 'file_name', type: 'text', value: words('v.file_name') },
  { name: 'campaign', type: 'text', value: both('c.name') },
  { name: 'status', type: 'text', notNull: true, value: both('a.status') },
  { name: 'kind', type: 'text', notNull: true, value: both('a.kind') },
  { name: 'risk_tier', type: 'integer', value: both('a.risk_tier') },
  { name: 'team_id', type: 'text', value: both('a.team_id') },
  { name: 'campaign_id', type: 'text', value: both('a.campaign_id') },
  { name: 'requestor_id', type: 'text', value: both('a.requestor_id') },
  { name: 'tool', type: 'text', value: (d) => `coalesce(a.tool, ${provenance('generator', 'system')(d)})` },
  { name: 'model', type: 'text', value: (d) => `coalesce(a.model, ${provenance('generator', 'model')(d)})` },
  { name: 'ai_involvement', type: 'text', value: provenance('aiInvolvement') },
  { name: 'rights_status', type: 'text', notNull: true, value: both('a.rights_status') },
  { name: 'intended_use', type: 'text', value: both('a.intended_use') },
  { name: 'width', type: 'integer', value: both('v.width') },
  { name: 'height', type: 'integer', value: both('v.height') },
  {
    name: 'orientation',
    type: 'text',
    value: both(
      `case when v.width is null or v.height is null then null when v.width > v.height then 'landscape' ` +
        `when v.width < v.height then 'portrait' else 'square' end`,
    ),
  },
  {
    name: 'c2pa_state',
    type: 'text',
    notNull: true,
    value: (d) =>
      d === 'sqlite'
        ? `case when json_extract(v.provenance, '$.c2pa.present') = 1 ` +
          `then coalesce(lower(json_extract(v.provenance, '$.c2pa.validationState')), 'present') else 'absent' end`
        : `case when (v.provenance -> 'c2pa' -> 'present') = 'true'::jsonb ` +
          `then coalesce(lower(v.provenance #>> '{c2pa,validationState}'), 'present') else 'absent' end`,
  },
  {
    name: 'faces',
    type: 'integer',
    value: stepResult('faces', {
      sqlite: `cast(json_extract(r.result, '$.count') as integer)`,
      // A cast of a malformed value would fail the enrichment's own write: only numbers are read.
      postgres: `case when jsonb_typeof(r.result -> 'count') = 'number' then floor((r.result ->> 'count')::numeric)::integer end`,
    }),
  },
  { name: 'brand_score', type: 'real', value: worstBrandCheck('score') },
  { name: 'brand_verdict', type: 'text', value: worstBrandCheck('verdict') },
  { name: 'created_at', type: 'text', notNull: true, value: both('a.created_at') },
  { name: 'updated_at', type: 'text', notNull: true, value: both('a.updated_at') },
  { name: 'deleted_at', type: 'text', value: both('a.deleted_at') },
];

/** The enrichment steps whose results the document reads: other steps' results never refresh it. */
const documentSteps = `('text', 'faces')`;

/**
 * The text columns, in search_fts's column order, with their weights: bm25 weights on SQLite, tsvector weight
 * classes on PostgreSQL (A title; B prompt, tags, objects; C description, OCR text, file name, campaign; D negative).
 */
export const searchTextColumns = [
  { name: 'title', bm25: 10, weight: 'A' },
  { name: 'prompt', bm25: 5, weight: 'B' },
  { name: 'tags', bm25: 4, weight: 'B' },
  { name: 'objects', bm25: 4, weight: 'B' },
  { name: 'description', bm25: 3, weight: 'C' },
  { name: 'ocr_text', bm25: 2, weight: 'C' },
  { name: 'file_name', bm25: 2, weight: 'C' },
  { name: 'campaign', bm25: 2, weight: 'C' },
  { name: 'negative_prompt', bm25: 0.5, weight: 'D' },
] as const;
export type SearchTextColumn = (typeof searchTextColumns)[number]['name'];

/**
 * The FTS5 columns each field scope of the query language searches (domain/search-query.ts TextScope; `any` is
 * every column): for text-match.ts's column filters. On PostgreSQL a scope is its columns' weight class.
 */
export const searchColumnsOfScope = {
  title: ['title'],
  prompt: ['prompt'],
  text: ['ocr_text'],
  file: ['file_name'],
  tag: ['tags', 'objects'],
  object: ['objects'],
} as const satisfies Record<string, readonly SearchTextColumn[]>;

/**
 * Characters of each text column indexed. A tsvector holds at most 1 MB: a prompt of megabytes in a file's metadata
 * would otherwise fail the write that stores it (the trigger's error is the write's). 10,000 characters per column
 * keep all nine columns' lexemes and positions well under it; what lies beyond is not searchable.
 */
export const maxIndexedCharacters = 10_000;

/** ts_rank_cd's weights of the classes {D, C, B, A}, in the ratios of the bm25 weights (title 10 = 1). */
export const postgresRankWeights = '{0.05, 0.25, 0.45, 1.0}';

const textSearchConfiguration = 'provena';

/**
 * The refresh: every document `condition` (over `a`, the assets table) selects, recomputed from the base tables and
 * upserted. `force` rewrites rows that did not change too (a rebuild after an analyser change: PostgreSQL recomputes
 * the generated tsvector only on a write); otherwise an unchanged row is left alone, which spares the FTS and GIN
 * indexes (most base-table writes, a status change say, change one filter column or nothing).
 */
export function refreshStatement(dialect: Dialect, condition: string, options: { force?: boolean } = {}): string {
  const names = documentColumns.map((column) => column.name);
  const text = new Set<string>(searchTextColumns.map((column) => column.name));
  const values = documentColumns.map((column) =>
    text.has(column.name)
      ? `substr(${column.value(dialect)}, 1, ${maxIndexedCharacters}) as ${column.name}`
      : `${column.value(dialect)} as ${column.name}`,
  );
  const updated = names.filter((name) => name !== 'asset_id');
  const changed =
    dialect === 'sqlite'
      ? updated.map((name) => `search_documents.${name} is not excluded.${name}`).join(' or ')
      : `(${updated.map((name) => `search_documents.${name}`).join(', ')}) is distinct from ` +
        `(${updated.map((name) => `excluded.${name}`).join(', ')})`;
  return (
    `insert into search_documents (${names.join(', ')}) ` +
    `select ${values.join(', ')} from assets a ` +
    `left join asset_versions v on v.asset_id = a.id and v.number = a.current_version ` +
    `left join campaigns c on c.id = a.campaign_id ` +
    // SQLite needs a WHERE here in any case: `SELECT … FROM … ON CONFLICT` would read ON as a join's.
    `where ${condition} ` +
    `on conflict (asset_id) do update set ${updated.map((name) => `${name} = excluded.${name}`).join(', ')}` +
    (options.force ? '' : ` where ${changed}`)
  );
}

/** A base-table write that changes documents, and which ones. */
interface TriggerSource {
  table: string;
  event: 'insert' | 'update' | 'delete';
  /** SQLite: the documents to refresh, a condition on `a` over the trigger's `new.`/`old.` row. */
  sqlite: string;
  /** SQLite: a WHEN clause, for writes that concern the document only sometimes. */
  sqliteWhen?: string;
  /** PostgreSQL: the asset ids, a query over the statement's transition table `changed`. */
  postgres: string;
  /** The asset is gone: its document is deleted rather than refreshed. */
  removes?: boolean;
}

function triggerSources(): TriggerSource[] {
  const viaVersion = (row: 'new' | 'old'): string =>
    `a.id = (select asset_id from asset_versions where id = ${row}.version_id)`;
  const changedVersions = `select v.asset_id from changed t join asset_versions v on v.id = t.version_id`;
  const sources: TriggerSource[] = [
    { table: 'assets', event: 'insert', sqlite: 'a.id = new.id', postgres: 'select id from changed' },
    { table: 'assets', event: 'update', sqlite: 'a.id = new.id', postgres: 'select id from changed' },
    { table: 'assets', event: 'delete', sqlite: 'old.id', postgres: 'select id from changed', removes: true },
    {
      table: 'asset_versions',
      event: 'insert',
      sqlite: 'a.id = new.asset_id',
      postgres: 'select asset_id from changed',
    },
    {
      table: 'asset_versions',
      event: 'update',
      sqlite: 'a.id = new.asset_id',
      postgres: 'select asset_id from changed',
    },
    { table: 'tags', event: 'insert', sqlite: viaVersion('new'), postgres: changedVersions },
    { table: 'tags', event: 'update', sqlite: viaVersion('new'), postgres: changedVersions },
    { table: 'tags', event: 'delete', sqlite: viaVersion('old'), postgres: changedVersions },
    { table: 'brand_checks', event: 'insert', sqlite: 'a.id = new.asset_id', postgres: 'select asset_id from changed' },
    { table: 'brand_checks', event: 'update', sqlite: 'a.id = new.asset_id', postgres: 'select asset_id from changed' },
    { table: 'brand_checks', event: 'delete', sqlite: 'a.id = old.asset_id', postgres: 'select asset_id from changed' },
    // A campaign renamed: every asset in it.
    {
      table: 'campaigns',
      event: 'update',
      sqlite: 'a.campaign_id = new.id',
      sqliteWhen: 'old.name is not new.name',
      postgres: 'select a.id from assets a join changed c on c.id = a.campaign_id',
    },
  ];
  for (const event of ['insert', 'update', 'delete'] as const) {
    const row = event === 'delete' ? 'old' : 'new';
    sources.push({
      table: 'enrichment_results',
      event,
      sqlite: viaVersion(row),
      sqliteWhen: `${row}.enricher in ${documentSteps}`,
      postgres: `${changedVersions} where t.enricher in ${documentSteps}`,
    });
  }
  return sources;
}

const triggerName = (source: TriggerSource) => `search_refresh_${source.table}_${source.event}`;
const triggerFunctionName = (source: TriggerSource) => `provena_search_${source.table}_${source.event}`;

/** The statements that create the base tables' triggers (and, on PostgreSQL, their functions). */
function triggerStatements(dialect: Dialect): string[] {
  return triggerSources().flatMap((source) => {
    const name = triggerName(source);
    if (dialect === 'sqlite') {
      const body = source.removes
        ? `delete from search_documents where asset_id = ${source.sqlite};`
        : `${refreshStatement(dialect, source.sqlite)};`;
      const when = source.sqliteWhen ? ` when ${source.sqliteWhen}` : '';
      return [`create trigger ${name} after ${source.event} on ${source.table}${when} begin ${body} end`];
    }
    const assets = `array(select distinct x.id from (${source.postgres}) x(id) where x.id is not null)`;
    const body = source.removes
      ? `delete from search_documents where asset_id = any(${assets});`
      : `perform provena_refresh_search_documents(${assets});`;
    const transition = source.event === 'delete' ? 'old table as changed' : 'new table as changed';
    return [
      `create or replace function ${triggerFunctionName(source)}() returns trigger language plpgsql as $$ ` +
        `begin ${body} return null; end $$`,
      `create trigger ${name} after ${source.event} on ${source.table} referencing ${transition} ` +
        `for each statement execute function ${triggerFunctionName(source)}()`,
    ];
  });
}

async function run(db: AnyDb, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

/**
 * Creates the index: the table, its filter indexes, the text index (FTS5 / tsvector + GIN, with the extensions and
 * text search configuration it needs), the refresh function (PostgreSQL) and the triggers. Empty: rebuild fills it.
 */
export async function createSearchIndex(db: AnyDb, dialect: Dialect): Promise<void> {
  const columns = documentColumns.map((column) => {
    const type = dialect === 'postgres' && column.type === 'real' ? 'double precision' : column.type;
    if (column.name === 'asset_id')
      return dialect === 'sqlite' ? 'asset_id text not null unique' : 'asset_id text primary key';
    return `${column.name} ${type}${column.notNull ? ' not null' : ''}`;
  });
  if (dialect === 'sqlite') {
    // doc_id: a stable integer rowid for the FTS5 table (a text key's implicit rowid may change on VACUUM).
    await run(db, `create table search_documents (doc_id integer primary key, ${columns.join(', ')})`);
    const text = searchTextColumns.map((column) => column.name);
    await run(
      db,
      `create virtual table search_fts using fts5(${text.join(', ')}, content='search_documents', ` +
        `content_rowid='doc_id', tokenize='porter unicode61 remove_diacritics 2')`,
    );
    const values = (row: 'new' | 'old') => text.map((name) => `${row}.${name}`).join(', ');
    // FTS5's standard external-content triggers; an update re-indexes only when a text column changed.
    await run(
      db,
      `create trigger search_documents_fts_insert after insert on search_documents begin ` +
        `insert into search_fts (rowid, ${text.join(', ')}) values (new.doc_id, ${values('new')}); end`,
    );
    await run(
      db,
      `create trigger search_documents_fts_delete after delete on search_documents begin ` +
        `insert into search_fts (search_fts, rowid, ${text.join(', ')}) values ('delete', old.doc_id, ${values('old')}); end`,
    );
    await run(
      db,
      `create trigger search_documents_fts_update after update on search_documents ` +
        `when ${text.map((name) => `old.${name} is not new.${name}`).join(' or ')} begin ` +
        `insert into search_fts (search_fts, rowid, ${text.join(', ')}) values ('delete', old.doc_id, ${values('old')}); ` +
        `insert into search_fts (rowid, ${text.join(', ')}) values (new.doc_id, ${values('new')}); end`,
    );
  } else {
    // Both are contrib modules marked trusted: a database owner may create them without being a superuser.
    await run(db, 'create extension if not exists unaccent');
    await run(db, 'create extension if not exists pg_trgm');
    await run(db, `create text search configuration ${textSearchConfiguration} (copy = english)`);
    // Accents are folded before stemming (café → cafe), for words with non-ASCII letters (ASCII ones have none).
    await run(
      db,
      `alter text search configuration ${textSearchConfiguration} ` +
        `alter mapping for hword, hword_part, word with unaccent, english_stem`,
    );
    const vector = searchTextColumns
      .map(
        (column) =>
          `setweight(to_tsvector('${textSearchConfiguration}'::regconfig, coalesce(${column.name}, '')), '${column.weight}')`,
      )
      .join(' || ');
    await run(
      db,
      `create table search_documents (${columns.join(', ')}, ` +
        `search_vector tsvector generated always as (${vector}) stored)`,
    );
    // The text's GIN index is made with the filters' (createSearchFilterIndexes): one index over both.
    // For prefix and misspelt title lookups (similarity, ILIKE) that the tsvector cannot answer.
    await run(db, 'create index search_documents_title_trgm_idx on search_documents using gin (title gin_trgm_ops)');
    // The asset rows are locked first, in id order, as every asset update does before its own trigger writes the
    // document: one lock order (asset, then document) whoever writes, so that a transaction writing tags before its
    // status change and an edit of the same asset queue rather than deadlock.
    await run(
      db,
      `create or replace function provena_refresh_search_documents(asset_ids text[]) returns void ` +
        `language plpgsql as $$ begin if cardinality(asset_ids) = 0 then return; end if; ` +
        `perform 1 from assets where id = any(asset_ids) order by id for no key update; ` +
        `${refreshStatement(dialect, 'a.id = any(asset_ids)')}; end $$`,
    );
    await run(
      db,
      `create or replace function provena_refresh_search_document(asset text) returns void language plpgsql as $$ ` +
        `begin perform provena_refresh_search_documents(array[asset]); end $$`,
    );
  }
  await createSearchFilterIndexes(db, dialect);
  // The indexed words, for typo tolerance (PostgreSQL; SQLite reads FTS5's own vocabulary).
  await createSearchVocabulary(db, dialect);
  await resumeSearchTriggers(db, dialect);
}

/**
 * PostgreSQL: a document's month of creation ('2026-06', from the ISO text: no time zone involved), as the match
 * index holds it and the search's month-by-month read names it.
 */
export const createdMonth = (table?: string): string => `left(${table ? `${table}.` : ''}created_at, 7)`;

/** The filters PostgreSQL's match index holds beside the text, as the search's conditions name them. */
const matchIndexFilters = [
  'status',
  'risk_tier',
  'team_id',
  'campaign_id',
  'requestor_id',
  '(lower(model))',
  '(lower(tool))',
  'ai_involvement',
  'rights_status',
  'intended_use',
  'kind',
];

/** Every column of search_documents a filter or a facet reads: all but the text columns. */
const filterColumns = documentColumns
  .map((column) => column.name)
  .filter((name) => !searchTextColumns.some((text) => text.name === name));

/**
 * The indexes the search reads besides SQLite's FTS5 table (decision 0031), `if not exists`: a library built before one
 * was added gets it too (bench:search runs this). The common filters without text, and the facets' groupings, with
 * ties in asset id order like the search's keyset. SQLite also gets a covering index of the filter columns by doc_id:
 * a text search there checks its filters for every document the text matches (FTS5 first: FTS5 checking one rowid at
 * a time is far slower), and reading them from this narrow index rather than the wide rows, which hold the texts,
 * takes a fifth to a third off a broad match (decision 0031). The read names it (INDEXED BY): without statistics
 * the planner would read the table. PostgreSQL's text index is made here too, as one GIN index with the filters
 * (decision 0040).
 */
export async function createSearchFilterIndexes(db: AnyDb, dialect: Dialect): Promise<void> {
  for (const column of ['team_id', 'campaign_id', 'status', 'model', 'tool', 'created_at'])
    await run(
      db,
      `create index if not exists search_documents_${column}_idx on search_documents (${column}, asset_id)`,
    );
  if (dialect === 'sqlite')
    await run(
      db,
      `create index if not exists search_documents_filters_idx on search_documents (doc_id, ${filterColumns.join(', ')})`,
    );
  else {
    // PostgreSQL's facet sample over a broad match (decision 0038): the documents of a few hash buckets, which the
    // planner ANDs with the text's bitmap so that only the sample's rows are read.
    await run(
      db,
      'create index if not exists search_documents_sample_idx on search_documents ((hashtext(asset_id) & 1023))',
    );
    // The text and the common filters in one GIN index (btree_gin indexes the scalar columns; decision 0040): a text
    // search's bitmap is then the match itself, its filters included, so that only matching rows are read, and the
    // month of creation lets a broad search read its newest months' matches one month at a time.
    await run(db, 'create extension if not exists btree_gin');
    await run(
      db,
      `create index if not exists search_documents_match_idx on search_documents using gin ` +
        `(search_vector, (${createdMonth()}), ${matchIndexFilters.join(', ')})`,
    );
    // Its first column answers what the text-only index did.
    await run(db, 'drop index if exists search_documents_vector_idx');
  }
  // The dashboard's aggregates (storage/dashboard.repository.ts: growth by day, AI share, brand verdicts, per team)
  // read this narrow covering index rather than the wide rows.
  await run(
    db,
    'create index if not exists search_documents_dashboard_idx on search_documents ' +
      '(team_id, created_at, deleted_at, ai_involvement, brand_verdict, asset_id)',
  );
}

/**
 * Removes the whole index (triggers, functions, tables, the text search configuration; the extensions stay), for a
 * migration that changes the definition: it drops, then runs createSearchIndex and rebuildSearchIndex (decision 0029).
 */
export async function dropSearchIndex(db: AnyDb, dialect: Dialect): Promise<void> {
  await suspendSearchTriggers(db, dialect);
  if (dialect === 'sqlite') {
    for (const event of ['insert', 'delete', 'update'])
      await run(db, `drop trigger if exists search_documents_fts_${event}`);
    await run(db, 'drop table if exists search_fts');
    await run(db, 'drop table if exists search_documents');
    return;
  }
  for (const source of triggerSources()) await run(db, `drop function if exists ${triggerFunctionName(source)}()`);
  await run(db, 'drop function if exists provena_refresh_search_document(text)');
  await run(db, 'drop function if exists provena_refresh_search_documents(text[])');
  await dropSearchVocabulary(db, dialect);
  await run(db, 'drop table if exists search_documents');
  await run(db, `drop text search configuration if exists ${textSearchConfiguration}`);
}

/**
 * Drops the base tables' triggers: a bulk loader writes its rows without keeping the index, then calls
 * resumeSearchTriggers and rebuildSearchIndex. Until then searches miss what was written meanwhile.
 */
export async function suspendSearchTriggers(db: AnyDb, dialect: Dialect): Promise<void> {
  for (const source of triggerSources())
    await run(
      db,
      dialect === 'sqlite'
        ? `drop trigger if exists ${triggerName(source)}`
        : `drop trigger if exists ${triggerName(source)} on ${source.table}`,
    );
}

/** Creates the base tables' triggers again (replacing any that exist). Rebuild after it, not before. */
export async function resumeSearchTriggers(db: AnyDb, dialect: Dialect): Promise<void> {
  await suspendSearchTriggers(db, dialect);
  for (const statement of triggerStatements(dialect)) await run(db, statement);
}

export interface SearchRebuildProgress {
  /** Assets whose documents are recomputed so far. */
  done: number;
  /** Assets when the rebuild began. */
  total: number;
}

export interface SearchRebuildOptions {
  onProgress?: (progress: SearchRebuildProgress) => void;
  /** Assets per statement (default 2,000): each batch is its own transaction, so writers wait at most one. */
  batchSize?: number;
  /**
   * The analyser changed (a tokenizer or text search configuration): every row's text is indexed again, not only
   * the rows whose values differ.
   */
  retokenise?: boolean;
}

/**
 * Recomputes every document from the base tables in keyset batches of asset ids, and deletes the documents of
 * assets that are gone: after a bulk load with the triggers suspended, or an analyser change. Safe while others
 * write (the triggers keep what they touch current; a batch recomputes from committed rows).
 */
export async function rebuildSearchIndex(
  db: AnyDb,
  dialect: Dialect,
  options: SearchRebuildOptions = {},
): Promise<{ documents: number }> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 2000));
  const { rows: counted } = await sql<{ n: number | string }>`select count(*) as n from assets`.execute(db);
  const total = Number(counted[0]?.n ?? 0);
  let done = 0;
  options.onProgress?.({ done, total });
  for (let after: string | undefined; ;) {
    const { rows } = await sql<{ id: string }>`
      select id from assets ${after === undefined ? sql`` : sql`where id > ${after}`}
      order by id limit ${batchSize}`.execute(db);
    const first = rows[0]?.id;
    const last = rows[rows.length - 1]?.id;
    if (first === undefined || last === undefined) break;
    await refreshRange(db, dialect, first, last, options.retokenise === true);
    done += rows.length;
    after = last;
    options.onProgress?.({ done, total: Math.max(total, done) });
  }
  await sql`delete from search_documents where not exists (
              select 1 from assets where assets.id = search_documents.asset_id)`.execute(db);
  // The FTS5 table re-reads every row's text through the (new) tokenizer.
  if (dialect === 'sqlite' && options.retokenise)
    await run(db, `insert into search_fts (search_fts) values ('rebuild')`);
  await refreshSearchVocabulary(db, dialect);
  const { rows: documents } = await sql<{ n: number | string }>`select count(*) as n from search_documents`.execute(db);
  return { documents: Number(documents[0]?.n ?? 0) };
}

/** The refresh statement over assets `first`..`last` (by id), with the bounds bound as parameters. */
async function refreshRange(db: AnyDb, dialect: Dialect, first: string, last: string, force: boolean): Promise<void> {
  const marker = '__range__';
  const [head, tail] = refreshStatement(dialect, marker, { force }).split(marker) as [string, string];
  const statement: RawBuilder<unknown> =
    dialect === 'sqlite'
      ? sql`${sql.raw(head)}a.id >= ${first} and a.id <= ${last}${sql.raw(tail)}`
      : // The triggers' lock order (asset rows in id order, then documents), so that a rebuild beside writers queues.
        sql`with locked as materialized (
              select id from assets where id >= ${first} and id <= ${last} order by id for no key update)
            ${sql.raw(head)}a.id in (select id from locked)${sql.raw(tail)}`;
  await statement.execute(db);
}
