import { describe, expect, it } from 'vitest';
import { oidcLoginKey, sealLogin, unsealLogin, type PendingLogin } from './oidc-login-cookie.ts';

describe('the sealed single sign-on login cookie', () => {
  const key = oidcLoginKey('client-secret');
  const now = new Date('2030-01-01T00:00:00Z');
  const login: PendingLogin = {
    state: 'state-1',
    nonce: 'nonce-1',
    codeVerifier: 'verifier-1',
    returnTo: '/assets',
    expiresAt: now.getTime() + 600_000,
  };

  it('gives back what was sealed, and hides it meanwhile', () => {
    const sealed = sealLogin(key, login);
    expect(unsealLogin(key, sealed, now)).toEqual(login);
    expect(Buffer.from(sealed, 'base64url').toString('latin1')).not.toContain('verifier-1');
    // A fresh nonce each time: two seals of one login differ.
    expect(sealLogin(key, login)).not.toBe(sealed);
  });

  it('refuses a cookie altered, sealed under another key, expired, or not a cookie at all', () => {
    const sealed = sealLogin(key, login);
    const raw = Buffer.from(sealed, 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(unsealLogin(key, raw.toString('base64url'), now)).toBeUndefined();
    expect(unsealLogin(oidcLoginKey('another-secret'), sealed, now)).toBeUndefined();
    expect(unsealLogin(key, sealed, new Date(login.expiresAt))).toBeUndefined();
    for (const junk of [undefined, '', 'abc', 'x'.repeat(5000)]) expect(unsealLogin(key, junk, now)).toBeUndefined();
  });
});
