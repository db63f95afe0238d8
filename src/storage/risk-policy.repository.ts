/** The stored versions of the risk policy (migration 0009), and the assets whose tier a new version re-derives. */
import type { Kysely } from 'kysely';
import {
  tierPendingStatuses,
  type RiskPolicy,
  type RiskPolicyRepository,
  type StoredRiskPolicy,
} from '../domain/risk-policy.ts';
import { fromJson, toJson } from './json.ts';
import type { Database, RiskPolicyRow } from './schema.ts';

const rowToEntry = (row: Omit<RiskPolicyRow, 'document'>) => ({
  version: Number(row.version),
  createdAt: row.created_at,
  createdBy: row.created_by,
  ...(row.note !== null ? { note: row.note } : {}),
});

export class SqlRiskPolicyRepository implements RiskPolicyRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async latest(): Promise<StoredRiskPolicy | undefined> {
    const row = await this.db
      .selectFrom('risk_policies')
      .selectAll()
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { ...rowToEntry(row), policy: fromJson<RiskPolicy>(row.document) } : undefined;
  }

  async get(version: number): Promise<StoredRiskPolicy | undefined> {
    const row = await this.db.selectFrom('risk_policies').selectAll().where('version', '=', version).executeTakeFirst();
    return row ? { ...rowToEntry(row), policy: fromJson<RiskPolicy>(row.document) } : undefined;
  }

  async history(): Promise<Omit<StoredRiskPolicy, 'policy'>[]> {
    const rows = await this.db
      .selectFrom('risk_policies')
      .select(['version', 'created_at', 'created_by', 'note'])
      .orderBy('version', 'desc')
      .execute();
    return rows.map(rowToEntry);
  }

  async insert(entry: StoredRiskPolicy): Promise<void> {
    await this.db
      .insertInto('risk_policies')
      .values({
        version: entry.version,
        document: toJson(entry.policy),
        created_at: entry.createdAt,
        created_by: entry.createdBy,
        note: entry.note ?? null,
      })
      .execute();
  }

  async tierPendingAssetIds(afterId: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('assets')
      .select('id')
      .where('status', 'in', [...tierPendingStatuses])
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }
}
