/**
 * Collections and saved searches (issue 14 §5, decision 0028): a collection is a named, ordered, manual set of assets
 * a person keeps within a team, private or shared with that team; a saved search is a name and the text of a search
 * query, kept the same way. This file holds the records, the rules on names and order, and the repository port.
 * Pure: no I/O.
 *
 * Order is a sparse integer position per member (decision 0028): a member is appended `positionStep` after the
 * last, moved to the midpoint between its new neighbours, and only when two neighbours are adjacent is the whole
 * collection renumbered, in the transaction of that move. A move therefore writes one row almost always, and the
 * listing's keyset (position, asset id) survives added members.
 */
import { actorLabel, type RequestContext } from './access.ts';
import type { AssetKind, AssetStatus, Page, Team } from './asset.ts';
import type { FieldProblem } from './errors.ts';

export const visibilities = ['private', 'team'] as const;
/** private: the owner alone (and admins); team: everyone who may read the team's assets. */
export type Visibility = (typeof visibilities)[number];

/**
 * Who keeps a collection or saved search: a stable key (`account:<id>` for a signed-in user, `operator:<os user>` for
 * the local operator) and the label shown (the actor label of access.ts).
 */
export interface Owner {
  key: string;
  label: string;
}

export interface Collection {
  id: string;
  name: string;
  description?: string;
  team: Team;
  visibility: Visibility;
  owner: Owner;
  createdAt: string;
  updatedAt: string;
}

/** A collection with the number of its members the caller may see (others' teams and deleted assets not counted). */
export interface CollectionSummary extends Collection {
  memberCount: number;
}

/** A member as a listing shows it: the asset's headline fields, and when and by whom it was added. */
export interface CollectionMember {
  assetId: string;
  title: string;
  kind: AssetKind;
  status: AssetStatus;
  addedAt: string;
  addedBy: string;
}

export interface SavedSearch {
  id: string;
  name: string;
  /** The query text, in the search query language (docs/search.md). */
  query: string;
  team: Team;
  visibility: Visibility;
  owner: Owner;
  createdAt: string;
  updatedAt: string;
}

/** Where a member goes: before or after another member, or to a 1-based place among the members the caller sees. */
export type MemberPlacement = { before: string } | { after: string } | { position: number };

export const maxNameLength = 200;
export const maxDescriptionLength = 2000;
export const maxQueryLength = 2000;
/** Members of one collection: a manual set, far beyond what anyone orders by hand, small enough to renumber at once. */
export const maxMembers = 10_000;
/** Assets added in one call. */
export const maxAddedAtOnce = 500;
/** The gap left between neighbours: 16 halvings before a renumbering is needed at the same place. */
export const positionStep = 65_536;
/** Positions stay exact doubles (both drivers hand bigints back as numbers or strings); past this, renumber. */
export const maxPosition = 2 ** 50;

// eslint-disable-next-line no-control-regex -- control characters are what this refuses
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/;

/** The trimmed name, or a problem: 1–200 characters, no control or bidi characters (a name is shown in lists). */
export function checkName(field: string, value: unknown): string | FieldProblem {
  if (typeof value !== 'string') return { field, problem: 'must be a string' };
  const name = value.trim();
  if (name.length === 0) return { field, problem: 'must not be empty' };
  if (name.length > maxNameLength) return { field, problem: `must be at most ${maxNameLength} characters` };
  if (controlCharacters.test(name)) return { field, problem: 'must not contain control or invisible characters' };
  return name;
}

/** The trimmed description (empty: none), or a problem. */
export function checkDescription(value: unknown): string | FieldProblem {
  if (typeof value !== 'string') return { field: 'description', problem: 'must be a string' };
  const text = value.trim();
  if (text.length > maxDescriptionLength)
    return { field: 'description', problem: `must be at most ${maxDescriptionLength} characters` };
  return text;
}

/** The trimmed query text, or a problem (its grammar is the search query parser's). */
export function checkQueryText(value: unknown): string | FieldProblem {
  if (typeof value !== 'string') return { field: 'query', problem: 'must be a string' };
  const text = value.trim();
  if (text.length === 0) return { field: 'query', problem: 'must not be empty' };
  if (text.length > maxQueryLength) return { field: 'query', problem: `must be at most ${maxQueryLength} characters` };
  return text;
}

export const isProblem = (value: string | FieldProblem): value is FieldProblem => typeof value !== 'string';

/** Names are unique per owner regardless of case and surrounding space: what the unique index holds. */
export const nameKeyOf = (name: string): string => name.trim().toLowerCase();

/**
 * `count` positions evenly spread between two neighbours (either absent at an end of the list), or undefined when
 * the gap is too small or the end would pass maxPosition: the caller renumbers and asks again.
 */
export function positionsBetween(
  previous: number | undefined,
  next: number | undefined,
  count: number,
): number[] | undefined {
  const at = (start: number, spacing: number) => Array.from({ length: count }, (_, i) => start + spacing * (i + 1));
  if (next === undefined) {
    const start = previous ?? 0;
    return start + positionStep * count <= maxPosition ? at(start, positionStep) : undefined;
  }
  const start = previous ?? 0;
  const spacing = Math.floor((next - start) / (count + 1));
  return spacing >= 1 ? at(start, spacing) : undefined;
}

/** Who keeps what the context makes: an account by its id (a rename changes nothing), the operator by OS user. */
export function ownerOf(ctx: RequestContext): Owner {
  const label = actorLabel(ctx.actor);
  switch (ctx.actor.kind) {
    case 'user':
      return { key: `account:${ctx.actor.userId}`, label };
    case 'operator':
      return { key: `operator:${ctx.actor.osUser}`, label };
    case 'system':
      return { key: `system:${ctx.actor.name}`, label };
  }
}

/** What the repository needs to know of an asset being added: whether it exists, is deleted, and its team. */
export interface MembershipCandidate {
  assetId: string;
  teamId: string | null;
  deleted: boolean;
}

/** Which members a reader sees: those of these teams (absent: every team), never deleted assets. */
export interface MemberScope {
  teamIds?: readonly string[];
}

/** The collections a caller sees: their own, and those shared with a team they may read (absent: every team). */
export interface VisibleTo {
  ownerKey: string;
  teamIds?: readonly string[];
}

export interface NewCollectionRecord extends Omit<Collection, 'team'> {
  teamId: string;
}
export interface NewSavedSearchRecord extends Omit<SavedSearch, 'team'> {
  teamId: string;
}

export interface CollectionRepository {
  /** CONFLICT when the owner has a collection of that name (case-insensitive). */
  insertCollection(collection: NewCollectionRecord): Promise<void>;
  findCollection(id: string): Promise<Collection | undefined>;
  /** The owner's collection of that name (case-insensitive). */
  findCollectionByName(ownerKey: string, name: string): Promise<Collection | undefined>;
  /** Newest first, keyset by id; with the members each counts in `scope`. */
  listCollections(visibleTo: VisibleTo, scope: MemberScope, page: PageRequest): Promise<Page<CollectionSummary>>;
  /** CONFLICT on a name the owner already uses. */
  updateCollection(
    id: string,
    patch: { name?: string; description?: string | null; visibility?: Visibility; updatedAt: string },
  ): Promise<void>;
  deleteCollection(id: string): Promise<void>;
  /** Holds the collection against concurrent changes of its members until the transaction ends (PostgreSQL). */
  lockCollection(id: string): Promise<void>;

  /** Members in order (position, then asset id), keyset after the cursor; only those `scope` lets the caller see. */
  members(collectionId: string, scope: MemberScope, page: PageRequest): Promise<Page<CollectionMember>>;
  countMembers(collectionId: string, scope: MemberScope): Promise<number>;
  /** Every member, seen or not (the size limit). */
  totalMembers(collectionId: string): Promise<number>;
  /** The positions of those of these assets that are members. */
  positionsOf(collectionId: string, assetIds: readonly string[]): Promise<Map<string, number>>;
  /** The first member after `position` (or the first of all) and the last before it (or the last of all). */
  nextPosition(collectionId: string, after: number | undefined, excludeAssetId?: string): Promise<number | undefined>;
  previousPosition(
    collectionId: string,
    before: number | undefined,
    excludeAssetId?: string,
  ): Promise<number | undefined>;
  /** The member at a 0-based index among those `scope` shows, leaving one member out (the one being moved). */
  visibleMemberAt(
    collectionId: string,
    scope: MemberScope,
    index: number,
    excludeAssetId: string,
  ): Promise<{ assetId: string; position: number } | undefined>;
  insertMembers(
    collectionId: string,
    members: { assetId: string; position: number; addedAt: string; addedBy: string }[],
  ): Promise<void>;
  removeMember(collectionId: string, assetId: string): Promise<boolean>;
  setPosition(collectionId: string, assetId: string, position: number): Promise<void>;
  /** Rewrites every position as step, 2·step, … in the current order, in one statement. */
  renumber(collectionId: string, step: number): Promise<void>;
  /** Existence, soft deletion and team of each of these assets that exists. */
  candidates(assetIds: readonly string[]): Promise<MembershipCandidate[]>;

  /** CONFLICT when the owner has a saved search of that name (case-insensitive). */
  insertSavedSearch(search: NewSavedSearchRecord): Promise<void>;
  findSavedSearch(id: string): Promise<SavedSearch | undefined>;
  findSavedSearchByName(ownerKey: string, name: string): Promise<SavedSearch | undefined>;
  /** Newest first, keyset by id. */
  listSavedSearches(visibleTo: VisibleTo, page: PageRequest): Promise<Page<SavedSearch>>;
  updateSavedSearch(
    id: string,
    patch: { name?: string; query?: string; visibility?: Visibility; updatedAt: string },
  ): Promise<void>;
  deleteSavedSearch(id: string): Promise<void>;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}
