/**
 * Review: the queue of assets waiting for the caller's sign-off, claims so that two reviewers do not look at the same
 * asset at once, sign-offs per version with separation of duties, comments with region annotations, and the bulk
 * review of a variant family. A person never takes approve, reject or request-changes themselves (domain/workflow.ts):
 * their sign-off is recorded, and when it completes what the tier demands — or rejects, or asks for changes — the
 * system takes the transition in the same transaction, audited with the sign-offs that decided it.
 *
 * Separation of duties (review.ts signOffRefusal) needs who stands behind the asset. The uploader of a version is
 * known only by the actor label intake recorded (`createdBy`, `user:<username>`); usernames are unique and cannot be
 * changed, so a version created by `user:<the reviewer's username>` is theirs. The requestor is a catalogue name (who
 * asked for the asset, not necessarily an account), compared with the reviewer's username and display name without
 * regard to case. Uploads by the operator or the system belong to no account and refuse nobody.
 */
import {
  actorLabel,
  can,
  isAdmin,
  systemContext,
  teamsWith,
  type Membership,
  type RequestContext,
} from '../domain/access.ts';
import type { AssetStatus, AssetWithVersions } from '../domain/asset.ts';
import { ProvenaError, validationFailed, type FieldProblem } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Transaction, UnitOfWork } from '../domain/ports.ts';
import {
  missingSignOffs,
  requiredSignOffs,
  reviewDecisions,
  reviewPermission,
  reviewRoles,
  riskTiers,
  signOffRefusal,
  type AssetOwnership,
  type ReviewDecision,
  type ReviewRole,
  type Reviewer,
  type RiskTier,
  type SignOff,
} from '../domain/review.ts';
import {
  maxCommentLength,
  regionProblems,
  type ClaimFilter,
  type Region,
  type ReviewClaim,
  type ReviewComment,
  type ReviewFlag,
  type ReviewQueueCounts,
  type ReviewQueueFilter,
  type ReviewQueueItem,
  type ReviewReach,
  type StoredSignOff,
} from '../domain/review-records.ts';
import { defaultRiskPolicy } from '../domain/risk-policy.ts';
import { transitionsFrom } from '../domain/workflow.ts';
import { authorise, readable } from './authorise.ts';
import type { DeprecationItem, FamilyService } from './family.service.ts';
import type { WorkflowRepositories, WorkflowService } from './workflow.service.ts';

type ReviewRepositories = WorkflowRepositories | 'review' | 'identity' | 'catalog';

export interface ReviewDeps {
  store: UnitOfWork<ReviewRepositories>;
  workflow: Pick<WorkflowService, 'transitionIn'>;
  families: Pick<FamilyService, 'get' | 'deprecateRest'>;
  /** How long a claim holds unless renewed or released (default 30 minutes). */
  claimMinutes?: number;
  /** The tier of an asset the risk policy has not given one yet (default: the shipped policy's). */
  defaultTier?: RiskTier;
  now?: () => Date;
}

export interface DecisionRequest {
  decision: ReviewDecision;
  /** Required to reject or ask for changes: the requester reads it. */
  reason?: string;
  /** The capacity to sign in; default: the first role of the tier the caller may still give. */
  role?: ReviewRole;
  /** The version the reviewer looked at: refused (CONFLICT) when it is no longer the current one. */
  version?: number;
}

export interface DecisionOutcome {
  assetId: string;
  version: number;
  tier: RiskTier;
  signOff: StoredSignOff;
  /** Roles still to approve the current version (empty once approved). */
  missing: ReviewRole[];
  /** The transition the system took because of this decision, if any. */
  transition?: { name: 'approve' | 'reject' | 'request-changes'; from: AssetStatus; to: AssetStatus };
  status: AssetStatus;
}

export interface ReviewStatus {
  assetId: string;
  status: AssetStatus;
  tier: RiskTier;
  /** The tier's sign-offs, by role. */
  required: readonly ReviewRole[];
  version: number;
  /** Every sign-off and decision on the current version, oldest first. */
  signOffs: StoredSignOff[];
  /** Sign-offs given on earlier versions: they no longer count. */
  earlierSignOffs: number;
  missing: ReviewRole[];
  /** The roles the caller could sign in now (empty for someone who may not, or when nothing is missing). */
  canSignAs: ReviewRole[];
  claim?: ReviewClaim;
  flags: ReviewFlag[];
}

export interface NewComment {
  body: string;
  region?: Region;
  /** Default: the current version. */
  version?: number;
}

export type FamilyReviewItem =
  | {
      assetId: string;
      role: 'canonical';
      outcome: 'approved' | 'signed-off' | 'already-approved' | 'failed';
      /** For signed-off: the roles still to approve. */
      missing?: ReviewRole[];
      error?: { code: string; message: string };
    }
  | {
      assetId: string;
      role: 'variant';
      outcome: DeprecationItem['outcome'];
      reason?: DeprecationItem['reason'] | 'canonical-not-approved';
    };

export interface FamilyReviewOutcome {
  familyId: string;
  canonicalAssetId: string;
  items: FamilyReviewItem[];
}

const defaultClaimMinutes = 30;
const maxReasonLength = 2000;

/** Whom the system acts as when review decides a transition. */
const reviewSystem = systemContext('review');

export class ReviewService {
  private readonly defaultTier: RiskTier;
  private readonly claimMs: number;
  private readonly now: () => Date;

  constructor(private readonly deps: ReviewDeps) {
    this.defaultTier = deps.defaultTier ?? defaultRiskPolicy.defaultTier;
    this.claimMs = (deps.claimMinutes ?? defaultClaimMinutes) * 60_000;
    this.now = deps.now ?? (() => new Date());
  }

  /** Assets in review the caller could sign off now, oldest in review first. */
  async queue(
    ctx: RequestContext,
    filter: ReviewQueueFilter,
    page: { limit?: number; cursor?: string } = {},
  ): Promise<{ items: ReviewQueueItem[]; nextCursor?: string }> {
    checkFilter(filter);
    const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
    return this.deps.store.review.queue(
      await this.reachOf(ctx),
      filter,
      { limit, ...(page.cursor ? { cursor: page.cursor } : {}) },
      this.now().toISOString(),
    );
  }

  /** How many assets wait for the caller, per tier and per role they hold. */
  async counts(
    ctx: RequestContext,
    filter: Pick<ReviewQueueFilter, 'team' | 'campaign'> = {},
  ): Promise<ReviewQueueCounts> {
    return this.deps.store.review.counts(await this.reachOf(ctx), filter, this.now().toISOString());
  }

  async status(ctx: RequestContext, assetId: string): Promise<ReviewStatus> {
    const repos = this.deps.store;
    const asset = readable(ctx, await repos.assets.get(assetId), assetId);
    const tier = this.tierOf(asset);
    const all = await repos.review.signOffs(asset.id);
    const current = all.filter((s) => s.versionNumber === asset.currentVersion);
    const claim = await repos.review.claim(asset.id);
    const now = this.now();
    const flags = (await repos.review.flagsOf([asset.id])).get(asset.id) ?? [];
    const reviewer = await this.reviewerOf(repos, ctx);
    const signOffs = current.map(asSignOff);
    const canSignAs =
      reviewer && asset.status === 'in_review'
        ? requiredSignOffs[tier].filter(
            (role) =>
              can(ctx, reviewPermission[role], asset.team?.id ?? null) &&
              refusalOf(asset, tier, role, reviewer, signOffs) === undefined,
          )
        : [];
    return {
      assetId: asset.id,
      status: asset.status,
      tier,
      required: requiredSignOffs[tier],
      version: asset.currentVersion,
      signOffs: current,
      earlierSignOffs: all.length - current.length,
      missing: missingSignOffs(tier, asset.currentVersion, signOffs),
      canSignAs,
      ...(claim && (await this.claimHolds(repos, claim, asset, now)) ? { claim } : {}),
      flags,
    };
  }

  /**
   * Claims the asset for the caller for a while (renewing their own claim). Someone else's claim that still holds is
   * CONFLICT naming them and until when; an expired claim, or one of an account disabled or no longer allowed to review
   * the asset, is taken over.
   */
  async claim(ctx: RequestContext, assetId: string): Promise<ReviewClaim> {
    const me = this.personOf(ctx, 'claim an asset');
    return this.deps.store.transaction(async (tx) => {
      await tx.review.lockAsset(assetId);
      const asset = readable(ctx, await tx.assets.get(assetId), assetId);
      if (asset.status !== 'in_review')
        throw new ProvenaError('CONFLICT', `Asset ${asset.id} is ${asset.status}: only assets in review are claimed.`, {
          assetId: asset.id,
          status: asset.status,
        });
      this.authoriseReview(ctx, asset);
      const now = this.now();
      const existing = await tx.review.claim(asset.id);
      if (existing && existing.claimantId !== me.userId && (await this.claimHolds(tx, existing, asset, now)))
        throw claimedBySomeoneElse(existing);
      const claim: ReviewClaim = {
        assetId: asset.id,
        claimantId: me.userId,
        claimantUsername: me.username,
        claimedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + this.claimMs).toISOString(),
      };
      await tx.review.saveClaim(claim);
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: existing?.claimantId === me.userId ? 'review.claim-renewed' : 'review.claimed',
        subjectType: 'asset',
        subjectId: asset.id,
        details: {
          expiresAt: claim.expiresAt,
          ...(existing && existing.claimantId !== me.userId ? { takenOverFrom: existing.claimantUsername } : {}),
        },
      });
      return claim;
    });
  }

  /**
   * Ends the caller's claim. Someone else's claim is CONFLICT while it holds, unless the caller is an admin; one that
   * no longer holds (expired, its account disabled) anyone who may review the asset can clear.
   */
  async release(ctx: RequestContext, assetId: string): Promise<{ released: boolean }> {
    return this.deps.store.transaction(async (tx) => {
      await tx.review.lockAsset(assetId);
      const asset = readable(ctx, await tx.assets.get(assetId), assetId);
      const existing = await tx.review.claim(asset.id);
      if (!existing) return { released: false };
      const mine = existing.claimantId === userIdOrNone(ctx);
      if (!mine && !isAdmin(ctx)) {
        this.authoriseReview(ctx, asset);
        if (await this.claimHolds(tx, existing, asset, this.now())) throw claimedBySomeoneElse(existing);
      }
      await tx.review.deleteClaim(asset.id);
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'review.released',
        subjectType: 'asset',
        subjectId: asset.id,
        details: { claimant: existing.claimantUsername, ...(mine ? {} : { claimExpiresAt: existing.expiresAt }) },
      });
      return { released: true };
    });
  }

  /**
   * Records the caller's decision on the current version. An approval completing the tier's sign-offs approves the
   * asset; a rejection or a request for changes takes that transition at once. All in one transaction, which holds
   * the asset, so that two decisions at the same instant see each other: of two approvals of the same role one is
   * CONFLICT, and the last of tier 3's two sign-offs always approves.
   */
  async decide(ctx: RequestContext, assetId: string, request: DecisionRequest): Promise<DecisionOutcome> {
    checkDecision(request);
    const me = this.personOf(ctx, 'sign off an asset');
    return this.deps.store.transaction(async (tx) => {
      await tx.review.lockAsset(assetId);
      const asset = readable(ctx, await tx.assets.get(assetId), assetId);
      if (request.decision === 'approve' && (asset.status === 'approved' || asset.status === 'published'))
        throw new ProvenaError(
          'CONFLICT',
          `Asset ${asset.id} is ${asset.status} already: approving it again changes nothing.`,
          {
            assetId: asset.id,
            status: asset.status,
          },
        );
      if (asset.status !== 'in_review') {
        const possible = transitionsFrom(asset.status);
        throw new ProvenaError(
          'ILLEGAL_TRANSITION',
          `Asset ${asset.id} is ${asset.status}: review decisions are taken only on assets in review. From ${asset.status}: ${possible.join(', ') || 'nothing'}.`,
          { assetId: asset.id, status: asset.status, possible },
        );
      }
      const version = asset.currentVersion;
      if (request.version !== undefined && request.version !== version)
        throw new ProvenaError(
          'CONFLICT',
          `Version ${request.version} of asset ${asset.id} is no longer the current one (version ${version} is): review it instead.`,
          { assetId: asset.id, version: request.version, currentVersion: version },
        );
      const tier = this.tierOf(asset);
      const stored = await tx.review.signOffs(asset.id, version);
      const current = stored.map(asSignOff);
      // The display name matters only against a requestor: no lookup otherwise (a decision is a dozen statements).
      const reviewer: Reviewer = asset.requestor ? (await this.reviewerOf(tx, ctx))! : me;
      const ownership = ownershipOf(asset, reviewer);
      const role = this.roleFor(ctx, asset, tier, request, current, reviewer);
      const refusal = signOffRefusal({
        tier,
        versionNumber: version,
        role,
        reviewer,
        ownership,
        // Only an approval needs the others' approvals checked: anyone of the tier may still reject or ask for changes.
        signOffs: request.decision === 'approve' ? current : [],
      });
      if (refusal !== undefined) {
        const alreadyGiven =
          request.decision === 'approve' && current.some((s) => s.decision === 'approve' && s.role === role);
        throw new ProvenaError(
          alreadyGiven ? 'CONFLICT' : 'FORBIDDEN',
          `${actorLabel(ctx.actor)} cannot ${request.decision} asset ${asset.id} as ${role}: ${refusal}.`,
          { assetId: asset.id, version, role, refusal },
        );
      }
      const signOff: StoredSignOff = {
        id: newId(),
        assetId: asset.id,
        versionNumber: version,
        role,
        decision: request.decision,
        ...(request.reason?.trim() ? { reason: request.reason.trim() } : {}),
        reviewerId: me.userId,
        reviewerUsername: me.username,
        at: this.now().toISOString(),
      };
      try {
        await tx.review.insertSignOff(signOff);
      } catch (error) {
        // The unique approval of a role per version: another reviewer's approval committed first.
        if (error instanceof ProvenaError && error.code === 'CONFLICT')
          throw new ProvenaError(
            'CONFLICT',
            `The ${role} sign-off of version ${version} of asset ${asset.id} was given by someone else meanwhile.`,
            { assetId: asset.id, version, role },
            { cause: error },
          );
        throw error;
      }
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'review.signed-off',
        subjectType: 'asset',
        subjectId: asset.id,
        details: {
          version,
          tier,
          role,
          decision: request.decision,
          ...(signOff.reason !== undefined ? { reason: signOff.reason } : {}),
        },
      });
      // Live updates: every open review screen learns of the sign-off, whether or not it completes the tier.
      await tx.events.append({
        type: 'asset.signed-off',
        subjectType: 'asset',
        subjectId: asset.id,
        actor: actorLabel(ctx.actor),
        payload: { version, tier, role, decision: request.decision },
      });
      const approvals = [...current, asSignOff(signOff)];
      const missing = missingSignOffs(tier, version, approvals);
      const transitionName =
        request.decision === 'approve' ? (missing.length === 0 ? 'approve' : undefined) : request.decision;
      let transition: DecisionOutcome['transition'];
      let status: AssetStatus = asset.status;
      if (transitionName) {
        const signedBy = [...stored, signOff]
          .filter((s) => s.decision === 'approve')
          .map((s) => ({ role: s.role, decision: s.decision, by: s.reviewerUsername }));
        const outcome = await this.deps.workflow.transitionIn(reviewSystem, tx, asset, transitionName, {
          ...(signOff.reason !== undefined ? { reason: signOff.reason } : {}),
          details: {
            decidedBy: actorLabel(ctx.actor),
            version,
            tier,
            signOffs: transitionName === 'approve' ? signedBy : [{ role, decision: request.decision, by: me.username }],
          },
        });
        transition = { name: transitionName, from: outcome.from, to: outcome.to };
        status = outcome.to;
        // Out of review: nobody needs to hold it any more.
        await tx.review.deleteClaim(asset.id);
      } else {
        // Done with it: the caller's own claim ends; someone else's stays.
        await tx.review.deleteClaim(asset.id, me.userId);
      }
      return {
        assetId: asset.id,
        version,
        tier,
        signOff,
        missing: transition?.name === 'approve' ? [] : missing,
        ...(transition ? { transition } : {}),
        status,
      };
    });
  }

  async addComment(ctx: RequestContext, assetId: string, input: NewComment): Promise<ReviewComment> {
    const problems: FieldProblem[] = [];
    const body = typeof input.body === 'string' ? input.body.trim() : '';
    if (body === '') problems.push({ field: 'body', problem: 'write the comment (it is empty)' });
    else if (body.length > maxCommentLength)
      problems.push({ field: 'body', problem: `is ${body.length} characters; at most ${maxCommentLength}` });
    if (input.region !== undefined) problems.push(...regionProblems(input.region));
    if (input.version !== undefined && (!Number.isInteger(input.version) || input.version < 1))
      problems.push({ field: 'version', problem: 'must be a version number (1 or more)' });
    if (problems.length > 0) throw validationFailed(problems);
    return this.deps.store.transaction(async (tx) => {
      const asset = readable(ctx, await tx.assets.get(assetId), assetId);
      authorise(ctx, 'review:comment', asset.team?.id ?? null);
      const version = input.version ?? asset.currentVersion;
      if (!asset.versions.some((v) => v.number === version))
        throw validationFailed([
          {
            field: 'version',
            problem: `asset ${asset.id} has no version ${version} (it has 1 to ${asset.currentVersion})`,
          },
        ]);
      const comment: ReviewComment = {
        id: newId(),
        assetId: asset.id,
        versionNumber: version,
        ...(ctx.actor.kind === 'user' ? { authorId: ctx.actor.userId } : {}),
        author: actorLabel(ctx.actor),
        body,
        ...(input.region ? { region: input.region } : {}),
        createdAt: this.now().toISOString(),
      };
      await tx.review.insertComment(comment);
      await tx.audit.append({
        actor: comment.author,
        action: 'review.commented',
        subjectType: 'asset',
        subjectId: asset.id,
        details: { commentId: comment.id, version, ...(comment.region ? { region: comment.region } : {}) },
      });
      return comment;
    });
  }

  async comments(ctx: RequestContext, assetId: string, version?: number): Promise<ReviewComment[]> {
    const asset = readable(ctx, await this.deps.store.assets.get(assetId), assetId);
    return this.deps.store.review.comments(asset.id, version);
  }

  /**
   * Reviews a variant family in one action: the caller's approval of the canonical asset (which approves it when it
   * completes the tier's sign-offs; otherwise it is recorded and the missing roles named), then the family's other
   * confirmed members deprecated. When the canonical cannot be signed off, nothing is deprecated: a family is not
   * reduced to an unapproved asset. Each asset's outcome is reported.
   */
  async reviewFamily(
    ctx: RequestContext,
    familyId: string,
    input: { reason?: string } = {},
  ): Promise<FamilyReviewOutcome> {
    const family = await this.deps.families.get(ctx, familyId);
    // Deprecating needs family:manage on every member's team: checked first (a caller without it learns nothing more
    // of the family), and before the canonical is signed off, so that a refusal leaves nothing half-done.
    const teams = await this.deps.store.assets.teamsOf(family.members.map((m) => m.assetId));
    for (const member of family.members) authorise(ctx, 'family:manage', teams.get(member.assetId) ?? null);
    if (family.state !== 'confirmed')
      throw new ProvenaError('CONFLICT', 'Confirm the family before reviewing it as one.', {
        familyId: family.id,
        state: family.state,
      });
    const canonicalId = family.canonicalAssetId;
    const canonical = readable(ctx, await this.deps.store.assets.get(canonicalId), canonicalId);
    let lead: FamilyReviewItem;
    if (canonical.status === 'approved' || canonical.status === 'published') {
      lead = { assetId: canonicalId, role: 'canonical', outcome: 'already-approved' };
    } else {
      try {
        const decided = await this.decide(ctx, canonicalId, {
          decision: 'approve',
          ...(input.reason !== undefined ? { reason: input.reason } : {}),
        });
        lead =
          decided.transition?.name === 'approve'
            ? { assetId: canonicalId, role: 'canonical', outcome: 'approved' }
            : { assetId: canonicalId, role: 'canonical', outcome: 'signed-off', missing: decided.missing };
      } catch (error) {
        if (!(error instanceof ProvenaError)) throw error;
        lead = {
          assetId: canonicalId,
          role: 'canonical',
          outcome: 'failed',
          error: { code: error.code, message: error.message },
        };
      }
    }
    if (lead.outcome === 'failed') {
      const rest: FamilyReviewItem[] = family.members
        .filter((m) => m.assetId !== canonicalId)
        .map((m) => ({ assetId: m.assetId, role: 'variant', outcome: 'skipped', reason: 'canonical-not-approved' }));
      return { familyId: family.id, canonicalAssetId: canonicalId, items: [lead, ...rest] };
    }
    const { items } = await this.deps.families.deprecateRest(ctx, family.id);
    return {
      familyId: family.id,
      canonicalAssetId: canonicalId,
      items: [
        lead,
        ...items
          .filter((item) => item.assetId !== canonicalId)
          .map((item): FamilyReviewItem => ({
            assetId: item.assetId,
            role: 'variant',
            outcome: item.outcome,
            ...(item.reason ? { reason: item.reason } : {}),
          })),
      ],
    };
  }

  private tierOf(asset: AssetWithVersions): RiskTier {
    return asset.riskTier ?? this.defaultTier;
  }

  /** The role the caller signs in: the one asked for (which they must hold), or the first of the tier still open to them. */
  private roleFor(
    ctx: RequestContext,
    asset: AssetWithVersions,
    tier: RiskTier,
    request: DecisionRequest,
    current: readonly SignOff[],
    reviewer: Reviewer,
  ): ReviewRole {
    const team = asset.team?.id ?? null;
    const required = requiredSignOffs[tier];
    if (request.role !== undefined) {
      if (!required.includes(request.role))
        throw validationFailed([
          {
            field: 'role',
            problem: `asset ${asset.id} is tier ${tier}: it is signed off as ${required.join(' and ')}, not ${request.role}`,
          },
        ]);
      authorise(ctx, reviewPermission[request.role], team);
      return request.role;
    }
    const held = required.filter((role) => can(ctx, reviewPermission[role], team));
    if (held.length === 0)
      throw new ProvenaError(
        'FORBIDDEN',
        `${actorLabel(ctx.actor)} lacks the permission ${required.map((r) => reviewPermission[r]).join(' or ')} on this asset's team: asset ${asset.id} is tier ${tier}.`,
        { permission: reviewPermission[required[0]!], tier, ...(team ? { teamId: team } : {}) },
      );
    if (request.decision !== 'approve') return held[0]!;
    // The first role the caller may still give; failing that, one nobody gave yet (tier 3's second, refused to whoever
    // gave the first), else the first they hold: signOffRefusal then explains.
    const open = held.filter((role) => refusalOf(asset, tier, role, reviewer, current) === undefined);
    const notGiven = held.find((role) => !current.some((s) => s.decision === 'approve' && s.role === role));
    return open[0] ?? notGiven ?? held[0]!;
  }

  /** FORBIDDEN unless the caller may give one of the sign-offs the asset's tier needs. */
  private authoriseReview(ctx: RequestContext, asset: AssetWithVersions): void {
    const team = asset.team?.id ?? null;
    const required = requiredSignOffs[this.tierOf(asset)];
    if (required.some((role) => can(ctx, reviewPermission[role], team))) return;
    authorise(ctx, reviewPermission[required[0]!], team);
  }

  /** Sign-offs and claims are a person's: the operator and the system have no account to answer for them. */
  private personOf(ctx: RequestContext, what: string): { userId: string; username: string } {
    if (ctx.actor.kind === 'user') return { userId: ctx.actor.userId, username: ctx.actor.username };
    throw new ProvenaError(
      'FORBIDDEN',
      `${actorLabel(ctx.actor)} cannot ${what}: a sign-off or claim is a person's (sign in, use an API token, or --as <user>).`,
      { actor: actorLabel(ctx.actor) },
    );
  }

  private async reviewerOf(
    repos: Pick<Transaction<'identity'>, 'identity'>,
    ctx: RequestContext,
  ): Promise<Reviewer | undefined> {
    if (ctx.actor.kind !== 'user') return undefined;
    const account = await repos.identity.accountById(ctx.actor.userId);
    return {
      userId: ctx.actor.userId,
      username: ctx.actor.username,
      ...(account?.displayName ? { displayName: account.displayName } : {}),
    };
  }

  /**
   * Whether someone's claim still keeps others off: it has not expired, and its account exists, is enabled and may
   * still review the asset (a reviewer removed from the team does not hold the asset for ever).
   */
  private async claimHolds(
    repos: Pick<Transaction<'identity'>, 'identity'>,
    claim: ReviewClaim,
    asset: AssetWithVersions,
    now: Date,
  ): Promise<boolean> {
    if (claim.expiresAt <= now.toISOString()) return false;
    const account = await repos.identity.accountById(claim.claimantId);
    if (!account || account.disabled) return false;
    const memberships: Membership[] = await repos.identity.memberships(account.id);
    const claimant: RequestContext = {
      actor: { kind: 'user', userId: account.id, username: account.username },
      memberships,
    };
    const required = requiredSignOffs[this.tierOf(asset)];
    return required.some((role) => can(claimant, reviewPermission[role], asset.team?.id ?? null));
  }

  /** What the queue may show the caller: per review role the teams they hold its permission on, and who they are. */
  private async reachOf(ctx: RequestContext): Promise<ReviewReach> {
    const roles: ReviewReach['roles'] = {};
    for (const role of reviewRoles) roles[role] = teamsWith(ctx, reviewPermission[role]);
    const label = actorLabel(ctx.actor);
    if (ctx.actor.kind !== 'user')
      return { roles, reviewerId: '', reviewerLabel: label, requestorIds: [], defaultTier: this.defaultTier };
    const reviewer = (await this.reviewerOf(this.deps.store, ctx))!;
    return {
      roles,
      reviewerId: reviewer.userId,
      reviewerLabel: label,
      requestorIds: await this.requestorIdsOf(reviewer),
      defaultTier: this.defaultTier,
    };
  }

  /** The catalogue's requestors that name the reviewer (by username or display name, case aside): signOffRefusal's rule. */
  private async requestorIdsOf(reviewer: Reviewer): Promise<string[]> {
    const names = [reviewer.username, reviewer.displayName]
      .filter((n): n is string => n !== undefined && n.trim() !== '')
      .map((n) => n.trim().toLowerCase());
    const ids = new Set<string>();
    for (const name of names) {
      const entry = await this.deps.store.catalog.findBySlug('user', name);
      if (entry && names.includes(entry.name.trim().toLowerCase())) ids.add(entry.id);
    }
    return [...ids];
  }
}

/**
 * Who stands behind the asset, as review.ts compares it with `reviewer`. A version records its uploader by actor label
 * only, so the reviewer's own label is looked for among them and stands for their id (see the header).
 */
function ownershipOf(asset: AssetWithVersions, reviewer: Reviewer): AssetOwnership {
  const label = actorLabel({ kind: 'user', userId: reviewer.userId, username: reviewer.username });
  return {
    uploaderIds: asset.versions.some((v) => v.createdBy === label) ? [reviewer.userId] : [],
    ...(asset.requestor ? { requestorName: asset.requestor.name } : {}),
  };
}

/** Why `reviewer` may not sign off the asset's current version in `role` (undefined: they may). */
const refusalOf = (
  asset: AssetWithVersions,
  tier: RiskTier,
  role: ReviewRole,
  reviewer: Reviewer,
  signOffs: readonly SignOff[],
): string | undefined =>
  signOffRefusal({
    tier,
    versionNumber: asset.currentVersion,
    role,
    reviewer,
    ownership: ownershipOf(asset, reviewer),
    signOffs,
  });

const asSignOff = (s: StoredSignOff): SignOff => ({
  versionNumber: s.versionNumber,
  userId: s.reviewerId,
  role: s.role,
  decision: s.decision,
  ...(s.reason !== undefined ? { reason: s.reason } : {}),
  at: s.at,
});

const userIdOrNone = (ctx: RequestContext): string | undefined =>
  ctx.actor.kind === 'user' ? ctx.actor.userId : undefined;

const claimedBySomeoneElse = (claim: ReviewClaim): ProvenaError =>
  new ProvenaError(
    'CONFLICT',
    `Asset ${claim.assetId} is claimed by user:${claim.claimantUsername} until ${claim.expiresAt}; ask them to release it, or wait.`,
    { assetId: claim.assetId, claimant: claim.claimantUsername, expiresAt: claim.expiresAt },
  );

function checkDecision(request: DecisionRequest): void {
  const problems: FieldProblem[] = [];
  if (!reviewDecisions.includes(request.decision))
    problems.push({ field: 'decision', problem: `must be one of: ${reviewDecisions.join(', ')}` });
  if (request.role !== undefined && !reviewRoles.includes(request.role))
    problems.push({ field: 'role', problem: `must be one of: ${reviewRoles.join(', ')}` });
  const reason = request.reason?.trim() ?? '';
  if (request.decision !== 'approve' && reason === '')
    problems.push({ field: 'reason', problem: `say why (required to ${request.decision}): the requester reads it` });
  if (reason.length > maxReasonLength)
    problems.push({ field: 'reason', problem: `is ${reason.length} characters; at most ${maxReasonLength}` });
  if (request.version !== undefined && (!Number.isInteger(request.version) || request.version < 1))
    problems.push({ field: 'version', problem: 'must be a version number (1 or more)' });
  if (problems.length > 0) throw validationFailed(problems);
}

const claimFilters: readonly ClaimFilter[] = ['claimed', 'unclaimed', 'mine'];

function checkFilter(filter: ReviewQueueFilter): void {
  const problems: FieldProblem[] = [];
  if (filter.tier !== undefined && !riskTiers.includes(filter.tier))
    problems.push({ field: 'tier', problem: 'must be 1, 2 or 3' });
  if (filter.role !== undefined && !reviewRoles.includes(filter.role))
    problems.push({ field: 'role', problem: `must be one of: ${reviewRoles.join(', ')}` });
  if (filter.claim !== undefined && !claimFilters.includes(filter.claim))
    problems.push({ field: 'claim', problem: `must be one of: ${claimFilters.join(', ')}` });
  if (problems.length > 0) throw validationFailed(problems);
}
