import type { Kysely } from 'kysely';

/**
 * The size of the picture each row's perceptual hashes were computed from (`picture_width`, `picture_height`): the
 * similarity index never matches hashes of a picture with a side under 32 px (hashesCarryInformation in
 * domain/sameness.ts), so it must know the size of every stored row it loads, including another process's.
 *
 * Existing rows take their version's recorded size, which for an image is the size that was hashed; a video version
 * records none, so its rows stay NULL (read as "size unknown", matched as before) until its hashes are recomputed.
 * Nullable for that reason, and because SQLite can only add a NOT NULL column with a constant default.
 */

interface HashSizeTables {
  perceptual_hashes: { version_id: string; picture_width: number | null; picture_height: number | null };
  asset_versions: { id: string; width: number | null; height: number | null };
}

/** Fills the picture size of every row that has none from its version's recorded size. */
export async function fillHashedPictureSizes(db: Kysely<unknown>): Promise<void> {
  const typed = db as unknown as Kysely<HashSizeTables>;
  await typed
    .updateTable('perceptual_hashes')
    .set((eb) => ({
      picture_width: eb
        .selectFrom('asset_versions')
        .select('asset_versions.width')
        .whereRef('asset_versions.id', '=', 'perceptual_hashes.version_id'),
      picture_height: eb
        .selectFrom('asset_versions')
        .select('asset_versions.height')
        .whereRef('asset_versions.id', '=', 'perceptual_hashes.version_id'),
    }))
    .where('picture_width', 'is', null)
    .execute();
}

/** The same statements on both dialects. */
export function hashedPictureSizeMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('perceptual_hashes').addColumn('picture_width', 'integer').execute();
      await db.schema.alterTable('perceptual_hashes').addColumn('picture_height', 'integer').execute();
      await fillHashedPictureSizes(db);
    },
  };
}
