/**
 * Variant families: one canonical asset plus its variants. Suggestions come from enrichment (same
 * normalised prompt with another seed, the same connector batch, looser visual similarity); a person confirms,
 * splits, merges, moves members and sets the canonical; "deprecate the rest" retires every confirmed variant in one
 * action, through the workflow service. Every change is audited with the actor. A family is in the caller's reach
 * when every member is: reading it needs asset:read, changing it family:manage, on each member's team. The canonical
 * rule is a hook: governance replaces the default ("any member") with "an approved member".
 */
import { actorLabel, teamsWith, type Permission, type RequestContext } from '../domain/access.ts';
import type { AssetVersion, AssetWithVersions, Page } from '../domain/asset.ts';
import { digestOf } from '../domain/audit.ts';
import { notFound, ProvenaError, validationFailed } from '../domain/errors.ts';
import { newId } from '../domain/ids.ts';
import type { Lineage, StoreTx, Transaction, UnitOfWork } from '../domain/ports.ts';
import {
  anyMemberCanonicalRule,
  promptKey,
  untouchedByDeprecation,
  visualVariantDecision,
  type CanonicalRule,
  type FamilyMember,
  type FamilyReason,
  type FamilyState,
  type NearDuplicateLink,
  type VariantFamily,
} from '../domain/sameness.ts';
import { nextStatus } from '../domain/workflow.ts';
import { allInReach, authorise, authoriseOn, readable, teamsInReach } from './authorise.ts';
import type { VariantSuggester } from './enrichment-types.ts';
import type { WorkflowRepositories, WorkflowService } from './workflow.service.ts';

type FamilyRepositories = 'families' | WorkflowRepositories;

export interface FamilyDeps {
  store: UnitOfWork<FamilyRepositories>;
  /** Deprecates the variants: every status change is the workflow's. */
  workflow: Pick<WorkflowService, 'transitionIn'>;
  /** Who may be canonical; governance replaces the default. Checked on set-canonical and before deprecate-the-rest. */
  canonicalRule?: CanonicalRule;
  /** The connector batch an asset version came from, when its connector recorded one. */
  batchIdOf?: (version: AssetVersion) => string | undefined;
}

export interface DeprecationItem {
  assetId: string;
  outcome: 'deprecated' | 'skipped';
  /** already-retired: deprecated, archived or rejected; not-deprecable: the workflow does not deprecate from its state. */
  reason?: 'canonical' | 'suggested-only' | 'already-retired' | 'not-deprecable';
}

/** How many same-prompt assets are looked at for one with another seed. */
const promptCandidates = 20;

export class FamilyService implements VariantSuggester {
  private readonly canonicalRule: CanonicalRule;

  constructor(private readonly deps: FamilyDeps) {
    this.canonicalRule = deps.canonicalRule ?? anyMemberCanonicalRule;
  }

  async get(ctx: RequestContext, id: string): Promise<VariantFamily> {
    return this.inReach(ctx, this.deps.store, await this.deps.store.families.get(id), id);
  }

  /** The family of an asset the caller may read, if it has one the caller may read. */
  async familyOf(ctx: RequestContext, assetId: string): Promise<VariantFamily | undefined> {
    readable(ctx, await this.deps.store.assets.get(assetId), assetId);
    const family = await this.deps.store.families.familyOf(assetId);
    return family && (await this.isInReach(ctx, this.deps.store, family, 'asset:read')) ? family : undefined;
  }

  /** Newest first, only families whose every member the caller may read. */
  async list(
    ctx: RequestContext,
    filter: { state?: FamilyState },
    page: { limit?: number; cursor?: string },
  ): Promise<Page<VariantFamily>> {
    const limit = Math.min(Math.max(page.limit ?? 50, 1), 200);
    const teamIds = teamsInReach(ctx);
    return this.deps.store.families.list(
      { ...filter, ...(teamIds ? { teamIds } : {}) },
      { limit, ...(page.cursor ? { cursor: page.cursor } : {}) },
    );
  }

  /**
   * Records the version's lineage and proposes the asset as a variant: of the same connector batch first, then of an
   * asset with the same prompt and another seed, then of a visually similar one. An asset already in a family is
   * left where it is (a person placed it, or an earlier suggestion did). Runs in the caller's transaction (an
   * enrichment run's closing one), so that what it reads of other assets' lineage and families stays true until it
   * commits.
   */
  async suggestFor(
    ctx: RequestContext,
    tx: Transaction<'families' | 'audit'>,
    asset: AssetWithVersions,
    version: AssetVersion,
    visual: NearDuplicateLink[],
  ): Promise<{ family?: VariantFamily; suggested: number }> {
    const actor = actorLabel(ctx.actor);
    const lineage: Lineage = {
      assetId: asset.id,
      versionNumber: version.number,
      // The file's own prompt first: it is the one its seed belongs to.
      ...optional('promptKey', promptKey(version.provenance.prompt?.positive ?? asset.prompt)),
      ...optional('seed', version.provenance.sampling?.seed),
      ...optional('batchId', this.deps.batchIdOf?.(version)),
    };
    await tx.families.saveLineage(lineage);
    const existing = await tx.families.familyOf(asset.id);
    if (existing) return { family: existing, suggested: 0 };

    const match = await this.findRelative(tx, lineage, visual);
    if (!match) return { suggested: 0 };
    const now = new Date().toISOString();
    const member: FamilyMember = {
      assetId: asset.id,
      role: 'variant',
      state: 'suggested',
      reason: match.reason,
      matchedAssetId: match.assetId,
      addedAt: now,
    };
    const theirs = await tx.families.familyOf(match.assetId);
    if (theirs) {
      await tx.families.addMember(theirs.id, member);
      await tx.families.update(theirs.id, { updatedAt: now });
      await this.audit(tx, actor, 'family.member-suggested', theirs.id, {
        assetId: asset.id,
        reason: match.reason,
        matchedAssetId: match.assetId,
      });
      return { family: (await tx.families.get(theirs.id))!, suggested: 1 };
    }
    // The older asset (found first) is the proposed canonical until a person says otherwise.
    const family: VariantFamily = {
      id: newId(),
      state: 'suggested',
      canonicalAssetId: match.assetId,
      reason: match.reason,
      members: [
        { assetId: match.assetId, role: 'canonical', state: 'suggested', reason: match.reason, addedAt: now },
        member,
      ],
      createdAt: now,
      updatedAt: now,
    };
    await tx.families.insert(family);
    await this.audit(tx, actor, 'family.suggested', family.id, {
      members: family.members.map((m) => m.assetId),
      reason: match.reason,
    });
    return { family, suggested: 2 };
  }

  /** Confirms the family and all (or the listed) suggested members. */
  async confirm(ctx: RequestContext, familyId: string, assetIds?: readonly string[]): Promise<VariantFamily> {
    return this.change(ctx, familyId, 'family.confirmed', async (tx, family, now) => {
      const listed = assetIds ?? family.members.map((m) => m.assetId);
      this.requireMembers(family, listed);
      // The canonical is confirmed with the family: a confirmed family never has a merely suggested canonical.
      for (const id of new Set([...listed, family.canonicalAssetId]))
        await tx.families.updateMember(family.id, id, { state: 'confirmed' });
      await tx.families.update(family.id, { state: 'confirmed', updatedAt: now });
      return { confirmed: listed };
    });
  }

  /** Takes members out (a rejected suggestion). A family left with one member is dissolved. */
  async removeMembers(
    ctx: RequestContext,
    familyId: string,
    assetIds: readonly string[],
  ): Promise<VariantFamily | undefined> {
    const actor = actorLabel(ctx.actor);
    let survived = true;
    const result = await this.change(ctx, familyId, 'family.members-removed', async (tx, family) => {
      this.requireMembers(family, assetIds);
      this.refuseCanonical(family, assetIds);
      for (const id of assetIds) await tx.families.removeMember(family.id, id);
      survived = await this.dissolveIfSingle(tx, family.id, actor);
      return { removed: assetIds };
    });
    return survived ? result : undefined;
  }

  /** Moves the listed members into a new, confirmed family; `canonical` (default: the first listed) leads it. */
  async split(
    ctx: RequestContext,
    familyId: string,
    assetIds: readonly string[],
    canonical?: string,
  ): Promise<{ from?: VariantFamily; created: VariantFamily }> {
    const actor = actorLabel(ctx.actor);
    if (assetIds.length === 0)
      throw validationFailed([{ field: 'assetIds', problem: 'name at least one member to split off' }]);
    const lead = canonical ?? assetIds[0]!;
    if (!assetIds.includes(lead))
      throw validationFailed([{ field: 'canonical', problem: 'must be one of the members split off' }]);
    const newFamilyId = newId();
    let survived = true;
    await this.change(ctx, familyId, 'family.split', async (tx, family, now) => {
      this.requireMembers(family, assetIds);
      this.refuseCanonical(family, assetIds);
      const leadAsset = await tx.assets.get(lead);
      const created: VariantFamily = {
        id: newFamilyId,
        state: 'confirmed',
        canonicalAssetId: lead,
        reason: 'manual',
        members: assetIds.map((id) => ({
          assetId: id,
          role: id === lead ? 'canonical' : 'variant',
          state: 'confirmed',
          reason: 'manual',
          addedAt: now,
        })),
        createdAt: now,
        updatedAt: now,
      };
      this.checkCanonical(leadAsset, created, lead);
      for (const id of assetIds) await tx.families.removeMember(family.id, id);
      await tx.families.insert(created);
      await this.audit(tx, actor, 'family.created', created.id, {
        members: [...assetIds],
        canonical: lead,
        splitFrom: family.id,
      });
      survived = await this.dissolveIfSingle(tx, family.id, actor);
      return { splitOff: assetIds, into: created.id };
    });
    return { ...(survived ? { from: await this.get(ctx, familyId) } : {}), created: await this.get(ctx, newFamilyId) };
  }

  /** Moves every member of `sourceId` into `targetId` (as variants) and removes the source family. */
  async merge(ctx: RequestContext, targetId: string, sourceId: string): Promise<VariantFamily> {
    if (targetId === sourceId)
      throw validationFailed([{ field: 'sourceId', problem: 'a family cannot be merged into itself' }]);
    return this.change(ctx, targetId, 'family.merged', async (tx, target, now) => {
      const source = await this.inReach(ctx, tx, await tx.families.get(sourceId), sourceId, 'family:manage');
      await tx.families.delete(source.id);
      for (const m of source.members) {
        await tx.families.addMember(target.id, { ...m, role: 'variant', state: 'confirmed', addedAt: now });
      }
      await tx.families.update(target.id, { state: 'confirmed', updatedAt: now });
      await this.audit(tx, actorLabel(ctx.actor), 'family.dissolved', source.id, { mergedInto: target.id });
      return { mergedFrom: source.id, members: source.members.map((m) => m.assetId) };
    });
  }

  /** Moves one asset from its family (if any) into `toFamilyId`, as a confirmed variant. */
  async moveMember(ctx: RequestContext, assetId: string, toFamilyId: string): Promise<VariantFamily> {
    const actor = actorLabel(ctx.actor);
    return this.change(ctx, toFamilyId, 'family.member-moved-in', async (tx, target, now) => {
      authoriseOn(ctx, 'family:manage', await tx.assets.get(assetId), assetId);
      const from = await tx.families.familyOf(assetId);
      if (from?.id === target.id)
        throw validationFailed([{ field: 'assetId', problem: 'the asset is already in this family' }]);
      if (from) {
        await this.inReach(ctx, tx, from, from.id, 'family:manage');
        this.refuseCanonical(from, [assetId]);
        await tx.families.removeMember(from.id, assetId);
        await this.audit(tx, actor, 'family.member-moved-out', from.id, { assetId, to: target.id });
        await this.dissolveIfSingle(tx, from.id, actor);
      }
      await tx.families.addMember(target.id, {
        assetId,
        role: 'variant',
        state: 'confirmed',
        reason: 'manual',
        addedAt: now,
      });
      return { assetId, ...(from ? { from: from.id } : {}) };
    });
  }

  /** Makes a member the canonical asset; the canonical rule decides whether it may be. */
  async setCanonical(ctx: RequestContext, familyId: string, assetId: string): Promise<VariantFamily> {
    return this.change(ctx, familyId, 'family.canonical-set', async (tx, family) => {
      this.requireMembers(family, [assetId]);
      const asset = await tx.assets.get(assetId);
      this.checkCanonical(asset, family, assetId);
      const previous = family.canonicalAssetId;
      await tx.families.updateMember(family.id, previous, { role: 'variant' });
      await tx.families.updateMember(family.id, assetId, { role: 'canonical', state: 'confirmed' });
      await tx.families.update(family.id, { canonicalAssetId: assetId, updatedAt: new Date().toISOString() });
      return { canonical: assetId, previous };
    });
  }

  /**
   * Retires every confirmed variant of a confirmed family: the workflow's deprecate transition, audited per asset.
   * Suggested members are not the family's yet and are left alone; so are assets already deprecated, archived or
   * rejected, and those the workflow does not deprecate from their state (published, quarantined).
   */
  async deprecateRest(
    ctx: RequestContext,
    familyId: string,
  ): Promise<{ family: VariantFamily; items: DeprecationItem[] }> {
    const items: DeprecationItem[] = [];
    const family = await this.change(ctx, familyId, 'family.rest-deprecated', async (tx, family) => {
      if (family.state !== 'confirmed') {
        throw new ProvenaError('CONFLICT', 'Confirm the family before deprecating its variants.', {
          familyId: family.id,
          state: family.state,
        });
      }
      const canonical = await tx.assets.get(family.canonicalAssetId);
      this.checkCanonical(canonical, family, family.canonicalAssetId);
      for (const member of family.members) {
        if (member.assetId === family.canonicalAssetId) {
          items.push({ assetId: member.assetId, outcome: 'skipped', reason: 'canonical' });
          continue;
        }
        if (member.state !== 'confirmed') {
          items.push({ assetId: member.assetId, outcome: 'skipped', reason: 'suggested-only' });
          continue;
        }
        const asset = await tx.assets.get(member.assetId);
        if (!asset || untouchedByDeprecation.includes(asset.status)) {
          items.push({ assetId: member.assetId, outcome: 'skipped', reason: 'already-retired' });
          continue;
        }
        if (nextStatus('deprecate', asset.status) === undefined) {
          items.push({ assetId: member.assetId, outcome: 'skipped', reason: 'not-deprecable' });
          continue;
        }
        await this.deps.workflow.transitionIn(ctx, tx, asset, 'deprecate', {
          details: { familyId: family.id, canonical: family.canonicalAssetId },
        });
        items.push({ assetId: asset.id, outcome: 'deprecated' });
      }
      return { deprecated: items.filter((i) => i.outcome === 'deprecated').map((i) => i.assetId) };
    });
    return { family, items };
  }

  private checkCanonical(asset: AssetWithVersions | undefined, family: VariantFamily, assetId: string): void {
    // A member soft-deleted (restorable) stays in its family until purged, but cannot lead it.
    if (!asset)
      throw new ProvenaError('CONFLICT', `Asset ${assetId} is deleted: it cannot be the canonical asset.`, {
        assetId,
        familyId: family.id,
        problem: 'deleted',
      });
    const verdict = this.canonicalRule(asset, family);
    if (!verdict.ok)
      throw new ProvenaError('CONFLICT', `Asset ${asset.id} cannot be the canonical asset: ${verdict.problem}`, {
        assetId: asset.id,
        familyId: family.id,
        problem: verdict.problem,
      });
  }

  private requireMembers(family: VariantFamily, assetIds: readonly string[]): void {
    const members = new Set(family.members.map((m) => m.assetId));
    const strangers = assetIds.filter((id) => !members.has(id));
    if (strangers.length > 0)
      throw validationFailed(
        strangers.map((id) => ({ field: 'assetIds', problem: `${id} is not a member of family ${family.id}` })),
      );
  }

  private refuseCanonical(family: VariantFamily, assetIds: readonly string[]): void {
    if (assetIds.includes(family.canonicalAssetId) && family.members.length > 1) {
      throw new ProvenaError('CONFLICT', 'The canonical asset cannot leave its family; set another canonical first.', {
        familyId: family.id,
        assetId: family.canonicalAssetId,
      });
    }
  }

  /** A family of one is no family: dissolve it. Returns whether the family still exists. */
  private async dissolveIfSingle(
    tx: Transaction<FamilyRepositories>,
    familyId: string,
    actor: string,
  ): Promise<boolean> {
    const family = await tx.families.get(familyId);
    if (!family) return false;
    if (family.members.length >= 2) return true;
    await tx.families.delete(familyId);
    await this.audit(tx, actor, 'family.dissolved', familyId, { remaining: family.members.map((m) => m.assetId) });
    return false;
  }

  /**
   * Loads the family (family:manage on every member's team), applies `work` and audits it with before/after digests
   * and the actor, all in one transaction.
   */
  private async change(
    ctx: RequestContext,
    familyId: string,
    action: string,
    work: (tx: Transaction<FamilyRepositories>, family: VariantFamily, now: string) => Promise<Record<string, unknown>>,
  ): Promise<VariantFamily> {
    return this.deps.store.transaction(async (tx) => {
      const family = await this.inReach(ctx, tx, await tx.families.get(familyId), familyId, 'family:manage');
      const details = await work(tx, family, new Date().toISOString());
      const after = await tx.families.get(familyId);
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action,
        subjectType: 'family',
        subjectId: familyId,
        beforeDigest: digestOf(family),
        ...(after ? { afterDigest: digestOf(after) } : {}),
        details,
      });
      return after ?? family;
    });
  }

  /**
   * The family, when the caller may read every member (NOT_FOUND otherwise, as for a family that does not exist)
   * and, given a permission, holds it on every member's team (FORBIDDEN naming it).
   */
  private async inReach(
    ctx: RequestContext,
    repos: Pick<StoreTx, 'assets'>,
    family: VariantFamily | undefined,
    id: string,
    permission?: Permission,
  ): Promise<VariantFamily> {
    if (!family || !(await this.isInReach(ctx, repos, family, 'asset:read'))) throw notFound('Family', id);
    if (permission && !(await this.isInReach(ctx, repos, family, permission))) {
      const teams = await repos.assets.teamsOf(family.members.map((m) => m.assetId));
      for (const { assetId } of family.members) authorise(ctx, permission, teams.get(assetId) ?? null);
    }
    return family;
  }

  private async isInReach(
    ctx: RequestContext,
    repos: Pick<StoreTx, 'assets'>,
    family: VariantFamily,
    permission: Permission,
  ): Promise<boolean> {
    // Every team in reach (the operator, the system, a role on every team): nothing to look up.
    if (teamsWith(ctx, permission) === 'all') return true;
    const ids = family.members.map((m) => m.assetId);
    return allInReach(ctx, permission, ids, await repos.assets.teamsOf(ids));
  }

  private async findRelative(
    tx: Transaction<'families'>,
    lineage: Lineage,
    visual: NearDuplicateLink[],
  ): Promise<{ assetId: string; reason: FamilyReason } | undefined> {
    if (lineage.batchId) {
      const [same] = await tx.families.sameBatch(lineage.batchId, lineage.assetId, 1);
      if (same) return { assetId: same.assetId, reason: 'batch' };
    }
    if (lineage.promptKey && lineage.seed !== undefined) {
      const same = await tx.families.samePrompt(lineage.promptKey, lineage.assetId, promptCandidates);
      const reroll = same.find((l) => l.seed !== undefined && l.seed !== lineage.seed);
      if (reroll) return { assetId: reroll.assetId, reason: 'prompt-seed' };
    }
    return this.visualRelative(tx, lineage, visual);
  }

  /**
   * The closest visual candidate that lineage and similarity together make worth proposing (visualVariantDecision):
   * a candidate generated from another prompt is a look-alike, and one with no prompt must be a close match. The
   * links come strongest first.
   */
  private async visualRelative(
    tx: Transaction<'families'>,
    lineage: Lineage,
    visual: NearDuplicateLink[],
  ): Promise<{ assetId: string; reason: FamilyReason } | undefined> {
    if (visual.length === 0) return undefined;
    const theirs = new Map(
      (await tx.families.lineageOf(visual.map((l) => l.matchedAssetId))).map((l) => [l.assetId, l.promptKey]),
    );
    const chosen = visual.find(
      (link) =>
        visualVariantDecision({
          distances: link.distances,
          promptKeys: [lineage.promptKey, theirs.get(link.matchedAssetId)],
        }).suggest,
    );
    return chosen ? { assetId: chosen.matchedAssetId, reason: 'visual' } : undefined;
  }

  private async audit(
    tx: Pick<StoreTx, 'audit'>,
    actor: string,
    action: string,
    familyId: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await tx.audit.append({ actor, action, subjectType: 'family', subjectId: familyId, details });
  }
}

const optional = <K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> =>
  (value === undefined || value === '' ? {} : { [key]: value }) as Partial<Record<K, V>>;
