/**
 * The search query parser: one pass over the text (a scanner feeding a recursive descent that the depth limit keeps
 * shallow), so that any input is answered in time linear in its length — a query over the length limit is refused
 * before it is read. Grammar (docs/search.md):
 *
 *   query   = or
 *   or      = and { "OR" and }
 *   and     = unary { ["AND"] unary }              implicit AND between neighbours
 *   unary   = ("-" | "NOT") primary | primary      "-" written against what it negates
 *   primary = "(" or ")" | phrase | word | field
 *   field   = name ":" ( "(" or ")" | value { "," value } )     the group only for text fields
 *
 * Filters apply to the whole query, so they may stand only at the top level (negated or not), never under OR or in
 * parentheses; text fields (title:, tag:, ...) are terms and go anywhere.
 */
import type { ProvenaError } from './errors.ts';
import {
  searchQueryLimits,
  type SearchFilter,
  type SearchFilterField,
  type SearchQuery,
  type SourceSpan,
  type TextNode,
  type TextScope,
  type TextTerm,
} from './search-query.ts';
import { column, didYouMean, queryInvalid, quoteForMessage } from './search-query-errors.ts';
import {
  allFieldNames,
  filterFieldNames,
  parseFilterValues,
  textScopeFields,
  type WrittenValue,
} from './search-query-filters.ts';

type Token =
  | { type: 'eof' | 'lparen' | 'rparen' | 'or' | 'and' | 'not' | 'minus'; span: SourceSpan }
  | { type: 'phrase' | 'word'; text: string; span: SourceSpan }
  | { type: 'field'; name: string; span: SourceSpan };

interface FilterLeaf {
  type: 'filter';
  filter: SearchFilter;
  span: SourceSpan;
}

/** The tree while parsing: text nodes whose leaves may still be filters. */
type ParsedNode =
  | TextTerm
  | FilterLeaf
  | { type: 'and' | 'or'; children: ParsedNode[]; span: SourceSpan }
  | { type: 'not'; child: ParsedNode; span: SourceSpan };

const keywords: Readonly<Record<string, 'or' | 'and' | 'not'>> = { OR: 'or', AND: 'and', NOT: 'not' };
const fieldName = /^([A-Za-z][A-Za-z0-9]*):/;
const letterOrDigit = /[\p{L}\p{N}]/u;
const lettersOrDigits = /[\p{L}\p{N}]/gu;
const expectedTerm = 'a word, a "phrase", a field such as tag:cat, or (';

const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);
/** Characters that end a bare word: space, parentheses and quotes. */
const endsWord = (ch: string | undefined): boolean =>
  ch === undefined || ch === '(' || ch === ')' || ch === '"' || isSpace(ch);
/** A field value also ends at a comma, which separates values. */
const endsValue = (ch: string | undefined): boolean => endsWord(ch) || ch === ',';

const spanOf = (start: number, end: number): SourceSpan => ({ start, end });
const joinSpans = (first: SourceSpan, last: SourceSpan): SourceSpan => spanOf(first.start, last.end);

function describe(token: Token, source: string): string {
  if (token.type === 'eof') return 'the end of the query';
  return quoteForMessage(source.slice(token.span.start, token.span.end));
}

/** A new AND or OR of `children`, merging children of the same kind; one child stands alone. */
function group(type: 'and' | 'or', children: ParsedNode[], span: SourceSpan): ParsedNode {
  const merged = children.flatMap((child) => (child.type === type ? child.children : [child]));
  if (merged.length === 1 && merged[0]) return merged[0];
  return { type, children: merged, span };
}

class Parser {
  private position = 0;
  private peeked: Token | undefined;
  private depth = 0;
  private clauses = 0;
  /** The text field of an enclosing `title:( … )`, which its terms take. */
  private scope: Exclude<TextScope, 'any'> | undefined;

  constructor(
    private readonly source: string,
    private readonly now: Date,
  ) {}

  parse(): SearchQuery {
    const root = this.parseOr();
    const rest = this.peek();
    if (rest.type === 'rparen')
      throw queryInvalid(
        `Unmatched ) ${column(rest.span)}: remove it, or add ( where its group begins`,
        rest.span,
        'a matching (',
      );
    if (rest.type !== 'eof') throw new Error('search query parser stopped before the end'); // parseAnd reads on to ) or the end
    return splitFilters(root, this.source);
  }

  // --- scanner -----------------------------------------------------------------------------------------------

  private peek(): Token {
    this.peeked ??= this.scan();
    return this.peeked;
  }

  private next(): Token {
    const token = this.peek();
    this.peeked = undefined;
    return token;
  }

  private scan(): Token {
    const text = this.source;
    while (isSpace(text[this.position])) this.position++;
    const start = this.position;
    const ch = text[start];
    if (ch === undefined) return { type: 'eof', span: spanOf(start, start) };
    if (ch === '(' || ch === ')') {
      this.position++;
      return { type: ch === '(' ? 'lparen' : 'rparen', span: spanOf(start, start + 1) };
    }
    if (ch === '"') {
      const phrase = this.readQuoted();
      return { type: 'phrase', text: phrase.text, span: phrase.span };
    }
    if (ch === '-') {
      const after = text[start + 1];
      if (after === undefined || isSpace(after) || after === ')')
        throw queryInvalid(
          `A lone - ${column(spanOf(start, start + 1))}: write it against what it excludes (-word, -"a phrase", -tag:x), or remove it`,
          spanOf(start, start + 1),
          'a word, phrase, field or ( right after the -',
        );
      this.position++;
      return { type: 'minus', span: spanOf(start, start + 1) };
    }
    let end = start;
    while (!endsWord(text[end])) end++;
    const chunk = text.slice(start, end);
    const keyword = keywords[chunk];
    if (keyword) {
      this.position = end;
      return { type: keyword, span: spanOf(start, end) };
    }
    const field = fieldName.exec(chunk);
    if (field?.[1]) {
      this.position = start + field[0].length;
      return { type: 'field', name: field[1], span: spanOf(start, this.position) };
    }
    this.position = end;
    return { type: 'word', text: chunk, span: spanOf(start, end) };
  }

  /** A "quoted" run starting at the current position; whitespace inside collapses to single spaces. */
  private readQuoted(): WrittenValue {
    const start = this.position;
    const close = this.source.indexOf('"', start + 1);
    if (close < 0)
      throw queryInvalid(
        `Unclosed quote opened ${column(spanOf(start, start + 1))}: add a closing ".`,
        spanOf(start, this.source.length),
        'a closing "',
      );
    this.position = close + 1;
    const inner = this.source
      .slice(start + 1, close)
      .replace(/\s+/g, ' ')
      .trim();
    return { text: inner, quoted: true, span: spanOf(start, close + 1) };
  }

  /** The values after `name:` (`a`, `"a b"`, `a,"b c",d`), read straight from the text. */
  private readValues(fieldToken: Token & { type: 'field' }): WrittenValue[] {
    const text = this.source;
    const values: WrittenValue[] = [];
    for (;;) {
      const start = this.position;
      const ch = text[start];
      if (ch === '"') {
        values.push(this.readQuoted());
      } else {
        let end = start;
        while (!endsValue(text[end])) end++;
        this.position = end;
        values.push({ text: text.slice(start, end), quoted: false, span: spanOf(start, end) });
      }
      const value = values[values.length - 1] as WrittenValue;
      if (value.text.trim() === '') {
        const written = text.slice(fieldToken.span.start, fieldToken.span.end);
        if (values.length === 1 && !value.quoted)
          throw queryInvalid(
            `${written} ${column(fieldToken.span)} has no value: write the value right after the colon (${written}value)`,
            fieldToken.span,
            'a value',
          );
        const where = value.span.end > value.span.start ? value.span : spanOf(start, start + 1);
        throw queryInvalid(
          `An empty value ${column(where)} in ${written}: write a value there or remove it`,
          where,
          'a value',
        );
      }
      this.countClause(value.span);
      const after = text[this.position];
      if (after === ',') {
        this.position++;
        continue;
      }
      if (after === undefined || after === ')' || isSpace(after)) return values;
      const at = spanOf(this.position, this.position + 1);
      throw queryInvalid(
        `Unexpected ${quoteForMessage(after)} ${column(at)} after the value of ${text.slice(fieldToken.span.start, fieldToken.span.end)}: expected a space, a comma and another value, or )`,
        at,
        'a space, a comma or )',
      );
    }
  }

  private countClause(span: SourceSpan): void {
    this.clauses++;
    if (this.clauses > searchQueryLimits.maxClauses)
      throw queryInvalid(
        `Too many terms ${column(span)}: a query holds at most ${searchQueryLimits.maxClauses} terms and filter values; search for fewer things at once`,
        span,
        `at most ${searchQueryLimits.maxClauses} terms and filter values`,
      );
  }

  // --- grammar -----------------------------------------------------------------------------------------------

  private parseOr(): ParsedNode {
    const children = [this.parseAnd()];
    while (this.peek().type === 'or') {
      const or = this.next();
      const after = this.peek();
      if (after.type === 'eof' || after.type === 'rparen' || after.type === 'or' || after.type === 'and')
        throw queryInvalid(
          `OR ${column(or.span)} needs something to search for after it, but ${describe(after, this.source)} follows${after.type === 'eof' ? '' : ` ${column(after.span)}`}`,
          after.type === 'eof' ? or.span : after.span,
          expectedTerm,
        );
      children.push(this.parseAnd());
    }
    const first = children[0] as ParsedNode;
    return group('or', children, joinSpans(first.span, (children[children.length - 1] as ParsedNode).span));
  }

  private parseAnd(): ParsedNode {
    const children: ParsedNode[] = [];
    for (;;) {
      const token = this.peek();
      if (token.type === 'eof' || token.type === 'rparen' || token.type === 'or') break;
      if (token.type === 'and') {
        this.next();
        const after = this.peek();
        if (
          children.length === 0 ||
          after.type === 'eof' ||
          after.type === 'rparen' ||
          after.type === 'or' ||
          after.type === 'and'
        )
          throw queryInvalid(
            `AND ${column(token.span)} needs something to search for on both sides`,
            token.span,
            expectedTerm,
          );
        continue;
      }
      children.push(this.parseUnary());
    }
    if (children.length === 0) throw this.missingTerm();
    return group(
      'and',
      children,
      joinSpans((children[0] as ParsedNode).span, (children[children.length - 1] as ParsedNode).span),
    );
  }

  /** Why an AND found nothing to read: what stands where a term should be. */
  private missingTerm(): Error {
    const token = this.peek();
    if (token.type === 'or')
      return queryInvalid(`OR ${column(token.span)} needs something to search for before it`, token.span, expectedTerm);
    if (token.type === 'rparen' && this.depth === 0)
      return queryInvalid(
        `Unmatched ) ${column(token.span)}: remove it, or add ( where its group begins`,
        token.span,
        'a matching (',
      );
    if (token.type === 'rparen')
      return queryInvalid(
        `Empty parentheses ending ${column(token.span)}: put terms inside or remove them`,
        token.span,
        expectedTerm,
      );
    return queryInvalid(`Expected ${expectedTerm} ${column(token.span)}`, token.span, expectedTerm);
  }

  private parseUnary(): ParsedNode {
    const token = this.peek();
    if (token.type !== 'minus' && token.type !== 'not') return this.parsePrimary();
    this.next();
    const after = this.peek();
    if (after.type === 'minus' || after.type === 'not')
      throw queryInvalid(
        `${describe(after, this.source)} ${column(after.span)} negates a negation: exclude a term once`,
        after.span,
        expectedTerm,
      );
    if (after.type !== 'word' && after.type !== 'phrase' && after.type !== 'field' && after.type !== 'lparen')
      throw queryInvalid(
        `${describe(token, this.source)} ${column(token.span)} must be followed by what it excludes, not ${describe(after, this.source)}`,
        token.span,
        expectedTerm,
      );
    const child = this.parsePrimary();
    const span = joinSpans(token.span, child.span);
    if (child.type === 'filter') return { ...child, filter: { ...child.filter, negated: true, span }, span };
    return { type: 'not', child, span };
  }

  private parsePrimary(): ParsedNode {
    const token = this.next();
    switch (token.type) {
      case 'lparen':
        return this.parseGroup(token);
      case 'phrase':
      case 'word':
        return this.term(token.type, token.text, token.span);
      case 'field':
        return this.parseField(token);
      default:
        throw queryInvalid(
          `Expected ${expectedTerm} ${column(token.span)}, found ${describe(token, this.source)}`,
          token.span,
          expectedTerm,
        );
    }
  }

  private parseGroup(open: Token): ParsedNode {
    this.depth++;
    if (this.depth > searchQueryLimits.maxDepth)
      throw queryInvalid(
        `Parentheses nested too deep ${column(open.span)}: at most ${searchQueryLimits.maxDepth} levels`,
        open.span,
        `at most ${searchQueryLimits.maxDepth} levels of parentheses`,
      );
    const inner = this.parseOr();
    const close = this.next();
    if (close.type !== 'rparen')
      throw queryInvalid(
        `Unclosed parenthesis opened ${column(open.span)}: add a closing )`,
        spanOf(open.span.start, this.source.length),
        'a closing )',
      );
    this.depth--;
    const span = joinSpans(open.span, close.span);
    return inner.type === 'and' || inner.type === 'or' ? { ...inner, span } : inner;
  }

  /** A term; `counted` when readValues has already counted it against the limit. */
  private term(kind: 'phrase' | 'word', written: string, span: SourceSpan, counted = false): TextTerm {
    const scope = this.scope ?? 'any';
    if (kind === 'phrase') {
      if (!letterOrDigit.test(written))
        throw queryInvalid(
          `The phrase ${column(span)} has no letters or digits to search for: put words in it or remove it`,
          span,
          'a phrase with words in it',
        );
      if (!counted) this.countClause(span);
      return { type: 'term', kind: 'phrase', text: written, scope, span };
    }
    const star = written.indexOf('*');
    if (star >= 0 && star !== written.length - 1)
      throw queryInvalid(
        `${quoteForMessage(written)} ${column(span)}: * may only end a word (a prefix, as in sun*); put the text in quotes to search it as written`,
        span,
        'a word, or a prefix ending in *',
      );
    const text = star >= 0 ? written.slice(0, -1) : written;
    if (!letterOrDigit.test(text))
      throw queryInvalid(
        `${quoteForMessage(written)} ${column(span)} has no letters or digits to search for: remove it`,
        span,
        'a word with letters or digits',
      );
    if (star >= 0 && (text.match(lettersOrDigits) ?? []).length < 2)
      throw queryInvalid(
        `The prefix ${quoteForMessage(written)} ${column(span)} is too short: write at least 2 letters before the *`,
        span,
        'a prefix of at least 2 letters',
      );
    if (!counted) this.countClause(span);
    return { type: 'term', kind: star >= 0 ? 'prefix' : 'word', text, scope, span };
  }

  private parseField(token: Token & { type: 'field' }): ParsedNode {
    const name = token.name.toLowerCase();
    const scope = textScopeFields[name];
    if (scope) return this.parseScopedText(token, scope);
    const field = filterFieldNames[name];
    if (field) return this.parseFilter(token, field, name);
    const nameSpan = spanOf(token.span.start, token.span.end - 1);
    throw queryInvalid(
      `Unknown field ${quoteForMessage(token.name)} ${column(nameSpan)}${didYouMean(name, allFieldNames)}: fields are ${allFieldNames.join(', ')}; to search for text with a colon, put it in quotes`,
      nameSpan,
      `one of ${allFieldNames.join(', ')}`,
    );
  }

  private parseScopedText(token: Token & { type: 'field' }, scope: Exclude<TextScope, 'any'>): ParsedNode {
    if (this.scope)
      throw queryInvalid(
        `${quoteForMessage(token.name)} ${column(token.span)} is inside ${this.scope}:( ... ): a term has one field`,
        token.span,
        'a word or phrase without a field',
      );
    if (this.source[this.position] === '(') {
      const open = this.next();
      this.scope = scope;
      try {
        const inner = this.parseGroup(open);
        return inner.type === 'and' || inner.type === 'or'
          ? { ...inner, span: joinSpans(token.span, inner.span) }
          : inner;
      } finally {
        this.scope = undefined;
      }
    }
    const values = this.readValues(token);
    this.scope = scope;
    try {
      const terms = values.map((v) => this.term(v.quoted ? 'phrase' : 'word', v.text, v.span, true));
      if (terms.length === 1) {
        const only = terms[0] as TextTerm;
        return { ...only, span: joinSpans(token.span, only.span) };
      }
      return group('or', terms, joinSpans(token.span, (terms[terms.length - 1] as TextTerm).span));
    } finally {
      this.scope = undefined;
    }
  }

  private parseFilter(token: Token & { type: 'field' }, field: SearchFilterField, name: string): ParsedNode {
    if (this.depth > 0)
      throw queryInvalid(
        `The filter ${name}: ${column(token.span)} is inside parentheses: filters apply to the whole query, so write it outside them`,
        token.span,
        'a filter outside parentheses',
      );
    if (this.source[this.position] === '(') {
      const open = spanOf(this.position, this.position + 1);
      throw queryInvalid(
        `A group ( ${column(open)} after ${name}: — filters take values, not groups: for several values write ${name}:a,b`,
        open,
        'a value',
      );
    }
    const values = this.readValues(token);
    const span = joinSpans(token.span, (values[values.length - 1] as WrittenValue).span);
    const filter = { ...parseFilterValues(field, name, values, this.now), negated: false, span } as SearchFilter;
    return { type: 'filter', filter, span };
  }
}

/** The first filter anywhere under `node`, which the caller refuses. */
function findFilter(node: ParsedNode): FilterLeaf | undefined {
  if (node.type === 'filter') return node;
  if (node.type === 'term') return undefined;
  if (node.type === 'not') return findFilter(node.child);
  for (const child of node.children) {
    const found = findFilter(child);
    if (found) return found;
  }
  return undefined;
}

function filterUnderOr(leaf: FilterLeaf, source: string): ProvenaError {
  const written = source.slice(leaf.span.start, leaf.span.end);
  return queryInvalid(
    `The filter ${quoteForMessage(written)} ${column(leaf.span)} is joined by OR: filters apply to the whole query; for several values of one field write them with commas (status:approved,published)`,
    leaf.span,
    'a filter outside OR',
  );
}

/** Once the tree holds no filter, it is a text tree. */
const asText = (node: ParsedNode): TextNode => node as TextNode;

/** The top level's filters into the list, the rest as the text tree; a filter anywhere else is refused. */
function splitFilters(root: ParsedNode, source: string): SearchQuery {
  if (root.type === 'filter') return { filters: [root.filter] };
  if (root.type !== 'and') {
    const stray = findFilter(root);
    if (stray) throw filterUnderOr(stray, source);
    return { text: asText(root), filters: [] };
  }
  const filters: SearchFilter[] = [];
  const text: ParsedNode[] = [];
  for (const child of root.children) {
    if (child.type === 'filter') {
      filters.push(child.filter);
      continue;
    }
    const stray = findFilter(child);
    if (stray) throw filterUnderOr(stray, source);
    text.push(child);
  }
  if (text.length === 0) return { filters };
  const first = text[0] as ParsedNode;
  const node =
    text.length === 1 ? first : group('and', text, joinSpans(first.span, (text[text.length - 1] as ParsedNode).span));
  return { text: asText(node), filters };
}

/** The first character no search can hold (C0 and C1 controls but tab and line breaks; half a surrogate pair). */
function firstUnsearchable(text: string): { index: number; what: string } | undefined {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || (code >= 0x7f && code <= 0x9f))
      return { index, what: 'A control character' };
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index++;
      else return { index, what: 'Half of a UTF-16 surrogate pair' };
    } else if (code >= 0xdc00 && code <= 0xdfff) return { index, what: 'Half of a UTF-16 surrogate pair' };
  }
  return undefined;
}

/**
 * Parses a search query (docs/search.md). `now` resolves relative dates (`created:<30d`). Throws QUERY_INVALID —
 * and nothing else — for any text that is not a query, naming the column and what was expected there.
 */
export function parseSearchQuery(text: string, now: Date): SearchQuery {
  if (text.length > searchQueryLimits.maxLength)
    throw queryInvalid(
      `The query is ${text.length} characters long; the limit is ${searchQueryLimits.maxLength}: shorten it`,
      spanOf(searchQueryLimits.maxLength, text.length),
      `at most ${searchQueryLimits.maxLength} characters`,
    );
  const unsearchable = firstUnsearchable(text);
  if (unsearchable) {
    const at = spanOf(unsearchable.index, unsearchable.index + 1);
    const code = `U+${text.charCodeAt(unsearchable.index).toString(16).toUpperCase().padStart(4, '0')}`;
    throw queryInvalid(
      `${unsearchable.what} (${code}) ${column(at)} cannot be searched for: remove it`,
      at,
      'printable text',
    );
  }
  if (text.trim() === '') return { filters: [] };
  return new Parser(text, now).parse();
}
