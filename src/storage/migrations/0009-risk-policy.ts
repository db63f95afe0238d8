import { sql, type Kysely } from 'kysely';

/**
 * Risk tiers from a versioned policy (domain/risk-policy.ts, docs/risk-policy.md). Each asset keeps the tier it was
 * given, the rule that set it (NULL: the policy's default tier) and the policy version that decided, so that a
 * reviewer sees why and a policy change can find the assets decided by an older version. `audience` and `regulated`
 * are intake facts the rules look at beside the intended use. All nullable: rows written before keep NULL until their
 * tier is derived (a policy change re-derives every asset not yet approved), and SQLite can only add a NOT NULL
 * column with a constant default.
 *
 * `risk_policies` holds every stored version of the policy document; none stored means the shipped default
 * (version 0) applies.
 */
export function riskPolicyMigration(dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .alterTable('assets')
        .addColumn('risk_tier', 'integer', (c) => c.check(sql`risk_tier in (1, 2, 3)`))
        .execute();
      await db.schema.alterTable('assets').addColumn('risk_rule', 'text').execute();
      await db.schema.alterTable('assets').addColumn('risk_policy_version', 'integer').execute();
      await db.schema
        .alterTable('assets')
        .addColumn('audience', 'text', (c) => c.check(sql`audience in ('internal', 'external')`))
        .execute();
      await db.schema
        .alterTable('assets')
        .addColumn('regulated', 'integer', (c) => c.check(sql`regulated in (0, 1)`))
        .execute();
      // Review queues and `ls --risk-tier` select by status and tier.
      await db.schema
        .createIndex('assets_status_risk_tier_idx')
        .on('assets')
        .columns(['status', 'risk_tier'])
        .execute();
      await db.schema
        .createTable('risk_policies')
        .addColumn('version', 'integer', (c) => c.primaryKey())
        .addColumn('document', dialect === 'postgres' ? 'jsonb' : 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .execute();
    },
  };
}
