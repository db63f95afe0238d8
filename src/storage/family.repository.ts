/** Variant families, their members, and the prompt/seed/batch lineage that variant suggestions look up. */
import type { Kysely, Selectable } from 'kysely';
import type { Page } from '../domain/asset.ts';
import type { FamilyRepository, Lineage } from '../domain/ports.ts';
import type { FamilyMember, FamilyReason, FamilyState, MemberRole, VariantFamily } from '../domain/sameness.ts';
import type { AssetLineageRow, EnrichmentDatabase, FamilyMemberRow, VariantFamilyRow } from './enrichment.schema.ts';
import { decodeCursor, pageAfter } from './keyset-page.ts';
import type { Database } from './schema.ts';

const rowToMember = (row: Selectable<FamilyMemberRow>): FamilyMember => ({
  assetId: row.asset_id,
  role: row.role as MemberRole,
  state: row.state as FamilyState,
  reason: row.reason as FamilyReason,
  ...(row.matched_asset_id !== null ? { matchedAssetId: row.matched_asset_id } : {}),
  addedAt: row.added_at,
});

const rowToLineage = (row: Selectable<AssetLineageRow>): Lineage => ({
  assetId: row.asset_id,
  versionNumber: Number(row.version_number),
  ...(row.prompt_key !== null ? { promptKey: row.prompt_key } : {}),
  ...(row.seed !== null ? { seed: row.seed } : {}),
  ...(row.batch_id !== null ? { batchId: row.batch_id } : {}),
});

export class SqlFamilyRepository implements FamilyRepository {
  private readonly db: Kysely<EnrichmentDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<Omit<EnrichmentDatabase, keyof Database>>();
  }

  async insert(family: VariantFamily): Promise<void> {
    await this.db
      .insertInto('variant_families')
      .values({
        id: family.id,
        state: family.state,
        canonical_asset_id: family.canonicalAssetId,
        reason: family.reason,
        created_at: family.createdAt,
        updated_at: family.updatedAt,
      })
      .execute();
    for (const member of family.members) await this.addMember(family.id, member);
  }

  async get(id: string): Promise<VariantFamily | undefined> {
    const row = await this.db.selectFrom('variant_families').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.withMembers(row) : undefined;
  }

  async familyOf(assetId: string): Promise<VariantFamily | undefined> {
    const row = await this.db
      .selectFrom('family_members')
      .innerJoin('variant_families', 'variant_families.id', 'family_members.family_id')
      .selectAll('variant_families')
      .where('family_members.asset_id', '=', assetId)
      .executeTakeFirst();
    return row ? this.withMembers(row) : undefined;
  }

  async list(
    filter: { state?: FamilyState; teamIds?: readonly string[] },
    page: { limit: number; cursor?: string },
  ): Promise<Page<VariantFamily>> {
    let query = this.db.selectFrom('variant_families').selectAll();
    if (filter.state) query = query.where('state', '=', filter.state);
    const { teamIds } = filter;
    if (teamIds) {
      if (teamIds.length === 0) return { items: [] };
      // No member outside those teams (an asset without a team is outside every team).
      query = query.where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('family_members')
              .innerJoin('assets', 'assets.id', 'family_members.asset_id')
              .select('family_members.asset_id')
              .whereRef('family_members.family_id', '=', 'variant_families.id')
              .where((eb) => eb.or([eb('assets.team_id', 'is', null), eb('assets.team_id', 'not in', [...teamIds])])),
          ),
        ),
      );
    }
    if (page.cursor) query = query.where('id', '<', decodeCursor(page.cursor));
    const rows = await query
      .orderBy('id', 'desc')
      .limit(page.limit + 1)
      .execute();
    const items = await Promise.all(rows.slice(0, page.limit).map((row) => this.withMembers(row)));
    return pageAfter(items, rows.length > page.limit);
  }

  async update(
    id: string,
    patch: { state?: FamilyState; canonicalAssetId?: string; updatedAt: string },
  ): Promise<void> {
    await this.db
      .updateTable('variant_families')
      .set({
        updated_at: patch.updatedAt,
        ...(patch.state ? { state: patch.state } : {}),
        ...(patch.canonicalAssetId ? { canonical_asset_id: patch.canonicalAssetId } : {}),
      })
      .where('id', '=', id)
      .execute();
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('family_members').where('family_id', '=', id).execute();
    await this.db.deleteFrom('variant_families').where('id', '=', id).execute();
  }

  async addMember(familyId: string, member: FamilyMember): Promise<void> {
    await this.db
      .insertInto('family_members')
      .values({
        asset_id: member.assetId,
        family_id: familyId,
        role: member.role,
        state: member.state,
        reason: member.reason,
        matched_asset_id: member.matchedAssetId ?? null,
        added_at: member.addedAt,
      })
      .execute();
  }

  async updateMember(
    familyId: string,
    assetId: string,
    patch: Partial<Pick<FamilyMember, 'role' | 'state'>>,
  ): Promise<void> {
    if (!patch.role && !patch.state) return;
    await this.db
      .updateTable('family_members')
      .set({ ...(patch.role ? { role: patch.role } : {}), ...(patch.state ? { state: patch.state } : {}) })
      .where('family_id', '=', familyId)
      .where('asset_id', '=', assetId)
      .execute();
  }

  async removeMember(familyId: string, assetId: string): Promise<void> {
    await this.db
      .deleteFrom('family_members')
      .where('family_id', '=', familyId)
      .where('asset_id', '=', assetId)
      .execute();
  }

  async saveLineage(lineage: Lineage): Promise<void> {
    const values = {
      version_number: lineage.versionNumber,
      prompt_key: lineage.promptKey ?? null,
      seed: lineage.seed ?? null,
      batch_id: lineage.batchId ?? null,
    };
    await this.db
      .insertInto('asset_lineage')
      .values({ asset_id: lineage.assetId, ...values })
      .onConflict((oc) => oc.column('asset_id').doUpdateSet(values))
      .execute();
  }

  samePrompt(promptKey: string, excludeAssetId: string, limit: number): Promise<Lineage[]> {
    return this.lineageSharing('prompt_key', promptKey, excludeAssetId, limit);
  }

  sameBatch(batchId: string, excludeAssetId: string, limit: number): Promise<Lineage[]> {
    return this.lineageSharing('batch_id', batchId, excludeAssetId, limit);
  }

  async lineageOf(assetIds: readonly string[]): Promise<Lineage[]> {
    if (assetIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('asset_lineage')
      .selectAll()
      .where('asset_id', 'in', [...assetIds])
      .orderBy('asset_id')
      .execute();
    return rows.map(rowToLineage);
  }

  /** Other assets whose lineage has this prompt key or batch id, in asset-id order. */
  private async lineageSharing(
    column: 'prompt_key' | 'batch_id',
    value: string,
    excludeAssetId: string,
    limit: number,
  ): Promise<Lineage[]> {
    const rows = await this.db
      .selectFrom('asset_lineage')
      .selectAll()
      .where(column, '=', value)
      .where('asset_id', '!=', excludeAssetId)
      .orderBy('asset_id')
      .limit(limit)
      .execute();
    return rows.map(rowToLineage);
  }

  private async withMembers(row: Selectable<VariantFamilyRow>): Promise<VariantFamily> {
    const members = await this.db
      .selectFrom('family_members')
      .selectAll()
      .where('family_id', '=', row.id)
      .orderBy('added_at')
      .orderBy('asset_id')
      .execute();
    return {
      id: row.id,
      state: row.state as FamilyState,
      canonicalAssetId: row.canonical_asset_id,
      reason: row.reason as FamilyReason,
      members: members.map(rowToMember),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    };
  }
}
