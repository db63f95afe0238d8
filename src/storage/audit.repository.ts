import type { Kysely, Selectable } from 'kysely';
import { hashAuditEntry, type AuditEntry, type AuditEvent } from '../domain/audit.ts';
import type { AuditRepository } from '../domain/ports.ts';
import type { Dialect } from './database.ts';
import { fromJson, toJson } from './json.ts';
import type { AuditRow, Database } from './schema.ts';

const rowToEntry = (row: Selectable<AuditRow>): AuditEntry => ({
  seq: Number(row.seq),
  at: row.at,
  actor: row.actor,
  action: row.action,
  subjectType: row.subject_type,
  subjectId: row.subject_id,
  ...(row.before_digest ? { beforeDigest: row.before_digest } : {}),
  ...(row.after_digest ? { afterDigest: row.after_digest } : {}),
  ...(row.details !== null ? { details: fromJson<Record<string, unknown>>(row.details) } : {}),
  prevHash: row.prev_hash,
  hash: row.hash,
});

/** Must run inside a transaction: the head row lock is what keeps the chain linear under concurrent writers. */
export class SqlAuditRepository implements AuditRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  async append(event: AuditEvent): Promise<AuditEntry> {
    let headQuery = this.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1);
    if (this.dialect === 'postgres') headQuery = headQuery.forUpdate();
    const head = await headQuery.executeTakeFirstOrThrow();
    const unhashed = { ...event, seq: Number(head.seq) + 1, at: new Date().toISOString(), prevHash: head.hash };
    const entry: AuditEntry = { ...unhashed, hash: hashAuditEntry(unhashed) };
    await this.db
      .insertInto('audit_log')
      .values({
        seq: entry.seq,
        at: entry.at,
        actor: entry.actor,
        action: entry.action,
        subject_type: entry.subjectType,
        subject_id: entry.subjectId,
        before_digest: entry.beforeDigest ?? null,
        after_digest: entry.afterDigest ?? null,
        details: entry.details === undefined ? null : toJson(entry.details),
        prev_hash: entry.prevHash,
        hash: entry.hash,
      })
      .execute();
    await this.db.updateTable('audit_head').set({ seq: entry.seq, hash: entry.hash }).where('id', '=', 1).execute();
    return entry;
  }

  async *all(): AsyncIterable<AuditEntry> {
    // Keyset pages rather than one cursor: works the same on both dialects and keeps memory flat.
    let after = 0;
    for (;;) {
      const rows = await this.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(1000)
        .execute();
      for (const row of rows) yield rowToEntry(row);
      if (rows.length < 1000) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }

  async head(): Promise<{ seq: number; hash: string }> {
    const row = await this.db
      .selectFrom('audit_head')
      .select(['seq', 'hash'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { seq: Number(row.seq), hash: row.hash };
  }

  async forSubject(subjectType: string, subjectId: string): Promise<AuditEntry[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject_type', '=', subjectType)
      .where('subject_id', '=', subjectId)
      .orderBy('seq')
      .execute();
    return rows.map(rowToEntry);
  }
}
