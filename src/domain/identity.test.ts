import { describe, expect, it } from 'vitest';
import { loginDelayMs, newSecret, passwordProblems, secretDigest, secretMatches, usernameProblem } from './identity.ts';

describe('identity rules', () => {
  it('accepts plain usernames and explains the rule otherwise', () => {
    expect(usernameProblem('ana.lopez')).toBeUndefined();
    for (const bad of ['Ana', 'a', '-ana', 'ana lopez', 'ana/..', `${'a'.repeat(65)}`])
      expect(usernameProblem(bad)).toMatch(/3–64 characters/);
  });

  it('wants long passwords, not composed ones, and says what is wrong', () => {
    expect(passwordProblems('correct horse battery staple', 'ana')).toEqual([]);
    expect(passwordProblems('Sh0rt!', 'ana')).toEqual([
      { field: 'password', problem: 'must be at least 12 characters (it has 6)' },
    ]);
    expect(passwordProblems('aaaaaaaaaaaaaaa').map((p) => p.problem)).toEqual(['must not be one character repeated']);
    expect(passwordProblems('my name is ana.lopez!', 'ana.lopez').map((p) => p.problem)).toEqual([
      'must not contain the username',
    ]);
    expect(passwordProblems('x'.repeat(300)).length).toBeGreaterThan(0);
  });

  it('stores only digests of secrets and compares them safely', () => {
    const token = newSecret('token');
    expect(token).toMatch(/^pvt_[A-Za-z0-9_-]{43}$/);
    expect(newSecret('token')).not.toBe(token);
    const digest = secretDigest(token);
    expect(digest).not.toContain(token.slice(4));
    expect(secretMatches(token, digest)).toBe(true);
    expect(secretMatches(`${token}x`, digest)).toBe(false);
    expect(secretMatches(token, 'not-hex')).toBe(false);
  });

  it('slows repeated failures down exponentially after three, to at most a quarter of an hour', () => {
    expect([0, 1, 2].map(loginDelayMs)).toEqual([0, 0, 0]);
    expect(loginDelayMs(3)).toBe(1000);
    expect(loginDelayMs(4)).toBe(2000);
    expect(loginDelayMs(50)).toBe(15 * 60_000);
  });
});
