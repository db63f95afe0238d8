/**
 * A1111 / Forge "infotext" serialiser, the inverse of A1111's
 * `parse_generation_parameters`:
 *
 *   <prompt, possibly multi-line>
 *   Negative prompt: <negative, possibly multi-line>     (omitted when empty)
 *   Key: value, Key: value, ...
 *
 * Values follow A1111's `quote()`: a value whose text contains `,`, `:` or a line break is written as a JSON string
 * (`json.dumps(v, ensure_ascii=False)`), objects and arrays as Python-style JSON (`{"vae": "c6a580b13a"}`). We also
 * quote a few cases A1111 leaves bare but its parser would then misread (a `"`, leading or trailing blanks, a leading
 * `{` or `[`); A1111's own parser reads those quoted values back unchanged, so files stay compatible.
 */
import { invalidValue } from './writer-errors.ts';

export type InfotextValue = string | number | boolean | bigint | null | undefined | InfotextJson;
export type InfotextJson = { [key: string]: unknown } | unknown[];

export interface Infotext {
  prompt: string;
  negativePrompt?: string;
  /** In order of appearance; null/undefined values are skipped, as A1111 skips `None`. */
  params: ReadonlyArray<readonly [string, InfotextValue]> | Readonly<Record<string, InfotextValue>>;
}

/** Keys A1111's parser can find again: `\w[\w \-/]+` (ASCII here), without trailing blanks. */
const KEY_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_ \-/]*[A-Za-z0-9_\-/]$/;

/** JSON text the way Python's `json.dumps(v, ensure_ascii=False)` writes it (", " and ": " separators). */
export function pythonJsonDumps(value: unknown, depth = 0): string {
  if (depth > 64) throw invalidValue('infotext', 'value nested deeper than 64 levels');
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
    return JSON.stringify(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) return `[${value.map((v) => pythonJsonDumps(v, depth + 1)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pythonJsonDumps(v, depth + 1)}`).join(', ')}}`;
  }
  throw invalidValue('infotext', `cannot serialise a ${typeof value}`);
}

/** Python's `str()` of a scalar: True/False for booleans, as A1111 writes `Face restoration: True` style flags. */
function pythonStr(value: string | number | boolean | bigint): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/** A1111's `quote()` (plus the extra cases named in the module header). */
export function quoteInfotextValue(value: Exclude<InfotextValue, null | undefined>): string {
  if (typeof value === 'object') return pythonJsonDumps(value);
  const text = pythonStr(value);
  const needsQuotes = /[,:\n\r"]/.test(text) || /^\s|\s$/.test(text) || text.startsWith('{') || text.startsWith('[');
  return needsQuotes ? JSON.stringify(text) : text;
}

function entriesOf(params: Infotext['params']): Array<readonly [string, InfotextValue]> {
  return Array.isArray(params)
    ? [...(params as ReadonlyArray<readonly [string, InfotextValue]>)]
    : Object.entries(params as Readonly<Record<string, InfotextValue>>);
}

/** The parameters line: `Key: value, Key: value`. */
export function serializeInfotextParams(params: Infotext['params']): string {
  const parts: string[] = [];
  for (const [key, value] of entriesOf(params)) {
    if (value === null || value === undefined) continue;
    if (!KEY_PATTERN.test(key)) {
      throw invalidValue(
        `infotext key "${key}"`,
        'keys are letters, digits, _, space, - and / (at least 2 characters)',
      );
    }
    // A1111 writes a bare key when the value equals it (`k if k == v`).
    parts.push(value === key ? key : `${key}: ${quoteInfotextValue(value)}`);
  }
  return parts.join(', ');
}

/**
 * The whole infotext, `.strip()`ped like A1111's `create_infotext`. Note that A1111's parser only recognises the
 * last line as parameters when it holds at least three `Key: value` pairs, so write at least three.
 */
export function serializeInfotext(infotext: Infotext): string {
  const promptLines = infotext.prompt.split(/\r\n|\n/);
  if (promptLines.some((line) => line.startsWith('Negative prompt:'))) {
    throw invalidValue('prompt', 'a prompt line may not start with "Negative prompt:"');
  }
  const negative = infotext.negativePrompt ? `\nNegative prompt: ${infotext.negativePrompt}` : '';
  const params = serializeInfotextParams(infotext.params);
  return `${infotext.prompt}${negative}\n${params}`.trim();
}
