/**
 * How services hold the request context against the rules of domain/access.ts: a permission missing on a team is
 * FORBIDDEN naming it; an asset the caller may not read is NOT_FOUND, word for word what a missing one gives, so that
 * nobody learns another team's asset exists; a list is narrowed to the teams the caller may read.
 */
import {
  actorLabel,
  can,
  isTeamScoped,
  permissions,
  teamsWith,
  type Permission,
  type RequestContext,
} from '../domain/access.ts';
import { notFound, ProvenaError } from '../domain/errors.ts';

/** Throws FORBIDDEN unless the context may do `permission` (on `teamId`'s assets, for a team-scoped permission). */
export function authorise(ctx: RequestContext, permission: Permission, teamId?: string | null): void {
  if (can(ctx, permission, teamId)) return;
  const where = !isTeamScoped(permission)
    ? ''
    : teamId
      ? " on this asset's team"
      : ' on assets without a team (it needs a role on every team)';
  throw new ProvenaError(
    'FORBIDDEN',
    `${actorLabel(ctx.actor)} lacks the permission ${permission}${where}: ${permissions[permission]}.`,
    { permission, ...(teamId ? { teamId } : {}) },
  );
}

/** The asset, when the context may read it; NOT_FOUND otherwise, as for an asset that does not exist. */
export function readable<A extends { team?: { id: string } }>(
  ctx: RequestContext,
  asset: A | undefined,
  id: string,
): A {
  if (!asset || !can(ctx, 'asset:read', asset.team?.id ?? null)) throw notFound('Asset', id);
  return asset;
}

/** A readable asset the context may also do `permission` on (FORBIDDEN naming it otherwise). */
export function authoriseOn<A extends { team?: { id: string } }>(
  ctx: RequestContext,
  permission: Permission,
  asset: A | undefined,
  id: string,
): A {
  const found = readable(ctx, asset, id);
  authorise(ctx, permission, found.team?.id ?? null);
  return found;
}

/** The team ids a list of assets is narrowed to (storage's `teamIds`); undefined when every asset is in reach. */
export function teamsInReach(ctx: RequestContext, permission: Permission = 'asset:read'): string[] | undefined {
  const teams = teamsWith(ctx, permission);
  return teams === 'all' ? undefined : teams;
}

/**
 * Whether every one of these assets' teams (teamsOf's answer: null for none) is one the context may do `permission`
 * on; an asset missing from the answer (deleted meanwhile) counts as out of reach.
 */
export function allInReach(
  ctx: RequestContext,
  permission: Permission,
  assetIds: readonly string[],
  teams: ReadonlyMap<string, string | null>,
): boolean {
  return assetIds.every((id) => teams.has(id) && can(ctx, permission, teams.get(id) ?? null));
}
