/**
 * Share links over a real store on both dialects, with a fake delivery gate (whose verdict a test changes while a link
 * is live) and a fake file source; passwords hashed by the real argon2id hasher.
 */
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { beforeAll, expect, it } from 'vitest';
import { member, userContext } from '../../test/contexts.ts';
import { describeEachDialect } from '../../test/dialects.ts';
import { failure } from '../../test/failure.ts';
import { outcome } from '../../test/outcome.ts';
import { addStoredAsset } from '../../test/stored-assets.ts';
import { argon2Hasher } from '../auth/argon2-hasher.ts';
import type { RequestContext } from '../domain/access.ts';
import { newId } from '../domain/ids.ts';
import {
  isShareTokenShape,
  newShareToken,
  passwordAttemptLimit,
  shareTokenDigest,
  type SharedFileSource,
} from '../domain/share-link.ts';
import type { DeliveryGate, UsageDecision, UsageReason, UsageRequest } from '../domain/usage.ts';
import { ProvenaError } from '../domain/errors.ts';
import { systemContext } from '../domain/access.ts';
import { ShareLinkService } from './share-link.service.ts';

const visitor = systemContext('share-link-visitor');

/** A gate whose refusals the test sets per asset; it records every request. */
class FakeGate implements DeliveryGate {
  readonly denied = new Map<string, UsageReason[]>();
  readonly requests: { request: UsageRequest; via: string; by: string }[] = [];
  authoriseDelivery(
    request: UsageRequest,
    delivery: { via: 'share-link' | 'original' | 'rendition' | 'export'; by: string },
  ) {
    this.requests.push({ request, ...delivery });
    const reasons = this.denied.get(request.assetId) ?? [];
    const decision: UsageDecision = {
      allowed: reasons.length === 0,
      assetId: request.assetId,
      version: 1,
      channel: request.channel,
      ...(request.region ? { region: request.region } : {}),
      at: request.at ?? new Date(),
      derivative: false,
      reasons,
    };
    if (!decision.allowed) return Promise.reject(new ProvenaError('USAGE_DENIED', 'denied', { decision: decision }));
    return Promise.resolve(decision);
  }
}

const rightsExpired: UsageReason = {
  code: 'rights_expired',
  verdict: 'deny',
  message: 'The rights expired on 2030-01-05.',
  details: { licensor: 'Secret Licensor Ltd' },
};

describeEachDialect('share link service', ({ store }) => {
  let clock = new Date('2030-01-01T00:00:00.000Z');
  const gate = new FakeGate();
  const opened: { assetId: string; version: number; preset: string | null; watermark?: string }[] = [];
  const files: SharedFileSource = {
    presetExists: (name) => Promise.resolve(name === 'web-1600' || name === 'social-square'),
    altersPicture: (name) => Promise.resolve(name === 'social-square'),
    open: (request) => {
      opened.push(request);
      const bytes = Buffer.from(`bytes of ${request.assetId}`);
      return Promise.resolve({
        stream: Readable.from([bytes]),
        mediaType: 'image/png',
        fileName: 'a.png',
        size: bytes.length,
      });
    },
  };
  let service: ShareLinkService;
  let teamA: string;
  let teamB: string;
  let alice: RequestContext;
  let bob: RequestContext;
  let viewer: RequestContext;
  let outsider: RequestContext;

  beforeAll(async () => {
    service = new ShareLinkService({
      store: store(),
      hasher: argon2Hasher,
      gate,
      files,
      watermarks: true,
      maxDays: 30,
      now: () => clock,
    });
    teamA = (await store().catalog.ensure('team', `Share A ${newId()}`)).entry.id;
    teamB = (await store().catalog.ensure('team', `Share B ${newId()}`)).entry.id;
    alice = userContext('alice', [member(teamA, 'creator')]);
    bob = userContext('bob', [member(teamA, 'publisher')]);
    viewer = userContext('vera', [member(teamA, 'viewer')]);
    outsider = userContext('otto', [member(teamB, 'creator')]);
  });

  const assetOf = async (teamId: string, title = 'a.png') => (await addStoredAsset(store(), { teamId, title })).assetId;
  const share = (ctx: RequestContext, input: Record<string, unknown>) =>
    service.create(ctx, { expires: '7d', channel: 'web', ...input });

  it('answers the token once, 256 random bits in base64url, and keeps only its SHA-256', async () => {
    const assetId = await assetOf(teamA);
    const created = await share(alice, { assetId });
    expect(isShareTokenShape(created.token)).toBe(true);
    expect(Buffer.from(created.token, 'base64url')).toHaveLength(32);
    expect(created.path).toBe(`/s/${created.token}`);
    expect(JSON.stringify(created.link)).not.toContain(created.token);
    const stored = await store().shareLinks.find(created.link.id);
    expect(stored?.tokenDigest).toBe(shareTokenDigest(created.token));
    expect(JSON.stringify(stored)).not.toContain(created.token);
    expect(created.link).toMatchObject({
      scope: { kind: 'asset', assetId },
      teamId: teamA,
      channel: 'web',
      preset: null,
      passwordProtected: false,
      expiresAt: '2030-01-08T00:00:00.000Z',
      owner: { label: 'user:alice' },
    });
    const trail = await store().audit.forSubject('share-link', created.link.id);
    expect(trail.map((e) => e.action)).toEqual(['share-link.created']);
    expect(JSON.stringify(trail)).not.toContain(created.token);
    expect(JSON.stringify(trail)).not.toContain(shareTokenDigest(created.token));
  });

  it('opens and downloads through the gate with the link’s channel and region, and counts every hit', async () => {
    const assetId = await assetOf(teamA, 'Lighthouse');
    const { token, link } = await share(alice, { assetId, channel: 'social', region: 'fr', preset: 'web-1600' });
    const view = await service.open(visitor, token);
    expect(view).toMatchObject({
      kind: 'asset',
      channel: 'social',
      region: 'FR',
      preset: 'web-1600',
      items: [{ assetId, title: 'Lighthouse', available: true }],
    });
    const file = await service.download(visitor, token);
    expect((await buffer(file.stream)).toString()).toBe(`bytes of ${assetId}`);
    expect(opened.at(-1)).toEqual({ assetId, version: 1, preset: 'web-1600' });
    const asked = gate.requests.filter((r) => r.request.assetId === assetId);
    expect(asked).toHaveLength(2);
    for (const r of asked)
      expect(r).toMatchObject({
        via: 'share-link',
        by: `share-link:${link.id}`,
        request: { channel: 'social', region: 'FR', derivative: false },
      });
    const stats = await service.stats(alice, link.id);
    expect(stats).toMatchObject({ hits: 2, downloads: 1, bytes: file.size, byOutcome: { allowed: 2 } });
  });

  it('asks for a derivative use when the link draws a watermark or its preset crops, and passes the text on', async () => {
    const assetId = await assetOf(teamA);
    const plain = await share(alice, { assetId, preset: 'web-1600' });
    const marked = await share(alice, { assetId, preset: 'web-1600', watermark: 'Draft for ACME' });
    const cropped = await share(alice, { assetId, preset: 'social-square' });
    const derivativeOf = async (token: string) => {
      await service.download(visitor, token);
      return gate.requests.at(-1)!.request.derivative;
    };
    expect(await derivativeOf(plain.token)).toBe(false);
    expect(await derivativeOf(marked.token)).toBe(true);
    expect(opened.at(-1)).toEqual({ assetId, version: 1, preset: 'web-1600', watermark: 'Draft for ACME' });
    expect(await derivativeOf(cropped.token)).toBe(true);
  });

  it('answers an unknown token of the right shape and a malformed one identically', async () => {
    const unknown = await failure(service.open(visitor, newShareToken()));
    for (const bad of ['', 'short', `${newShareToken()}x`, newShareToken().replace(/.$/, '!'), 42, undefined]) {
      const refused = await failure(service.open(visitor, bad));
      expect({ code: refused.code, message: refused.message, details: refused.details }).toEqual({
        code: unknown.code,
        message: unknown.message,
        details: unknown.details,
      });
    }
    expect(unknown).toMatchObject({ code: 'SHARE_LINK_UNAVAILABLE', details: { reason: 'unknown' } });
    // A token's last character carries 4 bits: another spelling of the same bytes is not the token.
    const { token } = await share(alice, { assetId: await assetOf(teamA) });
    const last = token.at(-1)!;
    const sibling = token.slice(0, -1) + String.fromCharCode(last.charCodeAt(0) + 1);
    expect((await failure(service.open(visitor, sibling))).code).toBe('SHARE_LINK_UNAVAILABLE');
  });

  it('honours the expiry and a revocation from the very next request', async () => {
    const assetId = await assetOf(teamA);
    const start = clock;
    const { token, link } = await share(alice, { assetId, expires: '1h' });
    expect(await outcome(service.open(visitor, token))).toBe('ok');
    clock = new Date(start.getTime() + 3_600_000 - 1);
    expect(await outcome(service.download(visitor, token))).toBe('ok');
    clock = new Date(start.getTime() + 3_600_000);
    expect(await failure(service.download(visitor, token))).toMatchObject({
      code: 'SHARE_LINK_UNAVAILABLE',
      details: { reason: 'expired' },
    });
    clock = start;

    const second = await share(alice, { assetId });
    expect(await outcome(service.open(visitor, second.token))).toBe('ok');
    await service.revoke(bob, second.link.id);
    expect(await failure(service.open(visitor, second.token))).toMatchObject({
      code: 'SHARE_LINK_UNAVAILABLE',
      details: { reason: 'revoked' },
    });
    expect((await service.stats(alice, second.link.id)).byOutcome).toMatchObject({ allowed: 1, revoked: 1 });
    expect((await service.stats(alice, link.id)).byOutcome).toMatchObject({ allowed: 2, expired: 1 });
    // Revoking again changes nothing and audits nothing.
    await service.revoke(alice, second.link.id);
    const trail = await store().audit.forSubject('share-link', second.link.id);
    expect(trail.map((e) => [e.action, e.actor])).toEqual([
      ['share-link.created', 'user:alice'],
      ['share-link.revoked', 'user:bob'],
    ]);
  });

  it('refuses the next hit once the rights expire while the link is live, with the reasons and no facts behind them', async () => {
    const assetId = await assetOf(teamA);
    const { token, link } = await share(alice, { assetId });
    expect(await outcome(service.download(visitor, token))).toBe('ok');
    gate.denied.set(assetId, [rightsExpired]);
    const before = opened.length;
    const refused = await failure(service.download(visitor, token));
    expect(refused).toMatchObject({
      code: 'USAGE_DENIED',
      details: { reasons: [{ code: 'rights_expired', message: 'The rights expired on 2030-01-05.' }] },
    });
    expect(refused.message).toContain('rights expired');
    expect(JSON.stringify(refused.details)).not.toContain('Secret Licensor');
    expect(opened.length).toBe(before);
    expect((await failure(service.open(visitor, token))).code).toBe('USAGE_DENIED');
    expect((await service.stats(alice, link.id)).byOutcome).toMatchObject({ allowed: 1, denied: 2 });
    gate.denied.delete(assetId);
    expect(await outcome(service.download(visitor, token))).toBe('ok');
  });

  it('asks for the password, refuses a wrong one, and stops checking after too many wrong ones', async () => {
    const start = clock;
    const assetId = await assetOf(teamA);
    const { token, link } = await share(alice, { assetId, password: 'open sesame' });
    expect(link.passwordProtected).toBe(true);
    expect(await failure(service.open(visitor, token))).toMatchObject({
      code: 'SHARE_LINK_PASSWORD',
      details: { reason: 'missing' },
    });
    expect(await failure(service.open(visitor, token, 'open barley'))).toMatchObject({
      code: 'SHARE_LINK_PASSWORD',
      details: { reason: 'wrong' },
    });
    expect(await outcome(service.open(visitor, token, 'open sesame'))).toBe('ok');
    for (let i = 1; i < passwordAttemptLimit; i++)
      expect(await outcome(service.download(visitor, token, `guess ${i}`))).toBe('SHARE_LINK_PASSWORD');
    // The limit reached: even the right password is not checked.
    const locked = await failure(service.download(visitor, token, 'open sesame'));
    expect(locked).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 900 } });
    // Missing passwords do not count towards it.
    clock = new Date(start.getTime() + 15 * 60_000 + 1);
    expect(await outcome(service.download(visitor, token, 'open sesame'))).toBe('ok');
    clock = start;
    const stats = await service.stats(alice, link.id);
    expect(stats.byOutcome).toMatchObject({ password: 1 + passwordAttemptLimit, locked: 1, allowed: 2 });
  });

  it('shares only what the caller may share: another team’s asset is NOT_FOUND, a viewer is FORBIDDEN', async () => {
    const theirs = await assetOf(teamB);
    const ours = await assetOf(teamA);
    expect(await outcome(share(alice, { assetId: theirs }))).toBe('NOT_FOUND');
    expect(await failure(share(viewer, { assetId: ours }))).toMatchObject({
      code: 'FORBIDDEN',
      details: { permission: 'share:manage' },
    });
    expect(await outcome(share(outsider, { assetId: theirs }))).toBe('ok');
    // A token scoped below publish cannot share.
    const scoped = userContext('alice', [member(teamA, 'creator')], ['read', 'write']);
    expect(await outcome(share(scoped, { assetId: ours }))).toBe('FORBIDDEN');
  });

  it('shares a collection’s members of its team, each checked at every hit', async () => {
    const collectionId = newId();
    const at = clock.toISOString();
    await store().collections.insertCollection({
      id: collectionId,
      name: `Picks ${collectionId}`,
      teamId: teamA,
      visibility: 'private',
      owner: { key: 'account:id-alice', label: 'user:alice' },
      createdAt: at,
      updatedAt: at,
    });
    const first = await assetOf(teamA, 'First');
    const second = await assetOf(teamA, 'Second');
    const foreign = await assetOf(teamB, 'Foreign');
    const notMember = await assetOf(teamA, 'Elsewhere');
    await store().collections.insertMembers(
      collectionId,
      [first, second, foreign].map((assetId, i) => ({
        assetId,
        position: (i + 1) * 65_536,
        addedAt: at,
        addedBy: 'x',
      })),
    );
    // Bob sees no private collection of Alice's.
    expect(await outcome(share(bob, { collection: collectionId }))).toBe('NOT_FOUND');
    const { token } = await share(alice, { collection: `Picks ${collectionId}` });
    gate.denied.set(second, [rightsExpired]);
    const view = await service.open(visitor, token);
    expect(view.kind).toBe('collection');
    expect(view.title).toBe(`Picks ${collectionId}`);
    expect(view.items.map((i) => [i.title, i.available])).toEqual([
      ['First', true],
      ['Second', false],
    ]);
    expect(view.items[1]!.reasons).toEqual([{ code: 'rights_expired', message: 'The rights expired on 2030-01-05.' }]);
    expect(await outcome(service.download(visitor, token, undefined, first))).toBe('ok');
    expect(await outcome(service.download(visitor, token, undefined, second))).toBe('USAGE_DENIED');
    expect(await outcome(service.download(visitor, token, undefined, foreign))).toBe('NOT_FOUND');
    expect(await outcome(service.download(visitor, token, undefined, notMember))).toBe('NOT_FOUND');
    expect(await outcome(service.download(visitor, token))).toBe('VALIDATION_FAILED');
    gate.denied.delete(second);
  });

  it('lists mine and the team’s, and lets only the owner and the team’s share managers see, count and revoke', async () => {
    const assetId = await assetOf(teamA);
    const { link } = await share(alice, { assetId });
    const mine = await service.list(alice, { limit: 200 });
    expect(mine.items.map((l) => l.id)).toContain(link.id);
    expect((await service.list(bob, { limit: 200 })).items.map((l) => l.id)).not.toContain(link.id);
    expect((await service.list(bob, { scope: 'team', limit: 200 })).items.map((l) => l.id)).toContain(link.id);
    expect((await service.list(outsider, { scope: 'team', limit: 200 })).items.map((l) => l.id)).not.toContain(link.id);
    expect((await service.list(viewer, { scope: 'team' })).items).toEqual([]);
    expect(await outcome(service.stats(outsider, link.id))).toBe('NOT_FOUND');
    expect(await outcome(service.revoke(outsider, link.id))).toBe('NOT_FOUND');
    expect(await outcome(service.get(viewer, link.id))).toBe('FORBIDDEN');
    expect(await outcome(service.get(bob, link.id))).toBe('ok');
    expect(await outcome(service.revoke(outsider, 'not-an-id'))).toBe('NOT_FOUND');
  });

  it('refuses bad input naming every field to fix', async () => {
    const assetId = await assetOf(teamA);
    const problems = async (input: Record<string, unknown>) =>
      ((await failure(service.create(alice, input as never))).details.problems as { field: string }[]).map(
        (p) => p.field,
      );
    expect(await problems({ assetId })).toEqual(['expires', 'channel']);
    expect(await problems({ expires: '7d', channel: 'web' })).toEqual(['assetId']);
    expect(await problems({ assetId, collection: 'x', expires: '7d', channel: 'web' })).toEqual(['assetId']);
    expect(await problems({ assetId, expires: '31d', channel: 'web' })).toEqual(['expires']);
    expect(await problems({ assetId, expires: '2029-12-31T00:00:00Z', channel: 'web' })).toEqual(['expires']);
    expect(await problems({ assetId, expires: '2030-02-30', channel: 'web' })).toEqual(['expires']);
    expect(await problems({ assetId, expires: 'soon', channel: 'web' })).toEqual(['expires']);
    expect(await problems({ assetId, expires: '7d', channel: 'billboard' })).toEqual(['channel']);
    expect(await problems({ assetId, expires: '7d', channel: 'web', region: 'France' })).toEqual(['region']);
    expect(await problems({ assetId, expires: '7d', channel: 'web', password: 'short' })).toEqual(['password']);
    expect(await problems({ assetId, expires: '7d', channel: 'web', watermark: '\u202Eevil' })).toEqual(['watermark']);
    expect(await problems({ assetId, expires: '7d', channel: 'web', preset: 'Web 1600' })).toEqual(['preset']);
    expect(await problems({ assetId, expires: '7d', channel: 'web', preset: 'print-a4' })).toEqual(['preset']);
    expect(await problems({ assetId, expires: '7d', channel: 'web', watermark: true })).toEqual(['watermark']);
    expect(
      await outcome(share(alice, { assetId, expires: '2030-01-20T12:00:00Z', preset: 'web-1600', watermark: true })),
    ).toBe('ok');
  });
});

it('makes tokens that are all distinct, 256 bits each, in the base64url alphabet with balanced bits', () => {
  const tokens = Array.from({ length: 10_000 }, () => newShareToken());
  expect(new Set(tokens).size).toBe(tokens.length);
  let ones = 0;
  for (const token of tokens) {
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const bytes = Buffer.from(token, 'base64url');
    expect(bytes).toHaveLength(32);
    for (const byte of bytes) ones += byte.toString(2).replaceAll('0', '').length;
  }
  // 2,560,000 bits: a fair source lands within 0.5 % of half (that is ~16 standard deviations).
  expect(Math.abs(ones / (tokens.length * 256) - 0.5)).toBeLessThan(0.005);
});
