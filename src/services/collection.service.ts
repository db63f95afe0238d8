/**
 * Collections (issue 14 §5, decision 0028): named, ordered, manual sets of assets a person keeps in a team, private
 * or shared with it. Its owner (or an admin) adds, removes and moves members and renames, describes, shares or
 * deletes it; whoever sees it lists its members — only those they may read (their teams', never deleted ones), and
 * counts the same. Every change is audited with the actor.
 */
import { actorLabel, can, type RequestContext } from '../domain/access.ts';
import type { Page } from '../domain/asset.ts';
import { digestOf } from '../domain/audit.ts';
import {
  checkDescription,
  checkName,
  isProblem,
  maxAddedAtOnce,
  maxMembers,
  ownerOf,
  positionStep,
  positionsBetween,
  type Collection,
  type CollectionMember,
  type CollectionSummary,
  type MemberPlacement,
  type MemberScope,
  type Visibility,
} from '../domain/collection.ts';
import { notFound, ProvenaError, validationFailed, type FieldProblem } from '../domain/errors.ts';
import { isId, newId } from '../domain/ids.ts';
import type { Transaction, UnitOfWork } from '../domain/ports.ts';
import { teamsInReach } from './authorise.ts';
import { changeable, checkVisibility, pageRequest, teamFor, visible } from './collection-keeping.ts';

type CollectionRepositories = 'collections' | 'catalog' | 'audit';

export interface CollectionServiceDeps {
  store: UnitOfWork<CollectionRepositories>;
  now?: () => Date;
}

export interface NewCollection {
  name: unknown;
  description?: unknown;
  /** The team (id, slug or name); default: the only team the caller keeps collections in. */
  team?: unknown;
  visibility?: unknown;
}

export interface CollectionPatch {
  name?: unknown;
  /** An empty text clears it. */
  description?: unknown;
  visibility?: unknown;
}

export interface AddedMembers {
  collection: CollectionSummary;
  added: string[];
  /** Already members: left where they are (adding is idempotent). */
  alreadyPresent: string[];
}

const what = 'Collection';

export class CollectionService {
  private readonly now: () => Date;

  constructor(private readonly deps: CollectionServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  async create(ctx: RequestContext, input: NewCollection): Promise<CollectionSummary> {
    const problems: FieldProblem[] = [];
    const name = checkName('name', input.name);
    if (isProblem(name)) problems.push(name);
    const description = input.description === undefined ? '' : checkDescription(input.description);
    if (isProblem(description)) problems.push(description);
    if (problems.length > 0) throw validationFailed(problems);
    const visibility = input.visibility === undefined ? 'private' : checkVisibility(input.visibility);
    const team = await teamFor(ctx, this.deps.store.catalog, input.team);
    const owner = ownerOf(ctx);
    return this.deps.store.transaction(async (tx) => {
      await this.refuseTakenName(tx, owner.key, name as string);
      const at = this.now().toISOString();
      const collection: Collection = {
        id: newId(),
        name: name as string,
        ...(description ? { description: description as string } : {}),
        team,
        visibility,
        owner,
        createdAt: at,
        updatedAt: at,
      };
      await tx.collections.insertCollection({ ...collection, teamId: team.id });
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'collection.created',
        subjectType: 'collection',
        subjectId: collection.id,
        afterDigest: digestOf(collection),
        details: { name: collection.name, team: team.slug, visibility },
      });
      return { ...collection, memberCount: 0 };
    });
  }

  /** The caller's collections and those shared with teams whose assets they read, newest first. */
  async list(ctx: RequestContext, page?: { limit?: unknown; cursor?: unknown }): Promise<Page<CollectionSummary>> {
    const request = pageRequest(page);
    const teamIds = teamsInReach(ctx);
    return this.deps.store.collections.listCollections(
      { ownerKey: ownerOf(ctx).key, ...(teamIds ? { teamIds } : {}) },
      scopeOf(ctx),
      request,
    );
  }

  /** One collection by id, or one of the caller's own by name. */
  async get(ctx: RequestContext, ref: string): Promise<CollectionSummary> {
    const collection = visible(ctx, await this.find(this.deps.store, ctx, ref), what, ref);
    return this.summary(this.deps.store, ctx, collection);
  }

  /** Its members in order, those the caller may see, keyset-paged (stable while members are added). */
  async members(
    ctx: RequestContext,
    ref: string,
    page?: { limit?: unknown; cursor?: unknown },
  ): Promise<Page<CollectionMember>> {
    const request = pageRequest(page);
    const collection = visible(ctx, await this.find(this.deps.store, ctx, ref), what, ref);
    return this.deps.store.collections.members(collection.id, scopeOf(ctx), request);
  }

  /** Renames, describes or shares (private | team); the name stays unique among the owner's collections. */
  async update(ctx: RequestContext, ref: string, patch: CollectionPatch): Promise<CollectionSummary> {
    const problems: FieldProblem[] = [];
    const name = patch.name === undefined ? undefined : checkName('name', patch.name);
    if (name !== undefined && isProblem(name)) problems.push(name);
    const description = patch.description === undefined ? undefined : checkDescription(patch.description);
    if (description !== undefined && isProblem(description)) problems.push(description);
    if (name === undefined && description === undefined && patch.visibility === undefined)
      problems.push({ field: 'name', problem: 'give at least one of name, description or visibility to change' });
    if (problems.length > 0) throw validationFailed(problems);
    const visibility: Visibility | undefined =
      patch.visibility === undefined ? undefined : checkVisibility(patch.visibility);
    return this.deps.store.transaction(async (tx) => {
      const before = changeable(ctx, await this.find(tx, ctx, ref), what, ref);
      if (typeof name === 'string' && name.toLowerCase() !== before.name.toLowerCase())
        await this.refuseTakenName(tx, before.owner.key, name);
      const at = this.now().toISOString();
      const after: Collection = {
        ...before,
        ...(typeof name === 'string' ? { name } : {}),
        ...(visibility ? { visibility } : {}),
        updatedAt: at,
      };
      if (typeof description === 'string') {
        if (description) after.description = description;
        else delete after.description;
      }
      await tx.collections.updateCollection(before.id, {
        ...(typeof name === 'string' ? { name } : {}),
        ...(typeof description === 'string' ? { description: description || null } : {}),
        ...(visibility ? { visibility } : {}),
        updatedAt: at,
      });
      const changes = Object.fromEntries(
        (['name', 'description', 'visibility'] as const)
          .filter((field) => before[field] !== after[field])
          .map((field) => [field, { from: before[field] ?? null, to: after[field] ?? null }]),
      );
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'collection.updated',
        subjectType: 'collection',
        subjectId: before.id,
        beforeDigest: digestOf(before),
        afterDigest: digestOf(after),
        details: { changes },
      });
      return this.summary(tx, ctx, after);
    });
  }

  async delete(ctx: RequestContext, ref: string): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      const collection = changeable(ctx, await this.find(tx, ctx, ref), what, ref);
      await tx.collections.lockCollection(collection.id);
      const members = await tx.collections.totalMembers(collection.id);
      await tx.collections.deleteCollection(collection.id);
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'collection.deleted',
        subjectType: 'collection',
        subjectId: collection.id,
        beforeDigest: digestOf(collection),
        details: { name: collection.name, members },
      });
    });
  }

  /**
   * Adds assets (at the end, or before/after a member, or at a place among those the caller sees), all or none: an
   * asset that does not exist, is deleted or the caller may not read is NOT_FOUND naming it. An asset already in
   * the collection stays where it is.
   */
  async addMembers(
    ctx: RequestContext,
    ref: string,
    assetIds: unknown,
    placement?: MemberPlacement,
  ): Promise<AddedMembers> {
    const ids = checkAssetIds(assetIds);
    if (placement) checkPlacement(placement);
    return this.deps.store.transaction(async (tx) => {
      const collection = changeable(ctx, await this.find(tx, ctx, ref), what, ref);
      await tx.collections.lockCollection(collection.id);
      const found = new Map((await tx.collections.candidates(ids)).map((c) => [c.assetId, c]));
      for (const id of ids) {
        const candidate = found.get(id);
        if (!candidate || candidate.deleted || !can(ctx, 'asset:read', candidate.teamId)) throw notFound('Asset', id);
      }
      const present = await tx.collections.positionsOf(collection.id, ids);
      const added = ids.filter((id) => !present.has(id));
      const alreadyPresent = ids.filter((id) => present.has(id));
      if (added.length > 0) {
        const total = await tx.collections.totalMembers(collection.id);
        if (total + added.length > maxMembers)
          throw new ProvenaError(
            'CONFLICT',
            `Collection "${collection.name}" holds ${total} assets; adding ${added.length} would pass the limit of ${maxMembers}.`,
            { members: total, adding: added.length, limit: maxMembers },
          );
        const positions = await this.positionsFor(tx, ctx, collection, placement ?? { end: true }, added.length);
        const at = this.now().toISOString();
        const by = actorLabel(ctx.actor);
        await tx.collections.insertMembers(
          collection.id,
          added.map((assetId, i) => ({ assetId, position: positions[i]!, addedAt: at, addedBy: by })),
        );
        await this.touch(tx, ctx, collection, 'collection.members-added', {
          assetIds: added,
          ...(placement ? { placement } : {}),
        });
      }
      return { collection: await this.summary(tx, ctx, collection), added, alreadyPresent };
    });
  }

  /** Takes an asset out; one that is not a member changes nothing (`removed: false`). */
  async removeMember(ctx: RequestContext, ref: string, assetId: string): Promise<{ removed: boolean }> {
    if (!isId(assetId)) throw validationFailed([{ field: 'assetId', problem: 'must be an asset id (a UUID)' }]);
    return this.deps.store.transaction(async (tx) => {
      const collection = changeable(ctx, await this.find(tx, ctx, ref), what, ref);
      await tx.collections.lockCollection(collection.id);
      const removed = await tx.collections.removeMember(collection.id, assetId);
      if (removed) await this.touch(tx, ctx, collection, 'collection.member-removed', { assetId });
      return { removed };
    });
  }

  /** Moves a member before or after another, or to a 1-based place among the members the caller sees. */
  async move(
    ctx: RequestContext,
    ref: string,
    assetId: string,
    placement: MemberPlacement,
  ): Promise<CollectionSummary> {
    if (!isId(assetId)) throw validationFailed([{ field: 'assetId', problem: 'must be an asset id (a UUID)' }]);
    checkPlacement(placement);
    return this.deps.store.transaction(async (tx) => {
      const collection = changeable(ctx, await this.find(tx, ctx, ref), what, ref);
      await tx.collections.lockCollection(collection.id);
      if (!(await this.isVisibleMember(tx, ctx, collection.id, assetId)))
        throw new ProvenaError('NOT_FOUND', `Asset ${assetId} is not in collection "${collection.name}".`, {
          what: 'Collection member',
          id: assetId,
        });
      const [position] = await this.positionsFor(tx, ctx, collection, placement, 1, assetId);
      await tx.collections.setPosition(collection.id, assetId, position!);
      await this.touch(tx, ctx, collection, 'collection.member-moved', { assetId, placement });
      return this.summary(tx, ctx, collection);
    });
  }

  // ---- helpers -----------------------------------------------------------------------------------------------

  private async find(
    repos: Pick<Transaction<'collections'>, 'collections'>,
    ctx: RequestContext,
    ref: string,
  ): Promise<Collection | undefined> {
    if (typeof ref !== 'string' || ref.length === 0 || ref.length > 200) return undefined;
    return isId(ref)
      ? repos.collections.findCollection(ref)
      : repos.collections.findCollectionByName(ownerOf(ctx).key, ref);
  }

  private async summary(
    repos: Pick<Transaction<'collections'>, 'collections'>,
    ctx: RequestContext,
    collection: Collection,
  ): Promise<CollectionSummary> {
    return { ...collection, memberCount: await repos.collections.countMembers(collection.id, scopeOf(ctx)) };
  }

  private async refuseTakenName(tx: Transaction<'collections'>, ownerKey: string, name: string): Promise<void> {
    if (await tx.collections.findCollectionByName(ownerKey, name))
      throw new ProvenaError('CONFLICT', `A collection named "${name}" exists already (names are kept per owner).`, {
        name,
      });
  }

  private async isVisibleMember(
    tx: Transaction<CollectionRepositories>,
    ctx: RequestContext,
    collectionId: string,
    assetId: string,
  ): Promise<boolean> {
    if (!(await tx.collections.positionsOf(collectionId, [assetId])).has(assetId)) return false;
    const [candidate] = await tx.collections.candidates([assetId]);
    return candidate !== undefined && !candidate.deleted && can(ctx, 'asset:read', candidate.teamId);
  }

  /**
   * `count` positions for the placement (leaving out the member being moved), renumbering the collection once when
   * the gap there is used up.
   */
  private async positionsFor(
    tx: Transaction<CollectionRepositories>,
    ctx: RequestContext,
    collection: Collection,
    placement: MemberPlacement | { end: true },
    count: number,
    moving?: string,
  ): Promise<number[]> {
    for (let attempt = 0; ; attempt++) {
      const [previous, next] = await this.neighbours(tx, ctx, collection, placement, moving);
      const positions = positionsBetween(previous, next, count);
      if (positions) return positions;
      if (attempt > 0)
        throw new ProvenaError('INTERNAL', `No room in collection ${collection.id} even after renumbering.`);
      await tx.collections.renumber(collection.id, positionStep);
    }
  }

  private async neighbours(
    tx: Transaction<CollectionRepositories>,
    ctx: RequestContext,
    collection: Collection,
    placement: MemberPlacement | { end: true },
    moving?: string,
  ): Promise<[number | undefined, number | undefined]> {
    const repo = tx.collections;
    const id = collection.id;
    if ('end' in placement) return [await repo.previousPosition(id, undefined, moving), undefined];
    if ('position' in placement) {
      const scope = scopeOf(ctx);
      const seen =
        (await repo.countMembers(id, scope)) - (moving && (await this.isVisibleMember(tx, ctx, id, moving)) ? 1 : 0);
      if (placement.position > seen + 1)
        throw validationFailed([
          {
            field: 'position',
            problem: `must be from 1 to ${seen + 1} (the collection shows you ${seen} other members)`,
          },
        ]);
      const target = await repo.visibleMemberAt(id, scope, placement.position - 1, moving ?? '');
      if (!target) return [await repo.previousPosition(id, undefined, moving), undefined];
      return [await repo.previousPosition(id, target.position, moving), target.position];
    }
    const [field, anchor] = 'before' in placement ? ['before', placement.before] : ['after', placement.after];
    if (anchor === moving)
      throw validationFailed([{ field, problem: 'names the member being moved: place it relative to another one' }]);
    if (!isId(anchor) || !(await this.isVisibleMember(tx, ctx, id, anchor)))
      throw validationFailed([{ field, problem: `asset ${anchor} is not in the collection` }]);
    const position = (await repo.positionsOf(id, [anchor])).get(anchor)!;
    return field === 'before'
      ? [await repo.previousPosition(id, position, moving), position]
      : [position, await repo.nextPosition(id, position, moving)];
  }

  /** Marks the collection changed and audits what changed. */
  private async touch(
    tx: Transaction<CollectionRepositories>,
    ctx: RequestContext,
    collection: Collection,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    await tx.collections.updateCollection(collection.id, { updatedAt: this.now().toISOString() });
    await tx.audit.append({
      actor: actorLabel(ctx.actor),
      action,
      subjectType: 'collection',
      subjectId: collection.id,
      details: { name: collection.name, ...details },
    });
  }
}

/** The members the context may see: its teams' (every team for an admin or the operator). */
function scopeOf(ctx: RequestContext): MemberScope {
  const teamIds = teamsInReach(ctx);
  return teamIds ? { teamIds } : {};
}

function checkAssetIds(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > maxAddedAtOnce)
    throw validationFailed([{ field: 'assetIds', problem: `must list 1 to ${maxAddedAtOnce} asset ids` }]);
  const problems: FieldProblem[] = [];
  value.forEach((id: unknown, i) => {
    if (typeof id !== 'string' || !isId(id)) problems.push({ field: `assetIds[${i}]`, problem: 'must be an asset id' });
  });
  if (problems.length > 0) throw validationFailed(problems);
  return [...new Set(value as string[])];
}

function checkPlacement(placement: MemberPlacement): void {
  const given =
    typeof placement === 'object' && placement !== null
      ? ['before', 'after', 'position'].filter((key) => key in placement)
      : [];
  if (given.length !== 1)
    throw validationFailed([{ field: 'placement', problem: 'give exactly one of before, after or position' }]);
  if ('position' in placement) {
    const p = placement.position;
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 1 || p > maxMembers)
      throw validationFailed([{ field: 'position', problem: `must be a whole number from 1 to ${maxMembers}` }]);
  }
  for (const field of ['before', 'after'] as const)
    if (field in placement && typeof (placement as Record<string, unknown>)[field] !== 'string')
      throw validationFailed([{ field, problem: 'must be an asset id' }]);
}
