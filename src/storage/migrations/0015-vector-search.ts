import { sql, type Kysely } from 'kysely';
import { binaryCode, codeToBytes } from '../vector/binary-code.ts';
import { bytesToVector, unitVector, vectorLiteral } from '../vector/vector-bytes.ts';

/**
 * Nearest-neighbour search over embeddings (issue 14, decision 0027).
 *
 * Both dialects: an index on embeddings (model, dimensions), which every search reads first (the model's dimension)
 * and the exact search filters on.
 *
 * SQLite: `embedding_codes`, the binary code (storage/vector/binary-code.ts) of each stored embedding with its
 * version's asset and number (so that a candidate is checked against `assets` alone), written by the same call that
 * stores the embedding. Every process holds all codes in memory and reads the rows stored since its
 * last look (`stored_at`, ISO-8601 UTC text: text order is time order), like the similarity index's hashes.
 *
 * PostgreSQL with pgvector available: the extension, an `ann halfvec` column on embeddings (the vector at half
 * precision, written by the same statement as the float32 bytes) and one HNSW cosine index per embedder dimension
 * that ships (MobileNetV2's 1280, CLIP's 512): a partial expression index, since one HNSW index holds one dimension.
 * Other dimensions are searched exactly. Without pgvector (a plain PostgreSQL) nothing of this is created and the
 * search is exact; installing pgvector later needs `provena search reindex` (the column is added when it runs).
 */
export const indexedDimensions = [512, 1280] as const;

export function vectorSearchMigration(dialect: 'sqlite' | 'postgres') {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.createIndex('embeddings_model_idx').on('embeddings').columns(['model', 'dimensions']).execute();
      if (dialect === 'sqlite') {
        await db.schema
          .createTable('embedding_codes')
          .addColumn('version_id', 'text', (c) => c.notNull().references('asset_versions.id'))
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('asset_id', 'text', (c) => c.notNull())
          .addColumn('version_number', 'integer', (c) => c.notNull())
          .addColumn('code', 'blob', (c) => c.notNull())
          .addColumn('stored_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('embedding_codes_pk', ['version_id', 'model'])
          .execute();
        await db.schema
          .createIndex('embedding_codes_stored_idx')
          .on('embedding_codes')
          .columns(['model', 'stored_at'])
          .execute();
        // Embeddings stored before this: their codes, a page at a time (keyset on the primary key).
        for (let after = { version: '', model: '' }; ;) {
          const { rows } = await sql<{
            version_id: string;
            model: string;
            vector: Uint8Array;
            asset_id: string;
            number: number;
          }>`
            select e.version_id, e.model, e.vector, v.asset_id, v.number
            from embeddings e join asset_versions v on v.id = e.version_id
            where e.version_id > ${after.version} or (e.version_id = ${after.version} and e.model > ${after.model})
            order by e.version_id, e.model limit 500`.execute(db);
          if (rows.length === 0) break;
          for (const row of rows)
            await sql`insert into embedding_codes (version_id, model, asset_id, version_number, code, stored_at)
                      values (${row.version_id}, ${row.model}, ${row.asset_id}, ${row.number},
                              ${codeToBytes(binaryCode(bytesToVector(row.vector)))}, ${new Date().toISOString()})`.execute(
              db,
            );
          const last = rows[rows.length - 1]!;
          after = { version: last.version_id, model: last.model };
        }
        return;
      }
      await enablePgvector(db);
    },
  };
}

/**
 * Creates the extension, the `ann` column and its indexes when the server has pgvector and this role may create it;
 * returns whether the column exists afterwards. Safe to call again.
 */
export async function enablePgvector<DB>(db: Kysely<DB>): Promise<boolean> {
  const { rows } = await sql<{ installed: boolean; available: boolean; superuser: boolean }>`
    select exists (select 1 from pg_extension where extname = 'vector') as installed,
           exists (select 1 from pg_available_extensions where name = 'vector') as available,
           (select rolsuper from pg_roles where rolname = current_user) as superuser`.execute(db);
  const state = rows[0]!;
  if (!state.installed) {
    if (!state.available || !state.superuser) return false;
    await sql`create extension if not exists vector`.execute(db);
  }
  await sql`alter table embeddings add column if not exists ann halfvec`.execute(db);
  // Rows stored before this: their vectors, at unit length (halfvec stops at ±65504), a page at a time. A vector
  // without direction stays NULL: no cosine neighbour of anything.
  for (let after = { version: '', model: '' }; ;) {
    const { rows } = await sql<{ version_id: string; model: string; vector: Uint8Array }>`
      select version_id, model, vector from embeddings
      where ann is null and (version_id > ${after.version} or (version_id = ${after.version} and model > ${after.model}))
      order by version_id, model limit 500`.execute(db);
    if (rows.length === 0) break;
    for (const row of rows) {
      const unit = unitVector(bytesToVector(row.vector));
      if (unit)
        await sql`update embeddings set ann = ${vectorLiteral(unit)}::halfvec
                  where version_id = ${row.version_id} and model = ${row.model}`.execute(db);
    }
    const last = rows[rows.length - 1]!;
    after = { version: last.version_id, model: last.model };
  }
  for (const dimensions of indexedDimensions) {
    await sql`
      create index if not exists ${sql.id(`embeddings_ann_${dimensions}_idx`)} on embeddings
      using hnsw ((ann::halfvec(${sql.raw(String(dimensions))})) halfvec_cosine_ops)
      where dimensions = ${sql.raw(String(dimensions))}`.execute(db);
  }
  return true;
}
