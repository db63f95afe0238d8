/**
 * Removes an asset for good (AssetRepository.purge): the rows made of its versions (enrichment results, renditions,
 * palette, hashes, tags, embeddings), the links to and from it, its family membership (a family it was canonical of
 * gets its oldest remaining member as canonical; one left empty goes), its lineage, its versions and the asset row.
 * Renditions exported from its bytes go (migration 0017). Blob rows no version, rendition, exported rendition or
 * brand logo refers to any more go too; their digests are answered, so that the caller deletes
 * the files under the digest's hold (a concurrent upload of the same bytes records them again first, or finds them
 * gone and writes them anew). Runs in the caller's transaction: all of it or none.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Tables keyed by version id whose rows are the enrichment of a version. */
const versionTables = [
  'enrichment_results',
  'renditions',
  'palette_colours',
  'perceptual_hashes',
  'tags',
  'embeddings',
] as const;

export async function purgeAssetRows(
  db: Kysely<Database>,
  assetId: string,
  hold: (sha256: string) => Promise<void>,
): Promise<string[]> {
  const versions = sql`(select id from asset_versions where asset_id = ${assetId})`;
  const candidates = await sql<{ sha256: string }>`
    select blob_sha256 as sha256 from asset_versions where asset_id = ${assetId}
    union
    select blob_sha256 as sha256 from renditions where version_id in ${versions}
    union
    select blob_sha256 as sha256 from export_renditions
      where source_sha256 in (select blob_sha256 from asset_versions where asset_id = ${assetId})`.execute(db);
  const sources = await sql<{ sha256: string }>`
    select distinct blob_sha256 as sha256 from asset_versions where asset_id = ${assetId}`.execute(db);
  // In one order everywhere, so that two purges sharing blobs cannot wait for each other.
  const digests = candidates.rows.map((row) => row.sha256).sort();
  for (const sha256 of digests) await hold(sha256);
  for (const table of versionTables)
    await sql`delete from ${sql.table(table)} where version_id in ${versions}`.execute(db);
  await sql`delete from perceptual_hashes where asset_id = ${assetId}`.execute(db);
  await sql`delete from near_duplicate_links where asset_id = ${assetId} or matched_asset_id = ${assetId}`.execute(db);
  await leaveFamily(db, assetId);
  await sql`delete from asset_lineage where asset_id = ${assetId}`.execute(db);
  await sql`delete from asset_versions where asset_id = ${assetId}`.execute(db);
  // Renditions exported from bytes no version holds any more go too: a purge leaves no copy of the asset behind.
  for (const { sha256 } of sources.rows)
    await sql`delete from export_renditions where source_sha256 = ${sha256}
      and not exists (select 1 from asset_versions where blob_sha256 = ${sha256})`.execute(db);
  await sql`delete from assets where id = ${assetId}`.execute(db);
  const unreferenced: string[] = [];
  for (const sha256 of digests) {
    const used = await sql<{ one: number }>`
      select 1 as one from asset_versions where blob_sha256 = ${sha256}
      union all
      select 1 as one from renditions where blob_sha256 = ${sha256}
      union all
      select 1 as one from brand_logos where blob_sha256 = ${sha256}
      union all
      select 1 as one from export_renditions where blob_sha256 = ${sha256}
      limit 1`.execute(db);
    if (used.rows.length > 0) continue;
    await sql`delete from blobs where sha256 = ${sha256}`.execute(db);
    unreferenced.push(sha256);
  }
  return unreferenced;
}

async function leaveFamily(db: Kysely<Database>, assetId: string): Promise<void> {
  const membership = await sql<{ family_id: string }>`
    select family_id from family_members where asset_id = ${assetId}`.execute(db);
  await sql`delete from family_members where asset_id = ${assetId}`.execute(db);
  const families = new Set(membership.rows.map((row) => row.family_id));
  const canonicalOf = await sql<{ id: string }>`
    select id from variant_families where canonical_asset_id = ${assetId}`.execute(db);
  for (const row of canonicalOf.rows) families.add(row.id);
  for (const familyId of families) {
    const next = await sql<{ asset_id: string }>`
      select asset_id from family_members where family_id = ${familyId} order by added_at, asset_id limit 1`.execute(
      db,
    );
    const successor = next.rows[0]?.asset_id;
    if (successor === undefined) {
      await sql`delete from variant_families where id = ${familyId}`.execute(db);
      continue;
    }
    const family = await sql<{ canonical_asset_id: string }>`
      select canonical_asset_id from variant_families where id = ${familyId}`.execute(db);
    if (family.rows[0]?.canonical_asset_id !== assetId) continue;
    await sql`update variant_families set canonical_asset_id = ${successor}, updated_at = ${new Date().toISOString()}
      where id = ${familyId}`.execute(db);
    await sql`update family_members set role = 'canonical' where asset_id = ${successor}`.execute(db);
  }
}
