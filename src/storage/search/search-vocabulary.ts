/**
 * The words the search index holds, with how many documents hold each, for typo tolerance (decision 0030): a query
 * word the index does not know (or knows far less than a word one edit away) also matches the indexed words one edit
 * away from it, the most frequent first.
 *
 * SQLite: FTS5's own vocabulary of search_fts (an fts5vocab table, made per connection in the temp schema: it reads
 * the index itself, so it is always current and costs writes nothing). PostgreSQL: search_vocabulary, a table of the
 * tsvector's lexemes — new ones added by a trigger on search_documents in the writing transaction (insert only, `on
 * conflict do nothing`: no row lock on a known word, so writers never queue on frequent words), document counts
 * recounted by the rebuild (ts_stat over the whole index is a full scan: once per rebuild, never per query).
 *
 * Both hold stems ("lighthous"): candidates are spelt out one edit away from the typed word, stemmed as the index
 * stems (porter-stem.ts; PostgreSQL's english_stem) and looked up; a correction is the spelt-out candidate, which the
 * engine stems back to the stem found.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import { maxCorrectionsPerWord, wordsOneEditAway } from '../../domain/search-expansion.ts';
import type { Dialect } from '../database.ts';
import type { Database } from '../schema.ts';
import { porterStem } from './porter-stem.ts';

type AnyDb = Parameters<RawBuilder<unknown>['execute']>[0];

/**
 * A known word is corrected only toward words at least this many times as frequent: a rare real word ("filigree")
 * keeps its meaning unless a word one edit away is far more common, as a misspelling's target is.
 */
export const correctionFrequencyRatio = 20;

/**
 * Only words held by fewer documents than this are looked up further (their ~54 × length candidates): a query of
 * known words costs one look-up. On SQLite each candidate is a seek of FTS5's vocabulary, ~0.2 ms on an index of
 * twenty segments, so the lookup of an unknown word costs tens of milliseconds (decision 0030).
 */
export const rareWordDocuments = 3;

/** PostgreSQL: the vocabulary table and the triggers that add the lexemes of every document written. */
export async function createSearchVocabulary(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`create table search_vocabulary (word text primary key, documents integer not null)`.execute(db);
  // Lexemes in order: two writers adding the same new words take their index entries in one order, never crosswise.
  await sql
    .raw(
      `create or replace function provena_search_vocabulary_add() returns trigger language plpgsql as $$ begin ` +
        `insert into search_vocabulary (word, documents) ` +
        `select distinct w.lexeme, 1 from changed d, unnest(d.search_vector) w order by 1 ` +
        `on conflict (word) do nothing; return null; end $$`,
    )
    .execute(db);
  for (const event of ['insert', 'update'])
    await sql
      .raw(
        `create trigger search_vocabulary_${event} after ${event} on search_documents ` +
          `referencing new table as changed for each statement execute function provena_search_vocabulary_add()`,
      )
      .execute(db);
  await refreshSearchVocabulary(db, dialect);
}

export async function dropSearchVocabulary(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`drop table if exists search_vocabulary`.execute(db);
  await sql`drop function if exists provena_search_vocabulary_add() cascade`.execute(db);
}

/**
 * PostgreSQL: every lexeme of the index with its document count, words no document holds any more removed; one
 * statement, so a search never sees it half done. SQLite's vocabulary is the index's own.
 */
export async function refreshSearchVocabulary(db: AnyDb, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return;
  // An index made before the vocabulary existed (a bench library, say) is rebuilt without one.
  const { rows } = await sql<{ present: boolean }>`
    select to_regclass('search_vocabulary') is not null as present`.execute(db);
  if (rows[0]?.present !== true) return;
  await sql`
    with fresh as (select word, ndoc from ts_stat('select search_vector from search_documents')),
    gone as (delete from search_vocabulary v where not exists (select 1 from fresh where fresh.word = v.word))
    insert into search_vocabulary (word, documents) select word, ndoc from fresh order by word
    on conflict (word) do update set documents = excluded.documents`.execute(db);
}

/** Per spelling: its stem and how many documents hold that stem (0: none). */
type Counted = Map<string, { stem: string; documents: number }>;

export class SearchVocabulary {
  /** PostgreSQL: whether search_vocabulary exists (a database indexed before it did answers without corrections). */
  private postgresTable: Promise<boolean> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * For each folded word (search-expansion.ts's correctableWords), up to maxCorrectionsPerWord spellings one edit
   * away whose stems the index holds — when the word's own stem is absent, or far rarer than theirs — the most
   * frequent first. Two look-ups at most: the words themselves, then the candidates of those that need them.
   */
  async corrections(words: readonly string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    if (words.length === 0 || !(await this.available())) return found;
    const own = await this.counted(words);
    const needing = words.filter((word) => (own.get(word)?.documents ?? 0) < rareWordDocuments);
    if (needing.length === 0) return found;
    for (const word of needing) {
      const candidates = wordsOneEditAway(word);
      const counted = await this.counted(candidates, word.slice(0, 2));
      const mine = own.get(word) ?? { stem: '', documents: 0 };
      const best = new Map<string, { spelling: string; documents: number }>();
      for (const spelling of candidates) {
        const entry = counted.get(spelling);
        if (!entry || entry.documents === 0 || entry.stem === mine.stem) continue;
        if (entry.documents < Math.max(1, mine.documents * correctionFrequencyRatio)) continue;
        const known = best.get(entry.stem);
        if (!known || spelling < known.spelling) best.set(entry.stem, { spelling, documents: entry.documents });
      }
      const chosen = [...best.values()]
        .sort((a, b) => b.documents - a.documents || a.spelling.localeCompare(b.spelling))
        .slice(0, maxCorrectionsPerWord)
        .map((candidate) => candidate.spelling);
      if (chosen.length > 0) found.set(word, chosen);
    }
    return found;
  }

  private available(): Promise<boolean> {
    if (this.dialect === 'sqlite')
      return sql`create virtual table if not exists temp.search_fts_vocabulary using fts5vocab(main, search_fts, row)`
        .execute(this.db)
        .then(() => true);
    this.postgresTable ??= sql<{ present: boolean }>`select to_regclass('search_vocabulary') is not null as present`
      .execute(this.db)
      .then(({ rows }) => rows[0]?.present === true);
    return this.postgresTable;
  }

  /**
   * Each spelling's stem as the index stems it, and the documents holding that stem. SQLite: the stems that begin
   * with `block` (two letters: most candidates of a word, edited after its second letter) are read by one range
   * scan of the vocabulary, the others one by one — each of those is a seek through every segment of the index.
   */
  private async counted(spellings: readonly string[], block = ''): Promise<Counted> {
    const counted: Counted = new Map();
    if (this.dialect === 'sqlite') {
      const stems = new Map(spellings.map((spelling) => [spelling, porterStem(spelling)]));
      const blockEnd =
        block === '' ? '' : block.slice(0, -1) + String.fromCharCode(block.charCodeAt(block.length - 1) + 1);
      const single = [...new Set(stems.values())].filter((stem) => block === '' || !stem.startsWith(block));
      const { rows } = await sql<{ term: string; doc: number }>`
        select term, doc from temp.search_fts_vocabulary where term >= ${block} and term < ${blockEnd}
        union all
        select term, doc from temp.search_fts_vocabulary
        where term in (select value from json_each(${JSON.stringify(single)}))`.execute(this.db);
      const documents = new Map(rows.map((row) => [row.term, Number(row.doc)]));
      for (const [spelling, stem] of stems) counted.set(spelling, { stem, documents: documents.get(stem) ?? 0 });
      return counted;
    }
    // english_stem is the dictionary the `provena` configuration stems plain words with; a stop word has no stem.
    const { rows } = await sql<{ spelling: string; stem: string | null; documents: number | null }>`
      select c.spelling, s.stem, v.documents
      from unnest(${[...spellings]}::text[]) c(spelling)
      cross join lateral (select (ts_lexize('english_stem', c.spelling))[1] as stem) s
      left join search_vocabulary v on v.word = s.stem`.execute(this.db);
    for (const row of rows)
      if (row.stem !== null) counted.set(row.spelling, { stem: row.stem, documents: Number(row.documents ?? 0) });
    return counted;
  }
}
