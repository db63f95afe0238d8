/**
 * The A1111 "infotext" grammar (modules/infotext_utils.py parse_generation_parameters), shared by A1111, Forge,
 * reForge, SD.Next, Fooocus's a1111 scheme and ComfyUI savers that imitate it:
 *
 *   <prompt, possibly multi-line>
 *   Negative prompt: <negative, possibly multi-line>
 *   Key: value, Key: "json string", Key: {json object}, ...        ← last line, only when it holds ≥ 3 pairs
 *
 * Values were written by A1111's quote(): json.dumps when the text contains ',', '\n' or ':'; otherwise raw.
 */

export interface Infotext {
  positive: string;
  negative: string;
  /** The last line's pairs in order; quoted values unquoted, JSON object/array values kept as their JSON text. */
  params: Array<[string, string]>;
  /** Lines such as 'Template: …' that A1111 extensions put between prompt and parameters. */
  sideLines: Array<[string, string]>;
}

// A1111's key rule `\w[\w \-/]+`, with Python's Unicode \w.
const KEY = /^\s*([\p{L}\p{N}_][\p{L}\p{N}_ \-/]+):\s*/u;

/** A1111's unquote(): JSON-decode a "…" value; anything else (or broken JSON) stays as written. */
export function unquote(text: string): string {
  if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return text;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : text;
  } catch {
    return text;
  }
}

/** A1111's quote(): the inverse of unquote, as the writer applies it. */
export function quote(text: string): string {
  return /[,\n:]/.test(text) ? JSON.stringify(text) : text;
}

/** End index (exclusive) of a JSON string starting at `start` (a '"'), or -1 when unterminated. */
function endOfJsonString(line: string, start: number): number {
  for (let j = start + 1; j < line.length; j++) {
    const c = line[j];
    if (c === '\\') j++;
    else if (c === '"') return j + 1;
  }
  return -1;
}

/** End index (exclusive) of a balanced {…}/[…] JSON value starting at `start`, or -1. */
function endOfJsonContainer(line: string, start: number): number {
  let depth = 0;
  for (let j = start; j < line.length; j++) {
    const c = line[j];
    if (c === '"') {
      const end = endOfJsonString(line, j);
      if (end < 0) return -1;
      j = end - 1;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

/** True when position `j` is a value end per A1111's `(?:,|$)`. */
const endsValue = (line: string, j: number): boolean => j >= line.length || line[j] === ',';

/**
 * Splits a parameter line into pairs. Mirrors A1111's re_param findall: a key that does not match is skipped up
 * to the next comma; a quoted value must end at ',' or the line end, or it is read as a bare value instead.
 */
export function splitParams(line: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === ',' || line[i] === '\t')) i++;
    if (i >= n) break;
    const m = KEY.exec(line.slice(i, i + 256));
    if (!m?.[1]) {
      const next = line.indexOf(',', i);
      i = next < 0 ? n : next + 1;
      continue;
    }
    const key = m[1].trim();
    i += m[0].length;
    const c = line[i];
    if (c === '"') {
      const end = endOfJsonString(line, i);
      if (end > 0 && endsValue(line, end)) {
        out.push([key, unquote(line.slice(i, end))]);
        i = end;
        continue;
      }
    } else if (c === '{' || c === '[') {
      const end = endOfJsonContainer(line, i);
      if (end > 0 && endsValue(line, end)) {
        out.push([key, line.slice(i, end)]);
        i = end;
        continue;
      }
    }
    let j = line.indexOf(',', i);
    if (j < 0) j = n;
    out.push([key, line.slice(i, j).trim()]);
    i = j;
  }
  return out;
}

const SIDE_LINE = /^(Template|Negative Template|Hires prompt|Hires negative prompt):\s?(.*)$/;

/** Parses infotext per A1111's parse_generation_parameters (plus JSON object values and side lines). */
export function parseInfotext(text: string): Infotext {
  const lines = text.replace(/\r\n?/g, '\n').trim().split('\n');
  let params: Array<[string, string]> = [];
  const last = lines[lines.length - 1] ?? '';
  const lastPairs = splitParams(last);
  if (lastPairs.length >= 3) {
    params = lastPairs;
    lines.pop();
  }
  const prompt: string[] = [];
  const negative: string[] = [];
  const sideLines: Array<[string, string]> = [];
  let inNegative = false;
  for (let index = 0; index < lines.length; index++) {
    let line = (lines[index] ?? '').trim();
    const side = index > 0 ? SIDE_LINE.exec(line) : null;
    if (side?.[1] !== undefined) {
      sideLines.push([side[1], unquote(side[2] ?? '')]);
      continue;
    }
    if (line.startsWith('Negative prompt:')) {
      inNegative = true;
      line = line.slice(16).trim();
    }
    (inNegative ? negative : prompt).push(line);
  }
  return { positive: prompt.join('\n').trim(), negative: negative.join('\n').trim(), params, sideLines };
}

/** Does the text look like infotext (has the parameter line or a negative prompt line)? */
export function looksLikeInfotext(text: string): boolean {
  const t = text.trim();
  if (t.startsWith('{') || t.length === 0) return false;
  const last = t.slice(t.lastIndexOf('\n') + 1);
  return splitParams(last).length >= 3 || /(^|\n)Negative prompt:/.test(t);
}
