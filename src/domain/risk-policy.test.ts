import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decideTier,
  defaultRiskPolicy,
  parseRiskPolicy,
  readRiskPolicyText,
  riskFactsOf,
  type RiskFacts,
} from './risk-policy.ts';
import { jsonErrorOffset } from './document-text.ts';

const facts = (over: Partial<RiskFacts> = {}): RiskFacts => ({
  kind: 'image',
  intendedUse: 'internal',
  rightsStatus: 'cleared',
  aiInvolvement: 'ai-generated',
  moderation: {},
  tags: [],
  ...over,
});

describe('decideTier with the default policy', () => {
  it('keeps internal material at tier 1, sends customer-facing to the brand team, the risky to legal', () => {
    expect(decideTier(defaultRiskPolicy, facts())).toEqual({ tier: 1, matched: [] });
    expect(decideTier(defaultRiskPolicy, facts({ intendedUse: 'social' }))).toMatchObject({
      tier: 2,
      ruleId: 'customer-facing',
    });
    expect(decideTier(defaultRiskPolicy, facts({ intendedUse: 'regulated' }))).toMatchObject({
      tier: 3,
      ruleId: 'regulated',
    });
    expect(decideTier(defaultRiskPolicy, facts({ intendedUse: 'web', rightsStatus: 'unknown' }))).toMatchObject({
      tier: 3,
      ruleId: 'rights-not-cleared-external',
      matched: ['customer-facing', 'rights-not-cleared-external'],
    });
    expect(decideTier(defaultRiskPolicy, facts({ moderation: { sexy: 0.7 } }))).toMatchObject({ tier: 3 });
    expect(decideTier(defaultRiskPolicy, facts({ moderation: { sexy: 0.5 } }))).toMatchObject({ tier: 1 });
  });

  it('treats an unstated intended use as external', () => {
    const { intendedUse: _none, ...rest } = facts();
    expect(decideTier(defaultRiskPolicy, rest).tier).toBe(2);
  });
});

describe('the people condition', () => {
  const policy = parseRiskPolicy({
    defaultTier: 1,
    rules: [{ id: 'likeness', when: { people: true }, tier: 3 }],
  }).policy!;

  it('raises the tier when the faces enricher found realistic people', () => {
    expect(decideTier(policy, facts({ containsPeople: true }))).toEqual({
      tier: 3,
      ruleId: 'likeness',
      matched: ['likeness'],
    });
    expect(decideTier(policy, facts({ containsPeople: false }))).toEqual({ tier: 1, matched: [] });
  });

  it('holds neither way while faces were not looked for', () => {
    const none = parseRiskPolicy({ defaultTier: 1, rules: [{ id: 'no-people', when: { people: false }, tier: 2 }] });
    expect(decideTier(policy, facts()).tier).toBe(1);
    expect(decideTier(none.policy!, facts()).tier).toBe(1);
    expect(decideTier(none.policy!, facts({ containsPeople: false })).tier).toBe(2);
  });

  it('is read from the enrichment facts, and refused when not a boolean', () => {
    const source = {
      kind: 'image' as const,
      rightsStatus: 'cleared' as const,
      currentVersion: 1,
      versions: [{ number: 1, provenance: { aiInvolvement: 'ai-generated' as const } }],
    };
    expect(riskFactsOf(source, { tags: [], containsPeople: true }).containsPeople).toBe(true);
    expect('containsPeople' in riskFactsOf(source, { tags: [] })).toBe(false);
    expect(
      parseRiskPolicy({ defaultTier: 1, rules: [{ id: 'p', when: { people: 'yes' }, tier: 3 }] }).problems,
    ).toEqual([{ field: 'rules[0].when.people', problem: 'must be true or false' }]);
  });
});

describe('parseRiskPolicy', () => {
  it('accepts the default policy as a document', () => {
    const { policy, problems } = parseRiskPolicy(JSON.parse(JSON.stringify(defaultRiskPolicy)));
    expect(problems).toEqual([]);
    expect(policy).toEqual(defaultRiskPolicy);
  });

  it('names the path of every problem: unknown fields, bad values, duplicate ids, empty conditions', () => {
    const { policy, problems } = parseRiskPolicy({
      defaultTier: 4,
      rules: [
        { id: 'a', when: { kind: ['imgae'] }, tier: 2 },
        { id: 'a', when: { audience: 'everyone', colour: 'red' }, tier: 3 },
        { id: 'Bad Id', when: {}, tier: 0 },
        { id: 'm', when: { moderationAtLeast: { porn: 2 } }, tier: 3, weight: 1 },
      ],
      owner: 'x',
    });
    expect(policy).toBeUndefined();
    const fields = problems.map((p) => p.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'owner',
        'defaultTier',
        'rules[0].when.kind[0]',
        'rules[1].id',
        'rules[1].when.audience',
        'rules[1].when.colour',
        'rules[2].id',
        'rules[2].when',
        'rules[2].tier',
        'rules[3].weight',
        'rules[3].when.moderationAtLeast.porn',
      ]),
    );
  });

  it('refuses what is not a policy at all', () => {
    expect(parseRiskPolicy('tier 3 please').problems).toEqual([
      { field: '(policy)', problem: 'must be a JSON object with defaultTier and rules' },
    ]);
  });
});

describe('readRiskPolicyText', () => {
  it('names the line and column of a syntax error, whatever JSON.parse says of it', () => {
    const at = (text: string) => readRiskPolicyText(text).problems[0]?.problem;
    expect(at('{\n  "defaultTier": 1,\n  "rules": [\n}')).toContain('at line 4, column 1 found "}"');
    expect(at('{\n "defaultTier": 1,\n }')).toContain('at line 3, column 2 found "}"');
    expect(at('')).toContain('at line 1, column 1 the text ends');
    expect(at('{"a": tru}')).toContain('line 1, column 10');
    expect(at('[1,2')).toContain('line 1, column 5 the text ends');
    expect(at('{"a":1} x')).toContain('line 1, column 9 found "x"');
    expect(readRiskPolicyText(JSON.stringify(defaultRiskPolicy))).toEqual({ policy: defaultRiskPolicy, problems: [] });
  });

  it('refuses a YAML alias bomb as a problem, not an exception', () => {
    const letter = (i: number) => String.fromCharCode(97 + i);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${letter(i + 1)}: &${letter(i + 1)} [${Array(10)
            .fill(`*${letter(i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const { policy, problems } = readRiskPolicyText(bomb, 'yaml');
    expect(policy).toBeUndefined();
    expect(problems[0]).toMatchObject({
      field: '(policy)',
      problem: expect.stringContaining('not valid YAML') as string,
    });
  });

  it('finds no error in any valid JSON', () => {
    for (const text of ['{}', '[]', '"\\u00e9\\n"', '-1.5e+3', 'true', ' null ', '{"a":[1,{"b":false}],"c":"d"}'])
      expect(jsonErrorOffset(text)).toBe(text.length);
  });
});

describe('docs/risk-policy.md', () => {
  it('shows the default policy as it is shipped', () => {
    const text = readFileSync(join(import.meta.dirname, '../../docs/risk-policy.md'), 'utf8');
    const shown = /```json\n([\s\S]*?)\n```/.exec(text)?.[1];
    expect(JSON.parse(shown ?? 'null')).toEqual(defaultRiskPolicy);
  });
});
