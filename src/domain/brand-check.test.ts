import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkBrand, checkRule, recheckBrand, summarise, type BrandFacts } from './brand-check.ts';
import type {
  BrandGuideline,
  BrandRule,
  BrandRuleResult,
  ChannelFormatEvidence,
  LogoEvidence,
  PaletteEvidence,
  PeopleEvidence,
  PromptEvidence,
  TextEvidence,
} from './brand-guideline.ts';
import { readBrandGuidelineText } from './brand-guideline.ts';
import { exampleGuidelineYaml } from './brand-test-support.ts';
import type { RecognisedWord } from './image-content.ts';
import { hexToLab } from './lab.ts';

const example = readBrandGuidelineText(exampleGuidelineYaml, 'yaml').guideline!;
const ruleOf = <T extends BrandRule['type']>(id: string) =>
  example.rules.find((r) => r.id === id) as Extract<BrandRule, { type: T }>;
const withRule = (rule: BrandRule): BrandGuideline => ({ ...example, rules: [rule] });
const run = (rule: BrandRule, facts: BrandFacts): BrandRuleResult => checkRule(rule, example, facts);
const palette = (...colours: [string, number][]) => colours.map(([hex, share]) => ({ hex, lab: hexToLab(hex), share }));
const word = (text: string, x: number, y: number, confidence = 0.9): RecognisedWord => ({
  text,
  confidence,
  box: { x, y, width: 10 * text.length, height: 20 },
});

describe('palette rule', () => {
  const rule = ruleOf<'palette'>('brand-palette');
  it('passes when brand colours cover enough of the picture', () => {
    const result = run(rule, { palette: palette(['#d42a2a', 0.5], ['#f5f3ea', 0.3], ['#3366cc', 0.2]) });
    expect(result.outcome).toBe('pass');
    const evidence = result.evidence as PaletteEvidence;
    expect(evidence.onPaletteShare).toBeCloseTo(0.8);
    expect(evidence.offPaletteColours).toEqual([
      { hex: '#3366cc', share: 0.2, nearest: expect.any(String) as unknown, deltaE: expect.any(Number) as unknown },
    ]);
  });

  it('warns (its severity) when too little is on palette, naming the colours responsible', () => {
    const result = run(rule, { palette: palette(['#d62828', 0.3], ['#3366cc', 0.45], ['#ffcc00', 0.25]) });
    expect(result.outcome).toBe('warn');
    const evidence = result.evidence as PaletteEvidence;
    expect(evidence.offPaletteShare).toBeCloseTo(0.7);
    expect(evidence.offPaletteColours.map((c) => c.hex)).toEqual(['#3366cc', '#ffcc00']);
    expect(result.reason).toMatch(
      /30.0 % of the picture is on the brand palette \(at least 60.0 % required\); off-palette: #3366cc 45.0 %/,
    );
  });

  it('fails on a forbidden colour when its severity is fail, with the matched colours', () => {
    const result = run({ ...rule, severity: 'fail' }, { palette: palette(['#d62828', 0.9], ['#02a552', 0.1]) });
    expect(result.outcome).toBe('fail');
    const evidence = result.evidence as PaletteEvidence;
    expect(evidence.forbiddenColours).toEqual([
      {
        name: 'Competitor green',
        hex: '#00a651',
        share: 0.1,
        matched: [{ hex: '#02a552', share: 0.1, deltaE: expect.any(Number) as unknown }],
      },
    ]);
    expect(result.reason).toMatch(/forbidden colours cover 10.0 %.*Competitor green/);
  });

  it('renormalises shares that do not add up to one', () => {
    const result = run(rule, { palette: palette(['#d62828', 0.4], ['#3366cc', 0.1]) });
    expect((result.evidence as PaletteEvidence).onPaletteShare).toBeCloseTo(0.8);
  });

  it('does not apply without a palette', () => {
    expect(run(rule, {}).outcome).toBe('not-applicable');
    expect(run(rule, { palette: [] }).outcome).toBe('not-applicable');
  });

  it('on-palette share never falls when a colour moves onto the palette', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 2, maxLength: 6 }), (shares) => {
        const colours = shares.map((share, i): [string, number] => [i === 0 ? '#3366cc' : '#ffcc00', share]);
        const before = (run(rule, { palette: palette(...colours) }).evidence as PaletteEvidence).onPaletteShare;
        colours[1] = ['#d62828', colours[1]![1]];
        const after = (run(rule, { palette: palette(...colours) }).evidence as PaletteEvidence).onPaletteShare;
        expect(after).toBeGreaterThanOrEqual(before);
        expect(after).toBeGreaterThanOrEqual(0);
        expect(after).toBeLessThanOrEqual(1 + 1e-9);
      }),
    );
  });
});

describe('logo rule', () => {
  const rule = ruleOf<'logo'>('logo-placement');
  const frame = { width: 1000, height: 800 };
  const at = (x: number, y: number, score = 0.9) => ({ box: { x, y, width: 100, height: 50 }, scale: 0.5, score });

  it('passes with the logo in a zone with its clear space, reporting box, scale, score and zone', () => {
    const result = run(rule, { ...frame, logoMatches: { 'logo-placement': [at(40, 40)] }, words: [] });
    expect(result.outcome).toBe('pass');
    expect((result.evidence as LogoEvidence).matches).toEqual([
      {
        box: { x: 40, y: 40, width: 100, height: 50 },
        scale: 0.5,
        score: 0.9,
        zone: 'top-left',
        clearSpaceViolations: [],
      },
    ]);
    expect(result.reason).toMatch(/at \(40, 40\) 100×50 px, score 0.90 in zone "top-left"/);
  });

  it('fails when the required logo is not found, or scores below minScore', () => {
    expect(run(rule, { ...frame, logoMatches: { 'logo-placement': [] } })).toMatchObject({
      outcome: 'fail',
      reason: expect.stringMatching(/not found/) as unknown,
    });
    expect(run(rule, { ...frame, logoMatches: { 'logo-placement': [at(40, 40, 0.5)] } }).outcome).toBe('fail');
  });

  it('fails outside the zones, naming them', () => {
    const result = run(rule, { ...frame, logoMatches: { 'logo-placement': [at(450, 375)] } });
    expect(result.outcome).toBe('fail');
    expect(result.reason).toMatch(/outside the allowed zones \(top-left, bottom-right\)/);
    expect((result.evidence as LogoEvidence).matches[0]!.zone).toBeUndefined();
  });

  it('fails when a word enters the clear space or the logo touches the frame edge', () => {
    const crowded = run(rule, {
      ...frame,
      logoMatches: { 'logo-placement': [at(40, 40)] },
      words: [word('SALE', 145, 50), word('ACME', 50, 50)],
    });
    expect(crowded.outcome).toBe('fail');
    // The logo's own lettering (inside its box) does not count.
    expect((crowded.evidence as LogoEvidence).matches[0]!.clearSpaceViolations).toEqual([
      { what: 'word', text: 'SALE', box: { x: 145, y: 50, width: 40, height: 20 } },
    ]);
    const edge = run(rule, { ...frame, logoMatches: { 'logo-placement': [at(5, 5)] } });
    expect(edge.outcome).toBe('fail');
    expect((edge.evidence as LogoEvidence).matches[0]!.clearSpaceViolations[0]!.what).toBe('frame-edge');
    expect(edge.reason).toMatch(/clear space is entered by the frame edge/);
  });

  it('fails on a forbidden logo found, and passes when it is absent', () => {
    const forbidden = ruleOf<'logo'>('old-logo');
    expect(run(forbidden, { ...frame, logoMatches: { 'old-logo': [at(300, 300)] } })).toMatchObject({
      outcome: 'fail',
      reason: expect.stringMatching(/forbidden logo appears at \(300, 300\)/) as unknown,
    });
    expect(run(forbidden, { ...frame, logoMatches: { 'old-logo': [] } }).outcome).toBe('pass');
  });

  it('says so when zones could not be checked for want of the picture size', () => {
    const result = run(rule, { logoMatches: { 'logo-placement': [at(450, 375)] } });
    expect(result).toMatchObject({ outcome: 'pass', reason: expect.stringMatching(/zones not checked/) as unknown });
  });

  it('does not apply when the logo was not looked for', () => {
    expect(run(rule, frame).outcome).toBe('not-applicable');
  });
});

describe('text rule', () => {
  const rule = ruleOf<'text'>('copy-words');
  const disclaimer = [word('Terms', 10, 700), word('apply.', 70, 700)];

  it('passes clean text with the disclaimer', () => {
    const result = run(rule, { words: [word('Acme', 10, 10), word('summer', 60, 10), ...disclaimer] });
    expect(result.outcome).toBe('pass');
    expect((result.evidence as TextEvidence).wordsExamined).toBe(4);
  });

  it('fails on forbidden words and watermarks with their boxes', () => {
    const result = run(rule, {
      words: [word('GETTY', 100, 400), word('IMAGES', 170, 400), word('globex', 10, 10), ...disclaimer],
    });
    expect(result.outcome).toBe('fail');
    const evidence = result.evidence as TextEvidence;
    expect(evidence.forbidden).toEqual(
      expect.arrayContaining([
        { phrase: 'Globex', text: 'globex', source: 'image', box: { x: 10, y: 10, width: 60, height: 20 } },
        {
          phrase: 'getty images',
          text: 'GETTY IMAGES',
          source: 'image',
          box: { x: 100, y: 400, width: 130, height: 20 },
        },
      ]),
    );
  });

  it('reports one watermark word once, though two phrases match it', () => {
    const result = run(rule, { words: [word('Shutterstock', 100, 400), ...disclaimer] });
    expect((result.evidence as TextEvidence).forbidden).toEqual([
      {
        phrase: 'shutterstock',
        text: 'Shutterstock',
        source: 'image',
        box: { x: 100, y: 400, width: 120, height: 20 },
      },
    ]);
  });

  it('matches wildcard phrases and copy text with offsets', () => {
    const copyText = 'New from Initech-Labs. Terms apply.';
    const result = run(rule, { copyText });
    expect(result.outcome).toBe('fail');
    const hit = (result.evidence as TextEvidence).forbidden[0]!;
    expect(hit).toMatchObject({ phrase: 'Initech*', text: 'Initech', source: 'copy' });
    expect(copyText.slice(hit.start, hit.end)).toBe('Initech');
  });

  it('fails on a missing disclaimer', () => {
    const result = run(rule, { copyText: 'Acme summer sale' });
    expect(result.outcome).toBe('fail');
    expect((result.evidence as TextEvidence).missingDisclaimers).toEqual(['Terms apply']);
  });

  it('finds the brand name misspelt, but not spelt right, in another case, or ordinary words', () => {
    const misspelt = (text: string) =>
      (run(rule, { copyText: `${text}. Terms apply.` }).evidence as TextEvidence).misspellings.map((m) => m.text);
    expect(misspelt('Acme')).toEqual([]);
    expect(misspelt('ACME')).toEqual([]);
    expect(misspelt('ACME Corp')).toEqual([]);
    expect(misspelt('Acne')).toEqual(['Acne']);
    expect(misspelt('Amce')).toEqual(['Amce']);
    expect(misspelt('ACME Crop')).toEqual(['ACME Crop']);
    expect(misspelt('acmecorp')).toEqual([]);
    expect(misspelt('an acre of land')).toEqual([]);
    const evidence = run(rule, { words: [word('Acne', 5, 5), ...disclaimer] }).evidence as TextEvidence;
    expect(evidence.misspellings).toEqual([
      { phrase: 'Acme', text: 'Acne', source: 'image', box: { x: 5, y: 5, width: 40, height: 20 }, distance: 1 },
    ]);
  });

  it('ignores OCR words below the confidence floor', () => {
    const result = run(rule, { words: [word('Globex', 10, 10, 0.2), ...disclaimer] });
    expect(result.outcome).toBe('pass');
  });

  it('does not apply without OCR or copy; OCR that found nothing is checked', () => {
    expect(run(rule, {}).outcome).toBe('not-applicable');
    expect(run(rule, { words: [] })).toMatchObject({ outcome: 'fail', reason: 'missing disclaimer: "Terms apply"' });
  });

  it('handles thousands of words', () => {
    const words = Array.from({ length: 5000 }, (_, i) => word(i % 997 === 0 ? 'Acmme' : `word${i}`, i % 100, i));
    const result = run(rule, { words: [...words, ...disclaimer] });
    expect((result.evidence as TextEvidence).misspellings).toHaveLength(6);
    expect((result.evidence as TextEvidence).wordsExamined).toBe(5002);
  });
});

describe('prompt rule', () => {
  const rule = ruleOf<'prompt'>('prompt-terms');
  it('fails with the matched span', () => {
    const result = run(rule, { prompt: 'poster, style of greg Rutkowski' });
    expect(result.outcome).toBe('fail');
    expect((result.evidence as PromptEvidence).matches).toEqual([
      { term: 'Greg Rutkowski', start: 17, end: 31, text: 'greg Rutkowski' },
    ]);
    expect(result.reason).toMatch(/"greg Rutkowski" \(Greg Rutkowski, characters 17–31\)/);
  });
  it('passes a clean prompt and does not apply without one', () => {
    expect(run(rule, { prompt: 'a red apple' }).outcome).toBe('pass');
    expect(run(rule, {}).outcome).toBe('not-applicable');
  });
});

describe('people rule', () => {
  const rule = ruleOf<'people'>('people-release');
  const face = { box: { x: 1, y: 2, width: 30, height: 30 }, score: 0.95 };
  it('fails with faces and no model release, asking for the tier', () => {
    const result = run(rule, { faces: [face], containsPeople: true });
    expect(result.outcome).toBe('fail');
    expect(result.evidence as PeopleEvidence).toEqual({
      type: 'people',
      containsPeople: true,
      faces: [face],
      modelReleaseOnFile: false,
      raiseTierTo: 3,
    });
  });
  it('passes with a release on file, or with no people', () => {
    expect(run(rule, { faces: [face], containsPeople: true, modelReleaseOnFile: true }).outcome).toBe('pass');
    expect(run(rule, { faces: [], containsPeople: false }).outcome).toBe('pass');
    // Faces that failed the detector's own check are not realistic people.
    expect(run(rule, { faces: [face], containsPeople: false }).outcome).toBe('pass');
  });
  it('does not apply when faces were not looked for', () => {
    expect(run(rule, {}).outcome).toBe('not-applicable');
  });
});

describe('channel-format rule', () => {
  const rule = ruleOf<'channel-format'>('social-formats');
  it('passes a square picture for the feed', () => {
    expect(run(rule, { width: 1080, height: 1080, channels: ['Instagram-Feed'] }).outcome).toBe('pass');
  });
  it('fails naming the channel and why', () => {
    const result = run(rule, { width: 1200, height: 800, channels: ['instagram-feed', 'web-hero'] });
    expect(result.outcome).toBe('fail');
    const channels = (result.evidence as ChannelFormatEvidence).channels;
    expect(channels.map((c) => [c.channel, c.outcome])).toEqual([
      ['instagram-feed', 'violated'],
      ['web-hero', 'violated'],
    ]);
    expect(channels[0]!.problems).toEqual([
      'aspect ratio 1.500 (1200×800) is none of 1:1, 4:5',
      'height 800 px is below 1080',
    ]);
    expect(result.reason).toMatch(/^instagram-feed: aspect ratio 1.500/);
  });
  it('allows the ratio tolerance', () => {
    expect(run(rule, { width: 1925, height: 1080, channels: ['web-hero'] }).outcome).toBe('pass');
  });
  it('does not apply to untargeted channels or without a size', () => {
    expect(run(rule, { width: 10, height: 10, channels: ['print'] }).outcome).toBe('not-applicable');
    expect(run(rule, { width: 10, height: 10 }).outcome).toBe('not-applicable');
    expect(run(rule, { channels: ['web-hero'] }).outcome).toBe('not-applicable');
  });
});

describe('moderation rule', () => {
  const rule = ruleOf<'moderation'>('safe-content');
  it('fails on a label at its threshold, passes below', () => {
    expect(run(rule, { moderation: { porn: 0.2 } })).toMatchObject({
      outcome: 'fail',
      evidence: { type: 'moderation', exceeded: [{ label: 'porn', score: 0.2, threshold: 0.2 }] },
    });
    expect(run({ ...rule, severity: 'warn' }, { moderation: { sexy: 0.7 } }).outcome).toBe('warn');
    expect(run(rule, { moderation: { porn: 0.19, neutral: 0.8 } }).outcome).toBe('pass');
    expect(run(rule, {}).outcome).toBe('not-applicable');
  });
});

describe('checkBrand', () => {
  const clean: BrandFacts = {
    width: 1080,
    height: 1080,
    palette: palette(['#d62828', 0.7], ['#f7f4ea', 0.3]),
    words: [word('Acme', 40, 1000), word('Terms', 500, 1000), word('apply', 570, 1000)],
    prompt: 'a summer poster',
    faces: [],
    containsPeople: false,
    moderation: { porn: 0.01 },
    channels: ['instagram-feed'],
    logoMatches: {
      'logo-placement': [{ box: { x: 50, y: 50, width: 150, height: 75 }, scale: 0.5, score: 0.92 }],
      'old-logo': [],
    },
  };

  it('passes clean facts with every rule named', () => {
    const result = checkBrand(example, clean);
    expect(result.results.map((r) => [r.ruleId, r.outcome])).toEqual(example.rules.map((r) => [r.id, 'pass']));
    expect(result).toMatchObject({ verdict: 'pass', score: 100 });
  });

  it('fails when any fail-severity rule fails; a warn-severity violation alone warns', () => {
    const failed = checkBrand(example, { ...clean, prompt: 'style of Taylor Swift' });
    expect(failed.verdict).toBe('fail');
    const warned = checkBrand(example, { ...clean, palette: palette(['#3366cc', 1]) });
    expect(warned.verdict).toBe('warn');
    // The palette rule weighs 2 of 11 (weights 2, 3, and 1 for the six others).
    expect(warned.score).toBe(81.8);
  });

  it('scores the weight of passing rules over applicable ones, 100 when none applies', () => {
    const none = checkBrand(example, {});
    expect(none.results.every((r) => r.outcome === 'not-applicable')).toBe(true);
    expect(none).toMatchObject({ verdict: 'pass', score: 100 });
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            outcome: fc.constantFrom('pass', 'warn', 'fail', 'not-applicable'),
            weight: fc.integer({ min: 1, max: 10 }),
          }),
        ),
        (rows) => {
          const results = rows.map((r, i): BrandRuleResult => ({
            ...r,
            ruleId: `r${i}`,
            type: 'prompt',
            severity: 'fail',
            reason: '',
            ruleDigest: '',
          }));
          const summary = summarise(results);
          expect(summary.score).toBeGreaterThanOrEqual(0);
          expect(summary.score).toBeLessThanOrEqual(100);
          expect(summary.verdict === 'fail').toBe(rows.some((r) => r.outcome === 'fail'));
          if (rows.every((r) => r.outcome === 'pass' || r.outcome === 'not-applicable'))
            expect(summary.score).toBe(100);
        },
      ),
    );
  });

  it('reports the tier the people rule asks for', () => {
    const result = checkBrand(example, {
      ...clean,
      faces: [{ box: { x: 500, y: 500, width: 50, height: 50 }, score: 0.9 }],
      containsPeople: true,
    });
    expect(result.raiseTierTo).toBe(3);
    expect(checkBrand(example, clean).raiseTierTo).toBeUndefined();
  });

  it('re-runs only added and changed rules under a new version, keeping the other results', () => {
    const before = checkBrand(example, clean);
    const next: BrandGuideline = {
      ...example,
      rules: [
        ...example.rules
          .filter((r) => r.id !== 'safe-content')
          .map((r) =>
            r.id === 'prompt-terms'
              ? ({ ...r, forbidden: ['summer'] } as BrandRule)
              : r.id === 'old-logo'
                ? { ...r, description: 'reworded' }
                : r,
          ),
        { id: 'no-holiday', type: 'prompt' as const, severity: 'warn' as const, weight: 1, forbidden: ['holiday'] },
      ],
    };
    const after = recheckBrand(next, clean, before);
    expect(after.rerun).toEqual(['prompt-terms', 'no-holiday']);
    expect(after.results.map((r) => r.ruleId)).not.toContain('safe-content');
    expect(after.results.find((r) => r.ruleId === 'prompt-terms')!.outcome).toBe('fail');
    expect(after.verdict).toBe('fail');
    // The unchanged rules' results are the very same objects.
    expect(after.results.find((r) => r.ruleId === 'brand-palette')).toBe(before.results[0]);
    // A full check under the new version gives the same results.
    const full = checkBrand(next, clean);
    expect(after.results.map((r) => [r.ruleId, r.outcome])).toEqual(full.results.map((r) => [r.ruleId, r.outcome]));
  });

  it('a re-check under any edit of the rules gives what a full check gives', () => {
    const dirty: BrandFacts = { ...clean, prompt: 'summer sale by Taylor Swift', moderation: { sexy: 0.55 } };
    const edit = fc.constantFrom('keep', 'weight', 'severity', 'remove', 'prompt');
    fc.assert(
      fc.property(
        fc.array(edit, { minLength: example.rules.length, maxLength: example.rules.length }),
        fc.boolean(),
        (edits, useDirty) => {
          const facts = useDirty ? dirty : clean;
          const before = checkBrand(example, facts);
          const rules = example.rules.flatMap((rule, i): BrandRule[] => {
            switch (edits[i]) {
              case 'weight':
                return [{ ...rule, weight: rule.weight + 1 }];
              case 'severity':
                return [{ ...rule, severity: rule.severity === 'fail' ? 'warn' : 'fail' }];
              case 'remove':
                return [];
              case 'prompt':
                return [rule, { id: `added-${i}`, type: 'prompt', severity: 'fail', weight: 1, forbidden: ['sale'] }];
              default:
                return [rule];
            }
          });
          const next = { ...example, rules };
          const after = recheckBrand(next, facts, before);
          const full = checkBrand(next, facts);
          expect(after.results.map((r) => [r.ruleId, r.outcome, r.weight])).toEqual(
            full.results.map((r) => [r.ruleId, r.outcome, r.weight]),
          );
          expect([after.verdict, after.score]).toEqual([full.verdict, full.score]);
          expect(after.rerun.length).toBe(
            edits.filter((e) => e === 'weight' || e === 'severity' || e === 'prompt').length,
          );
        },
      ),
    );
  });

  it('re-runs text rules when the brand spellings change', () => {
    const rule = ruleOf<'text'>('copy-words');
    const facts = { copyText: 'ACME Crop. Terms apply.' };
    const before = checkBrand(withRule(rule), facts);
    expect(before.verdict).toBe('fail');
    const after = recheckBrand({ ...withRule(rule), brand: { name: 'Acme', spellings: ['ACME Crop'] } }, facts, before);
    expect(after.rerun).toEqual(['copy-words']);
    expect(after.verdict).toBe('pass');
  });
});

describe('malformed facts', () => {
  it('leaves out malformed entries instead of failing the check', () => {
    const broken = {
      width: Number.NaN,
      palette: [{ hex: '#d62828', share: 0.9 }, ...palette(['#d62828', 0.5])],
      words: [{ text: 'Globex' }, null, word('Terms', 1, 1), word('apply', 60, 1), { text: 7, confidence: 1, box: {} }],
      faces: [{ score: 0.9 }],
      moderation: { porn: 'high' },
      logoMatches: { 'logo-placement': [{ score: 0.9 }], 'old-logo': 'none' },
      channels: [null, 'instagram-feed'],
      prompt: 42,
    } as unknown as BrandFacts;
    const result = checkBrand(example, broken);
    const outcome = (id: string) => result.results.find((r) => r.ruleId === id)!.outcome;
    expect(outcome('copy-words')).toBe('pass');
    expect(outcome('brand-palette')).toBe('pass');
    expect(outcome('logo-placement')).toBe('fail');
    expect(outcome('old-logo')).toBe('not-applicable');
    expect(outcome('people-release')).toBe('pass');
    expect(outcome('safe-content')).toBe('pass');
    expect(outcome('prompt-terms')).toBe('not-applicable');
    expect(outcome('social-formats')).toBe('not-applicable');
  });

  it('never throws on arbitrary facts', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            width: fc.anything(),
            height: fc.anything(),
            palette: fc.array(fc.anything(), { maxLength: 4 }),
            words: fc.array(fc.anything(), { maxLength: 4 }),
            faces: fc.array(fc.anything(), { maxLength: 3 }),
            moderation: fc.dictionary(fc.string(), fc.anything()),
            logoMatches: fc.dictionary(fc.constantFrom('logo-placement', 'old-logo'), fc.anything()),
            channels: fc.array(fc.anything(), { maxLength: 3 }),
            prompt: fc.anything(),
            copyText: fc.anything(),
          },
          { requiredKeys: [] },
        ),
        (facts) => {
          expect(() => checkBrand(example, facts as unknown as BrandFacts)).not.toThrow();
        },
      ),
    );
  });
});
