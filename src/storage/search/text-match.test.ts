/**
 * The translation of a query's text tree to FTS5 MATCH and to_tsquery, checked three ways: the exact text for known
 * trees; the rows a REAL engine returns for random trees against the rows the tree's own meaning picks (so the
 * exclusion rewriting for FTS5's binary NOT is right, and field scopes reach the right columns or weights); and
 * thousands of hostile query texts parsed, translated and run on a real engine without a single syntax error.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProvenaError } from '../../domain/errors.ts';
import {
  parseSearchQuery,
  textScopes,
  type TextNode,
  type TextScope,
  type TextTerm,
} from '../../domain/search-query.ts';
import { createTestDatabase, describeDialect, type TestDatabase } from '../../../test/dialects.ts';
import { anyQueryText, hostileFragments, queryLikeText } from '../../../test/search-query-strings.ts';
import { defaultTsWeightsOfScope, toFts5Match, toTsQuery, type Fts5ColumnsOfScope } from './text-match.ts';

const span = { start: 0, end: 1 };
const term = (text: string, kind: TextTerm['kind'] = 'word', scope: TextScope = 'any'): TextTerm => ({
  type: 'term',
  kind,
  text,
  scope,
  span,
});
const and = (...children: TextNode[]): TextNode => ({ type: 'and', children, span });
const or = (...children: TextNode[]): TextNode => ({ type: 'or', children, span });
const not = (child: TextNode): TextNode => ({ type: 'not', child, span });

/** The columns of the test corpus, as the lead's table might name them. */
const columns = ['title', 'prompt', 'ocr', 'file', 'tags', 'objects', 'negative'] as const;
type Column = (typeof columns)[number];
const fts5Columns: Fts5ColumnsOfScope = {
  any: [],
  title: ['title'],
  prompt: ['prompt'],
  text: ['ocr'],
  file: ['file'],
  tag: ['tags'],
  object: ['objects'],
};
/** The weight each column gets in the PostgreSQL tsvector (text-match.ts documents the mapping). */
const columnWeights: Record<Column, string> = {
  title: 'A',
  prompt: 'B',
  tags: 'B',
  objects: 'B',
  ocr: 'C',
  file: 'C',
  negative: 'D',
};
const fts5ColumnsOf = (scope: TextScope): readonly Column[] =>
  scope === 'any' ? columns : (fts5Columns[scope] as readonly Column[]);
const tsColumnsOf = (scope: TextScope): readonly Column[] =>
  scope === 'any' ? columns : columns.filter((c) => defaultTsWeightsOfScope[scope].includes(columnWeights[c]));

describe('toFts5Match', () => {
  it('quotes every term, marks prefixes, and filters columns by scope', () => {
    const tree = and(term('sun', 'prefix'), term('say "hi"', 'phrase', 'title'), term('cat', 'word', 'tag'));
    expect(toFts5Match(tree, fts5Columns)).toEqual({
      match: '("sun" *) AND ({title} : "say ""hi""") AND ({tags} : "cat")',
      complement: false,
    });
  });

  it('writes exclusions with the binary NOT, and turns a query of exclusions around', () => {
    expect(toFts5Match(and(term('a'), not(term('b')), not(term('c'))), fts5Columns)).toEqual({
      match: '("a") NOT (("b") OR ("c"))',
      complement: false,
    });
    expect(toFts5Match(not(term('people', 'word', 'tag')), fts5Columns)).toEqual({
      match: '{tags} : "people"',
      complement: true,
    });
    expect(toFts5Match(and(not(term('a')), not(term('b'))), fts5Columns)).toEqual({
      match: '("a") OR ("b")',
      complement: true,
    });
    // sunset OR -people: the rows that are not (people and not sunset).
    expect(toFts5Match(or(term('sunset'), not(term('people'))), fts5Columns)).toEqual({
      match: '("people") NOT ("sunset")',
      complement: true,
    });
  });

  it('searches every column for scope any, whether any is given empty or left out', () => {
    const { any: _any, ...withoutAny } = fts5Columns;
    expect(toFts5Match(term('x'), withoutAny)).toEqual({ match: '"x"', complement: false });
    expect(toFts5Match(term('x'), fts5Columns)).toEqual({ match: '"x"', complement: false });
  });

  it('refuses a scope without columns and a column name that is not an identifier (code errors, not user errors)', () => {
    expect(() => toFts5Match(term('x', 'word', 'tag'), { ...fts5Columns, tag: [] })).toThrow(/no FTS5 column/);
    expect(() => toFts5Match(term('x', 'word', 'tag'), { ...fts5Columns, tag: ['tags}:'] })).toThrow(/not an FTS5/);
  });
});

describe('toTsQuery', () => {
  it('quotes every lexeme (doubling quotes and backslashes), weights scoped terms and marks prefixes', () => {
    const tree = and(
      term('sun', 'prefix'),
      term("it's a\\b", 'phrase', 'title'),
      or(term('cat', 'word', 'tag'), term('ocr', 'prefix', 'text')),
      not(term('people')),
    );
    expect(toTsQuery(tree)).toBe("'sun':* & 'it''s a\\\\b':A & ('cat':B | 'ocr':*C) & !'people'");
    expect(toTsQuery(not(or(term('a'), not(term('b')))))).toBe("!('a' | !'b')");
  });
});

/** The words of the corpus: each stems to itself under both porter (FTS5) and english_stem (PostgreSQL). */
const vocabulary = ['alpha', 'bravo', 'delta', 'echo', 'golf', 'hotel', 'kilo', 'lima', 'oscar', 'tango'];

/** A small corpus: every document a few words in each column, fixed by a seed so failures repeat. */
const corpus: Array<Record<Column, string>> = fc.sample(
  fc.record(
    Object.fromEntries(
      columns.map((c) => [
        c,
        fc.array(fc.constantFrom(...vocabulary), { minLength: 0, maxLength: 3 }).map((w) => w.join(' ')),
      ]),
    ) as Record<Column, fc.Arbitrary<string>>,
  ),
  { numRuns: 60, seed: 14 },
);

const termArbitrary: fc.Arbitrary<TextTerm> = fc
  .record({
    kind: fc.constantFrom<TextTerm['kind']>('word', 'word', 'prefix', 'phrase'),
    first: fc.constantFrom(...vocabulary),
    second: fc.constantFrom(...vocabulary),
    scope: fc.constantFrom(...textScopes),
  })
  .map(({ kind, first, second, scope }) =>
    term(kind === 'prefix' ? first.slice(0, 2) : kind === 'phrase' ? `${first} ${second}` : first, kind, scope),
  );

const treeArbitrary: fc.Arbitrary<TextNode> = fc.letrec<{ node: TextNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    termArbitrary,
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((children) => and(...children)),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((children) => or(...children)),
    tie('node').map(not),
  ),
})).node;

/**
 * How an engine lays a document's words out for phrases: FTS5 keeps each column apart; PostgreSQL's tsvector is the
 * columns concatenated (tsvector || tsvector shifts positions to follow on), so there a phrase can run from the end
 * of one column into the start of the next when both are in scope.
 */
type Layout = 'columns apart' | 'columns in sequence';

/** What the tree means for one document, given the columns each scope searches. */
function holds(
  node: TextNode,
  doc: Record<Column, string>,
  columnsOf: (scope: TextScope) => readonly Column[],
  layout: Layout,
): boolean {
  switch (node.type) {
    case 'term': {
      const inScope = columnsOf(node.scope);
      const wordsOf = (c: Column): Array<{ word: string; inScope: boolean }> =>
        doc[c]
          .split(' ')
          .filter((w) => w !== '')
          .map((word) => ({ word, inScope: inScope.includes(c) }));
      const runs = layout === 'columns apart' ? inScope.map(wordsOf) : [columns.flatMap(wordsOf)];
      const wanted = node.text.split(' ');
      return runs.some((words) =>
        words.some((_, i) =>
          wanted.every((w, j) => {
            const at = words[i + j];
            if (!at?.inScope) return false;
            return node.kind === 'prefix' ? at.word.startsWith(w) : at.word === w;
          }),
        ),
      );
    }
    case 'not':
      return !holds(node.child, doc, columnsOf, layout);
    case 'and':
      return node.children.every((c) => holds(c, doc, columnsOf, layout));
    case 'or':
      return node.children.some((c) => holds(c, doc, columnsOf, layout));
  }
}

const expectedIds = (tree: TextNode, columnsOf: (scope: TextScope) => readonly Column[], layout: Layout): number[] =>
  corpus.flatMap((doc, i) => (holds(tree, doc, columnsOf, layout) ? [i + 1] : []));

const now = new Date('2026-12-07T12:00:00.000Z');

/** Hostile texts that parse, with the parsed tree: the ones the engines must take without a syntax error. */
function parsedHostileTrees(count: number): Array<{ text: string; tree: TextNode }> {
  const texts = [
    ...fc.sample(fc.oneof(anyQueryText, queryLikeText), { numRuns: count, seed: 1414 }),
    ...hostileFragments.flatMap((f) => [`x${f}y`, `"a ${f} b"`, `title:"${f}z"`, `w${f}*`, `-"${f}q" r`]),
  ];
  const trees: Array<{ text: string; tree: TextNode }> = [];
  for (const text of texts) {
    try {
      const { text: tree } = parseSearchQuery(text, now);
      if (tree) trees.push({ text, tree });
    } catch (error) {
      if (!isProvenaError(error) || error.code !== 'QUERY_INVALID') throw error;
    }
  }
  return trees;
}

/**
 * Terms holding each hostile fragment as is, built without the parser (which refuses some of them, such as a lone
 * quote): the quoting alone must keep them text. Control characters are left out: the parser refuses them, and
 * PostgreSQL text cannot hold NUL at all.
 */
const rawHostileTrees: TextNode[] = hostileFragments
  .filter((f) => !/[\p{Cc}]/u.test(f) && !/\p{Cs}/u.test(f))
  .flatMap((f) => [
    term(f),
    term(f, 'prefix', 'title'),
    term(`${f} ${f}`, 'phrase', 'tag'),
    and(term('alpha'), not(term(f, 'word', 'text'))),
    or(term(f, 'prefix'), not(term(`a${f}`))),
  ]);

describe('FTS5: the translation on a real table (better-sqlite3, porter unicode61 remove_diacritics 2)', () => {
  let db: Database.Database;
  beforeAll(() => {
    db = new Database(':memory:');
    db.exec(
      `create virtual table fts using fts5(${columns.join(', ')}, tokenize = 'porter unicode61 remove_diacritics 2')`,
    );
    const insert = db.prepare(
      `insert into fts (rowid, ${columns.join(', ')}) values (?, ${columns.map(() => '?').join(', ')})`,
    );
    corpus.forEach((doc, i) => insert.run(i + 1, ...columns.map((c) => doc[c])));
  });
  afterAll(() => db.close());

  const run = (tree: TextNode): number[] => {
    const { match, complement } = toFts5Match(tree, fts5Columns);
    const sql = complement
      ? 'select rowid as id from fts where rowid not in (select rowid from fts where fts match ?) order by rowid'
      : 'select rowid as id from fts where fts match ? order by rowid';
    return (db.prepare(sql).all(match) as Array<{ id: number }>).map((r) => r.id);
  };

  it('returns exactly the rows the tree means, for random trees of words, prefixes, phrases, scopes, AND, OR and NOT', () => {
    fc.assert(
      fc.property(treeArbitrary, (tree) => {
        expect(run(tree)).toEqual(expectedIds(tree, fts5ColumnsOf, 'columns apart'));
      }),
      { numRuns: 1500 },
    );
  });

  it('folds diacritics and stems, in queries as in documents', () => {
    db.prepare('insert into fts (rowid, title) values (?, ?)').run(1000, 'Café crème running');
    expect(run(term('cafe', 'word', 'title'))).toContain(1000);
    expect(run(term('CRÈME'))).toContain(1000);
    expect(run(term('runs'))).toContain(1000);
    db.prepare('delete from fts where rowid = 1000').run();
  });

  it('takes thousands of hostile query texts, parsed and translated, without a syntax error', () => {
    const trees = parsedHostileTrees(4000);
    expect(trees.length).toBeGreaterThan(1000);
    for (const { text, tree } of trees) {
      try {
        run(tree);
      } catch (error) {
        throw new Error(
          `FTS5 refused ${JSON.stringify(text)} as ${toFts5Match(tree, fts5Columns).match}: ${String(error)}`,
        );
      }
    }
  });

  it('takes terms holding any hostile fragment, quoted only by the translation', () => {
    for (const tree of rawHostileTrees) expect(() => run(tree), toFts5Match(tree, fts5Columns).match).not.toThrow();
  });
});

describeDialect('postgres', 'to_tsquery: the translation on a real PostgreSQL (english with unaccent)', () => {
  let database: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    client.on('notice', () => undefined); // "query contains only stop words" is a notice, not an error
    await client.query('create extension if not exists unaccent');
    await client.query('create text search configuration provena (copy = english)');
    await client.query(
      'alter text search configuration provena alter mapping for hword, hword_part, word with unaccent, english_stem',
    );
    await client.query('create table docs (id int primary key, document tsvector not null)');
    const weighted = columns
      .map((c, i) => `setweight(to_tsvector('provena', $${i + 2}), '${columnWeights[c]}')`)
      .join(' || ');
    for (const [i, doc] of corpus.entries())
      await client.query(`insert into docs values ($1, ${weighted})`, [i + 1, ...columns.map((c) => doc[c])]);
  });
  afterAll(async () => {
    await client?.end();
    await database?.dispose();
  });

  const run = async (tree: TextNode): Promise<number[]> => {
    const result = await client.query<{ id: number }>(
      "select id from docs where document @@ to_tsquery('provena', $1) order by id",
      [toTsQuery(tree)],
    );
    return result.rows.map((r) => r.id);
  };

  it('returns exactly the rows the tree means, scopes read as weights', async () => {
    await fc.assert(
      fc.asyncProperty(treeArbitrary, async (tree) => {
        expect(await run(tree)).toEqual(expectedIds(tree, tsColumnsOf, 'columns in sequence'));
      }),
      { numRuns: 400 },
    );
  });

  it('folds diacritics and stems, in queries as in documents', async () => {
    await client.query(`insert into docs values (1000, to_tsvector('provena', 'Café crème running'))`);
    expect(await run(term('cafe'))).toContain(1000);
    expect(await run(term('CRÈME'))).toContain(1000);
    expect(await run(term('runs'))).toContain(1000);
    expect(await run(term('café crème', 'phrase'))).toContain(1000);
    await client.query('delete from docs where id = 1000');
  });

  it('takes thousands of hostile query texts, parsed and translated, without a syntax error', async () => {
    const trees = parsedHostileTrees(4000);
    expect(trees.length).toBeGreaterThan(1000);
    for (const { text, tree } of trees) {
      try {
        await run(tree);
      } catch (error) {
        throw new Error(`PostgreSQL refused ${JSON.stringify(text)} as ${toTsQuery(tree)}: ${String(error)}`);
      }
    }
  });

  it('takes terms holding any hostile fragment, quoted only by the translation', async () => {
    for (const tree of rawHostileTrees) {
      await expect(run(tree), toTsQuery(tree)).resolves.toBeDefined();
    }
  });
});
