import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  aspectRatioOf,
  guidelineAppliesTo,
  guidelineLimits,
  parseBrandGuideline,
  readBrandGuidelineText,
  zonesOverlap,
} from './brand-guideline.ts';
import { exampleGuidelineYaml } from './brand-test-support.ts';

const minimal = (rule: Record<string, unknown>) => ({ brand: { name: 'Acme' }, rules: [rule] });
const problemsOf = (document: unknown) => parseBrandGuideline(document).problems;

describe('parseBrandGuideline', () => {
  it('reads a document with every rule type, filling in defaults', () => {
    const { guideline, problems } = readBrandGuidelineText(exampleGuidelineYaml, 'yaml');
    expect(problems).toEqual([]);
    expect(guideline!.rules.map((r) => r.type)).toEqual([
      'palette',
      'logo',
      'logo',
      'text',
      'prompt',
      'people',
      'channel-format',
      'moderation',
    ]);
    expect(guideline!.rules[2]).toMatchObject({ severity: 'fail', weight: 1, minScore: 0.7 });
    expect(guideline!.rules[3]).toMatchObject({ minConfidence: 0.5, misspellingDistance: 2 });
    expect(guideline!.rules[0]).toMatchObject({ maxForbiddenShare: 0.01, severity: 'warn', weight: 2 });
    expect(guideline!.brand).toEqual({ name: 'Acme', spellings: ['ACME Corp'] });
  });

  it('reads the same document from JSON', () => {
    const fromYaml = readBrandGuidelineText(exampleGuidelineYaml, 'yaml').guideline!;
    expect(readBrandGuidelineText(JSON.stringify(fromYaml)).guideline).toEqual(fromYaml);
  });

  it.each<[string, unknown, string, RegExp]>([
    ['an unknown rule type', minimal({ id: 'a', type: 'vibes' }), 'rules[0].type', /must be one of: palette, logo/],
    [
      'ΔE above 100',
      minimal({
        id: 'a',
        type: 'palette',
        colours: [{ name: 'r', hex: '#ff0000' }],
        tolerance: 120,
        minOnPaletteShare: 0.5,
      }),
      'rules[0].tolerance',
      /from 0 to 100/,
    ],
    [
      'negative ΔE of a forbidden colour',
      minimal({
        id: 'a',
        type: 'palette',
        colours: [{ name: 'r', hex: '#ff0000' }],
        tolerance: 5,
        minOnPaletteShare: 0.5,
        forbidden: [{ name: 'g', hex: '#00ff00', tolerance: -1 }],
      }),
      'rules[0].forbidden[0].tolerance',
      /from 0 to 100/,
    ],
    [
      'an empty palette',
      minimal({ id: 'a', type: 'palette', colours: [], tolerance: 5, minOnPaletteShare: 0.5 }),
      'rules[0].colours',
      /must not be empty/,
    ],
    [
      'a colour that is not hex',
      minimal({ id: 'a', type: 'palette', colours: [{ name: 'r', hex: 'red' }], tolerance: 5, minOnPaletteShare: 0.5 }),
      'rules[0].colours[0].hex',
      /#rrggbb/,
    ],
    [
      'a zone out of the frame',
      minimal({
        id: 'a',
        type: 'logo',
        logo: { id: 'l' },
        presence: 'required',
        zones: [{ x: 0.8, y: 0, width: 0.3, height: 0.2 }],
      }),
      'rules[0].zones[0]',
      /leaves the frame: x \+ width is 1.1/,
    ],
    [
      'overlapping zones',
      minimal({
        id: 'a',
        type: 'logo',
        logo: { id: 'l' },
        presence: 'required',
        zones: [
          { name: 'top', x: 0, y: 0, width: 1, height: 0.3 },
          { name: 'left', x: 0, y: 0.2, width: 0.3, height: 0.8 },
        ],
      }),
      'rules[0].zones[1]',
      /overlaps zones\[0\] \("top"\)/,
    ],
    [
      'a zone of zero width',
      minimal({
        id: 'a',
        type: 'logo',
        logo: { id: 'l' },
        presence: 'required',
        zones: [{ x: 0, y: 0, width: 0, height: 1 }],
      }),
      'rules[0].zones[0].width',
      /above 0/,
    ],
    [
      'a logo presence not known',
      minimal({ id: 'a', type: 'logo', logo: { id: 'l' }, presence: 'maybe' }),
      'rules[0].presence',
      /required, forbidden/,
    ],
    [
      'an unknown field',
      minimal({ id: 'a', type: 'prompt', forbidden: ['x'], regex: '(a+)+' }),
      'rules[0].regex',
      /unknown field/,
    ],
    [
      'a wildcard-only phrase',
      minimal({ id: 'a', type: 'prompt', forbidden: ['*'] }),
      'rules[0].forbidden[0]',
      /wildcard|no letters/,
    ],
    [
      'a prompt rule without terms',
      minimal({ id: 'a', type: 'prompt', forbidden: [] }),
      'rules[0].forbidden',
      /must not be empty/,
    ],
    ['a text rule that checks nothing', minimal({ id: 'a', type: 'text' }), 'rules[0]', /checks nothing/],
    [
      'a misspelling distance above 3',
      minimal({ id: 'a', type: 'text', misspellingDistance: 5 }),
      'rules[0].misspellingDistance',
      /0 to 3/,
    ],
    [
      'a bad severity',
      minimal({ id: 'a', type: 'prompt', forbidden: ['x'], severity: 'error' }),
      'rules[0].severity',
      /fail, warn/,
    ],
    ['a zero weight', minimal({ id: 'a', type: 'prompt', forbidden: ['x'], weight: 0 }), 'rules[0].weight', /above 0/],
    ['a bad rule id', minimal({ id: 'Not OK', type: 'prompt', forbidden: ['x'] }), 'rules[0].id', /lowercase id/],
    [
      'a bad aspect ratio',
      minimal({ id: 'a', type: 'channel-format', channels: [{ channel: 'x', aspectRatios: ['wide'] }] }),
      'rules[0].channels[0].aspectRatios[0]',
      /'W:H'/,
    ],
    [
      'a moderation threshold above 1',
      minimal({ id: 'a', type: 'moderation', thresholds: { porn: 2 } }),
      'rules[0].thresholds.porn',
      /from 0 to 1/,
    ],
    [
      'a tier that does not exist',
      minimal({ id: 'a', type: 'people', raiseTierTo: 4 }),
      'rules[0].raiseTierTo',
      /1, 2, 3/,
    ],
    ['no brand name', { brand: {}, rules: [{ id: 'a', type: 'prompt', forbidden: ['x'] }] }, 'brand.name', /non-empty/],
    ['no rules', { brand: { name: 'Acme' }, rules: [] }, 'rules', /must not be empty/],
    ['not an object', 'rules: []', '(guideline)', /must be an object/],
    [
      'a string too long',
      minimal({ id: 'a', type: 'prompt', forbidden: ['x'.repeat(guidelineLimits.stringLength + 1)] }),
      'rules[0].forbidden[0]',
      /at most 200 characters/,
    ],
    [
      'a list too long',
      minimal({
        id: 'a',
        type: 'prompt',
        forbidden: Array.from({ length: guidelineLimits.listItems + 1 }, (_, i) => `t${i}`),
      }),
      'rules[0].forbidden',
      /at most 500 items/,
    ],
  ])('refuses %s, naming %s', (_, document, field, message) => {
    const { guideline, problems } = parseBrandGuideline(document);
    expect(guideline).toBeUndefined();
    const problem = problems.find((p) => p.field === field);
    expect(problem, JSON.stringify(problems)).toBeDefined();
    expect(problem!.problem).toMatch(message);
  });

  it('keeps a moderation label named like an object property a label', () => {
    const { guideline } = parseBrandGuideline(
      minimal({ id: 'm', type: 'moderation', thresholds: JSON.parse('{"__proto__": 0.5, "porn": 0.2}') as unknown }),
    );
    const rule = guideline!.rules[0]!;
    expect(rule.type === 'moderation' && Object.keys(rule.thresholds)).toEqual(['__proto__', 'porn']);
  });

  it('refuses duplicate rule ids, naming the earlier rule', () => {
    const rule = { id: 'same', type: 'prompt', forbidden: ['x'] };
    expect(problemsOf({ brand: { name: 'Acme' }, rules: [rule, rule] })).toEqual([
      { field: 'rules[1].id', problem: '"same" is used by rules[0]: rule ids must be unique' },
    ]);
  });

  it('reports every problem of a document at once', () => {
    const problems = problemsOf({
      brand: { name: '' },
      rules: [
        { id: 'a', type: 'palette', colours: [], tolerance: -3, minOnPaletteShare: 2 },
        { id: 'b', type: 'unknown' },
      ],
    });
    expect(problems.map((p) => p.field)).toEqual([
      'brand.name',
      'rules[0].colours',
      'rules[0].tolerance',
      'rules[0].minOnPaletteShare',
      'rules[1].type',
    ]);
  });

  it('accepts zones that touch without overlapping', () => {
    const { problems } = parseBrandGuideline(
      minimal({
        id: 'a',
        type: 'logo',
        logo: { id: 'l' },
        presence: 'required',
        zones: [
          { x: 0, y: 0, width: 0.7, height: 1 },
          { x: 0.7, y: 0, width: 0.3, height: 1 },
        ],
      }),
    );
    expect(problems).toEqual([]);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const { guideline, problems } = parseBrandGuideline(value);
        expect(guideline === undefined).toBe(problems.length > 0);
      }),
    );
    fc.assert(
      fc.property(
        fc.record({
          brand: fc.anything(),
          rules: fc.array(
            fc.record({ id: fc.string(), type: fc.string(), colours: fc.anything(), zones: fc.anything() }),
          ),
        }),
        (value) => {
          expect(() => parseBrandGuideline(value)).not.toThrow();
        },
      ),
    );
  });
});

describe('readBrandGuidelineText', () => {
  it('names the line and column of a JSON syntax error', () => {
    const { problems } = readBrandGuidelineText('{\n  "brand": {"name": "Acme"},\n  "rules": [,]\n}');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('(guideline)');
    expect(problems[0]!.problem).toMatch(/line 3, column 13/);
  });

  it('names the line and column of a YAML syntax error and refuses duplicate keys', () => {
    expect(readBrandGuidelineText('brand:\n  name: [Acme\nrules: []', 'yaml').problems[0]!.problem).toMatch(
      /not valid YAML: .*line \d+, column \d+/i,
    );
    expect(
      readBrandGuidelineText('brand: {name: A}\nbrand: {name: B}\nrules: []', 'yaml').problems[0]!.problem,
    ).toMatch(/not valid YAML.*unique/i);
  });

  it('refuses a YAML alias bomb instead of expanding it', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
      .concat(
        Array.from(
          { length: 8 },
          (_, i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
        ),
      )
      .join('\n');
    const { guideline, problems } = readBrandGuidelineText(bomb, 'yaml');
    expect(guideline).toBeUndefined();
    expect(problems[0]!.field).toBe('(guideline)');
  });
});

describe('helpers', () => {
  it('reads aspect ratios', () => {
    expect(aspectRatioOf('16:9')).toBeCloseTo(16 / 9);
    expect(aspectRatioOf('0:9')).toBeUndefined();
    expect(aspectRatioOf('4/5')).toBeUndefined();
  });

  it('zone overlap is symmetric', () => {
    const zone = fc.record({
      name: fc.constant('z'),
      x: fc.double({ min: 0, max: 0.9, noNaN: true }),
      y: fc.double({ min: 0, max: 0.9, noNaN: true }),
      width: fc.double({ min: 0.01, max: 0.1, noNaN: true }),
      height: fc.double({ min: 0.01, max: 0.1, noNaN: true }),
    });
    fc.assert(
      fc.property(zone, zone, (a, b) => {
        expect(zonesOverlap(a, b)).toBe(zonesOverlap(b, a));
      }),
    );
    fc.assert(
      fc.property(zone, (a) => {
        expect(zonesOverlap(a, a)).toBe(true);
      }),
    );
  });

  it('applies to the teams and campaigns it names, case-insensitively', () => {
    const { guideline } = readBrandGuidelineText(exampleGuidelineYaml, 'yaml');
    expect(guidelineAppliesTo(guideline!, { team: 'marketing' })).toBe(true);
    expect(guidelineAppliesTo(guideline!, { team: 'Legal' })).toBe(false);
    expect(guidelineAppliesTo(guideline!, {})).toBe(false);
    expect(guidelineAppliesTo({ ...guideline!, appliesTo: {} }, {})).toBe(true);
  });
});

describe('docs/brand-guidelines.md', () => {
  it('shows the example the tests read', () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'brand-guidelines.md'), 'utf8');
    const block = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeDefined();
    const fromDoc = readBrandGuidelineText(block!, 'yaml');
    expect(fromDoc.problems).toEqual([]);
    expect(fromDoc.guideline).toEqual(readBrandGuidelineText(exampleGuidelineYaml, 'yaml').guideline);
  });
});
