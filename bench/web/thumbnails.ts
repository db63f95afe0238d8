/**
 * Thumbnails for the web bench's store: the search library (bench/search/library.ts) writes assets without rendition
 * files, so every cell would show "No preview" and the bench would measure a page that never decodes an image. This
 * makes `count` photograph-like sources (gradients under noise, square and not), runs them through the enrichment's
 * own rendition writer (decode, 256-px WebP thumbnail, thumbhash placeholder), stores the thumbnails through the blob
 * store, and gives every current version one of them: a `renditions` row and a `renditions` enrichment result with its
 * placeholder, as enrichment would have written them. Idempotent: earlier thumbnail rows are replaced.
 */
import { join } from 'node:path';
import sharp from 'sharp';
import type { Kysely } from 'kysely';
import { LocalBlobStore } from '../../src/blobs/local-blob-store.ts';
import { decodeImage } from '../../src/enrich/decode/decode-image.ts';
import { makeRenditions, type ImageRenditions } from '../../src/enrich/renditions/renditions.ts';
import type { EnrichmentDatabase } from '../../src/storage/enrichment.schema.ts';
import type { Database } from '../../src/storage/schema.ts';
import { gradientNoisePng } from '../support.ts';

/** Width:height of the sources, in turn: square, landscape, portrait, panorama. */
const aspects = [1, 3 / 2, 3 / 4, 16 / 9];

export async function addThumbnails(database: Kysely<Database>, dataDir: string, count = 48): Promise<void> {
  const blobs = await new LocalBlobStore(join(dataDir, 'blobs')).init();
  const db = database.withTables<Omit<EnrichmentDatabase, keyof Database>>();
  const made: ImageRenditions[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const square = await gradientNoisePng(768, i + 1);
      const aspect = aspects[i % aspects.length]!;
      const size =
        aspect >= 1
          ? { width: 768, height: Math.round(768 / aspect) }
          : { width: Math.round(768 * aspect), height: 768 };
      const source = await sharp(square)
        .extract({ left: 0, top: 0, ...size })
        .png()
        .toBuffer();
      const renditions = await makeRenditions(await decodeImage(source, { limitInputPixels: 10_000_000 }));
      const staged = await blobs.stage(renditions.thumbnail.bytes, { maxBytes: 1 << 20 });
      await blobs.commit(staged);
      made.push(renditions);
    }
  } finally {
    await blobs.close();
  }
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (const { thumbnail } of made)
      await trx
        .insertInto('blobs')
        .values({
          sha256: thumbnail.rendition.sha256,
          size: thumbnail.rendition.size,
          media_type: 'image/webp',
          created_at: now,
        })
        .onConflict((c) => c.column('sha256').doNothing())
        .execute();
    await trx.deleteFrom('renditions').where('role', '=', 'thumbnail').execute();
    await trx.deleteFrom('enrichment_results').where('enricher', '=', 'renditions').execute();
    const versions = await trx
      .selectFrom('asset_versions')
      .innerJoin('assets', (join) =>
        join
          .onRef('assets.id', '=', 'asset_versions.asset_id')
          .onRef('assets.current_version', '=', 'asset_versions.number'),
      )
      .select('asset_versions.id')
      .execute();
    const batch = 500;
    for (let from = 0; from < versions.length; from += batch) {
      const slice = versions.slice(from, from + batch);
      const pick = (n: number) => made[(from + n) % made.length]!;
      await trx
        .insertInto('renditions')
        .values(
          slice.map(({ id }, n) => {
            const { rendition } = pick(n).thumbnail;
            return {
              version_id: id,
              role: 'thumbnail',
              position: 0,
              blob_sha256: rendition.sha256,
              media_type: rendition.mediaType,
              width: rendition.width,
              height: rendition.height,
              size: rendition.size,
              at_seconds: null,
            };
          }),
        )
        .execute();
      await trx
        .insertInto('enrichment_results')
        .values(
          slice.map(({ id }, n) => {
            const renditions = pick(n);
            return {
              version_id: id,
              enricher: 'renditions',
              model: renditions.producer.model,
              model_version: renditions.producer.modelVersion,
              status: 'done',
              error_code: null,
              error_message: null,
              produced_at: now,
              result: JSON.stringify({ signals: renditions.signals, roles: ['thumbnail'] }),
            };
          }),
        )
        .execute();
    }
  });
}
