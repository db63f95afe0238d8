import type { Kysely } from 'kysely';
import { colourFamilyOf } from '../../domain/colour-family.ts';
import type { ColourFamily } from '../../domain/enrichment.ts';

/**
 * The basic colour term of each palette colour (`family`: red, blue, grey…), what asset lists filter by
 * (`?colour=red`), with an index on (family, share) for "assets with at least 10 % red".
 *
 * Existing rows are filled here, in JS, from their stored Lab with the same domain function the palette enricher
 * uses, rather than left NULL until the palette backfill redoes them: the filter is SQL, so a NULL family would hide
 * every stored asset from colour filters until its palette is recomputed, and the family is a pure function of the
 * Lab already in the row. The column stays nullable because SQLite can only add a NOT NULL column with a constant
 * default, and a wrong default ('grey') would be worse than none; replacePalette always writes it and the reader
 * computes it for a NULL anyway.
 */

interface PaletteColoursTable {
  palette_colours: {
    version_id: string;
    rank: number;
    lab_l: number;
    lab_a: number;
    lab_b: number;
    family: string | null;
  };
}

/** Rows filled per round: two bound parameters each, far below both dialects' parameter limits. */
const batchSize = 1000;

/** Fills `family` of every row where it is NULL; returns how many rows it filled. */
export async function fillPaletteFamilies(db: Kysely<unknown>): Promise<number> {
  const typed = db as unknown as Kysely<PaletteColoursTable>;
  let filled = 0;
  for (;;) {
    const rows = await typed
      .selectFrom('palette_colours')
      .select(['version_id', 'rank', 'lab_l', 'lab_a', 'lab_b'])
      .where('family', 'is', null)
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return filled;
    const byFamily = new Map<ColourFamily, { version_id: string; rank: number }[]>();
    for (const row of rows) {
      const family = colourFamilyOf({ l: Number(row.lab_l), a: Number(row.lab_a), b: Number(row.lab_b) });
      const keys = byFamily.get(family) ?? [];
      keys.push({ version_id: row.version_id, rank: Number(row.rank) });
      byFamily.set(family, keys);
    }
    // One UPDATE per family in the batch (twelve at most) instead of one per row: a round trip each on PostgreSQL.
    for (const [family, keys] of byFamily) {
      await typed
        .updateTable('palette_colours')
        .set({ family })
        .where((eb) =>
          eb(
            eb.refTuple('version_id', 'rank'),
            'in',
            keys.map((k) => eb.tuple(k.version_id, k.rank)),
          ),
        )
        .execute();
    }
    filled += rows.length;
  }
}

/** The same statements on both dialects. */
export function paletteFamilyMigration() {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema.alterTable('palette_colours').addColumn('family', 'text').execute();
      await fillPaletteFamilies(db);
      await db.schema
        .createIndex('palette_colours_family_idx')
        .on('palette_colours')
        .columns(['family', 'share'])
        .execute();
    },
  };
}
