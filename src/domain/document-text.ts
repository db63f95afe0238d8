/**
 * A declarative document (the risk policy, a brand guideline) read from the text a person wrote, JSON or YAML: a
 * syntax error, a duplicate key or an unknown YAML tag is a problem naming its line and column, with `field` naming
 * the whole document; the caller's parser then names the path of every problem inside it.
 */
import { parseDocument as parseYaml } from 'yaml';
import type { FieldProblem } from './errors.ts';

export type DocumentFormat = 'json' | 'yaml';

/** The parsed value, or the syntax problems (never both). */
export function readDocumentText(
  text: string,
  format: DocumentFormat,
  field: string,
): { value: unknown } | { problems: FieldProblem[] } {
  return format === 'yaml' ? readYaml(text, field) : readJson(text, field);
}

function readJson(text: string, field: string): { value: unknown } | { problems: FieldProblem[] } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    // JSON.parse's message names the position only for some errors: the scanner finds it for every one.
    const offset = jsonErrorOffset(text);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    const found = offset >= text.length ? 'the text ends' : `found ${JSON.stringify(text.slice(offset, offset + 1))}`;
    return {
      problems: [
        {
          field,
          problem: `is not valid JSON: at line ${line}, column ${column} ${found} (${(error as Error).message})`,
        },
      ],
    };
  }
}

/** Aliases expand at most 100 times, so that a small document cannot grow into millions of nodes. */
function readYaml(text: string, field: string): { value: unknown } | { problems: FieldProblem[] } {
  const document = parseYaml(text, { schema: 'core', merge: false, uniqueKeys: true, prettyErrors: true });
  const errors = [...document.errors, ...document.warnings];
  if (errors.length > 0)
    return {
      problems: errors.map((e) => ({
        field,
        problem: `is not valid YAML: ${e.message.split('\n')[0]!.replace(/:$/, '')}`,
      })),
    };
  try {
    return { value: document.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (error) {
    return { problems: [{ field, problem: `is not valid YAML: ${(error as Error).message}` }] };
  }
}

/** Where the first JSON syntax error is (an offset into `text`): a scanner of the JSON grammar that only validates. */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  class SyntaxAt extends Error {}
  const fail = (at = i): never => {
    i = at;
    throw new SyntaxAt();
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const c of word) if (text[i++] !== c) fail(i - 1);
  };
  const string = () => {
    i++; // the opening quote
    while (i < text.length && text[i] !== '"') {
      const c = text.charCodeAt(i);
      if (c < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) fail(i + k);
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '' || match[0] === '-') fail();
    i += match![0].length;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        if (text[i] !== '"') fail();
        string();
        space();
        if (text[i] !== ':') fail();
        i++;
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    fail();
  };
  try {
    value();
    space();
    if (i < text.length) fail();
  } catch (error) {
    if (error instanceof SyntaxAt) return Math.min(i, text.length);
    throw error;
  }
  return text.length;
}
