import { describe, expect, it } from 'vitest';
import { fileNameText } from './file-name.ts';
import { loadVocabulary } from './vocabulary.ts';

const noise = loadVocabulary().fileNameNoise;

describe('fileNameText', () => {
  it.each([
    ['GregRutkowski_castle-at-night_00042_seed1234.png', 'Greg Rutkowski castle at night'],
    ['ComfyUI_00017_.png', ''],
    ['gen-00042.png', ''],
    ['generated_image_7.webp', ''],
    ['00012-3456789012-a red fox in snow.png', 'a red fox in snow'],
    ['user_cyberpunk_samurai_3f2a9c1e-7b4d-4c8e-9f00-1a2b3c4d5e6f.webp', 'user cyberpunk samurai'],
    ['HTMLParserDemo_v2_final copy.jpeg', 'HTML Parser Demo'],
    ['dir/sub\\Sunset Over Lake.tiff', 'Sunset Over Lake'],
    ['café_crème.png', 'café crème'],
  ])('%s → %s', (name, expected) => {
    expect(fileNameText(name, noise)).toBe(expected);
  });

  it('bounds the work on absurdly long names', () => {
    expect(fileNameText('a_'.repeat(1_000_000), noise).length).toBeLessThan(1_000);
  });
});
