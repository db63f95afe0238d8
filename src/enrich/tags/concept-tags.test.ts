import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Tag } from '../../domain/enrichment.ts';
import { conceptTaggerModel, extractConceptTags } from './concept-tags.ts';

const find = (tags: Tag[], label: string, category?: string): Tag | undefined =>
  tags.find((tag) => tag.label.toLowerCase() === label.toLowerCase() && (!category || tag.category === category));
const labels = (tags: Tag[], category: string): string[] =>
  tags.filter((tag) => tag.category === category).map((tag) => tag.label);

describe('extractConceptTags on real-looking prompts', () => {
  it('reads an A1111 parameters blob: weights, LoRA, Danbooru tags, artist; ignores the negative prompt', () => {
    const tags = extractConceptTags({
      prompt:
        'masterpiece, best quality, (1girl:1.2), solo, long_hair, kimono, cherry blossoms, Kyoto, ((highly detailed)), ' +
        '<lora:add_detail:0.8>, watercolor, by greg rutkowski\n' +
        'Negative prompt: lowres, bad anatomy, dog, (worst quality:1.4), Banksy\n' +
        'Steps: 28, Sampler: DPM++ 2M Karras, CFG scale: 7, Seed: 1234567, Size: 832x1216, Model: juggernautXL',
    });
    expect(labels(tags, 'subject')).toEqual(expect.arrayContaining(['girl', 'kimono', 'cherry blossom', 'hair']));
    expect(find(tags, 'Greg Rutkowski', 'artist')).toBeDefined();
    expect(find(tags, 'Kyoto', 'place')).toBeDefined();
    expect(find(tags, 'watercolor', 'medium')).toBeDefined();
    expect(find(tags, 'lora:add_detail', 'other')).toBeDefined();
    // Boilerplate, the negative prompt and the settings give nothing.
    for (const absent of [
      'masterpiece',
      'quality',
      'dog',
      'anatomy',
      'Banksy',
      'Karras',
      'juggernautXL',
      'Sampler',
      'detail',
    ]) {
      expect(find(tags, absent), absent).toBeUndefined();
    }
  });

  it('reads a Midjourney prompt: parameters and --no terms are not tags', () => {
    const tags = extractConceptTags({
      prompt:
        'a cute corgi wearing a red hat in Paris near the Eiffel Tower, in the style of Alphonse Mucha, art nouveau ' +
        '--ar 16:9 --v 6.1 --style raw --no text, watermark, people --stylize 250',
    });
    expect(labels(tags, 'subject')).toEqual(expect.arrayContaining(['corgi', 'hat']));
    expect(find(tags, 'Paris', 'place')).toBeDefined();
    expect(find(tags, 'Eiffel Tower', 'place')).toBeDefined();
    expect(find(tags, 'Alphonse Mucha', 'artist')).toBeDefined();
    expect(find(tags, 'art nouveau', 'style')).toBeDefined();
    for (const absent of ['text', 'watermark', 'people', 'raw', 'stylize', '16:9'])
      expect(find(tags, absent), absent).toBeUndefined();
  });

  it('reads natural language: subjects, styles, mediums, brands, people', () => {
    const tags = extractConceptTags({
      prompt:
        'An astronaut riding a horse on the beach, photorealistic, cinematic lighting, shot on a Leica, ' +
        'a 3D render of Taylor Swift holding Nike shoes, oil painting',
    });
    expect(labels(tags, 'subject')).toEqual(expect.arrayContaining(['astronaut', 'horse', 'beach', 'shoe']));
    expect(find(tags, 'astronaut riding')).toBeUndefined();
    expect(labels(tags, 'style')).toEqual(expect.arrayContaining(['photorealistic', 'cinematic lighting']));
    expect(labels(tags, 'medium')).toEqual(expect.arrayContaining(['3D render', 'oil painting']));
    expect(labels(tags, 'brand')).toEqual(expect.arrayContaining(['Leica', 'Nike']));
    expect(find(tags, 'Taylor Swift', 'person')).toBeDefined();
  });

  it('matches multi-word phrases whole, longest first, whatever the case, accents and punctuation', () => {
    const tags = extractConceptTags({
      prompt: 'Studio Ghibli style meadow, by H.R. Giger and zdzislaw beksinski, COCA-COLA bottle, ukiyo e wave',
    });
    expect(find(tags, 'Studio Ghibli style', 'style')).toBeDefined();
    expect(find(tags, 'Studio Ghibli', 'artist')).toBeUndefined();
    expect(find(tags, 'H. R. Giger', 'artist')).toBeDefined();
    expect(find(tags, 'Zdzisław Beksiński', 'artist')).toBeDefined();
    expect(find(tags, 'Coca-Cola', 'brand')).toBeDefined();
  });

  it('takes words that are also brands as brands only when capitalised', () => {
    expect(find(extractConceptTags({ prompt: 'an apple on a wooden table' }), 'apple', 'subject')).toBeDefined();
    expect(find(extractConceptTags({ prompt: 'an apple on a wooden table' }), 'Apple', 'brand')).toBeUndefined();
    expect(find(extractConceptTags({ prompt: 'Apple laptop on a desk' }), 'Apple', 'brand')).toBeDefined();
  });

  it('takes capitalised names after "by" as artists even when not in the vocabulary', () => {
    const tags = extractConceptTags({ prompt: 'misty harbour, painting by Jonas Wexelgren' });
    expect(find(tags, 'Jonas Wexelgren', 'artist')?.confidence).toBeCloseTo(0.75 * (1 - 0.15), 2);
  });
});

describe('extractConceptTags scoring', () => {
  it('raises confidence with emphasis and lowers it with de-emphasis', () => {
    const plain = find(extractConceptTags({ prompt: 'lighthouse, castle' }), 'castle')!.confidence;
    const strong = find(extractConceptTags({ prompt: 'lighthouse, (castle:1.4)' }), 'castle')!.confidence;
    const weak = find(extractConceptTags({ prompt: 'lighthouse, [castle]' }), 'castle')!.confidence;
    expect(strong).toBeCloseTo(plain * Math.sqrt(1.4), 2);
    expect(weak).toBeLessThan(plain);
  });

  it('trusts earlier chunks more than later ones', () => {
    const tags = extractConceptTags({ prompt: 'dragon, mountain, river, village, tower' });
    expect(find(tags, 'dragon')!.confidence).toBe(0.7);
    expect(find(tags, 'tower')!.confidence).toBeCloseTo(0.7 * 0.85, 3);
    expect(find(tags, 'river')!.confidence).toBeLessThan(find(tags, 'mountain')!.confidence);
  });

  it('combines repeated evidence by noisy-or, prompt and file name together', () => {
    const fromPrompt = find(extractConceptTags({ prompt: 'castle' }), 'castle')!.confidence;
    const fromName = find(extractConceptTags({ fileName: 'castle.png' }), 'castle')!.confidence;
    const both = find(extractConceptTags({ prompt: 'castle', fileName: 'castle.png' }), 'castle')!.confidence;
    expect(fromName).toBeLessThan(fromPrompt);
    expect(both).toBeCloseTo(1 - (1 - fromPrompt) * (1 - fromName), 3);
  });

  it('states source, model and a confidence in (0, 1) on every tag, in a stable order', () => {
    const input = {
      prompt: 'a red fox in a snowy forest, by Monet, watercolor <lora:foxy:1>',
      fileName: 'fox_winter_01.png',
    };
    const tags = extractConceptTags(input);
    expect(tags.length).toBeGreaterThan(3);
    const fromPrompt = new Set(extractConceptTags({ prompt: input.prompt }).map((t) => `${t.category}:${t.label}`));
    for (const tag of tags) {
      // Found in the prompt (whether or not the file name says it too): prompt; in the file name only: file-name.
      expect(tag.source, tag.label).toBe(fromPrompt.has(`${tag.category}:${tag.label}`) ? 'prompt' : 'file-name');
      expect(tag.model).toMatch(/^compromise@14\.\d+\.\d+\+vocab@\d+$/);
      expect(tag.confidence).toBeGreaterThan(0);
      expect(tag.confidence).toBeLessThan(1);
    }
    expect(extractConceptTags(input)).toEqual(tags);
    expect(conceptTaggerModel()).toBe(tags[0]!.model);
  });

  it('gives nothing for empty input and never throws on arbitrary text', () => {
    expect(extractConceptTags({})).toEqual([]);
    expect(extractConceptTags({ prompt: '   ', fileName: '0001.png' })).toEqual([]);
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 80 }), (prompt, fileName) => {
        for (const tag of extractConceptTags({ prompt, fileName })) {
          expect(tag.label.trim().length).toBeGreaterThan(0);
          expect(tag.confidence).toBeGreaterThan(0);
          expect(tag.confidence).toBeLessThan(1);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('extractConceptTags on file names', () => {
  it('labels tags found only in the file name with source file-name; one found in the prompt too stays prompt', () => {
    const tags = extractConceptTags({ prompt: 'a red fox in the snow', fileName: 'fox-by-the-lighthouse_01.png' });
    expect(find(tags, 'fox', 'subject')?.source).toBe('prompt');
    expect(find(tags, 'snow', 'subject')?.source).toBe('prompt');
    expect(find(tags, 'lighthouse', 'subject')?.source).toBe('file-name');
    const nameOnly = extractConceptTags({ fileName: 'ComfyUI_GregRutkowski_castle-at-night_00042.png' });
    expect(nameOnly.length).toBeGreaterThan(0);
    expect(new Set(nameOnly.map((t) => t.source))).toEqual(new Set(['file-name']));
  });

  it('splits separators and camelCase and drops counters, seeds and tool names', () => {
    const tags = extractConceptTags({ fileName: 'ComfyUI_GregRutkowski_castle-at-night_00042_seed1234.png' });
    expect(find(tags, 'Greg Rutkowski', 'artist')).toBeDefined();
    expect(find(tags, 'castle', 'subject')).toBeDefined();
    expect(find(tags, 'night', 'subject')).toBeDefined();
    for (const absent of ['comfyui', '00042', 'seed1234', 'seed', 'png'])
      expect(find(tags, absent), absent).toBeUndefined();
    expect(find(tags, 'castle')!.confidence).toBeCloseTo(0.7 * 0.6, 3);
  });
});
