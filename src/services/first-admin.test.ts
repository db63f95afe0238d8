/**
 * The first admin, made twice at the same instant with two setup tokens (two server starts each printed one): exactly
 * one is made, on both dialects. A hasher that answers both calls together lines the two transactions up.
 */
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/dialects.ts';
import { operatorContext } from '../domain/access.ts';
import { isProvenaError } from '../domain/errors.ts';
import type { PasswordHasher } from '../domain/identity.ts';
import { IdentityService } from './identity.service.ts';

/** Holds each hash until `parties` are waiting, then answers them all at once. */
function barrierHasher(parties: number): PasswordHasher {
  const waiting: (() => void)[] = [];
  return {
    hash: (password) =>
      new Promise((resolve) => {
        waiting.push(() => resolve(`hash:${password}`));
        if (waiting.length === parties) waiting.splice(0).forEach((release) => release());
      }),
    verify: (hash, password) => Promise.resolve(hash === `hash:${password}`),
  };
}

describeEachDialect('the first admin, twice at once', ({ store }) => {
  it('is made once: the other request is refused and nothing of it is written', async () => {
    const identity = new IdentityService({ store: store(), hasher: barrierHasher(2) });
    const operator = operatorContext('root');
    const [a, b] = [await identity.createSetupToken(operator), await identity.createSetupToken(operator)];
    const outcomes = await Promise.allSettled([
      identity.createFirstAdmin(a.token, { username: 'first-a', password: 'a long enough passphrase' }),
      identity.createFirstAdmin(b.token, { username: 'first-b', password: 'a long enough passphrase' }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected')?.reason as unknown;
    expect(isProvenaError(refused) && ['CONFLICT', 'UNAUTHENTICATED', 'TRANSIENT_FAILURE'].includes(refused.code)).toBe(
      true,
    );
    expect(await store().identity.countAdmins()).toBe(1);
    const made = await Promise.all(['first-a', 'first-b'].map((u) => store().identity.accountByUsername(u)));
    expect(made.filter(Boolean)).toHaveLength(1);
  });
});
