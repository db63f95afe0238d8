import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, changesNothingChecked, compareChecks, compareGuidelines, ruleDigest } from './brand-changes.ts';
import { checkBrand } from './brand-check.ts';
import { readBrandGuidelineText, type BrandGuideline, type BrandRule } from './brand-guideline.ts';
import { exampleGuidelineYaml } from './brand-test-support.ts';

const example = readBrandGuidelineText(exampleGuidelineYaml, 'yaml').guideline!;
const editRule = (guideline: BrandGuideline, id: string, edit: (rule: BrandRule) => BrandRule): BrandGuideline => ({
  ...guideline,
  rules: guideline.rules.map((r) => (r.id === id ? edit(r) : r)),
});

describe('ruleDigest', () => {
  it('does not depend on key order or on the description', () => {
    const rule = example.rules[0]!;
    const reordered = Object.fromEntries(Object.entries(rule).reverse()) as BrandRule;
    expect(ruleDigest(reordered, example.brand)).toBe(ruleDigest(rule, example.brand));
    expect(ruleDigest({ ...rule, description: 'another' }, example.brand)).toBe(ruleDigest(rule, example.brand));
    expect(ruleDigest({ ...rule, weight: 5 }, example.brand)).not.toBe(ruleDigest(rule, example.brand));
  });

  it('includes the brand spellings for a text rule looking for misspellings, and only then', () => {
    const text = example.rules.find((r) => r.type === 'text')!;
    const prompt = example.rules.find((r) => r.type === 'prompt')!;
    const renamed = { name: 'Acme', spellings: [] };
    expect(ruleDigest(text, renamed)).not.toBe(ruleDigest(text, example.brand));
    expect(ruleDigest(prompt, renamed)).toBe(ruleDigest(prompt, example.brand));
  });

  it('canonical JSON is the same for equal values built in any key order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe('compareGuidelines', () => {
  it('lists added, removed, changed, unchanged and reworded rules', () => {
    let next = editRule(example, 'prompt-terms', (r) => ({ ...r, forbidden: ['Globex'] }) as BrandRule);
    next = editRule(next, 'old-logo', (r) => ({ ...r, description: 'the 2019 logo' }));
    next = {
      ...next,
      rules: [
        ...next.rules.filter((r) => r.id !== 'safe-content'),
        { id: 'new', type: 'prompt', severity: 'warn', weight: 1, forbidden: ['x'] },
      ],
    };
    const changes = compareGuidelines(example, next);
    expect(changes).toMatchObject({
      added: ['new'],
      removed: ['safe-content'],
      changed: ['prompt-terms'],
      reworded: ['old-logo'],
      appliesToChanged: false,
    });
    expect(changes.unchanged).toHaveLength(6);
    expect(changesNothingChecked(changes)).toBe(false);
  });

  it('a logo re-uploaded under the same id (new digest) is a change', () => {
    const next = editRule(
      example,
      'logo-placement',
      (r) => ({ ...r, logo: { id: 'acme-logo-2026', sha256: 'a'.repeat(64) } }) as BrandRule,
    );
    expect(compareGuidelines(example, next).changed).toEqual(['logo-placement']);
  });

  it('sees a change of the teams and campaigns it applies to', () => {
    const changes = compareGuidelines(example, { ...example, appliesTo: { teams: ['Marketing', 'Sales'] } });
    expect(changes).toMatchObject({ changed: [], added: [], appliesToChanged: true });
    expect(changesNothingChecked(compareGuidelines(example, structuredClone(example)))).toBe(true);
  });
});

describe('compareChecks', () => {
  it('shows whether the verdict changed, with old and new results side by side', () => {
    const before = checkBrand(example, { prompt: 'a red apple', moderation: { porn: 0 } });
    const next = editRule(example, 'prompt-terms', (r) => ({ ...r, forbidden: ['apple'] }) as BrandRule);
    const after = checkBrand(
      { ...next, rules: next.rules.filter((r) => r.id !== 'safe-content') },
      { prompt: 'a red apple' },
    );
    const comparison = compareChecks(before, after);
    expect(comparison.verdictChanged).toBe(true);
    expect(comparison.before.verdict).toBe('pass');
    expect(comparison.after.verdict).toBe('fail');
    const prompt = comparison.rules.find((r) => r.ruleId === 'prompt-terms')!;
    expect([prompt.before!.outcome, prompt.after!.outcome, prompt.outcomeChanged]).toEqual(['pass', 'fail', true]);
    const removed = comparison.rules.find((r) => r.ruleId === 'safe-content')!;
    expect(removed).toMatchObject({ before: { outcome: 'pass' }, outcomeChanged: true });
    expect(removed.after).toBeUndefined();
    expect(comparison.rules.find((r) => r.ruleId === 'brand-palette')!.outcomeChanged).toBe(false);
  });
});
