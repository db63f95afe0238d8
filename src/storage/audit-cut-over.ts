/**
 * The cut-over to the keyed audit log (decision 0012), made once, by the first process that opens the database with
 * the audit key. In one transaction every asset and version row without a digest gets its first one and, when the log
 * already holds plain SHA-256 entries, a keyed entry records their head, so that rewriting them afterwards shows; then
 * the head record names the key, which every later append checks. What was changed before this moment went
 * undetected and still does: the cut-over seals the state it finds.
 */
import type { Kysely } from 'kysely';
import { cutOverAction, type AuditKey, type CutOverDetails } from '../domain/audit.ts';
import { SqlAssetRepository } from './asset.repository.ts';
import { SqlAuditRepository } from './audit.repository.ts';
import type { Dialect } from './database.ts';
import { translateDbError } from './db-errors.ts';
import type { Database } from './schema.ts';

/** Keys the log unless it is keyed already (one indexed read then); true when an entry was appended. */
export async function keyAuditLog(db: Kysely<Database>, dialect: Dialect, key: AuditKey): Promise<boolean> {
  try {
    const head = await db.selectFrom('audit_head').select('key_id').where('id', '=', 1).executeTakeFirstOrThrow();
    if (head.key_id !== null) return false;
    return await db.transaction().execute(async (trx) => {
      let query = trx.selectFrom('audit_head').selectAll().where('id', '=', 1);
      if (dialect === 'postgres') query = query.forUpdate();
      const locked = await query.executeTakeFirstOrThrow();
      // Another process made the cut-over between the read above and the lock.
      if (locked.key_id !== null) return false;
      const sealedRows = await new SqlAssetRepository(trx, undefined, { key, dialect }).digestUndigestedRows();
      const legacyHead = { seq: Number(locked.seq), hash: locked.hash };
      const appended = legacyHead.seq > 0 || sealedRows.assets + sealedRows.versions > 0;
      if (appended) {
        const details: CutOverDetails = { legacyHead, sealedRows };
        await new SqlAuditRepository(trx, dialect, key).appendCutOver({
          actor: 'system:upgrade',
          action: cutOverAction,
          subjectType: 'audit-log',
          subjectId: 'audit-log',
          details: { ...details },
        });
      }
      await trx.updateTable('audit_head').set({ key_id: key.id }).where('id', '=', 1).execute();
      return appended;
    });
  } catch (error) {
    throw translateDbError(dialect, error);
  }
}
