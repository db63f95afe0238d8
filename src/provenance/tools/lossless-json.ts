/**
 * A small, bounded JSON reader for generator metadata. JSON.parse is not enough here because generator seeds are
 * 64-bit integers (Fooocus, ComfyUI: up to 2^64 - 1) that a double silently rounds; this reader keeps integers
 * beyond Number.MAX_SAFE_INTEGER as `bigint`, so `String(value)` gives the exact decimal digits. It also accepts the
 * `NaN` / `Infinity` / `-Infinity` tokens Python's json.dumps writes, and stops at a nesting depth instead of
 * recursing without bound.
 */
import { provenanceLimits } from '../contract.ts';

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);

/** Parses `text` as JSON; throws JsonSyntaxError with the offset when it is not. */
export function parseJsonLossless(text: string, maxDepth: number = provenanceLimits.maxDepth): JsonValue {
  let i = 0;
  const n = text.length;
  const fail = (what: string): never => {
    throw new JsonSyntaxError(`${what} at offset ${i}`);
  };
  const skip = (): void => {
    while (i < n && WS.has(text.charCodeAt(i))) i++;
  };

  const parseString = (): string => {
    // Caller has checked text[i] === '"'.
    i++;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= n) fail('unterminated string');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c === 0x5c) {
        out += text.slice(start, i);
        const e = text[i + 1];
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out += e;
            i += 2;
            break;
          case 'b':
            out += '\b';
            i += 2;
            break;
          case 'f':
            out += '\f';
            i += 2;
            break;
          case 'n':
            out += '\n';
            i += 2;
            break;
          case 'r':
            out += '\r';
            i += 2;
            break;
          case 't':
            out += '\t';
            i += 2;
            break;
          case 'u': {
            const hex = text.slice(i + 2, i + 6);
            if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
            out += String.fromCharCode(parseInt(hex, 16));
            i += 6;
            break;
          }
          default:
            fail('bad escape');
        }
        start = i;
        continue;
      }
      if (c < 0x20) fail('control character in string');
      i++;
    }
  };

  const parseNumber = (): number | bigint => {
    const start = i;
    if (text[i] === '-') i++;
    if (text.startsWith('Infinity', i)) {
      i += 8;
      return text[start] === '-' ? -Infinity : Infinity;
    }
    const intStart = i;
    while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
    if (i === intStart) fail('bad number');
    let isInt = true;
    if (text[i] === '.') {
      isInt = false;
      i++;
      const fracStart = i;
      while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
      if (i === fracStart) fail('bad fraction');
    }
    if (text[i] === 'e' || text[i] === 'E') {
      isInt = false;
      i++;
      if (text[i] === '+' || text[i] === '-') i++;
      const expStart = i;
      while (i < n && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
      if (i === expStart) fail('bad exponent');
    }
    const literal = text.slice(start, i);
    const value = Number(literal);
    if (isInt && !Number.isSafeInteger(value)) return BigInt(literal);
    return value;
  };

  const parseValue = (depth: number): JsonValue => {
    if (depth > maxDepth) fail(`nesting deeper than ${maxDepth}`);
    skip();
    if (i >= n) fail('unexpected end');
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: JsonObject = {};
      skip();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        skip();
        if (text[i] !== '"') fail('expected key');
        const key = parseString();
        skip();
        if (text[i] !== ':') fail('expected colon');
        i++;
        // defineProperty: a "__proto__" key must stay data, not change the prototype.
        Object.defineProperty(obj, key, {
          value: parseValue(depth + 1),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        fail('expected , or }');
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      skip();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue(depth + 1));
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        fail('expected , or ]');
      }
    }
    if (c === '"') return parseString();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return parseNumber();
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    if (text.startsWith('NaN', i)) {
      i += 3;
      return NaN;
    }
    if (text.startsWith('Infinity', i)) {
      i += 8;
      return Infinity;
    }
    return fail('unexpected character');
  };

  const value = parseValue(0);
  skip();
  if (i < n) fail('trailing characters');
  return value;
}

/** Parses a JSON object; returns undefined (and records why in `warnings`) when the text is not one. */
export function parseJsonObject(text: string, what: string, warnings: string[]): JsonObject | undefined {
  try {
    const value = parseJsonLossless(text.trim());
    if (isJsonObject(value)) return value;
    warnings.push(`${what}: JSON is not an object`);
  } catch (error) {
    warnings.push(`${what}: unparseable JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  return undefined;
}

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A text value: strings as-is, never objects. */
export const asString = (value: JsonValue | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

/** A finite number from a number, bigint or numeric string. */
export function asNumber(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A seed as exact decimal digits, from an integer, bigint or digit string. */
export function asSeed(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : undefined;
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return value.trim();
  return undefined;
}

/** JSON text for a value, compact; bigints as their exact digits and NaN/Infinity as Python writes them. */
function toJsonText(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number')
    return Number.isFinite(value) ? String(value) : Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
  if (typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`)
    .join(',')}}`;
}

/** Any JSON value as text for `extra`: strings verbatim, the rest as compact JSON text (bigints exact). */
export function stringifyJson(value: JsonValue): string {
  return typeof value === 'string' ? value : toJsonText(value);
}
