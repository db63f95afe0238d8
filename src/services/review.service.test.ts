import { expect, it } from 'vitest';
import type { Membership, Role } from '../domain/access.ts';
import type { AssetVersion } from '../domain/asset.ts';
import { newId } from '../domain/ids.ts';
import type { NewAsset, Store } from '../domain/ports.ts';
import { emptyProvenance } from '../domain/provenance.ts';
import type { RiskTier } from '../domain/review.ts';
import { allTeams, member, operator, system, userContext } from '../../test/contexts.ts';
import { describeEachDialect } from '../../test/dialects.ts';
import type { Job } from '../domain/jobs.ts';
import type { EnrichmentQueue } from './enrichment-types.ts';
import { FamilyService } from './family.service.ts';
import { ReviewService } from './review.service.ts';
import { WorkflowService } from './workflow.service.ts';

describeEachDialect('review service', ({ store: storeOf }) => {
  let clock = new Date('2026-01-01T10:00:00.000Z');
  let entered = 0;
  const services = () => {
    const store = storeOf();
    // Enrichment is not run here: a new version's job is only noted.
    const enrichment: EnrichmentQueue = { enqueue: () => Promise.resolve({ job: {} as Job, created: true }) };
    const workflow = new WorkflowService({ store, enrichment });
    const families = new FamilyService({ store, workflow });
    const review = new ReviewService({ store, workflow, families, now: () => clock });
    return { store, workflow, families, review };
  };

  /** A team of its own per test, so that queues and counts see only that test's assets. */
  const team = async (store: Store) => (await store.catalog.ensure('team', `team-${newId()}`)).entry.id;

  /** An account (claims look it up) with these memberships, and its context. */
  const person = async (store: Store, username: string, memberships: Membership[], displayName = username) => {
    const name = `${username}-${newId().slice(-8)}`;
    const ctx = userContext(name, memberships);
    const userId = (ctx.actor as { userId: string }).userId;
    const at = new Date().toISOString();
    await store.identity.insertAccount({
      id: userId,
      username: name,
      displayName,
      disabled: false,
      source: 'local',
      createdAt: at,
    });
    for (const m of memberships) await store.identity.grant(userId, m, at);
    return ctx;
  };
  const as = (teamId: string, ...roles: Role[]) => roles.map((role) => member(teamId, role));

  /** An asset in review, written straight through the store; entering review one second after the previous one. */
  const inReview = async (
    store: Store,
    options: { teamId: string; tier?: RiskTier; uploadedBy?: string; requestor?: string; title?: string },
  ) => {
    const id = newId();
    const at = new Date(Date.UTC(2025, 0, 1, 0, 0, entered++)).toISOString();
    const requestorId = options.requestor
      ? (await store.catalog.ensure('user', options.requestor)).entry.id
      : undefined;
    await store.transaction(async (tx) => {
      const asset: NewAsset = {
        id,
        title: options.title ?? `asset ${entered}`,
        kind: 'image',
        status: 'in_review',
        quarantineReasons: [],
        rightsStatus: 'cleared',
        teamId: options.teamId,
        ...(requestorId ? { requestorId } : {}),
        ...(options.tier ? { riskTier: options.tier, riskPolicyVersion: 0 } : {}),
        currentVersion: 1,
        createdAt: at,
        updatedAt: at,
      };
      await tx.assets.insert(asset);
      await tx.assets.insertVersion(version(id, 1, options.uploadedBy ?? 'operator:intake', at));
    });
    return id;
  };
  const version = (assetId: string, number: number, createdBy: string, at: string): AssetVersion => {
    const id = newId();
    return {
      id,
      assetId,
      number,
      blob: { sha256: id.replace(/-/g, '').padEnd(64, 'b'), size: 10 },
      mediaType: 'image/png',
      fileName: 'a.png',
      provenance: emptyProvenance(),
      createdAt: at,
      createdBy,
    };
  };
  const statusOf = async (store: Store, id: string) => (await store.assets.get(id))!.status;

  it('tier 1: one reviewer approves; the system takes the approve transition, audited with the sign-off', async () => {
    const { store, review } = services();
    const t = await team(store);
    const id = await inReview(store, { teamId: t });
    const ana = await person(store, 'ana', as(t, 'reviewer'));
    const outcome = await review.decide(ana, id, { decision: 'approve' });
    expect(outcome).toMatchObject({
      tier: 1,
      missing: [],
      status: 'approved',
      transition: { name: 'approve', from: 'in_review', to: 'approved' },
      signOff: { role: 'reviewer', decision: 'approve', versionNumber: 1 },
    });
    expect(await statusOf(store, id)).toBe('approved');
    const audit = await store.audit.forSubject('asset', id);
    expect(audit.map((e) => [e.actor, e.action])).toEqual([
      [`user:${(ana.actor as { username: string }).username}`, 'review.signed-off'],
      ['system:review', 'asset.transitioned'],
    ]);
    expect(audit[1]!.details).toMatchObject({
      transition: 'approve',
      decidedBy: `user:${(ana.actor as { username: string }).username}`,
      signOffs: [{ role: 'reviewer', decision: 'approve' }],
    });
    // Approving an approved asset again is a conflict, not a second sign-off.
    await expect(review.decide(ana, id, { decision: 'approve' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('tier 2 needs the brand team: a tier-1 reviewer is refused naming review:brand', async () => {
    const { store, review } = services();
    const t = await team(store);
    const id = await inReview(store, { teamId: t, tier: 2 });
    const reviewer = await person(store, 'rev', as(t, 'reviewer'));
    await expect(review.decide(reviewer, id, { decision: 'approve' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('review:brand') as unknown,
    });
    await expect(review.decide(reviewer, id, { decision: 'approve', role: 'reviewer' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const brand = await person(store, 'brand', as(t, 'brand'));
    expect(await review.decide(brand, id, { decision: 'approve' })).toMatchObject({ status: 'approved' });
  });

  it('tier 3 needs legal and compliance from two distinct people', async () => {
    const { store, review } = services();
    const t = await team(store);
    const id = await inReview(store, { teamId: t, tier: 3 });
    const both = await person(store, 'both', as(t, 'legal', 'compliance'));
    const first = await review.decide(both, id, { decision: 'approve' });
    expect(first).toMatchObject({ signOff: { role: 'legal' }, missing: ['compliance'], status: 'in_review' });
    expect(first.transition).toBeUndefined();
    // The same person cannot give the other sign-off too.
    await expect(review.decide(both, id, { decision: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(review.decide(both, id, { decision: 'approve', role: 'compliance' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('needs another person') as unknown,
    });
    // A second legal approval is a conflict: the role is given.
    const legal = await person(store, 'legal', as(t, 'legal'));
    await expect(review.decide(legal, id, { decision: 'approve' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await statusOf(store, id)).toBe('in_review');
    const compliance = await person(store, 'compliance', [member(allTeams, 'compliance')]);
    const last = await review.decide(compliance, id, { decision: 'approve' });
    expect(last).toMatchObject({ status: 'approved', missing: [], transition: { name: 'approve' } });
    const transitioned = (await store.audit.forSubject('asset', id)).find((e) => e.action === 'asset.transitioned');
    expect((transitioned!.details as { signOffs: { role: string }[] }).signOffs.map((s) => s.role)).toEqual([
      'legal',
      'compliance',
    ]);
  });

  it('nobody signs off an asset they uploaded or requested; reasons are required to reject or ask for changes', async () => {
    const { store, review } = services();
    const t = await team(store);
    const uploader = await person(store, 'up', as(t, 'reviewer', 'creator'));
    const uploaderName = (uploader.actor as { username: string }).username;
    const uploaded = await inReview(store, { teamId: t, uploadedBy: `user:${uploaderName}` });
    await expect(review.decide(uploader, uploaded, { decision: 'approve' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('uploaded') as unknown,
    });
    await expect(review.decide(uploader, uploaded, { decision: 'reject', reason: 'no' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // The requestor is a catalogue name, matched against the display name whatever its case.
    const requester = await person(store, 'req', as(t, 'reviewer'), 'Rita Requester');
    const requested = await inReview(store, { teamId: t, requestor: 'rita requester' });
    await expect(review.decide(requester, requested, { decision: 'approve' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('requested') as unknown,
    });
    const other = await person(store, 'other', as(t, 'reviewer'));
    await expect(review.decide(other, requested, { decision: 'reject' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { problems: [expect.objectContaining({ field: 'reason' }) as unknown] },
    });
    expect(await review.decide(other, requested, { decision: 'request-changes', reason: 'crop it' })).toMatchObject({
      status: 'changes_requested',
      transition: { name: 'request-changes' },
    });
    expect(await statusOf(store, requested)).toBe('changes_requested');
    expect(await review.decide(other, uploaded, { decision: 'reject', reason: 'off brand' })).toMatchObject({
      status: 'rejected',
    });
    // The operator has no account to sign with.
    const third = await inReview(store, { teamId: t });
    await expect(review.decide(operator, third, { decision: 'approve' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a new version returns the asset to review and earlier sign-offs no longer count', async () => {
    const { store, review, workflow } = services();
    const t = await team(store);
    const id = await inReview(store, { teamId: t, tier: 3 });
    const legal = await person(store, 'legal', as(t, 'legal'));
    await review.decide(legal, id, { decision: 'approve' });
    // A new version: what the lifecycle service does (a version row, the asset pointing at it, back to enrichment).
    await store.transaction(async (tx) => {
      const asset = (await tx.assets.get(id))!;
      const at = new Date().toISOString();
      await tx.assets.insertVersion(version(id, 2, 'operator:intake', at));
      await tx.assets.update(
        id,
        {
          title: asset.title,
          quarantineReasons: asset.quarantineReasons,
          rightsStatus: asset.rightsStatus,
          currentVersion: 2,
          updatedAt: at,
          teamId: t,
        },
        asset.updatedAt,
      );
      await workflow.transitionIn(system, tx, id, 'new-version');
      await workflow.transitionIn(system, tx, id, 'finish-enrichment', { to: 'in_review' });
    });
    const status = await review.status(legal, id);
    expect(status).toMatchObject({ version: 2, signOffs: [], earlierSignOffs: 1, missing: ['legal', 'compliance'] });
    expect(status.canSignAs).toEqual(['legal']);
    // A decision on the version the reviewer saw, now superseded, is refused.
    await expect(review.decide(legal, id, { decision: 'approve', version: 1 })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await review.decide(legal, id, { decision: 'approve', version: 2 })).toMatchObject({
      missing: ['compliance'],
      signOff: { versionNumber: 2 },
    });
  });

  it('two approvals of the same role at the same instant: one wins, the other is CONFLICT', async () => {
    const { store, review } = services();
    const t = await team(store);
    const id = await inReview(store, { teamId: t, tier: 3 });
    const [a, b] = await Promise.all([person(store, 'la', as(t, 'legal')), person(store, 'lb', as(t, 'legal'))]);
    const results = await Promise.allSettled([
      review.decide(a, id, { decision: 'approve' }),
      review.decide(b, id, { decision: 'approve' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r) => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT' });
    expect((await store.review.signOffs(id)).map((s) => s.role)).toEqual(['legal']);
    // Legal and compliance at the same instant by two people: the last of the two approves the asset.
    const id2 = await inReview(store, { teamId: t, tier: 3 });
    const c = await person(store, 'co', as(t, 'compliance'));
    await Promise.all([review.decide(a, id2, { decision: 'approve' }), review.decide(c, id2, { decision: 'approve' })]);
    expect(await statusOf(store, id2)).toBe('approved');
  });

  it('claims: someone else’s is CONFLICT naming them; it expires, and a disabled or removed reviewer’s does not block', async () => {
    const { store, review } = services();
    const t = await team(store);
    const id = await inReview(store, { teamId: t });
    const ana = await person(store, 'ana', as(t, 'reviewer'));
    const bob = await person(store, 'bob', as(t, 'reviewer'));
    const anaName = (ana.actor as { username: string }).username;
    const claim = await review.claim(ana, id);
    expect(claim).toMatchObject({ claimantUsername: anaName });
    await expect(review.claim(bob, id)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining(`user:${anaName} until ${claim.expiresAt}`) as unknown,
    });
    await expect(review.release(bob, id)).rejects.toMatchObject({ code: 'CONFLICT' });
    // A viewer may not claim at all.
    const viewer = await person(store, 'viewer', as(t, 'viewer'));
    await expect(review.claim(viewer, id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Expired: taken over.
    clock = new Date(clock.getTime() + 31 * 60_000);
    expect(await review.claim(bob, id)).toMatchObject({
      claimantUsername: (bob.actor as { username: string }).username,
    });
    // Disabled: ana takes it back from bob at once.
    await store.identity.updateAccount((bob.actor as { userId: string }).userId, {
      disabled: true,
      updatedAt: new Date().toISOString(),
    });
    expect(await review.claim(ana, id)).toMatchObject({ claimantUsername: anaName });
    // Removed from the team (no review role any more): her claim no longer holds.
    const cy = await person(store, 'cy', as(t, 'reviewer'));
    await store.identity.revoke((ana.actor as { userId: string }).userId, member(t, 'reviewer'));
    expect(await review.claim(cy, id)).toMatchObject({ claimantUsername: (cy.actor as { username: string }).username });
    expect(await review.release(cy, id)).toEqual({ released: true });
    // A decision ends the decider's own claim; one that takes the asset out of review ends anyone's.
    const tier3 = await inReview(store, { teamId: t, tier: 3 });
    const legal = await person(store, 'legal', as(t, 'legal'));
    await review.claim(legal, tier3);
    await review.decide(legal, tier3, { decision: 'approve' });
    expect(await store.review.claim(tier3)).toBeUndefined();
    const compliance = await person(store, 'comp', as(t, 'compliance'));
    await review.claim(compliance, tier3);
    await review.decide(await person(store, 'comp2', as(t, 'compliance')), tier3, { decision: 'approve' });
    expect(await store.review.claim(tier3)).toBeUndefined();
    expect(await review.release(cy, id)).toEqual({ released: false });
    const actions = (await store.audit.forSubject('asset', id)).map((e) => e.action);
    expect(actions).toEqual([
      'review.claimed',
      'review.claimed',
      'review.claimed',
      'review.claimed',
      'review.released',
    ]);
  });

  it('the queue shows only what the caller may sign, oldest first, paged; counts match it', async () => {
    const { store, review } = services();
    const t = await team(store);
    const elsewhere = await team(store);
    const reviewer = await person(store, 'q', as(t, 'reviewer', 'legal'));
    const name = (reviewer.actor as { username: string }).username;
    const tier1 = [await inReview(store, { teamId: t }), await inReview(store, { teamId: t, tier: 1 })];
    const tier2 = await inReview(store, { teamId: t, tier: 2 });
    const tier3 = await inReview(store, { teamId: t, tier: 3 });
    const own = await inReview(store, { teamId: t, uploadedBy: `user:${name}` });
    const otherTeam = await inReview(store, { teamId: elsewhere });
    const legalDone = await inReview(store, { teamId: t, tier: 3 });
    await review.decide(await person(store, 'l2', as(t, 'legal')), legalDone, { decision: 'approve' });
    const page1 = await review.queue(reviewer, {}, { limit: 2 });
    expect(page1.items.map((i) => i.assetId)).toEqual(tier1);
    expect(page1.items[0]).toMatchObject({ tier: 1, roles: ['reviewer'], flags: [] });
    const page2 = await review.queue(reviewer, {}, { limit: 2, cursor: page1.nextCursor! });
    expect(page2.items.map((i) => [i.assetId, i.roles])).toEqual([[tier3, ['legal']]]);
    expect(page2.nextCursor).toBeUndefined();
    for (const hidden of [tier2, own, otherTeam, legalDone])
      expect([...page1.items, ...page2.items].map((i) => i.assetId)).not.toContain(hidden);

    expect(await review.counts(reviewer)).toEqual({
      total: 3,
      byTier: { '1': 2, '2': 0, '3': 1 },
      byRole: { reviewer: 2, legal: 1 },
    });
    expect((await review.queue(reviewer, { tier: 3 })).items.map((i) => i.assetId)).toEqual([tier3]);
    expect((await review.queue(reviewer, { role: 'reviewer' })).items).toHaveLength(2);
    // A viewer sees an empty queue; a brand reviewer only the tier-2 asset.
    expect((await review.queue(await person(store, 'v', as(t, 'viewer')), {})).items).toEqual([]);
    const brand = await person(store, 'b', as(t, 'brand'));
    expect((await review.queue(brand, {})).items.map((i) => i.assetId)).toEqual([tier2]);
    expect(await review.counts(brand)).toMatchObject({ total: 1, byRole: { brand: 1 } });
    // Claims filter: mine, claimed, unclaimed.
    await review.claim(reviewer, tier1[1]!);
    expect((await review.queue(reviewer, { claim: 'mine' })).items.map((i) => i.assetId)).toEqual([tier1[1]]);
    expect((await review.queue(reviewer, { claim: 'unclaimed' })).items.map((i) => i.assetId)).toEqual([
      tier1[0],
      tier3,
    ]);
    const claimed = (await review.queue(reviewer, { claim: 'claimed' })).items;
    expect(claimed[0]!.claim).toMatchObject({ claimantUsername: name });
    await expect(review.queue(reviewer, {}, { cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
  });

  it('flags a near-duplicate of an approved asset and a family with several candidates in review', async () => {
    const { store, review } = services();
    const t = await team(store);
    const reviewer = await person(store, 'f', as(t, 'reviewer'));
    const approved = await inReview(store, { teamId: t });
    await review.decide(await person(store, 'g', as(t, 'reviewer')), approved, { decision: 'approve' });
    const copy = await inReview(store, { teamId: t });
    const at = new Date().toISOString();
    await store.enrichment.replaceLinks(copy, 1, [
      {
        assetId: copy,
        versionNumber: 1,
        matchedAssetId: approved,
        verdict: 'near-duplicate',
        distances: { dHash: 1, pHash: 2, via: 'direct' },
        reason: 'same picture',
        decidedBy: 'test',
        createdAt: at,
      },
    ]);
    const [v1, v2] = [await inReview(store, { teamId: t }), await inReview(store, { teamId: t })];
    const plain = await inReview(store, { teamId: t });
    await store.families.insert({
      id: newId(),
      state: 'suggested',
      canonicalAssetId: v1,
      reason: 'batch',
      members: [
        { assetId: v1, role: 'canonical', state: 'suggested', reason: 'batch', addedAt: at },
        { assetId: v2, role: 'variant', state: 'suggested', reason: 'batch', addedAt: at },
      ],
      createdAt: at,
      updatedAt: at,
    });
    const { items } = await review.queue(reviewer, {});
    expect(Object.fromEntries(items.map((i) => [i.assetId, i.flags]))).toEqual({
      [copy]: ['near-duplicate-of-approved'],
      [v1]: ['family-candidates'],
      [v2]: ['family-candidates'],
      [plain]: [],
    });
    expect((await review.queue(reviewer, { flagged: true })).items.map((i) => i.assetId)).toEqual([copy, v1, v2]);
    expect((await review.status(reviewer, copy)).flags).toEqual(['near-duplicate-of-approved']);
  });

  it('bulk family review: approves the canonical and deprecates the rest, with per-item results', async () => {
    const { store, review, families } = services();
    const t = await team(store);
    const at = new Date().toISOString();
    const family = async (tier?: RiskTier) => {
      const ids = [
        await inReview(store, { teamId: t, ...(tier ? { tier } : {}) }),
        await inReview(store, { teamId: t }),
        await inReview(store, { teamId: t }),
      ];
      const id = newId();
      await store.families.insert({
        id,
        state: 'suggested',
        canonicalAssetId: ids[0]!,
        reason: 'batch',
        members: ids.map((assetId, n) => ({
          assetId,
          role: n === 0 ? 'canonical' : 'variant',
          state: 'suggested',
          reason: 'batch',
          addedAt: at,
        })),
        createdAt: at,
        updatedAt: at,
      });
      return { id, ids };
    };
    const lead = await person(store, 'lead', as(t, 'reviewer', 'creator', 'legal'));
    const one = await family();
    // An unconfirmed family is refused before anything changes.
    await expect(review.reviewFamily(lead, one.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await families.confirm(operator, one.id);
    const result = await review.reviewFamily(lead, one.id);
    expect(result.items).toEqual([
      { assetId: one.ids[0], role: 'canonical', outcome: 'approved' },
      { assetId: one.ids[1], role: 'variant', outcome: 'deprecated' },
      { assetId: one.ids[2], role: 'variant', outcome: 'deprecated' },
    ]);
    expect(await Promise.all(one.ids.map((id) => statusOf(store, id)))).toEqual([
      'approved',
      'deprecated',
      'deprecated',
    ]);
    // Tier 3: the caller's sign-off is recorded and the missing one named; the variants are deprecated.
    const three = await family(3);
    await families.confirm(operator, three.id);
    expect((await review.reviewFamily(lead, three.id)).items[0]).toEqual({
      assetId: three.ids[0],
      role: 'canonical',
      outcome: 'signed-off',
      missing: ['compliance'],
    });
    // A canonical the caller may not sign: nothing is deprecated.
    const refused = await family(2);
    await families.confirm(operator, refused.id);
    const outcome = await review.reviewFamily(lead, refused.id);
    expect(outcome.items.map((i) => [i.outcome, 'reason' in i ? i.reason : undefined])).toEqual([
      ['failed', undefined],
      ['skipped', 'canonical-not-approved'],
      ['skipped', 'canonical-not-approved'],
    ]);
    expect(await statusOf(store, refused.ids[1]!)).toBe('in_review');
    // Without family:manage the family is not touched at all.
    // (An API token with the review scope only: every reviewing role grants family:manage, a write.)
    const onlyReviewer = userContext('r', as(t, 'reviewer'), ['read', 'review']);
    const four = await family();
    await families.confirm(operator, four.id);
    await expect(review.reviewFamily(onlyReviewer, four.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await statusOf(store, four.ids[0]!)).toBe('in_review');
  });

  it('comments on a version, with a region checked to lie on the picture', async () => {
    const { store, review } = services();
    const t = await team(store);
    const id = await inReview(store, { teamId: t });
    const ana = await person(store, 'ana', as(t, 'reviewer'));
    const comment = await review.addComment(ana, id, {
      body: ' logo too small ',
      region: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 },
    });
    expect(comment).toMatchObject({
      body: 'logo too small',
      versionNumber: 1,
      region: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 },
    });
    await review.addComment(ana, id, { body: 'overall fine' });
    await expect(
      review.addComment(ana, id, { body: 'x', region: { x: 0.8, y: -0.1, w: 0.3, h: 0 } }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: {
        problems: [expect.objectContaining({ field: 'region.y' }) as unknown],
      },
    });
    await expect(
      review.addComment(ana, id, { body: 'x', region: { x: 0.8, y: 0, w: 0.3, h: 0.5 } }),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('region.w') as unknown });
    await expect(review.addComment(ana, id, { body: '   ' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(review.addComment(ana, id, { body: 'x', version: 7 })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const outsider = await person(store, 'out', as(await team(store), 'reviewer'));
    await expect(review.addComment(outsider, id, { body: 'hi' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const viewer = await person(store, 'view', as(t, 'viewer'));
    await expect(review.addComment(viewer, id, { body: 'hi' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await review.comments(viewer, id)).map((c) => c.body)).toEqual(['logo too small', 'overall fine']);
  });
});
