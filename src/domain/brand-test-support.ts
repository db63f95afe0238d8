/**
 * The table of tricky spellings for prompt rules: what a forbidden-terms rule must find (and must not) in prompts
 * written to slip past it, or innocently close to a term. Used by the tests (brand-text.test.ts) and by the
 * benchmark's precision/recall (bench/brand/rules.bench.ts).
 */
import type { PromptSpan } from './brand-guideline.ts';

export const trickyTerms = [
  'Nike',
  'Picasso',
  'Banksy',
  'Coca-Cola',
  'Greg Rutkowski',
  'Taylor Swift',
  'Adidas',
  'Getty Images',
] as const;

export interface TrickyPromptCase {
  name: string;
  prompt: string;
  /** The text of every span that must be found, in order. */
  expected: string[];
}

export const trickyPromptCases: TrickyPromptCase[] = [
  { name: 'plain', prompt: 'a Nike shoe on a table', expected: ['Nike'] },
  { name: 'upper case', prompt: 'NIKE sneakers, studio light', expected: ['NIKE'] },
  { name: 'lower case', prompt: 'nike sneakers', expected: ['nike'] },
  { name: 'accent', prompt: 'a guitar in the style of Pícasso', expected: ['Pícasso'] },
  { name: 'combining accent', prompt: 'after Pica\u0301sso, cubist', expected: ['Pica\u0301sso'] },
  { name: 'possessive', prompt: "Nike's new running shoe", expected: ['Nike'] },
  { name: 'typographic possessive', prompt: 'PICASSO\u2019S blue period', expected: ['PICASSO'] },
  { name: 'plural', prompt: 'two Nikes on a shelf', expected: ['Nikes'] },
  { name: 'plural of a name', prompt: 'a wall of Picassos', expected: ['Picassos'] },
  { name: 'hyphenated compound', prompt: 'Banksy-style stencil mural', expected: ['Banksy'] },
  { name: 'hyphenated term written with a space', prompt: 'a cold coca cola bottle', expected: ['coca cola'] },
  { name: 'hyphenated term written as one word', prompt: 'CocaCola bottle', expected: ['CocaCola'] },
  { name: 'hyphenated term as written', prompt: 'a Coca-Cola truck', expected: ['Coca-Cola'] },
  { name: 'two-word name', prompt: 'portrait by greg rutkowski, trending', expected: ['greg rutkowski'] },
  { name: 'two-word name over a line break', prompt: 'by Greg\nRutkowski', expected: ['Greg\nRutkowski'] },
  { name: 'two-word name hyphenated', prompt: 'taylor-swift concert poster', expected: ['taylor-swift'] },
  { name: 'two-word name run together', prompt: 'in the style of gregrutkowski', expected: ['gregrutkowski'] },
  { name: 'full-width letters', prompt: 'a \uFF2E\uFF49\uFF4B\uFF45 poster', expected: ['\uFF2E\uFF49\uFF4B\uFF45'] },
  { name: 'zero-width space inside', prompt: 'Ni\u200Bke logo on a cap', expected: ['Ni\u200Bke'] },
  { name: 'zero-width joiner inside', prompt: 'Ad\u200Didas track suit', expected: ['Ad\u200Didas'] },
  { name: 'Cyrillic look-alike letter', prompt: 'N\u0456ke swoosh', expected: ['N\u0456ke'] },
  { name: 'Greek look-alike letter', prompt: 'Banksy and Picass\u03BF', expected: ['Banksy', 'Picass\u03BF'] },
  { name: 'several terms', prompt: 'Nike vs Adidas, by Banksy', expected: ['Nike', 'Adidas', 'Banksy'] },
  { name: 'watermark phrase', prompt: 'photo, getty images watermark', expected: ['getty images'] },
  { name: 'punctuation around', prompt: '(Nike), "Adidas".', expected: ['Nike', 'Adidas'] },
  // Must not match: the term inside another word, near misses, other words.
  { name: 'term inside a longer word', prompt: 'watching Nikelodeon cartoons', expected: [] },
  { name: 'term at the end of a word', prompt: 'an Anike figurine', expected: [] },
  { name: 'name as a prefix', prompt: 'Picassoesque shapes', expected: [] },
  { name: 'one edit away', prompt: 'Mike rides a bike', expected: [] },
  { name: 'words in the wrong order', prompt: 'Swift Taylor and Rutkowski Greg', expected: [] },
  { name: 'longer word from a name', prompt: 'a swiftly moving taylor', expected: [] },
  { name: 'half of a hyphenated term', prompt: 'a cola drink from a coca plant', expected: [] },
  { name: 'nothing', prompt: 'a red apple on a wooden table', expected: [] },
  { name: 'empty prompt', prompt: '', expected: [] },
];

/** Precision and recall of found spans against expected ones, over a table (a span is its start, end and text). */
export function precisionRecall(
  results: readonly { expected: readonly string[]; found: readonly PromptSpan[]; prompt: string }[],
): { precision: number; recall: number; truePositives: number; falsePositives: number; falseNegatives: number } {
  let truePositives = 0;
  let falsePositives = 0;
  let falseNegatives = 0;
  for (const { expected, found } of results) {
    const remaining = [...expected];
    for (const span of found) {
      const at = remaining.indexOf(span.text);
      if (at >= 0) {
        truePositives++;
        remaining.splice(at, 1);
      } else falsePositives++;
    }
    falseNegatives += remaining.length;
  }
  return {
    precision: truePositives + falsePositives === 0 ? 1 : truePositives / (truePositives + falsePositives),
    recall: truePositives + falseNegatives === 0 ? 1 : truePositives / (truePositives + falseNegatives),
    truePositives,
    falsePositives,
    falseNegatives,
  };
}

/** The example of docs/brand-guidelines.md: every rule type. */
export const exampleGuidelineYaml = `
brand:
  name: Acme
  spellings: [ACME Corp]
appliesTo:
  teams: [Marketing]
rules:
  - id: brand-palette
    type: palette
    description: Acme red, ink and paper cover most of the picture; never a competitor's green.
    colours:
      - { name: Acme red, hex: '#d62828' }
      - { name: Ink, hex: '#1d1d1b' }
      - { name: Paper, hex: '#f7f4ea' }
    tolerance: 10
    minOnPaletteShare: 0.6
    forbidden:
      - { name: Competitor green, hex: '#00a651', tolerance: 12 }
    severity: warn
    weight: 2
  - id: logo-placement
    type: logo
    logo: { id: acme-logo-2026 }
    presence: required
    zones:
      - { name: top-left, x: 0, y: 0, width: 0.3, height: 0.25 }
      - { name: bottom-right, x: 0.7, y: 0.75, width: 0.3, height: 0.25 }
    clearSpace: 0.25
    minScore: 0.7
    weight: 3
  - id: old-logo
    type: logo
    logo: { id: acme-logo-2019 }
    presence: forbidden
  - id: copy-words
    type: text
    forbidden: [Globex, 'Initech*']
    forbidStockWatermarks: true
    required: ['Terms apply']
    misspellingDistance: 2
  - id: prompt-terms
    type: prompt
    forbidden: [Globex, Greg Rutkowski, Taylor Swift]
  - id: people-release
    type: people
    requireModelRelease: true
    raiseTierTo: 3
  - id: social-formats
    type: channel-format
    channels:
      - { channel: instagram-feed, aspectRatios: ['1:1', '4:5'], minWidth: 1080, minHeight: 1080 }
      - { channel: web-hero, aspectRatios: ['16:9'], minWidth: 1920, minHeight: 1080 }
  - id: safe-content
    type: moderation
    thresholds: { porn: 0.2, sexy: 0.5 }
`;
