import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeInfotext, parseInfotext, quote, splitParams, unquote } from './infotext.ts';

describe('parseInfotext (A1111 parse_generation_parameters)', () => {
  it('reads the reference vector', () => {
    const info = parseInfotext(
      'photo of a duck\nNegative prompt: monochrome\nSteps: 15, Sampler: UniPC, CFG scale: 5, Seed: 235284042, Size: 512x400, Model hash: c0d1994c73, Model: realistic_realisticVisionV20_v20',
    );
    expect(info.positive).toBe('photo of a duck');
    expect(info.negative).toBe('monochrome');
    expect(info.params).toEqual([
      ['Steps', '15'],
      ['Sampler', 'UniPC'],
      ['CFG scale', '5'],
      ['Seed', '235284042'],
      ['Size', '512x400'],
      ['Model hash', 'c0d1994c73'],
      ['Model', 'realistic_realisticVisionV20_v20'],
    ]);
  });

  it('keeps a JSON object value whole', () => {
    const info = parseInfotext(
      'a\nSteps: 15, Sampler: UniPC, Hashes: {"vae": "c6a580b13a", "model": "c0d1994c73"}, Seed: 1',
    );
    const params = new Map(info.params);
    expect(JSON.parse(params.get('Hashes')!)).toEqual({ vae: 'c6a580b13a', model: 'c0d1994c73' });
    expect(params.get('Seed')).toBe('1');
  });

  it('unquotes quoted values that contain commas and colons', () => {
    const info = parseInfotext(
      'a cat\nSteps: 30, Sampler: Euler a, CFG scale: 7, Seed: 1, Size: 512x512, Lora hashes: "add_detail: 7c6bad76eb54, more: 3b8aa1d351ef", Version: v1.9.4',
    );
    expect(new Map(info.params).get('Lora hashes')).toBe('add_detail: 7c6bad76eb54, more: 3b8aa1d351ef');
    expect(new Map(info.params).get('Version')).toBe('v1.9.4');
  });

  it('decodes JSON escapes inside quoted values', () => {
    const params = splitParams('Steps: 1, Sampler: x, Note: "say \\"hi\\", then: go\\nnow", Seed: 2');
    expect(new Map(params).get('Note')).toBe('say "hi", then: go\nnow');
    expect(new Map(params).get('Seed')).toBe('2');
  });

  it('keeps multi-line prompts, blank lines and non-Latin text', () => {
    const info = parseInfotext(
      '1girl, テスト\nsecond line\n\nNegative prompt: bad quality, worst quality, worst detail, sketch, censor, \n\nSteps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 3782896554, Size: 1024x1024, Model hash: 45a21ea00a, Model: waiIllustriousSDXL_v160, Version: v1.10.1',
    );
    expect(info.positive).toBe('1girl, テスト\nsecond line');
    expect(info.negative).toBe('bad quality, worst quality, worst detail, sketch, censor,');
    expect(new Map(info.params).get('Schedule type')).toBe('Karras');
  });

  it('treats a last line with fewer than three pairs as prompt', () => {
    const info = parseInfotext('a portrait\nlighting: soft, mood: calm');
    expect(info.params).toEqual([]);
    expect(info.positive).toBe('a portrait\nlighting: soft, mood: calm');
  });

  it('reads a multi-line negative prompt', () => {
    const info = parseInfotext('p\nNegative prompt: n1\nn2\nSteps: 1, Sampler: a, Seed: 3');
    expect(info.negative).toBe('n1\nn2');
  });

  it('moves Template lines into side lines', () => {
    const info = parseInfotext('a {red|blue} car\nTemplate: a {red|blue} car\nSteps: 1, Sampler: a, Seed: 3');
    expect(info.positive).toBe('a {red|blue} car');
    expect(info.sideLines).toEqual([['Template', 'a {red|blue} car']]);
  });

  it('skips a segment without a key, as findall does', () => {
    expect(splitParams('junk here, Steps: 1, Sampler: a')).toEqual([
      ['Steps', '1'],
      ['Sampler', 'a'],
    ]);
  });

  it('falls back to a bare value when a quote does not end the value', () => {
    expect(splitParams('Ab: "x" y, Bc: 2')).toEqual([
      ['Ab', '"x" y'],
      ['Bc', '2'],
    ]);
  });

  it('handles an unterminated JSON object without hanging', () => {
    const params = splitParams('Steps: 1, Hashes: {"a": "b", Seed: 5');
    expect(new Map(params).get('Steps')).toBe('1');
  });

  it('recognises infotext and rejects JSON', () => {
    expect(looksLikeInfotext('x\nSteps: 1, Sampler: a, Seed: 1')).toBe(true);
    expect(looksLikeInfotext('{"prompt": "x"}')).toBe(false);
    expect(looksLikeInfotext('')).toBe(false);
  });

  it('unquote leaves broken JSON alone', () => {
    expect(unquote('"abc')).toBe('"abc');
    expect(unquote('"a\\q"')).toBe('"a\\q"');
  });

  it('round-trips values written with quote()', () => {
    const key = fc.stringMatching(/^[A-Z][a-z]{1,8}( [a-z]{1,6})?$/);
    const value = fc
      .string({ minLength: 1, maxLength: 40 })
      .filter((v) => v.trim() === v && !/^["{[]/.test(v) && !v.includes('\r'));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(key, value), { minLength: 3, maxLength: 8, selector: ([k]) => k }),
        (pairs) => {
          const line = pairs.map(([k, v]) => `${k}: ${quote(v)}`).join(', ');
          const info = parseInfotext(`prompt text\n${line}`);
          expect(info.params).toEqual(pairs);
        },
      ),
    );
  });
});
