/**
 * The rendition cache (migration 0017): (source SHA-256, rendition digest) → the rendition's blob and what the
 * exporter answered. Recording registers the blob too (doctor keeps what `blobs` lists); of two recordings of one key
 * the first stays and both callers get it.
 */
import type { Kysely, Selectable } from 'kysely';
import type { CachedRendition, RenditionCacheRepository } from '../domain/rendition-cache.ts';
import type { ExportDatabase, ExportRenditionRow } from './export.schema.ts';
import { fromJson, toJson } from './json.ts';
import type { Database } from './schema.ts';

const rowToRendition = (row: Selectable<ExportRenditionRow>): CachedRendition => ({
  sourceSha256: row.source_sha256,
  renditionDigest: row.rendition_digest,
  sha256: row.blob_sha256,
  size: Number(row.size),
  mediaType: row.media_type,
  ...(row.width !== null ? { width: Number(row.width) } : {}),
  ...(row.height !== null ? { height: Number(row.height) } : {}),
  c2pa: row.c2pa as CachedRendition['c2pa'],
  jsonLd: fromJson<Record<string, unknown>>(row.json_ld),
  createdAt: row.created_at,
});

export class SqlRenditionCacheRepository implements RenditionCacheRepository {
  private readonly db: Kysely<ExportDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<Omit<ExportDatabase, keyof Database>>();
  }

  async find(sourceSha256: string, renditionDigest: string): Promise<CachedRendition | undefined> {
    const row = await this.db
      .selectFrom('export_renditions')
      .selectAll()
      .where('source_sha256', '=', sourceSha256)
      .where('rendition_digest', '=', renditionDigest)
      .executeTakeFirst();
    return row ? rowToRendition(row) : undefined;
  }

  async record(rendition: CachedRendition): Promise<CachedRendition> {
    await this.db
      .insertInto('blobs')
      .values({
        sha256: rendition.sha256,
        size: rendition.size,
        media_type: rendition.mediaType,
        created_at: rendition.createdAt,
      })
      .onConflict((oc) => oc.column('sha256').doNothing())
      .execute();
    await this.db
      .insertInto('export_renditions')
      .values({
        source_sha256: rendition.sourceSha256,
        rendition_digest: rendition.renditionDigest,
        blob_sha256: rendition.sha256,
        size: rendition.size,
        media_type: rendition.mediaType,
        width: rendition.width ?? null,
        height: rendition.height ?? null,
        c2pa: rendition.c2pa,
        json_ld: toJson(rendition.jsonLd),
        created_at: rendition.createdAt,
      })
      .onConflict((oc) => oc.columns(['source_sha256', 'rendition_digest']).doNothing())
      .execute();
    return (await this.find(rendition.sourceSha256, rendition.renditionDigest)) ?? rendition;
  }
}
