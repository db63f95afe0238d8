/**
 * Saved searches (issue 14 §5, decision 0028): a name and the text of a search query, kept by a person in a team,
 * private or shared with it; listed, renamed, changed and deleted by their owner (or an admin). The text is trimmed,
 * at most 2,000 characters, and must parse (domain/search-query.ts: QUERY_INVALID naming the column) when saved, so
 * that a saved search always runs. Every change is audited.
 */
import { actorLabel, type RequestContext } from '../domain/access.ts';
import type { Page } from '../domain/asset.ts';
import { digestOf } from '../domain/audit.ts';
import {
  checkName,
  checkQueryText,
  isProblem,
  ownerOf,
  type SavedSearch,
  type Visibility,
} from '../domain/collection.ts';
import { ProvenaError, validationFailed, type FieldProblem } from '../domain/errors.ts';
import { isId, newId } from '../domain/ids.ts';
import { parseSearchQuery } from '../domain/search-query.ts';
import type { Transaction, UnitOfWork } from '../domain/ports.ts';
import { teamsInReach } from './authorise.ts';
import { changeable, checkVisibility, pageRequest, teamFor, visible } from './collection-keeping.ts';

type SavedSearchRepositories = 'collections' | 'catalog' | 'audit';

export interface SavedSearchServiceDeps {
  store: UnitOfWork<SavedSearchRepositories>;
  /** Throws QUERY_INVALID on text that does not parse; default: the search query language's parser. */
  checkQuery?: (text: string, now: Date) => unknown;
  now?: () => Date;
}

export interface NewSavedSearch {
  name: unknown;
  query: unknown;
  team?: unknown;
  visibility?: unknown;
}

export interface SavedSearchPatch {
  name?: unknown;
  query?: unknown;
  visibility?: unknown;
}

const what = 'Saved search';

export class SavedSearchService {
  private readonly now: () => Date;
  private readonly checkQuery: (text: string, now: Date) => unknown;

  constructor(private readonly deps: SavedSearchServiceDeps) {
    this.now = deps.now ?? (() => new Date());
    this.checkQuery = deps.checkQuery ?? parseSearchQuery;
  }

  async create(ctx: RequestContext, input: NewSavedSearch): Promise<SavedSearch> {
    const { name, query } = this.checkFields(input.name, input.query);
    const visibility = input.visibility === undefined ? 'private' : checkVisibility(input.visibility);
    const team = await teamFor(ctx, this.deps.store.catalog, input.team);
    const owner = ownerOf(ctx);
    return this.deps.store.transaction(async (tx) => {
      await refuseTakenName(tx, owner.key, name!);
      const at = this.now().toISOString();
      const search: SavedSearch = {
        id: newId(),
        name: name!,
        query: query!,
        team,
        visibility,
        owner,
        createdAt: at,
        updatedAt: at,
      };
      await tx.collections.insertSavedSearch({ ...search, teamId: team.id });
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'saved-search.created',
        subjectType: 'saved-search',
        subjectId: search.id,
        afterDigest: digestOf(search),
        details: { name: search.name, query: search.query, team: team.slug, visibility },
      });
      return search;
    });
  }

  /** The caller's saved searches and those shared with teams whose assets they read, newest first. */
  async list(ctx: RequestContext, page?: { limit?: unknown; cursor?: unknown }): Promise<Page<SavedSearch>> {
    const request = pageRequest(page);
    const teamIds = teamsInReach(ctx);
    return this.deps.store.collections.listSavedSearches(
      { ownerKey: ownerOf(ctx).key, ...(teamIds ? { teamIds } : {}) },
      request,
    );
  }

  /** One by id, or one of the caller's own by name. */
  async get(ctx: RequestContext, ref: string): Promise<SavedSearch> {
    return visible(ctx, await find(this.deps.store, ctx, ref), what, ref);
  }

  async update(ctx: RequestContext, ref: string, patch: SavedSearchPatch): Promise<SavedSearch> {
    if (patch.name === undefined && patch.query === undefined && patch.visibility === undefined)
      throw validationFailed([{ field: 'name', problem: 'give at least one of name, query or visibility to change' }]);
    const { name, query } = this.checkFields(patch.name, patch.query, true);
    const visibility: Visibility | undefined =
      patch.visibility === undefined ? undefined : checkVisibility(patch.visibility);
    return this.deps.store.transaction(async (tx) => {
      const before = changeable(ctx, await find(tx, ctx, ref), what, ref);
      if (name !== undefined && name.toLowerCase() !== before.name.toLowerCase())
        await refuseTakenName(tx, before.owner.key, name);
      const at = this.now().toISOString();
      const after: SavedSearch = {
        ...before,
        ...(name !== undefined ? { name } : {}),
        ...(query !== undefined ? { query } : {}),
        ...(visibility ? { visibility } : {}),
        updatedAt: at,
      };
      await tx.collections.updateSavedSearch(before.id, {
        ...(name !== undefined ? { name } : {}),
        ...(query !== undefined ? { query } : {}),
        ...(visibility ? { visibility } : {}),
        updatedAt: at,
      });
      const changes = Object.fromEntries(
        (['name', 'query', 'visibility'] as const)
          .filter((field) => before[field] !== after[field])
          .map((field) => [field, { from: before[field], to: after[field] }]),
      );
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'saved-search.updated',
        subjectType: 'saved-search',
        subjectId: before.id,
        beforeDigest: digestOf(before),
        afterDigest: digestOf(after),
        details: { changes },
      });
      return after;
    });
  }

  async delete(ctx: RequestContext, ref: string): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      const search = changeable(ctx, await find(tx, ctx, ref), what, ref);
      await tx.collections.deleteSavedSearch(search.id);
      await tx.audit.append({
        actor: actorLabel(ctx.actor),
        action: 'saved-search.deleted',
        subjectType: 'saved-search',
        subjectId: search.id,
        beforeDigest: digestOf(search),
        details: { name: search.name },
      });
    });
  }

  /** The name and query checked (each optional when `partial`), every problem at once; the query parsed. */
  private checkFields(nameValue: unknown, queryValue: unknown, partial = false): { name?: string; query?: string } {
    const problems: FieldProblem[] = [];
    let name: string | undefined;
    let query: string | undefined;
    if (!partial || nameValue !== undefined) {
      const checked = checkName('name', nameValue);
      if (isProblem(checked)) problems.push(checked);
      else name = checked;
    }
    if (!partial || queryValue !== undefined) {
      const checked = checkQueryText(queryValue);
      if (isProblem(checked)) problems.push(checked);
      else query = checked;
    }
    if (problems.length > 0) throw validationFailed(problems);
    if (query !== undefined) this.checkQuery(query, this.now());
    return { ...(name !== undefined ? { name } : {}), ...(query !== undefined ? { query } : {}) };
  }
}

async function find(
  repos: Pick<Transaction<'collections'>, 'collections'>,
  ctx: RequestContext,
  ref: string,
): Promise<SavedSearch | undefined> {
  if (typeof ref !== 'string' || ref.length === 0 || ref.length > 200) return undefined;
  return isId(ref)
    ? repos.collections.findSavedSearch(ref)
    : repos.collections.findSavedSearchByName(ownerOf(ctx).key, ref);
}

async function refuseTakenName(tx: Transaction<'collections'>, ownerKey: string, name: string): Promise<void> {
  if (await tx.collections.findSavedSearchByName(ownerKey, name))
    throw new ProvenaError('CONFLICT', `A saved search named "${name}" exists already (names are kept per owner).`, {
      name,
    });
}
