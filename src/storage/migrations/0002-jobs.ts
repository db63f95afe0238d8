import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/**
 * The durable job queue. Times are ISO-8601 UTC text from Date.toISOString() (fixed width), so text comparison is
 * time order on both dialects. Partial indexes (both dialects have them) keep the claim query on the pending rows.
 */
export function jobsMigration(dialect: Dialect) {
  const json = dialect === 'postgres' ? 'jsonb' : 'text';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('jobs')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('queue', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('payload', sql.raw(json), (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) =>
          c.notNull().check(sql`status in ('queued', 'running', 'succeeded', 'failed', 'dead', 'cancelled')`),
        )
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('max_attempts', 'integer', (c) => c.notNull())
        .addColumn('run_at', 'text', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_expires_at', 'text')
        .addColumn('last_error', sql.raw(json))
        .addColumn('dedupe_key', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('started_at', 'text')
        .addColumn('finished_at', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // The claim: ready jobs of one queue, highest priority first, then oldest.
      await db.schema
        .createIndex('jobs_claim_idx')
        .on('jobs')
        .columns(['queue', 'priority desc', 'run_at', 'id'])
        .where(sql.ref('status'), 'in', sql`('queued', 'failed')`)
        .execute();
      // The reaper: running jobs whose lease has expired.
      await db.schema
        .createIndex('jobs_lease_idx')
        .on('jobs')
        .column('lease_expires_at')
        .where(sql.ref('status'), '=', 'running')
        .execute();
      // Idempotent enqueue: one pending job per dedupe key (e.g. per asset version and enricher).
      await db.schema
        .createIndex('jobs_dedupe_pending_uq')
        .on('jobs')
        .column('dedupe_key')
        .unique()
        .where(sql<boolean>`dedupe_key is not null and status in ('queued', 'running', 'failed')`)
        .execute();
      // Listing by status (newest first) and the per-queue counts; purging finished jobs.
      await db.schema.createIndex('jobs_status_idx').on('jobs').columns(['status', 'id']).execute();
      await db.schema.createIndex('jobs_queue_status_idx').on('jobs').columns(['queue', 'status']).execute();
      await db.schema
        .createIndex('jobs_finished_idx')
        .on('jobs')
        .column('finished_at')
        .where(sql.ref('finished_at'), 'is not', null)
        .execute();
    },
  };
}
