import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

/** The durable job queue (filled in by the job system). */
export function jobsMigration(_dialect: Dialect) {
  return {
    async up(_db: Kysely<unknown>): Promise<void> {},
  };
}
