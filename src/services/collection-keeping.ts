/**
 * What collections and saved searches share: who sees and who changes one (its owner, its team when shared, an
 * admin), the team a new one is kept in, and the page request every list of theirs takes.
 */
import { actorLabel, can, isAdmin, permissions, teamsWith, type RequestContext } from '../domain/access.ts';
import type { Team } from '../domain/asset.ts';
import { ownerOf, visibilities, type Owner, type PageRequest, type Visibility } from '../domain/collection.ts';
import { notFound, ProvenaError, validationFailed } from '../domain/errors.ts';
import type { CatalogRepository } from '../domain/ports.ts';
import { authorise } from './authorise.ts';

/** A collection or saved search as far as access goes. */
export interface Kept {
  id: string;
  name: string;
  team: Team;
  visibility: Visibility;
  owner: Owner;
}

/**
 * Whether the context sees it: its owner, an admin (the operator too), or — when shared — whoever may read the
 * team's assets. Anything else is NOT_FOUND, word for word what a missing one gives.
 */
export function visible<K extends Kept>(ctx: RequestContext, kept: K | undefined, what: string, ref: string): K {
  if (
    kept &&
    (kept.owner.key === ownerOf(ctx).key ||
      isAdmin(ctx) ||
      (kept.visibility === 'team' && can(ctx, 'asset:read', kept.team.id)))
  )
    return kept;
  throw notFound(what, ref);
}

/**
 * A visible one the context may also change: its owner (still holding collection:manage on its team) or an admin;
 * a team member who only sees it is FORBIDDEN, naming the owner.
 */
export function changeable<K extends Kept>(ctx: RequestContext, kept: K | undefined, what: string, ref: string): K {
  const found = visible(ctx, kept, what, ref);
  if (found.owner.key !== ownerOf(ctx).key && !isAdmin(ctx))
    throw new ProvenaError(
      'FORBIDDEN',
      `${actorLabel(ctx.actor)} may see ${what.toLowerCase()} "${found.name}" but not change it: only its owner (${found.owner.label}) or an admin does.`,
      { owner: found.owner.label },
    );
  authorise(ctx, 'collection:manage', found.team.id);
  return found;
}

/**
 * The team a new one is kept in: the one named (id, slug or name), or the only team the context may keep
 * collections in. The context must hold collection:manage there.
 */
export async function teamFor(
  ctx: RequestContext,
  catalog: Pick<CatalogRepository, 'findById' | 'findBySlug'>,
  given: unknown,
): Promise<Team> {
  if (given !== undefined && (typeof given !== 'string' || given.trim() === '' || given.length > 200))
    throw validationFailed([{ field: 'team', problem: 'must be a team id, slug or name (1–200 characters)' }]);
  let team: Team | undefined;
  if (typeof given === 'string') {
    team = (await catalog.findById('team', given)) ?? (await catalog.findBySlug('team', given));
    if (!team) throw validationFailed([{ field: 'team', problem: `no team is named "${given}"` }]);
  } else {
    const teams = teamsWith(ctx, 'collection:manage');
    if (teams !== 'all' && teams.length === 0)
      throw new ProvenaError(
        'FORBIDDEN',
        `${actorLabel(ctx.actor)} lacks the permission collection:manage on every team: ${permissions['collection:manage']}.`,
        { permission: 'collection:manage' },
      );
    if (teams === 'all' || teams.length > 1)
      throw validationFailed([
        { field: 'team', problem: 'required: name the team it is kept in (you may keep collections in several)' },
      ]);
    team = await catalog.findById('team', teams[0]!);
    if (!team) throw validationFailed([{ field: 'team', problem: 'your team no longer exists' }]);
  }
  authorise(ctx, 'collection:manage', team.id);
  return team;
}

export function checkVisibility(value: unknown): Visibility {
  if (typeof value === 'string' && (visibilities as readonly string[]).includes(value)) return value as Visibility;
  throw validationFailed([{ field: 'visibility', problem: `must be one of ${visibilities.join(', ')}` }]);
}

export const defaultPageSize = 50;
export const maxPageSize = 200;

/** A list's page request, checked: a limit of 1–200 (default 50) and a cursor of plausible length. */
export function pageRequest(page: { limit?: unknown; cursor?: unknown } = {}): PageRequest {
  const limit = page.limit ?? defaultPageSize;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > maxPageSize)
    throw validationFailed([{ field: 'limit', problem: `must be a whole number from 1 to ${maxPageSize}` }]);
  if (page.cursor !== undefined && (typeof page.cursor !== 'string' || page.cursor.length > 400))
    throw validationFailed([{ field: 'cursor', problem: 'is not one this list gave (pass nextCursor back as it is)' }]);
  return { limit, ...(page.cursor !== undefined ? { cursor: page.cursor } : {}) };
}
