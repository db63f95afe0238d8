import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anyQueryText, queryLikeText } from '../../test/search-query-strings.ts';
import { isProvenaError, type ProvenaError } from './errors.ts';
import {
  formatSearchQuery,
  parseSearchQuery,
  searchQueryLimits,
  type SearchFilter,
  type SearchQuery,
  type TextNode,
} from './search-query.ts';

const now = new Date('2026-12-07T12:00:00.000Z');
const parse = (text: string): SearchQuery => parseSearchQuery(text, now);

/** The query without its source spans: what must survive printing and parsing again. */
const withoutSpans = (query: SearchQuery): unknown =>
  JSON.parse(JSON.stringify(query, (key, value: unknown) => (key === 'span' ? undefined : value)));

function queryError(text: string): ProvenaError {
  try {
    parse(text);
  } catch (error) {
    if (isProvenaError(error) && error.code === 'QUERY_INVALID') return error;
    throw error;
  }
  throw new Error(`expected QUERY_INVALID for ${JSON.stringify(text)}`);
}

const filterOf = (text: string): SearchFilter => {
  const { filters } = parse(text);
  expect(filters).toHaveLength(1);
  return filters[0] as SearchFilter;
};

const word = (text: string, scope = 'any'): unknown => ({ type: 'term', kind: 'word', text, scope });

describe('parseSearchQuery: the example of the issue', () => {
  it('splits text and filters, with validated values', () => {
    const query = parse(
      'sunset beach model:"sdxl" campaign:summer-26 -tag:people status:approved color:#ff6600 created:>2026-06-01',
    );
    expect(withoutSpans(query)).toEqual({
      text: {
        type: 'and',
        children: [word('sunset'), word('beach'), { type: 'not', child: word('people', 'tag') }],
      },
      filters: [
        { field: 'model', values: ['sdxl'], negated: false },
        { field: 'campaign', values: ['summer-26'], negated: false },
        { field: 'status', values: ['approved'], negated: false },
        {
          field: 'colour',
          colours: [{ kind: 'near', hex: '#ff6600', lab: expect.any(Object) as unknown, maxDeltaE: 10, minShare: 0.1 }],
          negated: false,
        },
        { field: 'created', ranges: [{ gte: '2026-06-02T00:00:00.000Z', expression: '>2026-06-01' }], negated: false },
      ],
    });
  });

  it('keeps the source span of every node', () => {
    const text = 'sunset -tag:people status:approved,published';
    const query = parse(text);
    const and = query.text as TextNode & { type: 'and' };
    expect(text.slice(and.span.start, and.span.end)).toBe('sunset -tag:people');
    const [sunset, notPeople] = and.children;
    expect(text.slice(sunset!.span.start, sunset!.span.end)).toBe('sunset');
    expect(text.slice(notPeople!.span.start, notPeople!.span.end)).toBe('-tag:people');
    const status = query.filters[0]!;
    expect(text.slice(status.span.start, status.span.end)).toBe('status:approved,published');
  });
});

describe('parseSearchQuery: free text', () => {
  it('reads words, phrases, prefixes and exclusions, ANDed', () => {
    expect(withoutSpans(parse('sun* "sunset  beach" -"a b" -x'))).toEqual({
      text: {
        type: 'and',
        children: [
          { type: 'term', kind: 'prefix', text: 'sun', scope: 'any' },
          { type: 'term', kind: 'phrase', text: 'sunset beach', scope: 'any' },
          { type: 'not', child: { type: 'term', kind: 'phrase', text: 'a b', scope: 'any' } },
          { type: 'not', child: word('x') },
        ],
      },
      filters: [],
    });
  });

  it('binds AND tighter than OR, groups with parentheses, and merges nested groups of one kind', () => {
    expect(withoutSpans(parse('a b OR c'))).toEqual({
      text: { type: 'or', children: [{ type: 'and', children: [word('a'), word('b')] }, word('c')] },
      filters: [],
    });
    expect(withoutSpans(parse('a (b OR c) AND (d (e))'))).toEqual({
      text: {
        type: 'and',
        children: [word('a'), { type: 'or', children: [word('b'), word('c')] }, word('d'), word('e')],
      },
      filters: [],
    });
    expect(withoutSpans(parse('a OR (b OR c)'))).toEqual({
      text: { type: 'or', children: [word('a'), word('b'), word('c')] },
      filters: [],
    });
    expect(withoutSpans(parse('NOT (a OR b)'))).toEqual({
      text: { type: 'not', child: { type: 'or', children: [word('a'), word('b')] } },
      filters: [],
    });
  });

  it('reads lower-case or/and/not as words, and words holding - or : after digits as words', () => {
    expect(withoutSpans(parse('rock or roll'))).toEqual({
      text: { type: 'and', children: [word('rock'), word('or'), word('roll')] },
      filters: [],
    });
    expect(withoutSpans(parse('summer-26 10:30'))).toEqual({
      text: { type: 'and', children: [word('summer-26'), word('10:30')] },
      filters: [],
    });
  });

  it('scopes terms to fields, with aliases, value lists and groups', () => {
    expect(withoutSpans(parse('title:sunset ocr:"sale 50%" prompt:(cat OR dog*) tag:a,"b c" -object:person'))).toEqual({
      text: {
        type: 'and',
        children: [
          word('sunset', 'title'),
          { type: 'term', kind: 'phrase', text: 'sale 50%', scope: 'text' },
          {
            type: 'or',
            children: [word('cat', 'prompt'), { type: 'term', kind: 'prefix', text: 'dog', scope: 'prompt' }],
          },
          { type: 'or', children: [word('a', 'tag'), { type: 'term', kind: 'phrase', text: 'b c', scope: 'tag' }] },
          { type: 'not', child: word('person', 'object') },
        ],
      },
      filters: [],
    });
  });

  it('takes field names in any case, and an empty query as no conditions', () => {
    expect(withoutSpans(parse('Title:x STATUS:Approved'))).toEqual({
      text: word('x', 'title'),
      filters: [{ field: 'status', values: ['approved'], negated: false }],
    });
    expect(parse('')).toEqual({ filters: [] });
    expect(parse(' \t\n ')).toEqual({ filters: [] });
  });
});

describe('parseSearchQuery: filters', () => {
  it('reads enumerations with several values, aliases and negation', () => {
    expect(filterOf('-status:approved,in-review,approved')).toMatchObject({
      field: 'status',
      values: ['approved', 'in_review'],
      negated: true,
    });
    expect(filterOf('ai:generated,assisted,none')).toMatchObject({ values: ['ai-generated', 'ai-edited', 'none'] });
    expect(filterOf('rights:cleared')).toMatchObject({ field: 'rights', values: ['cleared'] });
    expect(filterOf('use:social,print')).toMatchObject({ field: 'use', values: ['social', 'print'] });
    expect(filterOf('orientation:portrait')).toMatchObject({ values: ['portrait'] });
    expect(filterOf('type:video')).toMatchObject({ values: ['video'] });
    expect(filterOf('c2pa:valid,absent')).toMatchObject({ values: ['valid', 'absent'] });
    expect(filterOf('has:duplicates')).toMatchObject({ field: 'has', values: ['duplicates'] });
    expect(filterOf('in:family')).toMatchObject({ field: 'in', values: ['family'] });
  });

  it('keeps named values as written, quoted or not', () => {
    expect(filterOf('model:"SD XL 1.0",flux')).toMatchObject({ field: 'model', values: ['SD XL 1.0', 'flux'] });
    expect(filterOf('by:alice')).toMatchObject({ field: 'requestor', values: ['alice'] });
    expect(filterOf('tool:comfyui')).toMatchObject({ field: 'tool', values: ['comfyui'] });
    expect(filterOf('team:brand-studio')).toMatchObject({ field: 'team', values: ['brand-studio'] });
  });

  it('resolves risk comparisons to tiers', () => {
    expect(filterOf('risk:>=2')).toMatchObject({ values: [2, 3] });
    expect(filterOf('risk:<2,3')).toMatchObject({ values: [1, 3] });
    expect(filterOf('risk:1..2')).toMatchObject({ values: [1, 2] });
  });

  it('reads brand scores and bands', () => {
    expect(filterOf('brand:>=80')).toMatchObject({ field: 'brand', scores: [{ gte: 80 }] });
    expect(filterOf('brand:70.5..90')).toMatchObject({ scores: [{ gte: 70.5, lte: 90 }] });
    expect(filterOf('brand:pass,warn')).toMatchObject({ bands: ['pass', 'warn'] });
  });

  it('reads numbers, comparisons and ranges of dimensions and faces', () => {
    expect(filterOf('width:1024')).toMatchObject({ field: 'width', ranges: [{ gte: 1024, lte: 1024 }] });
    expect(filterOf('height:<=512,>4000')).toMatchObject({ ranges: [{ lte: 512 }, { gt: 4000 }] });
    expect(filterOf('pixels:12mp..')).toMatchObject({ ranges: [{ gte: 12_000_000 }] });
    expect(filterOf('width:..800')).toMatchObject({ ranges: [{ lte: 800 }] });
    expect(filterOf('faces:yes')).toMatchObject({ field: 'faces', ranges: [{ gte: 1 }] });
    expect(filterOf('faces:no')).toMatchObject({ ranges: [{ gte: 0, lte: 0 }] });
    expect(filterOf('faces:>2')).toMatchObject({ ranges: [{ gt: 2 }] });
  });

  it('reads colours through the colour filter: hex with tolerance, families and their aliases', () => {
    expect(filterOf('colour:#F60~12.5')).toMatchObject({
      colours: [{ kind: 'near', hex: '#ff6600', maxDeltaE: 12.5, minShare: 0.1 }],
    });
    expect(filterOf('color:gray,teal')).toMatchObject({
      field: 'colour',
      colours: [
        { kind: 'family', family: 'grey' },
        { kind: 'family', family: 'teal' },
      ],
    });
  });

  it('reads dates as half-open UTC spans: days, months, years, instants, comparisons and ranges', () => {
    const ranges = (text: string): unknown => (filterOf(text) as { ranges: unknown }).ranges;
    expect(ranges('created:2026-06-01')).toEqual([
      { gte: '2026-06-01T00:00:00.000Z', lt: '2026-06-02T00:00:00.000Z', expression: '2026-06-01' },
    ]);
    expect(ranges('created:>2026-06')).toEqual([{ gte: '2026-07-01T00:00:00.000Z', expression: '>2026-06' }]);
    expect(ranges('updated:<=2025')).toEqual([{ lt: '2026-01-01T00:00:00.000Z', expression: '<=2025' }]);
    expect(ranges('created:<2026-03-01T10:00:00+02:00')).toEqual([
      { lt: '2026-03-01T08:00:00.000Z', expression: '<2026-03-01T08:00:00.000Z' },
    ]);
    expect(ranges('created:2026-06-01..2026-06-30')).toEqual([
      { gte: '2026-06-01T00:00:00.000Z', lt: '2026-07-01T00:00:00.000Z', expression: '2026-06-01..2026-06-30' },
    ]);
  });

  it('reads relative dates against now: back for created/updated, forward for expires', () => {
    const ranges = (text: string): unknown => (filterOf(text) as { ranges: unknown }).ranges;
    expect(ranges('created:<30d')).toEqual([{ gte: '2026-11-07T12:00:00.000Z', expression: '<30d' }]);
    expect(ranges('created:30d')).toEqual([{ gte: '2026-11-07T12:00:00.000Z', expression: '30d' }]);
    expect(ranges('updated:>2w')).toEqual([{ lt: '2026-11-23T12:00:00.000Z', expression: '>2w' }]);
    expect(ranges('created:<6m')).toEqual([{ gte: '2026-06-07T12:00:00.000Z', expression: '<6m' }]);
    expect(ranges('created:1y')).toEqual([{ gte: '2025-12-07T12:00:00.000Z', expression: '1y' }]);
    expect(ranges('created:7d..30d')).toEqual([
      { gte: '2026-11-07T12:00:00.000Z', lt: '2026-11-30T12:00:00.000Z', expression: '7d..30d' },
    ]);
    // "expires within the next 30 days": from now on, not the already expired.
    expect(ranges('expires:<30d')).toEqual([
      { gte: '2026-12-07T12:00:00.000Z', lt: '2027-01-06T12:00:00.000Z', expression: '<30d' },
    ]);
    expect(ranges('expires:>1y')).toEqual([{ gte: '2027-12-07T12:00:00.000Z', expression: '>1y' }]);
  });

  it('clamps calendar months to the end of the shorter month', () => {
    const filter = parseSearchQuery('created:<1m', new Date('2026-03-31T00:00:00.000Z')).filters[0];
    expect(filter).toMatchObject({ ranges: [{ gte: '2026-02-28T00:00:00.000Z' }] });
  });
});

describe('parseSearchQuery: errors name the column and what was expected', () => {
  const cases: Array<[string, string, number, string]> = [
    ['sunset "beach', 'Unclosed quote opened at column 8: add a closing ".', 8, 'a closing "'],
    ['a (b OR c', 'Unclosed parenthesis opened at column 3: add a closing )', 3, 'a closing )'],
    ['a b)', 'Unmatched ) at column 4', 4, 'a matching ('],
    ['x colr:red', 'Unknown field "colr" at column 3 (did you mean color?)', 3, 'one of title'],
    ['status:"aproved"', 'status:"aproved" at column 8: expected one of draft, ', 8, 'one of draft'],
    ['created:>2026-13-01', 'created:>2026-13-01 at column 9: "2026-13-01" is not a date', 9, 'a date such as'],
    ['created:>soon', '"soon" is not a date (expected a date such as 2026-06-01', 9, 'a date such as'],
    ['created:2026-02-30', '2026-02 has no day 30', 9, 'a date such as'],
    ['created:1969-12-31', 'dates must lie between 1970 and 9999', 9, 'a date between'],
    ['created:<9000y', 'dates must lie between 1970 and 9999', 9, 'a date between'],
    ['created:2026-06-30..2026-06-01', 'the range starts after it ends', 9, 'a range whose start'],
    ['status: approved', 'status: at column 1 has no value', 1, 'a value'],
    ['status:', 'status: at column 1 has no value', 1, 'a value'],
    ['status:a,', 'An empty value at column 10', 10, 'a value'],
    ['a OR OR b', 'OR at column 3 needs something to search for after it, but "OR" follows at column 6', 6, 'a word'],
    ['OR a', 'OR at column 1 needs something to search for before it', 1, 'a word'],
    ['a OR', 'OR at column 3 needs something to search for after it', 3, 'a word'],
    ['a - b', 'A lone - at column 3', 3, 'a word, phrase, field or ('],
    ['a -', 'A lone - at column 3', 3, 'a word, phrase, field or ('],
    ['--a', 'negates a negation', 2, 'a word'],
    ['a ()', 'Empty parentheses ending at column 4', 4, 'a word'],
    ['width:2000000', 'beyond the largest width that makes sense, 1000000', 7, 'a width in pixels'],
    ['width:12.5', 'is not a whole number', 7, 'a width'],
    ['width:wide', '"wide" is not a number', 7, 'a width'],
    ['width:900..100', 'the range starts above its end', 7, 'a range whose start'],
    ['risk:>3', 'no risk tier is >3', 6, 'a risk tier'],
    ['brand:pass,>80', 'scores and bands cannot be mixed', 12, 'pass'],
    ['brand:101', 'beyond the largest brand', 7, 'a brand score'],
    ['color:#ff6600~80', 'a tolerance above 50 matches most colours', 7, 'a colour family'],
    ['color:purpel', '"purpel" is not a colour family (did you mean purple?)', 7, 'a colour family'],
    ['color:bad', 'is not a colour family', 7, 'a colour family'],
    ['a OR status:approved', 'The filter "status:approved" at column 6 is joined by OR', 6, 'a filter outside OR'],
    ['(a status:approved)', 'The filter status: at column 4 is inside parentheses', 4, 'a filter outside parentheses'],
    ['status:(a)', 'A group ( at column 8 after status:', 8, 'a value'],
    ['title:(prompt:x)', '"prompt" at column 8 is inside title:( ... )', 8, 'a word or phrase without a field'],
    ['a*b', '* may only end a word', 1, 'a word, or a prefix'],
    ['s*', 'The prefix "s*" at column 1 is too short', 1, 'a prefix of at least 2 letters'],
    ['a && b', '"&&" at column 3 has no letters or digits to search for', 3, 'a word with letters'],
    ['a "!!"', 'The phrase at column 3 has no letters or digits', 3, 'a phrase with words'],
    ['model:"a"b', 'Unexpected "b" at column 10 after the value of model:', 10, 'a space, a comma or )'],
    ['a\u0000b', 'A control character (U+0000) at column 2 cannot be searched for', 2, 'printable text'],
    ['ab\ud800', 'Half of a UTF-16 surrogate pair (U+D800) at column 3', 3, 'printable text'],
  ];
  it.each(cases)('%j', (text, message, position, expected) => {
    const error = queryError(text);
    expect(error.message).toContain(message);
    expect(error.details).toMatchObject({ position, expected: expect.stringContaining(expected) as unknown });
    expect((error.details as { end: number }).end).toBeGreaterThanOrEqual(position);
  });
});

describe('parseSearchQuery: limits that keep the database safe', () => {
  it('refuses a query over 2,000 characters before reading it, even a megabyte of it', () => {
    expect(queryError('a'.repeat(searchQueryLimits.maxLength + 1)).message).toContain('the limit is 2000');
    const huge = 'sunset '.repeat(150_000);
    expect(huge.length).toBeGreaterThan(1_000_000);
    expect(queryError(huge).details).toMatchObject({ position: 2001 });
    expect(() => parse('a'.repeat(searchQueryLimits.maxLength))).not.toThrow();
  });

  it('refuses more than 64 terms and filter values', () => {
    const terms = Array.from({ length: 64 }, (_, i) => `w${i}`);
    expect(() => parse(terms.join(' '))).not.toThrow();
    expect(queryError([...terms, 'one-more'].join(' ')).message).toContain('at most 64 terms and filter values');
    expect(queryError(`status:${Array(65).fill('draft').join(',')}`).message).toContain('at most 64');
    expect(queryError(`${terms.slice(0, 63).join(' ')} tag:a,b`).message).toContain('at most 64');
    expect(queryError(Array(10_000).fill('x').join(' ').slice(0, 2000)).message).toContain('at most 64');
  });

  it('refuses parentheses nested deeper than 8', () => {
    expect(() => parse(`${'('.repeat(8)}a${')'.repeat(8)}`)).not.toThrow();
    expect(queryError(`${'('.repeat(9)}a${')'.repeat(9)}`).message).toContain('nested too deep');
    expect(queryError('('.repeat(2000)).message).toContain('nested too deep');
  });
});

describe('formatSearchQuery', () => {
  it('prints the canonical text: text first, canonical names and values, relative dates kept', () => {
    expect(formatSearchQuery(parse('color:#FF6600~10 sunset by:alice created:<30d risk:>=2 faces:yes'))).toBe(
      'sunset colour:#ff6600 requestor:alice created:<30d risk:2..3 faces:>=1',
    );
    expect(formatSearchQuery(parse('(a OR b) c status:draft'))).toBe('(a OR b) c status:draft');
    expect(formatSearchQuery(parse('status:draft (a OR b)'))).toBe('(a OR b) status:draft');
    expect(formatSearchQuery(parse('-tag:a,b title:(x OR y) -(c d) model:"sd xl"'))).toBe(
      '-tag:a,b title:x,y -(c d) model:"sd xl"',
    );
  });

  it('quotes words that would not read back as words', () => {
    const query: SearchQuery = {
      text: {
        type: 'and',
        span: { start: 0, end: 0 },
        children: ['OR', '-x', 'a:b', 'x y', 'tag:', 'c*d'].map((text) => ({
          type: 'term' as const,
          kind: 'word' as const,
          text,
          scope: 'any' as const,
          span: { start: 0, end: 0 },
        })),
      },
      filters: [],
    };
    expect(formatSearchQuery(query)).toBe('"OR" "-x" "a:b" "x y" "tag:" "c*d"');
  });

  it('prints a prefix of a keyword as a prefix (CI seed 81225706: "NOT*" came back as the phrase "NOT")', () => {
    for (const text of ['NOT*', 'OR*', 'AND*']) {
      const query = parse(text);
      expect(formatSearchQuery(query)).toBe(text);
      expect(withoutSpans(parse(formatSearchQuery(query)))).toEqual(withoutSpans(query));
    }
  });
});

describe('properties', () => {
  it('any text either parses or is refused with QUERY_INVALID naming a column inside it — never another error', () => {
    fc.assert(
      fc.property(anyQueryText, (text) => {
        try {
          parse(text);
        } catch (error) {
          if (!isProvenaError(error) || error.code !== 'QUERY_INVALID') throw error;
          const { position, end, expected } = error.details as { position: number; end: number; expected: string };
          expect(position).toBeGreaterThanOrEqual(1);
          expect(position).toBeLessThanOrEqual(text.length + 1);
          expect(end).toBeGreaterThanOrEqual(position);
          expect(expected.length).toBeGreaterThan(0);
          expect(error.message).toContain(`column ${position}`);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('parse(format(q)) is q, and the canonical text is stable', () => {
    let parsed = 0;
    fc.assert(
      fc.property(queryLikeText, (text) => {
        let query: SearchQuery;
        try {
          query = parse(text);
        } catch (error) {
          if (isProvenaError(error) && error.code === 'QUERY_INVALID') return;
          throw error;
        }
        parsed++;
        const canonical = formatSearchQuery(query);
        const again = parse(canonical);
        expect(withoutSpans(again)).toEqual(withoutSpans(query));
        expect(formatSearchQuery(again)).toBe(canonical);
      }),
      { numRuns: 3000 },
    );
    // The generator must reach the printer often enough for the property to mean something.
    expect(parsed).toBeGreaterThan(300);
  });

  it('every span of a parsed query lies inside the text', () => {
    fc.assert(
      fc.property(queryLikeText, (text) => {
        let query: SearchQuery;
        try {
          query = parse(text);
        } catch {
          return;
        }
        const check = (span: { start: number; end: number }): void => {
          expect(span.start).toBeGreaterThanOrEqual(0);
          expect(span.end).toBeLessThanOrEqual(text.length);
          expect(span.end).toBeGreaterThan(span.start);
        };
        const walk = (node: TextNode): void => {
          check(node.span);
          if (node.type === 'not') walk(node.child);
          else if (node.type !== 'term') node.children.forEach(walk);
        };
        if (query.text) walk(query.text);
        query.filters.forEach((f) => check(f.span));
      }),
      { numRuns: 1000 },
    );
  });
});
