import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkAt, maxPromptChars, parsePrompt, weightAt } from './prompt-syntax.ts';
import type { ParsedPrompt } from './prompt-syntax.ts';

/** The weight in force on the first occurrence of `word` in the cleaned text. */
function weightOf(parsed: ParsedPrompt, word: string): number {
  const at = parsed.text.indexOf(word);
  expect(at, `"${word}" in "${parsed.text}"`).toBeGreaterThanOrEqual(0);
  return weightAt(parsed, at);
}

describe('parsePrompt: A1111 / ComfyUI syntax', () => {
  it('reads (word:w), nested (( )), [ ] and { } emphasis', () => {
    const parsed = parsePrompt('a (red:1.3) hat, ((big)) castle, [small] boat, {shiny} coin, plain');
    expect(parsed.text).toBe('a red hat, big castle, small boat, shiny coin, plain');
    expect(weightOf(parsed, 'red')).toBeCloseTo(1.3, 6);
    expect(weightOf(parsed, 'hat')).toBe(1);
    expect(weightOf(parsed, 'big')).toBeCloseTo(1.21, 6);
    expect(weightOf(parsed, 'small')).toBeCloseTo(1 / 1.1, 6);
    expect(weightOf(parsed, 'shiny')).toBeCloseTo(1.05, 6);
    expect(weightOf(parsed, 'plain')).toBe(1);
  });

  it('multiplies nested weights and applies unclosed brackets to the end', () => {
    const parsed = parsePrompt('((cat:1.5) dog), (unclosed fox');
    expect(weightOf(parsed, 'cat')).toBeCloseTo(1.5 * 1.1, 6);
    expect(weightOf(parsed, 'dog')).toBeCloseTo(1.1, 6);
    expect(weightOf(parsed, 'fox')).toBeCloseTo(1.1, 6);
  });

  it('keeps escaped brackets as text', () => {
    expect(parsePrompt('hatsune miku \\(vocaloid\\), \\[wip\\]').text).toBe('hatsune miku (vocaloid), [wip]');
  });

  it('takes LoRA, LyCORIS and hypernetwork names out of the text', () => {
    const parsed = parsePrompt('portrait <lora:add_detail:0.8>, <lyco:film grain>, <hypernet:anime_v2:1.2> woman');
    expect(parsed.networks).toEqual([
      { kind: 'lora', name: 'add_detail', weight: 0.8 },
      { kind: 'lyco', name: 'film grain', weight: 1 },
      { kind: 'hypernet', name: 'anime_v2', weight: 1.2 },
    ]);
    expect(parsed.text).toBe('portrait, woman');
  });

  it('keeps both sides of [a|b] alternation and [from:to:when] editing', () => {
    expect(parsePrompt('a [cat|dog|fox] on a sofa').text).toBe('a cat, dog, fox on a sofa');
    expect(parsePrompt('[castle:ruins:0.4], [moon:10], [rain::0.5]').text).toBe('castle, ruins, moon, rain');
    // Plain square brackets stay de-emphasis.
    expect(weightOf(parsePrompt('[[faint]] glow'), 'faint')).toBeCloseTo(1 / 1.21, 6);
  });

  it('cuts an A1111 parameters blob at the negative prompt and the settings line', () => {
    const blob =
      'a lighthouse at dusk, (stormy sea:1.2)\nNegative prompt: blurry, dog, text\nSteps: 30, Sampler: DPM++ 2M, Seed: 42';
    expect(parsePrompt(blob).text).toBe('a lighthouse at dusk, stormy sea');
    expect(parsePrompt('a cat\nSteps: 20, Sampler: Euler a').text).toBe('a cat');
  });

  it('splits chunks on commas, new lines, BREAK and AND, and tidies Danbooru tags', () => {
    const parsed = parsePrompt('1girl, long_hair BREAK 2boys\nblue_sky AND city;night');
    expect(parsed.text).toBe('girl, long hair, boys, blue sky, city, night');
    expect(parsed.chunkStarts.length).toBe(6);
    expect(chunkAt(parsed, parsed.text.indexOf('night'))).toBe(5);
    expect(chunkAt(parsed, 0)).toBe(0);
  });

  it('drops ComfyUI embedding references and other angle-bracket tokens', () => {
    expect(parsePrompt('embedding:EasyNegative, a fox <something odd>').text).toBe('a fox');
  });
});

describe('parsePrompt: Midjourney syntax', () => {
  it('moves --parameters out of the text and --no terms to excluded', () => {
    const parsed = parsePrompt('a koi pond in autumn --ar 16:9 --v 6.1 --no text, watermark --stylize 250 --tile');
    expect(parsed.text).toBe('a koi pond in autumn');
    expect(parsed.parameters).toEqual({ ar: '16:9', v: '6.1', stylize: '250', tile: '' });
    expect(parsed.excluded).toEqual(['text', 'watermark']);
  });

  it('weights multi-prompt parts relative to their mean and drops negative ones', () => {
    const parsed = parsePrompt('space ship::2 nebula::1 people::-0.5');
    expect(parsed.text).toBe('space ship, nebula');
    expect(weightOf(parsed, 'space')).toBeCloseTo(4 / 3, 6);
    expect(weightOf(parsed, 'nebula')).toBeCloseTo(2 / 3, 6);
  });

  it('removes image-prompt URLs', () => {
    expect(parsePrompt('https://s.mj.run/abc123 https://example.com/x.png a red fox --iw 0.5').text).toBe('a red fox');
  });
});

describe('parsePrompt on hostile input', () => {
  it('stays bounded on huge and deeply nested prompts', () => {
    const huge = '('.repeat(200_000) + 'cat' + ')'.repeat(200_000);
    const parsed = parsePrompt(huge);
    expect(parsed.text.length).toBeLessThanOrEqual(maxPromptChars);
    expect(parsePrompt('[a|'.repeat(5_000)).text.length).toBeLessThanOrEqual(maxPromptChars);
  });

  it('never throws and keeps spans and chunks inside the text', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300, unit: fc.constantFrom(...'ab (),:[]|{}<>\\-0.59BREAK_\n'.split('')) }),
        (raw) => {
          const parsed = parsePrompt(raw);
          for (const span of parsed.spans) {
            expect(span.start).toBeGreaterThanOrEqual(0);
            expect(span.end).toBeLessThanOrEqual(parsed.text.length);
            expect(Number.isFinite(span.weight)).toBe(true);
          }
          for (const start of parsed.chunkStarts) expect(start).toBeLessThanOrEqual(parsed.text.length);
        },
      ),
    );
  });
});
