/** The stored versions of the risk policy (migration 0009), and the assets whose tier a new version re-derives. */
import { sql, type Kysely } from 'kysely';
import type { AssetKind, AssetStatus, Audience, IntendedUse, RightsStatus } from '../domain/asset.ts';
import type { AiInvolvement } from '../domain/provenance.ts';
import type { RiskTier } from '../domain/review.ts';
import {
  riskFactsOf,
  tierPendingStatuses,
  type AssetTierFacts,
  type RiskPolicy,
  type RiskPolicyRepository,
  type StoredRiskPolicy,
} from '../domain/risk-policy.ts';
import { fromJson, toJson } from './json.ts';
import type { Dialect } from './database.ts';
import type { EnrichmentDatabase } from './enrichment.schema.ts';
import type { Database, RiskPolicyRow } from './schema.ts';

const rowToEntry = (row: Omit<RiskPolicyRow, 'document'>) => ({
  version: Number(row.version),
  createdAt: row.created_at,
  createdBy: row.created_by,
  ...(row.note !== null ? { note: row.note } : {}),
});

export class SqlRiskPolicyRepository implements RiskPolicyRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

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

  async tierFacts(assetIds: readonly string[], options: { lock?: boolean } = {}): Promise<AssetTierFacts[]> {
    if (assetIds.length === 0) return [];
    const ids = [...new Set(assetIds)];
    // Only the AI verdict of the provenance record: it may hold a C2PA manifest store of several MB.
    const aiInvolvement =
      this.dialect === 'postgres'
        ? sql<string | null>`v.provenance->>'aiInvolvement'`
        : sql<string | null>`json_extract(v.provenance, '$.aiInvolvement')`;
    let query = this.db
      .selectFrom('assets as a')
      .leftJoin('teams as t', 't.id', 'a.team_id')
      .leftJoin('campaigns as c', 'c.id', 'a.campaign_id')
      .leftJoin('asset_versions as v', (join) =>
        join.onRef('v.asset_id', '=', 'a.id').onRef('v.number', '=', 'a.current_version'),
      )
      .select([
        'a.id',
        'a.title',
        'a.status',
        'a.kind',
        'a.intended_use',
        'a.audience',
        'a.regulated',
        'a.rights_status',
        'a.team_id',
        'a.risk_tier',
        'a.risk_rule',
        'a.risk_policy_version',
        't.name as team_name',
        'c.name as campaign_name',
        'v.id as version_id',
        aiInvolvement.as('ai_involvement'),
      ])
      .where('a.id', 'in', ids)
      .orderBy('a.id');
    // SQLite transactions hold the write lock from their start (database.ts); PostgreSQL locks the asset rows.
    if (options.lock && this.dialect === 'postgres') query = query.forUpdate('a');
    const rows = await query.execute();
    const versionIds = rows.map((r) => r.version_id).filter((id): id is string => id !== null);
    const tags = new Map<string, string[]>();
    const moderation = new Map<string, Record<string, unknown>>();
    const people = new Map<string, boolean>();
    if (versionIds.length > 0) {
      const enrichment = this.db.withTables<Omit<EnrichmentDatabase, keyof Database>>();
      for (const tag of await enrichment
        .selectFrom('tags')
        .select(['version_id', 'label'])
        .where('version_id', 'in', versionIds)
        .execute())
        tags.set(tag.version_id, [...(tags.get(tag.version_id) ?? []), tag.label]);
      for (const result of await enrichment
        .selectFrom('enrichment_results')
        .select(['version_id', 'result'])
        .where('version_id', 'in', versionIds)
        .where('enricher', '=', 'visual-tags')
        .where('status', '=', 'done')
        .execute()) {
        const scores = fromJson<{ moderation?: unknown }>(result.result).moderation;
        if (scores !== null && typeof scores === 'object')
          moderation.set(result.version_id, scores as Record<string, unknown>);
      }
      // The faces step's judgement, for the policy's `people` condition (absent until the step has run).
      for (const result of await enrichment
        .selectFrom('enrichment_results')
        .select(['version_id', 'result'])
        .where('version_id', 'in', versionIds)
        .where('enricher', '=', 'faces')
        .where('status', '=', 'done')
        .execute()) {
        const containsPeople = fromJson<{ containsPeople?: unknown }>(result.result).containsPeople;
        if (typeof containsPeople === 'boolean') people.set(result.version_id, containsPeople);
      }
    }
    return rows.map((row) => {
      const versionId = row.version_id ?? '';
      const scores = moderation.get(versionId);
      const asset = {
        kind: row.kind as AssetKind,
        ...(row.intended_use !== null ? { intendedUse: row.intended_use as IntendedUse } : {}),
        ...(row.audience !== null ? { audience: row.audience as Audience } : {}),
        ...(row.regulated !== null ? { regulated: Number(row.regulated) === 1 } : {}),
        rightsStatus: row.rights_status as RightsStatus,
        ...(row.team_name !== null ? { team: { name: row.team_name } } : {}),
        ...(row.campaign_name !== null ? { campaign: { name: row.campaign_name } } : {}),
        currentVersion: 1,
        versions: [{ number: 1, provenance: { aiInvolvement: (row.ai_involvement ?? 'unknown') as AiInvolvement } }],
      };
      return {
        assetId: row.id,
        title: row.title,
        status: row.status as AssetStatus,
        ...(row.team_id !== null ? { teamId: row.team_id } : {}),
        ...(row.risk_tier !== null ? { riskTier: Number(row.risk_tier) as RiskTier } : {}),
        ...(row.risk_rule !== null ? { riskRule: row.risk_rule } : {}),
        ...(row.risk_policy_version !== null ? { riskPolicyVersion: Number(row.risk_policy_version) } : {}),
        facts: riskFactsOf(asset, {
          tags: tags.get(versionId) ?? [],
          ...(scores ? { moderation: scores } : {}),
          ...(people.has(versionId) ? { containsPeople: people.get(versionId)! } : {}),
        }),
      };
    });
  }
}
