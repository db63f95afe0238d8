/**
 * Rights records, one row per revision (migration 0016, decision 0033), and the organisation's channels. The record
 * is kept as JSON text: it is read and written whole, and the usage check reads it whole.
 */
import type { Kysely, Selectable } from 'kysely';
import type { ChannelEntry, RightsRecord, RightsRepository, StoredRights } from '../domain/rights.ts';
import type { AssetRightsRow, RightsDatabase } from './rights.schema.ts';
import type { Database } from './schema.ts';

const storedOf = (row: Selectable<AssetRightsRow>): StoredRights => ({
  assetId: row.asset_id,
  revision: Number(row.revision),
  versionNumber: Number(row.version_number),
  record: JSON.parse(row.record) as RightsRecord,
  setAt: row.set_at,
  setBy: row.set_by,
});

export class SqlRightsRepository implements RightsRepository {
  private readonly db: Kysely<RightsDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<Omit<RightsDatabase, keyof Database>>();
  }

  async current(assetId: string): Promise<StoredRights | undefined> {
    const row = await this.db
      .selectFrom('asset_rights')
      .selectAll()
      .where('asset_id', '=', assetId)
      .orderBy('revision', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? storedOf(row) : undefined;
  }

  async history(assetId: string): Promise<StoredRights[]> {
    const rows = await this.db
      .selectFrom('asset_rights')
      .selectAll()
      .where('asset_id', '=', assetId)
      .orderBy('revision', 'desc')
      .execute();
    return rows.map(storedOf);
  }

  async insert(rights: StoredRights): Promise<void> {
    await this.db
      .insertInto('asset_rights')
      .values({
        asset_id: rights.assetId,
        revision: rights.revision,
        version_number: rights.versionNumber,
        status: rights.record.status,
        record: JSON.stringify(rights.record),
        set_at: rights.setAt,
        set_by: rights.setBy,
      })
      .execute();
  }

  async channels(): Promise<ChannelEntry[]> {
    const rows = await this.db.selectFrom('channels').selectAll().orderBy('name').execute();
    return rows.map((row) => ({ name: row.name, addedAt: row.added_at, addedBy: row.added_by }));
  }

  async addChannel(entry: ChannelEntry): Promise<boolean> {
    const result = await this.db
      .insertInto('channels')
      .values({ name: entry.name, added_at: entry.addedAt, added_by: entry.addedBy })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async removeChannel(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('channels').where('name', '=', name).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
