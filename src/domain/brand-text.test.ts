import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { promptMatches } from './brand-check.ts';
import type { PromptRule } from './brand-guideline.ts';
import { precisionRecall, trickyPromptCases, trickyTerms } from './brand-test-support.ts';
import { compilePhrase, editDistance, findPhrase, phraseProblem, tokenise } from './brand-text.ts';

const promptRule: PromptRule = {
  id: 'no-competitors',
  type: 'prompt',
  severity: 'fail',
  weight: 1,
  forbidden: [...trickyTerms],
};

describe('prompt rules on tricky spellings', () => {
  it.each(trickyPromptCases)('$name: $prompt', ({ prompt, expected }) => {
    const found = promptMatches(promptRule, prompt);
    expect(found.map((s) => s.text)).toEqual(expected);
    // The span is where the text is in the prompt.
    for (const span of found) expect(prompt.slice(span.start, span.end)).toBe(span.text);
  });

  it('has precision and recall 1.0 on the whole table', () => {
    const scores = precisionRecall(
      trickyPromptCases.map((c) => ({ ...c, found: promptMatches(promptRule, c.prompt) })),
    );
    expect(scores).toMatchObject({ precision: 1, recall: 1, falsePositives: 0, falseNegatives: 0 });
    expect(scores.truePositives).toBeGreaterThan(25);
  });

  it('names the rule term each span matched', () => {
    expect(promptMatches(promptRule, 'by Greg Rutkowski')).toEqual([
      { term: 'Greg Rutkowski', start: 3, end: 17, text: 'Greg Rutkowski' },
    ]);
  });

  it('finds a term wherever it is put in arbitrary text, and never inside a longer word', () => {
    const filler = fc.stringMatching(/^[a-z ,.]{0,30}$/);
    fc.assert(
      fc.property(filler, filler, fc.constantFrom(...trickyTerms), (before, after, term) => {
        const prompt = `${before} ${term} ${after}`;
        const found = promptMatches({ ...promptRule, forbidden: [term] }, prompt);
        expect(found.some((s) => s.start === before.length + 1 && s.text === term)).toBe(true);
        const glued = `${before}x${term.replace(/[^A-Za-z]/g, '')}x ${after}`;
        expect(
          promptMatches({ ...promptRule, forbidden: [term] }, glued).filter((s) => s.start === before.length),
        ).toEqual([]);
      }),
    );
  });
});

describe('phrases with wildcards', () => {
  const tokens = (text: string) => tokenise(text);
  it('a star stands for letters within one word, never for a whole word', () => {
    const phrase = compilePhrase('shutter*');
    expect(findPhrase(phrase, tokens('shutterstock watermark')).length).toBe(1);
    expect(findPhrase(phrase, tokens('shutter')).length).toBe(1);
    expect(findPhrase(phrase, tokens('a shut door')).length).toBe(0);
    expect(findPhrase(compilePhrase('*stock'), tokens('iStock and adobe stock')).length).toBe(2);
    expect(findPhrase(compilePhrase('get*y images'), tokens('Getty Images')).length).toBe(1);
  });

  it('refuses phrases that would match anything or are too wild', () => {
    expect(phraseProblem('*', 4)).toMatch(/only a wildcard|no letters/);
    expect(phraseProblem('nike *', 4)).toMatch(/only a wildcard/);
    expect(phraseProblem('a*b*c*d*e*f', 4)).toMatch(/5 wildcards/);
    expect(phraseProblem('...', 4)).toMatch(/no letters or digits/);
    expect(phraseProblem('adobe st*ck', 4)).toBeUndefined();
  });

  it('stays linear on inputs that make backtracking regexes explode', () => {
    const phrase = compilePhrase('a*a*a*a*b');
    const long = tokenise(`${'a'.repeat(20_000)} `.repeat(20));
    // A backtracking engine on /a.*a.*a.*a.*b/ takes minutes on this; the glob scan is instant.
    expect(findPhrase(phrase, long)).toEqual([]);
  });
});

describe('tokenise', () => {
  it('keeps offsets into the original text', () => {
    const text = 'Ｈｉ, Pícasso\u200B!';
    expect(tokenise(text).map((t) => [t.folded, text.slice(t.start, t.end)])).toEqual([
      ['hi', 'Ｈｉ'],
      ['picasso', 'Pícasso'],
    ]);
  });

  it('keeps accents in the spelling form', () => {
    expect(tokenise('Nïke')[0]).toMatchObject({ folded: 'nike', lower: 'nïke' });
  });

  it('never throws and always gives ordered spans inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
        let end = 0;
        for (const token of tokenise(text)) {
          expect(token.start).toBeGreaterThanOrEqual(end);
          expect(token.end).toBeGreaterThan(token.start);
          expect(token.end).toBeLessThanOrEqual(text.length);
          expect(token.folded.length).toBeGreaterThan(0);
          end = token.end;
        }
      }),
    );
  });
});

describe('editDistance', () => {
  it('counts substitutions, insertions, deletions and adjacent transpositions', () => {
    expect(editDistance('nike', 'nike', 2)).toBe(0);
    expect(editDistance('nkie', 'nike', 2)).toBe(1);
    expect(editDistance('nikee', 'nike', 2)).toBe(1);
    expect(editDistance('nke', 'nike', 2)).toBe(1);
    expect(editDistance('mike', 'nike', 2)).toBe(1);
    expect(editDistance('cocacoia', 'cocacola', 2)).toBe(1);
    expect(editDistance('abcdef', 'nike', 1)).toBe(2);
  });

  it('is symmetric, zero only for equal strings, and capped at max + 1', () => {
    const word = fc.stringMatching(/^[a-e]{0,8}$/);
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 3 }), (a, b, max) => {
        const d = editDistance(a, b, max);
        expect(d).toBe(editDistance(b, a, max));
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(max + 1);
        expect(d).toBeGreaterThanOrEqual(Math.min(max + 1, Math.abs(a.length - b.length)));
      }),
    );
  });
});
