/**
 * The text tree of a parsed search query (domain/search-query.ts) in each engine's query syntax: an SQLite FTS5
 * MATCH expression, and the text for PostgreSQL's `to_tsquery('provena', $1)`. Both are bound as parameters, never
 * spliced into SQL, and both quote every term, so that user text is always a string to search for and never
 * operators, columns or syntax: FTS5 strings are "..." with " doubled; tsquery lexemes are '...' with ' and \ doubled.
 * Pure functions: no SQL runs here.
 */
import type { TextNode, TextScope, TextTerm } from '../../domain/search-query.ts';

/**
 * The FTS5 columns each scope searches; every scope but `any` names at least one. `any` absent or empty searches
 * every column of the table. Column names come from code (the index's definition), never from the query.
 */
export type Fts5ColumnsOfScope = Readonly<
  Record<Exclude<TextScope, 'any'>, readonly string[]> & { any?: readonly string[] }
>;

export interface Fts5Match {
  /** The expression for `MATCH ?`. */
  match: string;
  /**
   * True when the query is satisfied by the rows that do NOT match `match` — a query of exclusions only
   * (`-people`), or one whose exclusions cannot be written positively (`sunset OR -people`). FTS5 has only a binary
   * NOT (`a NOT b`), so such a query is turned around: the service searches every visible asset and leaves out
   * those matching `match` (`rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)`), keeping its filters.
   */
  complement: boolean;
}

const columnName = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** An FTS5 string: whatever it holds, FTS5 reads it as text to tokenize, never as syntax. */
const fts5String = (text: string): string => `"${text.replaceAll('"', '""')}"`;

function fts5ColumnFilter(scope: TextScope, columnsOfScope: Fts5ColumnsOfScope): string {
  const columns = columnsOfScope[scope] ?? [];
  if (scope !== 'any' && columns.length === 0) throw new Error(`no FTS5 column is given for the search scope ${scope}`);
  for (const column of columns) if (!columnName.test(column)) throw new Error(`${column} is not an FTS5 column name`);
  return columns.length === 0 ? '' : `{${columns.join(' ')}} : `;
}

function fts5Term(term: TextTerm, columnsOfScope: Fts5ColumnsOfScope): string {
  return `${fts5ColumnFilter(term.scope, columnsOfScope)}${fts5String(term.text)}${term.kind === 'prefix' ? ' *' : ''}`;
}

/**
 * A node in FTS5 syntax: either as itself (`positive`) or as its complement (`complement`: the node holds exactly
 * for the rows that do not match it). Exactly one is set. A node that holds for a row with none of the terms (a NOT,
 * an OR with a NOT in it) has only a complement form: FTS5 expressions, built from terms with AND, OR and binary
 * NOT, never match such a row.
 */
type Fts5Form = { positive: string } | { complement: string };

const group = (expressions: string[], operator: 'AND' | 'OR'): string =>
  expressions.length === 1 ? (expressions[0] as string) : expressions.map((e) => `(${e})`).join(` ${operator} `);

/** `(kept) NOT (left out)` or just `kept` when nothing is left out. */
const without = (kept: string[], leftOut: string[]): string =>
  leftOut.length === 0 ? group(kept, 'AND') : `(${group(kept, 'AND')}) NOT (${group(leftOut, 'OR')})`;

function fts5Form(node: TextNode, columnsOfScope: Fts5ColumnsOfScope): Fts5Form {
  switch (node.type) {
    case 'term':
      return { positive: fts5Term(node, columnsOfScope) };
    case 'not': {
      const inner = fts5Form(node.child, columnsOfScope);
      return 'positive' in inner ? { complement: inner.positive } : { positive: inner.complement };
    }
    case 'and': {
      const forms = node.children.map((child) => fts5Form(child, columnsOfScope));
      const positives = forms.flatMap((f) => ('positive' in f ? [f.positive] : []));
      const complements = forms.flatMap((f) => ('complement' in f ? [f.complement] : []));
      // a AND NOT b → a NOT b; with no positive child: NOT b AND NOT c → NOT (b OR c).
      return positives.length > 0
        ? { positive: without(positives, complements) }
        : { complement: group(complements, 'OR') };
    }
    case 'or': {
      const forms = node.children.map((child) => fts5Form(child, columnsOfScope));
      const positives = forms.flatMap((f) => ('positive' in f ? [f.positive] : []));
      const complements = forms.flatMap((f) => ('complement' in f ? [f.complement] : []));
      if (complements.length === 0) return { positive: group(positives, 'OR') };
      // a OR NOT b = NOT (b AND NOT a) = NOT (b NOT a).
      return { complement: without(complements, positives) };
    }
  }
}

/** The FTS5 MATCH expression of a query's text (the table's tokenizer: porter unicode61 remove_diacritics 2). */
export function toFts5Match(tree: TextNode, columnsOfScope: Fts5ColumnsOfScope): Fts5Match {
  const form = fts5Form(tree, columnsOfScope);
  return 'positive' in form
    ? { match: form.positive, complement: false }
    : { match: form.complement, complement: true };
}

/**
 * The tsvector weights each scope searches on PostgreSQL, where one tsvector holds every text of an asset with its
 * field as a weight: A title; B prompt, tags of every source and detected objects; C description, text in the image
 * (OCR), file name and campaign; D the negative prompt. `any` searches every weight. Scopes that share a weight cannot be told apart
 * there (tag:cat also finds "cat" in the prompt); the ranking weights follow the same letters.
 */
export type TsWeightsOfScope = Readonly<Record<TextScope, string>>;

export const defaultTsWeightsOfScope: TsWeightsOfScope = {
  any: '',
  title: 'A',
  prompt: 'B',
  tag: 'B',
  object: 'B',
  text: 'C',
  file: 'C',
};

/** A tsquery lexeme: quoted, so that & | ! ( ) : * < > and spaces inside it are text, never operators. */
const tsLexeme = (text: string): string => `'${text.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;

function tsTerm(term: TextTerm, weightsOfScope: TsWeightsOfScope): string {
  const weights = weightsOfScope[term.scope];
  if (!/^[ABCD]*$/.test(weights)) throw new Error(`${weights} are not tsvector weights (A, B, C, D)`);
  // A phrase is one quoted operand: to_tsquery splits it with the text search parser and joins its words with <->,
  // the same parser that made the tsvector. Weights and the prefix mark apply to each of its words.
  const label = `${term.kind === 'prefix' ? '*' : ''}${weights}`;
  // `_` and `.` as spaces, as the index writes its texts (search-index.ts): PostgreSQL's parser would read
  // `matrix-45.png` as one file-name token that no indexed text holds.
  return `${tsLexeme(term.text.replace(/[_.]/g, ' '))}${label === '' ? '' : `:${label}`}`;
}

function tsForm(node: TextNode, weightsOfScope: TsWeightsOfScope): string {
  // ! binds tightest, so only AND and OR operands need parentheses.
  const operand = (child: TextNode): string =>
    child.type === 'and' || child.type === 'or' ? `(${tsForm(child, weightsOfScope)})` : tsForm(child, weightsOfScope);
  switch (node.type) {
    case 'term':
      return tsTerm(node, weightsOfScope);
    case 'not':
      return `!${operand(node.child)}`;
    case 'and':
      return node.children.map(operand).join(' & ');
    case 'or':
      return node.children.map(operand).join(' | ');
  }
}

/**
 * The text for `to_tsquery('provena', $1)` (english stemming with unaccent). Stop words drop out of the query as
 * PostgreSQL drops them from documents; a query left with no lexeme matches nothing.
 */
export function toTsQuery(tree: TextNode, weightsOfScope: TsWeightsOfScope = defaultTsWeightsOfScope): string {
  return tsForm(tree, weightsOfScope);
}
