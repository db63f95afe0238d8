import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseInfotext } from '../tools/infotext.ts';
import { pythonJsonDumps, quoteInfotextValue, serializeInfotext, serializeInfotextParams } from './infotext.ts';

/**
 * A line-by-line port of A1111's `parse_generation_parameters` parameter split (modules/infotext_utils.py):
 * `re_param` findall, then `unquote` for values that start and end with '"'. Independent of src/provenance/tools.
 */
const RE_PARAM = /\s*(\w[\w \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)/g;
function a1111Params(line: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const match of line.matchAll(RE_PARAM)) {
    const key = match[1] ?? '';
    let value = match[2] ?? '';
    if (value.startsWith('"') && value.endsWith('"') && value.length > 1) {
      try {
        const parsed: unknown = JSON.parse(value);
        if (typeof parsed === 'string') value = parsed;
      } catch {
        // A1111 keeps the text as written.
      }
    }
    out.push([key, value]);
  }
  return out;
}

describe('infotext serialiser', () => {
  it('writes the sd-parsers test vector exactly as A1111 does', () => {
    const text = serializeInfotext({
      prompt: 'photo of a duck',
      negativePrompt: 'monochrome',
      params: {
        Steps: 15,
        Sampler: 'UniPC',
        'CFG scale': 5,
        Seed: 235284042,
        Size: '512x400',
        'Model hash': 'c0d1994c73',
        Model: 'realistic_realisticVisionV20_v20',
      },
    });
    expect(text).toBe(
      'photo of a duck\nNegative prompt: monochrome\nSteps: 15, Sampler: UniPC, CFG scale: 5, Seed: 235284042, ' +
        'Size: 512x400, Model hash: c0d1994c73, Model: realistic_realisticVisionV20_v20',
    );
  });

  it('quotes like A1111 quote(): JSON strings for , : and newlines, Python-style JSON for objects', () => {
    expect(serializeInfotextParams([['Lora hashes', 'add_detail: 7c6bad76eb54, more: 3b8aa1d351ef']])).toBe(
      'Lora hashes: "add_detail: 7c6bad76eb54, more: 3b8aa1d351ef"',
    );
    expect(serializeInfotextParams({ Hashes: { vae: 'c6a580b13a', model: 'c0d1994c73' } })).toBe(
      'Hashes: {"vae": "c6a580b13a", "model": "c0d1994c73"}',
    );
    expect(quoteInfotextValue('テスト')).toBe('テスト');
    expect(quoteInfotextValue('line\nbreak')).toBe('"line\\nbreak"');
    expect(quoteInfotextValue(true)).toBe('True');
    expect(quoteInfotextValue(' padded')).toBe('" padded"');
    expect(quoteInfotextValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteInfotextValue('[not json')).toBe('"[not json"');
    expect(pythonJsonDumps({ a: [1, 'é', null, { b: true }] })).toBe('{"a": [1, "é", null, {"b": true}]}');
  });

  it('omits null values and the negative line when empty, writes a bare key when the value equals it', () => {
    const text = serializeInfotext({
      prompt: 'a cat',
      negativePrompt: '',
      params: [
        ['Steps', 30],
        ['Variation seed', null],
        ['Tiling', 'Tiling'],
        ['Seed', 1],
      ],
    });
    expect(text).toBe('a cat\nSteps: 30, Tiling, Seed: 1');
  });

  it('rejects what the parser could not find again', () => {
    expect(() => serializeInfotextParams({ 'bad:key': 1 })).toThrow(/infotext key/);
    expect(() => serializeInfotextParams({ x: 1 })).toThrow(/infotext key/);
    expect(() => serializeInfotext({ prompt: 'a\nNegative prompt: b', params: {} })).toThrow(/Negative prompt/);
  });

  it('reads back with the tools reader on the A1111 vectors (JSON object values included)', () => {
    const text = serializeInfotext({
      prompt: 'masterpiece\nテスト',
      negativePrompt: 'bad quality, worst quality,',
      params: {
        Steps: 20,
        Sampler: 'DPM++ 2M',
        'Schedule type': 'Karras',
        Hashes: { vae: 'c6a580b13a', model: 'c0d1994c73' },
        'Lora hashes': 'add_detail: 7c6bad76eb54, more: 3b8aa1d351ef',
        Version: 'v1.10.1',
      },
    });
    const parsed = parseInfotext(text);
    expect(parsed.positive).toBe('masterpiece\nテスト');
    expect(parsed.negative).toBe('bad quality, worst quality,');
    const params = new Map(parsed.params);
    expect(JSON.parse(params.get('Hashes') ?? '')).toEqual({ vae: 'c6a580b13a', model: 'c0d1994c73' });
    expect(params.get('Lora hashes')).toBe('add_detail: 7c6bad76eb54, more: 3b8aa1d351ef');
    expect(params.get('Sampler')).toBe('DPM++ 2M');
  });
});

// ---- property tests -------------------------------------------------------------------------------------------

const SIDE_LINE = /^(Template|Negative Template|Hires prompt|Hires negative prompt):/;
/** One prompt line the grammar can carry verbatim: no line breaks, no outer blanks, no reserved line starts. */
const promptLine = fc
  .string({ unit: 'grapheme', maxLength: 40 })
  .filter((s) => !/[\r\n]/.test(s) && s.trim() === s && !s.startsWith('Negative prompt:') && !SIDE_LINE.test(s));
const promptText = fc
  .array(promptLine, { minLength: 1, maxLength: 4 })
  .map((lines) => lines.join('\n'))
  .filter((s) => s.trim() === s && s.length > 0);
const key = fc
  .stringMatching(/^[A-Za-z][A-Za-z0-9_ \-/]{0,14}[A-Za-z0-9_\-/]$/)
  .filter((k) => !/ {2}/.test(k) && k !== 'Negative prompt');
const value = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 30 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('7.0', 'Euler a', 'DPM++ 2M Karras', 'v1.10.1', '512x512', 'a: b, c', '"', '{', '\\'),
);
const params = fc.uniqueArray(fc.tuple(key, value), { minLength: 3, maxLength: 8, selector: ([k]) => k });
const infotext = fc.record({
  prompt: promptText,
  negativePrompt: fc.option(promptText, { nil: undefined }),
  params: params.map((ps) => ps.filter(([k, v]) => String(v) !== k)).filter((ps) => ps.length >= 3),
});

describe('infotext serialiser: properties', () => {
  it('every prompt and value survives serialise → A1111 parse (port of re_param + unquote)', () => {
    fc.assert(
      fc.property(infotext, (input) => {
        const text = serializeInfotext(input);
        const lines = text.split('\n');
        const parsed = a1111Params(lines[lines.length - 1] ?? '');
        expect(parsed).toEqual(input.params.map(([k, v]) => [k, String(v)]));
      }),
      { numRuns: 400 },
    );
  });

  it('every prompt and value survives serialise → tools/infotext parseInfotext', () => {
    fc.assert(
      fc.property(infotext, (input) => {
        const parsed = parseInfotext(serializeInfotext(input));
        expect(parsed.positive).toBe(input.prompt);
        expect(parsed.negative).toBe(input.negativePrompt ?? '');
        expect(parsed.params).toEqual(input.params.map(([k, v]) => [k, String(v)]));
      }),
      { numRuns: 400 },
    );
  });

  it('JSON object and array values survive as the same JSON', () => {
    const json = fc.dictionary(key, fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.boolean()), {
      minKeys: 1,
      maxKeys: 4,
    });
    fc.assert(
      fc.property(json, fc.array(fc.integer(), { minLength: 1, maxLength: 4 }), (obj, arr) => {
        const text = serializeInfotext({ prompt: 'p', params: { Steps: 1, Hashes: obj, List: arr, Seed: 2 } });
        const got = new Map(parseInfotext(text).params);
        expect(JSON.parse(got.get('Hashes') ?? 'null')).toEqual(obj);
        expect(JSON.parse(got.get('List') ?? 'null')).toEqual(arr);
      }),
      { numRuns: 200 },
    );
  });
});
