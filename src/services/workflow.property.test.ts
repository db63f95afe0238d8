/**
 * Property test of the workflow and review together: random sequences of calls — review decisions, requested
 * transitions, claims, new versions, the system finishing enrichment — by random people (reviewers, brand, legal,
 * compliance, one person holding both legal and compliance, publishers, the asset's own uploader who is also a
 * reviewer, a reviewer of another team) never
 *   - take a transition the state machine does not have (every audited transition is one of domain/workflow.ts),
 *   - leave an asset approved (or published) without every sign-off its tier needs on the current version, given by
 *     distinct people,
 *   - record an approval by the asset's uploader or requestor,
 *   - fail otherwise than with a refusal the error catalogue names (FORBIDDEN, CONFLICT, ILLEGAL_TRANSITION, …).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { actorLabel, type Membership, type RequestContext, type Role } from '../domain/access.ts';
import type { AssetStatus, AssetVersion } from '../domain/asset.ts';
import { isProvenaError } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Job } from '../domain/jobs.ts';
import type { Store } from '../domain/ports.ts';
import { emptyProvenance } from '../domain/provenance.ts';
import { missingSignOffs, requiredSignOffs, type RiskTier } from '../domain/review.ts';
import { requestableTransitions, transitions, type TransitionName } from '../domain/workflow.ts';
import { member, system, userContext } from '../../test/contexts.ts';
import { describeEachDialect } from '../../test/dialects.ts';
import type { EnrichmentQueue } from './enrichment-types.ts';
import { FamilyService } from './family.service.ts';
import { ReviewService } from './review.service.ts';
import { WorkflowService } from './workflow.service.ts';

/** Refusals a random call may meet; anything else is a defect. */
const refusals = new Set(['FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'ILLEGAL_TRANSITION', 'VALIDATION_FAILED']);

/** The cast: who they are on the asset's team (or another team, for the outsider). */
const cast: Record<string, { roles: Role[]; otherTeam?: boolean }> = {
  uploader: { roles: ['creator', 'reviewer'] },
  reviewer1: { roles: ['reviewer'] },
  reviewer2: { roles: ['reviewer'] },
  brand: { roles: ['brand'] },
  legal: { roles: ['legal'] },
  compliance: { roles: ['compliance'] },
  both: { roles: ['legal', 'compliance'] },
  publisher: { roles: ['publisher'] },
  outsider: { roles: ['reviewer', 'legal', 'compliance', 'brand'], otherTeam: true },
};
const people = Object.keys(cast);

type Call =
  | { kind: 'decide'; who: string; decision: 'approve' | 'reject' | 'request-changes' }
  | { kind: 'transition'; who: string; name: TransitionName }
  | { kind: 'claim' | 'release'; who: string }
  | { kind: 'new-version'; who: string }
  | { kind: 'finish-enrichment' };

const call: fc.Arbitrary<Call> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('decide' as const),
      who: fc.constantFrom(...people),
      // Approvals are most of what reviewers do (and tier 3 needs two in a row to be reached at all).
      decision: fc.constantFrom(
        'approve' as const,
        'approve' as const,
        'approve' as const,
        'reject' as const,
        'request-changes' as const,
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transition' as const),
      who: fc.constantFrom(...people),
      name: fc.constantFrom<TransitionName>(...requestableTransitions),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constantFrom('claim' as const, 'release' as const),
      who: fc.constantFrom(...people),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('new-version' as const), who: fc.constantFrom(...people) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('finish-enrichment' as const) }) },
);

describeEachDialect('workflow and review under random calls', ({ dialect, store: storeOf }) => {
  const services = () => {
    const store = storeOf();
    const enrichment: EnrichmentQueue = { enqueue: () => Promise.resolve({ job: {} as Job, created: true }) };
    const workflow = new WorkflowService({ store, enrichment });
    const families = new FamilyService({ store, workflow });
    return { store, workflow, review: new ReviewService({ store, workflow, families }) };
  };

  const person = async (store: Store, name: string, memberships: Membership[]): Promise<RequestContext> => {
    const username = `${name}-${newId().slice(-12)}`;
    const ctx = userContext(username, memberships);
    const userId = (ctx.actor as { userId: string }).userId;
    const at = new Date().toISOString();
    await store.identity.insertAccount({
      id: userId,
      username,
      displayName: username,
      disabled: false,
      source: 'local',
      createdAt: at,
    });
    for (const m of memberships) await store.identity.grant(userId, m, at);
    return ctx;
  };

  const version = (assetId: string, number: number, createdBy: string): AssetVersion => {
    const id = newId();
    return {
      id,
      assetId,
      number,
      blob: { sha256: id.replace(/-/g, '').padEnd(64, 'e'), size: 10 },
      mediaType: 'image/png',
      fileName: 'p.png',
      provenance: emptyProvenance(),
      createdAt: new Date().toISOString(),
      createdBy,
    };
  };

  it('never takes an unknown transition, approves without the sign-offs of its tier, or lets an owner approve', async () => {
    const { store, workflow, review } = services();
    const team = (await store.catalog.ensure('team', `prop-${newId()}`)).entry.id;
    const elsewhere = (await store.catalog.ensure('team', `prop-other-${newId()}`)).entry.id;
    const contexts: Record<string, RequestContext> = {};
    for (const name of people) {
      const { roles, otherTeam } = cast[name]!;
      contexts[name] = await person(
        store,
        name,
        roles.map((role) => member(otherTeam ? elsewhere : team, role)),
      );
    }
    const uploader = contexts.uploader!;
    const uploaderLabel = actorLabel(uploader.actor);
    const uploaderId = (uploader.actor as { userId: string }).userId;
    // Requested by the uploader too (intake records a requestor by name; review compares it with the username).
    const requestorId = (await store.catalog.ensure('user', (uploader.actor as { username: string }).username)).entry
      .id;

    const reached = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<RiskTier>(1, 2, 3),
        fc.array(call, { minLength: 1, maxLength: 24 }),
        async (tier, calls) => {
          const id = newId();
          const at = new Date().toISOString();
          // Requested by the uploader too (by display name, as intake records a requestor).
          await store.transaction(async (tx) => {
            await tx.assets.insert({
              id,
              title: 'property',
              kind: 'image',
              status: 'in_review',
              quarantineReasons: [],
              rightsStatus: 'cleared',
              teamId: team,
              requestorId,
              riskTier: tier,
              riskPolicyVersion: 0,
              currentVersion: 1,
              createdAt: at,
              updatedAt: at,
            });
            await tx.assets.insertVersion(version(id, 1, uploaderLabel));
          });

          for (const c of calls) {
            try {
              if (c.kind === 'decide')
                await review.decide(contexts[c.who]!, id, {
                  decision: c.decision,
                  ...(c.decision === 'approve' ? {} : { reason: 'property test' }),
                });
              else if (c.kind === 'transition')
                await workflow.transition(contexts[c.who]!, id, c.name, { reason: 'property test' });
              else if (c.kind === 'claim') await review.claim(contexts[c.who]!, id);
              else if (c.kind === 'release') await review.release(contexts[c.who]!, id);
              else if (c.kind === 'finish-enrichment')
                await workflow.transition(system, id, 'finish-enrichment', { to: 'in_review' });
              else {
                // A new version by someone allowed to upload: the uploader's (a creator) goes through the workflow.
                const who = contexts[c.who]!;
                await store.transaction(async (tx) => {
                  const { asset } = await workflow.transitionIn(who, tx, id, 'new-version');
                  const next = asset.currentVersion + 1;
                  await tx.assets.insertVersion(version(id, next, actorLabel(who.actor)));
                  const { title, quarantineReasons, rightsStatus, updatedAt } = asset;
                  await tx.assets.update(
                    id,
                    {
                      title,
                      quarantineReasons,
                      rightsStatus,
                      currentVersion: next,
                      updatedAt,
                      teamId: team,
                      requestorId,
                    },
                    updatedAt,
                  );
                });
              }
            } catch (error) {
              if (!isProvenaError(error) || !refusals.has(error.code)) throw error;
            }
          }

          const asset = (await store.assets.get(id))!;
          reached.add(`${tier}:${asset.status}`);
          // Every audited transition is one the state machine has.
          for (const entry of await store.audit.forSubject('asset', id)) {
            if (entry.action !== 'asset.transitioned') continue;
            const { transition, from, to } = entry.details as {
              transition: TransitionName;
              from: AssetStatus;
              to: AssetStatus;
            };
            expect(transitions[transition].from).toContain(from);
            expect(transitions[transition].to).toContain(to);
          }
          const signOffs = await store.review.signOffs(id);
          // No approval by the uploader (who also requested it).
          expect(signOffs.filter((s) => s.decision === 'approve' && s.reviewerId === uploaderId)).toEqual([]);
          if (asset.status === 'approved' || asset.status === 'published') {
            const current = signOffs
              .filter((s) => s.versionNumber === asset.currentVersion)
              .map((s) => ({
                versionNumber: s.versionNumber,
                userId: s.reviewerId,
                role: s.role,
                decision: s.decision,
                at: s.at,
              }));
            expect(missingSignOffs(tier, asset.currentVersion, current)).toEqual([]);
            const approvers = current.filter(
              (s) => s.decision === 'approve' && requiredSignOffs[tier].includes(s.role),
            );
            expect(new Set(approvers.map((s) => s.userId)).size).toBe(requiredSignOffs[tier].length);
          }
        },
      ),
      { numRuns: dialect === 'sqlite' ? 100 : 40, seed: 20261207 },
    );
    // The sequences do reach the decisions the properties are about, on every tier.
    expect([...reached]).toEqual(
      expect.arrayContaining(['1:approved', '2:approved', '3:approved', '1:changes_requested', '3:rejected']),
    );
  });
});
