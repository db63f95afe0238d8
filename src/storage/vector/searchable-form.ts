/**
 * What the vector search reads besides the float32 bytes, written by the same call that stores an embedding (so in
 * its transaction: a search never misses a committed embedding, and no reindex is needed to see one).
 * SQLite: the binary code, stamped for other processes' refresh. PostgreSQL: the `ann` halfvec column that the HNSW
 * indexes cover, when pgvector is installed (migration 0015).
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { binaryCode, codeToBytes } from './binary-code.ts';
import { unitVector, vectorLiteral } from './vector-bytes.ts';

export const isPostgres = <DB>(db: Kysely<DB>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/** Whether embeddings has the pgvector column (checked on every call: one catalogue read, beside a model's run). */
export async function hasAnnColumn<DB>(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ present: boolean }>`
    select exists (select 1 from information_schema.columns
                   where table_schema = current_schema() and table_name = 'embeddings' and column_name = 'ann')
      as present`.execute(db);
  return rows[0]?.present === true;
}

export async function storeSearchableForm<DB>(
  db: Kysely<DB>,
  versionId: string,
  model: string,
  vector: Float32Array,
): Promise<void> {
  if (isPostgres(db)) {
    const unit = unitVector(vector);
    // A vector without direction is never a neighbour by cosine: it stays out of the index (ann NULL).
    if (!unit || !(await hasAnnColumn(db))) return;
    await sql`update embeddings set ann = ${vectorLiteral(unit)}::halfvec
              where version_id = ${versionId} and model = ${model}`.execute(db);
    return;
  }
  const code = codeToBytes(binaryCode(vector));
  const storedAt = new Date().toISOString();
  await sql`insert into embedding_codes (version_id, model, asset_id, version_number, code, stored_at)
            select id, ${model}, asset_id, number, ${code}, ${storedAt} from asset_versions where id = ${versionId}
            on conflict (version_id, model) do update set code = excluded.code, stored_at = excluded.stored_at`.execute(
    db,
  );
}
