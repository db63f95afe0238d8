/** The events outbox (domain/events.ts, migration 0011). */
import { sql, type Kysely } from 'kysely';
import type { EventRepository, EventType, NewOutboxEvent, OutboxEvent } from '../domain/events.ts';
import type { Dialect } from './database.ts';
import { fromJson, toJson } from './json.ts';
import type { Database } from './schema.ts';

/** PostgreSQL advisory lock key of the outbox: "evnt". */
const outboxLock = 0x65766e74;

export class SqlEventRepository implements EventRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Holding the outbox's lock until the transaction ends, the next seq is the last one plus one: writers take seqs in
   * commit order, so a reader that has seen seq N has seen every event below it. (SQLite write transactions are
   * serialised already.)
   */
  async append(event: NewOutboxEvent): Promise<OutboxEvent> {
    if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${outboxLock}::int8)`.execute(this.db);
    const last = await this.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    const stored: OutboxEvent = { ...event, seq: Number(last?.seq ?? 0) + 1, createdAt: new Date().toISOString() };
    await this.db
      .insertInto('events')
      .values({
        seq: stored.seq,
        type: stored.type,
        subject_type: stored.subjectType,
        subject_id: stored.subjectId,
        actor: stored.actor,
        payload: toJson(stored.payload),
        created_at: stored.createdAt,
      })
      .execute();
    return stored;
  }

  async lastSeq(): Promise<number> {
    const last = await this.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst();
    return Number(last?.seq ?? 0);
  }

  async after(seq: number, limit: number): Promise<OutboxEvent[]> {
    const rows = await this.db
      .selectFrom('events')
      .selectAll()
      .where('seq', '>', seq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((row) => ({
      seq: Number(row.seq),
      type: row.type as EventType,
      subjectType: row.subject_type as 'asset',
      subjectId: row.subject_id,
      actor: row.actor,
      payload: fromJson<Record<string, unknown>>(row.payload),
      createdAt: row.created_at,
    }));
  }
}
