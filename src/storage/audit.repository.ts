import type { Kysely, Selectable } from 'kysely';
import {
  sealAuditEntry,
  type AuditEntry,
  type AuditEvent,
  type AuditKey,
  type ChainHead,
  type HashScheme,
} from '../domain/audit.ts';
import { ProvenaError } from '../domain/errors.ts';
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
  scheme: row.hash_scheme as HashScheme,
  ...(row.key_id !== null ? { keyId: row.key_id } : {}),
});

/**
 * Must run inside a transaction: the head row lock is what keeps the chain linear under concurrent writers. Without
 * a key (a process that only reads or runs jobs) nothing can be appended.
 */
export class SqlAuditRepository implements AuditRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
    private readonly key?: AuditKey,
    /** Told of every append, so that the store can checkpoint the head once the transaction commits. */
    private readonly onAppend?: () => void,
  ) {}

  append(event: AuditEvent): Promise<AuditEntry> {
    return this.appendKeyed(event, (keyId) => {
      if (keyId === this.key!.id) return;
      throw new ProvenaError(
        'AUDIT_CHAIN_BROKEN',
        keyId === null
          ? 'The audit log has not been keyed yet: reopen the store with the audit key.'
          : `The audit log is kept with key ${keyId}, but the audit key in use is ${this.key!.id}: restore the key file the log was made with (PROVENA_AUDIT_KEY_FILE, default <data dir>/audit.key); nothing was written.`,
        { logKeyId: keyId, keyId: this.key!.id },
      );
    });
  }

  /** The cut-over's own entry: appended while the head still names no key (audit-cut-over.ts). */
  appendCutOver(event: AuditEvent): Promise<AuditEntry> {
    return this.appendKeyed(event, (keyId) => {
      if (keyId !== null) throw new Error('the audit log is keyed already');
    });
  }

  private async appendKeyed(event: AuditEvent, checkHeadKey: (keyId: string | null) => void): Promise<AuditEntry> {
    if (!this.key) throw new ProvenaError('INTERNAL', 'This store was opened without the audit key: it cannot audit.');
    let headQuery = this.db.selectFrom('audit_head').select(['seq', 'hash', 'key_id']).where('id', '=', 1);
    if (this.dialect === 'postgres') headQuery = headQuery.forUpdate();
    const head = await headQuery.executeTakeFirstOrThrow();
    checkHeadKey(head.key_id);
    const entry = sealAuditEntry(
      event,
      { seq: Number(head.seq) + 1, at: new Date().toISOString(), prevHash: head.hash },
      this.key,
    );
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
        hash_scheme: entry.scheme,
        key_id: entry.keyId ?? null,
      })
      .execute();
    await this.db.updateTable('audit_head').set({ seq: entry.seq, hash: entry.hash }).where('id', '=', 1).execute();
    this.onAppend?.();
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

  async head(): Promise<ChainHead & { keyId?: string }> {
    const row = await this.db
      .selectFrom('audit_head')
      .select(['seq', 'hash', 'key_id'])
      .where('id', '=', 1)
      .executeTakeFirstOrThrow();
    return { seq: Number(row.seq), hash: row.hash, ...(row.key_id !== null ? { keyId: row.key_id } : {}) };
  }

  async hashAt(seq: number): Promise<string | undefined> {
    const row = await this.db.selectFrom('audit_log').select('hash').where('seq', '=', seq).executeTakeFirst();
    return row?.hash;
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
