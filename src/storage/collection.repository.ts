/**
 * Collections, their ordered members, and saved searches (migration 0014, decision 0028). Members are read through
 * their assets so that a soft-deleted asset, or one of a team the reader may not see, is neither listed nor counted.
 * The members' keyset is (position, asset id); a cursor names its last member, whose current position is looked up
 * again, so that a page boundary follows that member through a renumbering.
 */
import { sql, type ExpressionBuilder, type Kysely, type Selectable } from 'kysely';
import type { AssetKind, AssetStatus, Page } from '../domain/asset.ts';
import {
  nameKeyOf,
  type Collection,
  type CollectionMember,
  type CollectionRepository,
  type CollectionSummary,
  type MemberScope,
  type MembershipCandidate,
  type NewCollectionRecord,
  type NewSavedSearchRecord,
  type PageRequest,
  type SavedSearch,
  type Visibility,
  type VisibleTo,
} from '../domain/collection.ts';
import { ProvenaError } from '../domain/errors.ts';
import type { CollectionDatabase, CollectionRow, SavedSearchRow } from './collection.schema.ts';
import type { Dialect } from './database.ts';
import { decodeCursor, pageAfter } from './keyset-page.ts';
import type { Database } from './schema.ts';

type Db = CollectionDatabase;
type TeamJoined<R> = R & { team_slug: string; team_name: string };

const collectionOf = (row: TeamJoined<Selectable<CollectionRow>>): Collection => ({
  id: row.id,
  name: row.name,
  ...(row.description !== null ? { description: row.description } : {}),
  team: { id: row.team_id, slug: row.team_slug, name: row.team_name },
  visibility: row.visibility as Visibility,
  owner: { key: row.owner_key, label: row.owner_label },
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const savedSearchOf = (row: TeamJoined<Selectable<SavedSearchRow>>): SavedSearch => ({
  id: row.id,
  name: row.name,
  query: row.query,
  team: { id: row.team_id, slug: row.team_slug, name: row.team_name },
  visibility: row.visibility as Visibility,
  owner: { key: row.owner_key, label: row.owner_label },
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** A members cursor: the last member's position and asset id, opaque to callers. */
const encodeMemberCursor = (position: number, assetId: string): string =>
  Buffer.from(JSON.stringify([position, assetId]), 'utf8').toString('base64url');

function decodeMemberCursor(cursor: string): { position: number; assetId: string } {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  if (
    !Array.isArray(value) ||
    value.length !== 2 ||
    !Number.isSafeInteger(value[0]) ||
    typeof value[1] !== 'string' ||
    value[1].length > 100
  )
    throw new ProvenaError('VALIDATION_FAILED', 'cursor: is not one this list gave (pass nextCursor back as it is).', {
      problems: [{ field: 'cursor', problem: 'is not one this list gave' }],
    });
  return { position: value[0] as number, assetId: value[1] };
}

/** Whether the scope sees nothing at all (no team): every member query answers empty without asking. */
const seesNothing = (scope: MemberScope): boolean => scope.teamIds !== undefined && scope.teamIds.length === 0;

export class SqlCollectionRepository implements CollectionRepository {
  private readonly db: Kysely<Db>;

  constructor(
    db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {
    this.db = db.withTables<Omit<Db, keyof Database>>();
  }

  // ---- collections ------------------------------------------------------------------------------------------

  async insertCollection(c: NewCollectionRecord): Promise<void> {
    await this.db
      .insertInto('collections')
      .values({
        id: c.id,
        name: c.name,
        name_key: nameKeyOf(c.name),
        description: c.description ?? null,
        team_id: c.teamId,
        visibility: c.visibility,
        owner_key: c.owner.key,
        owner_label: c.owner.label,
        created_at: c.createdAt,
        updated_at: c.updatedAt,
      })
      .execute();
  }

  private collections() {
    return this.db
      .selectFrom('collections')
      .innerJoin('teams', 'teams.id', 'collections.team_id')
      .selectAll('collections')
      .select(['teams.slug as team_slug', 'teams.name as team_name']);
  }

  async findCollection(id: string): Promise<Collection | undefined> {
    const row = await this.collections().where('collections.id', '=', id).executeTakeFirst();
    return row ? collectionOf(row) : undefined;
  }

  async findCollectionByName(ownerKey: string, name: string): Promise<Collection | undefined> {
    const row = await this.collections()
      .where('collections.owner_key', '=', ownerKey)
      .where('collections.name_key', '=', nameKeyOf(name))
      .executeTakeFirst();
    return row ? collectionOf(row) : undefined;
  }

  async listCollections(visibleTo: VisibleTo, scope: MemberScope, page: PageRequest): Promise<Page<CollectionSummary>> {
    const count = (eb: ExpressionBuilder<Db & { collections: CollectionRow }, 'collections'>) => {
      let members = eb
        .selectFrom('collection_members')
        .innerJoin('assets', 'assets.id', 'collection_members.asset_id')
        .select((e) => e.fn.countAll<number | string>().as('n'))
        .whereRef('collection_members.collection_id', '=', 'collections.id')
        .where('assets.deleted_at', 'is', null);
      if (scope.teamIds)
        members =
          scope.teamIds.length === 0
            ? members.where(sql<boolean>`1 = 0`)
            : members.where('assets.team_id', 'in', [...scope.teamIds]);
      return members.as('member_count');
    };
    let query = this.collections()
      .select((eb) => count(eb))
      .where((eb) => {
        const shared = visibleTo.teamIds
          ? visibleTo.teamIds.length === 0
            ? sql<boolean>`1 = 0`
            : eb.and([
                eb('collections.visibility', '=', 'team'),
                eb('collections.team_id', 'in', [...visibleTo.teamIds]),
              ])
          : eb('collections.visibility', '=', 'team');
        return eb.or([eb('collections.owner_key', '=', visibleTo.ownerKey), shared]);
      })
      .orderBy('collections.id', 'desc')
      .limit(page.limit + 1);
    if (page.cursor) query = query.where('collections.id', '<', decodeCursor(page.cursor));
    const rows = await query.execute();
    const items = rows
      .slice(0, page.limit)
      .map((row) => ({ ...collectionOf(row), memberCount: Number(row.member_count ?? 0) }));
    return pageAfter(items, rows.length > page.limit);
  }

  async updateCollection(
    id: string,
    patch: { name?: string; description?: string | null; visibility?: Visibility; updatedAt: string },
  ): Promise<void> {
    await this.db
      .updateTable('collections')
      .set({
        ...(patch.name !== undefined ? { name: patch.name, name_key: nameKeyOf(patch.name) } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.visibility !== undefined ? { visibility: patch.visibility } : {}),
        updated_at: patch.updatedAt,
      })
      .where('id', '=', id)
      .execute();
  }

  async deleteCollection(id: string): Promise<void> {
    // The members go with it (cascade); deleted explicitly too, so that it does not rest on the pragma.
    await this.db.deleteFrom('collection_members').where('collection_id', '=', id).execute();
    await this.db.deleteFrom('collections').where('id', '=', id).execute();
  }

  async lockCollection(id: string): Promise<void> {
    // SQLite: a write transaction holds the database's write lock from its start (BEGIN IMMEDIATE).
    if (this.dialect !== 'postgres') return;
    await this.db.selectFrom('collections').select('id').where('id', '=', id).forUpdate().execute();
  }

  // ---- members -----------------------------------------------------------------------------------------------

  async members(collectionId: string, scope: MemberScope, page: PageRequest): Promise<Page<CollectionMember>> {
    let after: { position: number; assetId: string } | undefined;
    if (page.cursor) {
      after = decodeMemberCursor(page.cursor);
      // The cursor's member, if still there, where it is now: a renumbering moved every position but kept the order.
      const now = (await this.positionsOf(collectionId, [after.assetId])).get(after.assetId);
      if (now !== undefined) after = { ...after, position: now };
    }
    const base = this.db
      .selectFrom('collection_members')
      .innerJoin('assets', 'assets.id', 'collection_members.asset_id')
      .select([
        'collection_members.asset_id',
        'collection_members.position',
        'collection_members.added_at',
        'collection_members.added_by',
        'assets.title',
        'assets.kind',
        'assets.status',
      ])
      .where('collection_members.collection_id', '=', collectionId)
      .where('assets.deleted_at', 'is', null);
    if (seesNothing(scope)) return { items: [] };
    let query = scope.teamIds ? base.where('assets.team_id', 'in', [...scope.teamIds]) : base;
    if (after) {
      const { position, assetId } = after;
      // A row-value comparison, so that both engines seek the (collection, position, asset) index to the cursor.
      query = query.where((eb) =>
        eb(eb.refTuple('collection_members.position', 'collection_members.asset_id'), '>', eb.tuple(position, assetId)),
      );
    }
    const rows = await query
      .orderBy('collection_members.position')
      .orderBy('collection_members.asset_id')
      .limit(page.limit + 1)
      .execute();
    const items = rows.slice(0, page.limit).map((row): CollectionMember => ({
      assetId: row.asset_id,
      title: row.title,
      kind: row.kind as AssetKind,
      status: row.status as AssetStatus,
      addedAt: row.added_at,
      addedBy: row.added_by,
    }));
    const last = rows[page.limit - 1];
    return rows.length > page.limit && last
      ? { items, nextCursor: encodeMemberCursor(Number(last.position), last.asset_id) }
      : { items };
  }

  async countMembers(collectionId: string, scope: MemberScope): Promise<number> {
    const base = this.db
      .selectFrom('collection_members')
      .innerJoin('assets', 'assets.id', 'collection_members.asset_id')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('collection_members.collection_id', '=', collectionId)
      .where('assets.deleted_at', 'is', null);
    if (seesNothing(scope)) return 0;
    const query = scope.teamIds ? base.where('assets.team_id', 'in', [...scope.teamIds]) : base;
    const row = await query.executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async totalMembers(collectionId: string): Promise<number> {
    const row = await this.db
      .selectFrom('collection_members')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('collection_id', '=', collectionId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async positionsOf(collectionId: string, assetIds: readonly string[]): Promise<Map<string, number>> {
    if (assetIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('collection_members')
      .select(['asset_id', 'position'])
      .where('collection_id', '=', collectionId)
      .where('asset_id', 'in', [...assetIds])
      .execute();
    return new Map(rows.map((row) => [row.asset_id, Number(row.position)]));
  }

  async nextPosition(
    collectionId: string,
    after: number | undefined,
    excludeAssetId?: string,
  ): Promise<number | undefined> {
    let query = this.db
      .selectFrom('collection_members')
      .select('position')
      .where('collection_id', '=', collectionId)
      .orderBy('position')
      .limit(1);
    if (after !== undefined) query = query.where('position', '>', after);
    if (excludeAssetId !== undefined) query = query.where('asset_id', '!=', excludeAssetId);
    const row = await query.executeTakeFirst();
    return row ? Number(row.position) : undefined;
  }

  async previousPosition(
    collectionId: string,
    before: number | undefined,
    excludeAssetId?: string,
  ): Promise<number | undefined> {
    let query = this.db
      .selectFrom('collection_members')
      .select('position')
      .where('collection_id', '=', collectionId)
      .orderBy('position', 'desc')
      .limit(1);
    if (before !== undefined) query = query.where('position', '<', before);
    if (excludeAssetId !== undefined) query = query.where('asset_id', '!=', excludeAssetId);
    const row = await query.executeTakeFirst();
    return row ? Number(row.position) : undefined;
  }

  async visibleMemberAt(
    collectionId: string,
    scope: MemberScope,
    index: number,
    excludeAssetId: string,
  ): Promise<{ assetId: string; position: number } | undefined> {
    const base = this.db
      .selectFrom('collection_members')
      .innerJoin('assets', 'assets.id', 'collection_members.asset_id')
      .select(['collection_members.asset_id', 'collection_members.position'])
      .where('collection_members.collection_id', '=', collectionId)
      .where('collection_members.asset_id', '!=', excludeAssetId)
      .where('assets.deleted_at', 'is', null);
    if (seesNothing(scope)) return undefined;
    const query = scope.teamIds ? base.where('assets.team_id', 'in', [...scope.teamIds]) : base;
    const row = await query
      .orderBy('collection_members.position')
      .orderBy('collection_members.asset_id')
      .limit(1)
      .offset(index)
      .executeTakeFirst();
    return row ? { assetId: row.asset_id, position: Number(row.position) } : undefined;
  }

  async insertMembers(
    collectionId: string,
    members: { assetId: string; position: number; addedAt: string; addedBy: string }[],
  ): Promise<void> {
    if (members.length === 0) return;
    await this.db
      .insertInto('collection_members')
      .values(
        members.map((m) => ({
          collection_id: collectionId,
          asset_id: m.assetId,
          position: m.position,
          added_at: m.addedAt,
          added_by: m.addedBy,
        })),
      )
      .execute();
  }

  async removeMember(collectionId: string, assetId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('collection_members')
      .where('collection_id', '=', collectionId)
      .where('asset_id', '=', assetId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async setPosition(collectionId: string, assetId: string, position: number): Promise<void> {
    await this.db
      .updateTable('collection_members')
      .set({ position })
      .where('collection_id', '=', collectionId)
      .where('asset_id', '=', assetId)
      .execute();
  }

  async renumber(collectionId: string, step: number): Promise<void> {
    // One statement on both dialects (SQLite has UPDATE … FROM since 3.33): every member's rank in the current
    // order, times the step.
    await sql`
      update collection_members
      set position = ranked.rank * ${step}
      from (
        select asset_id, row_number() over (order by position, asset_id) as rank
        from collection_members
        where collection_id = ${collectionId}
      ) as ranked
      where collection_members.collection_id = ${collectionId}
        and collection_members.asset_id = ranked.asset_id
    `.execute(this.db);
  }

  async candidates(assetIds: readonly string[]): Promise<MembershipCandidate[]> {
    if (assetIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('assets')
      .select(['id', 'team_id', 'deleted_at'])
      .where('id', 'in', [...assetIds])
      .execute();
    return rows.map((row) => ({ assetId: row.id, teamId: row.team_id, deleted: row.deleted_at !== null }));
  }

  // ---- saved searches ----------------------------------------------------------------------------------------

  async insertSavedSearch(s: NewSavedSearchRecord): Promise<void> {
    await this.db
      .insertInto('saved_searches')
      .values({
        id: s.id,
        name: s.name,
        name_key: nameKeyOf(s.name),
        query: s.query,
        team_id: s.teamId,
        visibility: s.visibility,
        owner_key: s.owner.key,
        owner_label: s.owner.label,
        created_at: s.createdAt,
        updated_at: s.updatedAt,
      })
      .execute();
  }

  private savedSearches() {
    return this.db
      .selectFrom('saved_searches')
      .innerJoin('teams', 'teams.id', 'saved_searches.team_id')
      .selectAll('saved_searches')
      .select(['teams.slug as team_slug', 'teams.name as team_name']);
  }

  async findSavedSearch(id: string): Promise<SavedSearch | undefined> {
    const row = await this.savedSearches().where('saved_searches.id', '=', id).executeTakeFirst();
    return row ? savedSearchOf(row) : undefined;
  }

  async findSavedSearchByName(ownerKey: string, name: string): Promise<SavedSearch | undefined> {
    const row = await this.savedSearches()
      .where('saved_searches.owner_key', '=', ownerKey)
      .where('saved_searches.name_key', '=', nameKeyOf(name))
      .executeTakeFirst();
    return row ? savedSearchOf(row) : undefined;
  }

  async listSavedSearches(visibleTo: VisibleTo, page: PageRequest): Promise<Page<SavedSearch>> {
    let query = this.savedSearches()
      .where((eb) => {
        const shared = visibleTo.teamIds
          ? visibleTo.teamIds.length === 0
            ? sql<boolean>`1 = 0`
            : eb.and([
                eb('saved_searches.visibility', '=', 'team'),
                eb('saved_searches.team_id', 'in', [...visibleTo.teamIds]),
              ])
          : eb('saved_searches.visibility', '=', 'team');
        return eb.or([eb('saved_searches.owner_key', '=', visibleTo.ownerKey), shared]);
      })
      .orderBy('saved_searches.id', 'desc')
      .limit(page.limit + 1);
    if (page.cursor) query = query.where('saved_searches.id', '<', decodeCursor(page.cursor));
    const rows = await query.execute();
    return pageAfter(rows.slice(0, page.limit).map(savedSearchOf), rows.length > page.limit);
  }

  async updateSavedSearch(
    id: string,
    patch: { name?: string; query?: string; visibility?: Visibility; updatedAt: string },
  ): Promise<void> {
    await this.db
      .updateTable('saved_searches')
      .set({
        ...(patch.name !== undefined ? { name: patch.name, name_key: nameKeyOf(patch.name) } : {}),
        ...(patch.query !== undefined ? { query: patch.query } : {}),
        ...(patch.visibility !== undefined ? { visibility: patch.visibility } : {}),
        updated_at: patch.updatedAt,
      })
      .where('id', '=', id)
      .execute();
  }

  async deleteSavedSearch(id: string): Promise<void> {
    await this.db.deleteFrom('saved_searches').where('id', '=', id).execute();
  }
}
