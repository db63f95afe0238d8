/**
 * Strips generator syntax from a positive prompt and keeps what it says about emphasis, so that the NLP sees plain
 * text. Handles:
 *   A1111 / ComfyUI  (word:1.2) ((word)) [word] {word}, \( escapes, [from:to:when] and [a|b] (both kept), BREAK / AND,
 *                    <lora:name:0.8> (and lyco / hypernet: kept as network names), embedding:name, tag_underscores,
 *                    an A1111 parameters blob's "Negative prompt:" and "Steps:" lines (cut: the negative prompt
 *                    never yields tags);
 *   Midjourney       --ar 16:9 --v 6 … (kept as parameters), --no a, b (kept as excluded terms), a::2 b::-0.5
 *                    multi-prompts (weights; negative parts dropped), leading image URLs.
 * The result is the cleaned text (chunks joined by ", "), the emphasis weight of every stretch of it, and where each
 * comma-separated chunk starts (earlier chunks tend to carry the main subject).
 */

export interface WeightedSpan {
  start: number;
  end: number;
  weight: number;
}

export interface ExtraNetwork {
  kind: string;
  name: string;
  weight: number;
}

export interface ParsedPrompt {
  text: string;
  spans: WeightedSpan[];
  chunkStarts: number[];
  networks: ExtraNetwork[];
  /** Midjourney `--no` terms: things the image should not show. */
  excluded: string[];
  parameters: Record<string, string>;
}

/** Prompts longer than this are cut: real ones are a few hundred characters, and the work must stay bounded. */
export const maxPromptChars = 20_000;

// Escaped brackets become private-use characters while parsing, and literal brackets again at the end.
const escapes: Record<string, string> = { '(': '\uE000', ')': '\uE001', '[': '\uE002', ']': '\uE003' };
const unescape = (text: string): string =>
  text.replace(/[\uE000-\uE003]/g, (c) => ['(', ')', '[', ']'][c.charCodeAt(0) - 0xe000]!);

const roundMultiplier = 1.1;
const curlyMultiplier = 1.05;

export function parsePrompt(raw: string): ParsedPrompt {
  let text = raw.slice(0, maxPromptChars).replace(/\r\n?/g, '\n');

  // An A1111 parameters blob: the positive prompt ends where the negative prompt or the settings line begins.
  const trailer = text.search(/(^|\n)\s*(Negative prompt:|Steps:\s*\d+\s*,)/i);
  if (trailer >= 0) text = text.slice(0, trailer);

  text = text.replace(/\\([()[\]\\])/g, (_, c: string) => escapes[c] ?? c);

  const networks: ExtraNetwork[] = [];
  text = text.replace(
    /<\s*(lora|lyco|lycoris|hypernet)\s*:\s*([^:>]+?)\s*(?::\s*([-+]?[\d.]+)[^>]*)?>/gi,
    (_, kind: string, name: string, weight?: string) => {
      const parsed = weight === undefined ? 1 : Number.parseFloat(weight);
      networks.push({ kind: kind.toLowerCase(), name: name.trim(), weight: Number.isFinite(parsed) ? parsed : 1 });
      return ', ';
    },
  );
  text = text.replace(/<[^<>]{0,200}>/g, ', ').replace(/\bembedding:[\w.-]+/gi, ', ');

  // Midjourney: image prompts (URLs) and trailing --parameters.
  text = text.replace(/\bhttps?:\/\/\S+/gi, ' ');
  const parameters: Record<string, string> = {};
  const excluded: string[] = [];
  const paramStart = text.search(/(^|\s)--[a-z]/i);
  if (paramStart >= 0) {
    const tail = text.slice(paramStart);
    text = text.slice(0, paramStart);
    for (const match of tail.matchAll(/--([a-z][\w-]*)\s*((?:(?!\s--[a-z])[\s\S])*)/gi)) {
      const key = match[1]!.toLowerCase();
      const value = (match[2] ?? '').trim();
      if (key === 'no') {
        excluded.push(
          ...value
            .split(',')
            .map((t) => t.trim())
            .filter((t) => t.length > 0),
        );
      } else {
        parameters[key] = value;
      }
    }
  }

  const pieces: { text: string; weight: number }[] = [];
  for (const part of multiPromptParts(text)) {
    // Each multi-prompt part is its own chunk.
    if (pieces.length > 0) pieces.push({ text: ',', weight: 1 });
    for (const piece of attention(promptEditing(part.text))) {
      pieces.push({ text: piece.text, weight: piece.weight * part.weight });
    }
  }
  return { ...assemble(pieces), networks, excluded, parameters };
}

/** Midjourney `a::2 b::-1`: each part's weight relative to the mean of the positive ones; negative parts dropped. */
function multiPromptParts(text: string): { text: string; weight: number }[] {
  if (!text.includes('::')) return [{ text, weight: 1 }];
  const parts: { text: string; weight: number }[] = [];
  const pattern = /::\s*(-?\d+(?:\.\d+)?)?/g;
  let last = 0;
  let depth = 0;
  let scanned = 0;
  for (const match of text.matchAll(pattern)) {
    // Inside [ ] the double colon is A1111 prompt editing ([rain::0.5]), not a Midjourney part.
    for (; scanned < match.index; scanned++) depth += text[scanned] === '[' ? 1 : text[scanned] === ']' ? -1 : 0;
    if (depth > 0) continue;
    parts.push({ text: text.slice(last, match.index), weight: match[1] === undefined ? 1 : Number(match[1]) });
    last = match.index + match[0].length;
  }
  parts.push({ text: text.slice(last), weight: 1 });
  const kept = parts.filter((p) => p.weight > 0 && p.text.trim().length > 0);
  const mean = kept.reduce((sum, p) => sum + p.weight, 0) / Math.max(1, kept.length);
  return kept.map((p) => ({ text: p.text, weight: p.weight / mean }));
}

/** `[a|b]` alternation and `[from:to:when]` / `[to:when]` editing: every named concept appears at some step. */
function promptEditing(text: string): string {
  let current = text;
  for (let round = 0; round < 32; round++) {
    const next = current.replace(/\[([^[\]]*)\]/g, (whole, inner: string) => {
      if (inner.includes('|')) return inner.split('|').join(', ');
      const editing = /^([^:]*):([^:]*):\s*[\d.]+\s*$/.exec(inner) ?? /^()([^:]*):\s*[\d.]+\s*$/.exec(inner);
      if (editing) return [editing[1], editing[2]].filter((s) => s && s.trim()).join(', ');
      // Plain de-emphasis: leave it for the attention parser, but stop it matching again this round.
      return whole.replace('[', '\uE010').replace(/\]$/, '\uE011');
    });
    if (next === current) break;
    current = next;
  }
  return current.replace(/\uE010/g, '[').replace(/\uE011/g, ']');
}

/** The A1111 attention parser (modules/prompt_parser.py, parse_prompt_attention), plus NovelAI's {…}. */
function attention(text: string): { text: string; weight: number }[] {
  const result: { text: string; weight: number }[] = [];
  const round: number[] = [];
  const square: number[] = [];
  const curly: number[] = [];
  const multiply = (from: number, factor: number): void => {
    for (let i = from; i < result.length; i++) result[i]!.weight *= factor;
  };
  const token = /\(|\[|\{|:\s*([+-]?[\d.]+)\s*\)|\)|\]|\}|[^()[\]{}:]+|:/g;
  for (const match of text.matchAll(token)) {
    const [whole, weight] = match;
    if (whole === '(') round.push(result.length);
    else if (whole === '[') square.push(result.length);
    else if (whole === '{') curly.push(result.length);
    else if (weight !== undefined && round.length > 0) {
      const parsed = Number.parseFloat(weight);
      multiply(round.pop()!, Number.isFinite(parsed) ? parsed : 1);
    } else if (whole === ')' && round.length > 0) multiply(round.pop()!, roundMultiplier);
    else if (whole === ']' && square.length > 0) multiply(square.pop()!, 1 / roundMultiplier);
    else if (whole === '}' && curly.length > 0) multiply(curly.pop()!, curlyMultiplier);
    else result.push({ text: whole, weight: 1 });
  }
  // Unclosed brackets still count from where they opened, as A1111 does.
  for (const start of round) multiply(start, roundMultiplier);
  for (const start of square) multiply(start, 1 / roundMultiplier);
  for (const start of curly) multiply(start, curlyMultiplier);
  return result.filter((piece) => piece.text.length > 0);
}

const separator = /\s*(?:[,\n;|]|\bBREAK\b|\bAND\b)+\s*/;

/** Joins the pieces into the analysed text, chunk by chunk, tracking each stretch's weight. */
function assemble(pieces: { text: string; weight: number }[]): Pick<ParsedPrompt, 'text' | 'spans' | 'chunkStarts'> {
  let text = '';
  const spans: WeightedSpan[] = [];
  const chunkStarts: number[] = [];
  let newChunk = true;
  let pendingSpace = false;
  for (const piece of pieces) {
    unescape(piece.text)
      .split(separator)
      .forEach((part, i) => {
        if (i > 0) newChunk = true;
        const clean = tidy(part);
        if (clean.length === 0) {
          pendingSpace ||= /\s/.test(part);
          return;
        }
        if (newChunk) {
          if (text.length > 0) text += ', ';
          chunkStarts.push(text.length);
          newChunk = false;
        } else if (text.length > 0 && (pendingSpace || /^\s/.test(part))) {
          // Pieces split by brackets inside one chunk ("a (red) hat") keep the space they had.
          text += ' ';
        }
        spans.push({ start: text.length, end: text.length + clean.length, weight: piece.weight });
        text += clean;
        pendingSpace = /\s$/.test(part);
      });
  }
  return { text: text.trimEnd(), spans, chunkStarts };
}

/** Danbooru-style tags and counts: long_hair → long hair, 1girl → girl; whitespace collapsed. */
function tidy(part: string): string {
  return part
    .replace(/_/g, ' ')
    .replace(/\b\d+\s*(girl|boy|other)(s?)\b/gi, '$1$2')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The weight in force at a text offset (1 outside any recorded span). */
export function weightAt(parsed: Pick<ParsedPrompt, 'spans'>, offset: number): number {
  for (const span of parsed.spans) if (offset >= span.start && offset < span.end) return span.weight;
  return 1;
}

/** Index of the chunk a text offset falls in. */
export function chunkAt(parsed: Pick<ParsedPrompt, 'chunkStarts'>, offset: number): number {
  let index = 0;
  for (let i = 0; i < parsed.chunkStarts.length; i++) if (parsed.chunkStarts[i]! <= offset) index = i;
  return index;
}
