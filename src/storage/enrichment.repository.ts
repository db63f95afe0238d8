/** Enrichment results per asset version: the record per enricher and the queryable rows each enricher produces. */
import type { Kysely, Selectable } from 'kysely';
import { colourFamilyOf } from '../domain/colour-family.ts';
import { colourFamilies } from '../domain/enrichment.ts';
import type {
  Embedding,
  PaletteColour,
  PerceptualHashes,
  Rendition,
  Tag,
  TagCategory,
  TagSource,
  VisualSignals,
} from '../domain/enrichment.ts';
import type { EnrichmentRecord, EnrichmentRepository, EnrichmentStatus, StoredEmbedding } from '../domain/ports.ts';
import type { NearDuplicateLink, SimilarityVerdict, StoredPerceptualHashes } from '../domain/sameness.ts';
import type { EnrichmentDatabase, NearDuplicateLinkRow, PerceptualHashRow } from './enrichment.schema.ts';
import { fromJson, toJson } from './json.ts';
import { storeSearchableForm } from './vector/searchable-form.ts';
import type { Database } from './schema.ts';

/** 16 hex digits → two signed 32-bit halves (the stored form; see migration 0003). */
export const hexToHalves = (hex: string): [number, number] => [
  Number.parseInt(hex.slice(0, 8), 16) | 0,
  Number.parseInt(hex.slice(8, 16), 16) | 0,
];
export const halvesToHex = (hi: number, lo: number): string =>
  (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');

function rowToHashes(row: Selectable<PerceptualHashRow>): StoredPerceptualHashes {
  const pair = (dHi: number, dLo: number, pHi: number, pLo: number): PerceptualHashes => ({
    dHash: halvesToHex(Number(dHi), Number(dLo)),
    pHash: halvesToHex(Number(pHi), Number(pLo)),
  });
  return {
    full: pair(row.d_hi, row.d_lo, row.p_hi, row.p_lo),
    inset: pair(row.inset_d_hi, row.inset_d_lo, row.inset_p_hi, row.inset_p_lo),
    ...(row.picture_width !== null && row.picture_height !== null
      ? { picture: { width: Number(row.picture_width), height: Number(row.picture_height) } }
      : {}),
  };
}

function rowToLink(row: Selectable<NearDuplicateLinkRow>): NearDuplicateLink {
  return {
    assetId: row.asset_id,
    versionNumber: Number(row.version_number),
    matchedAssetId: row.matched_asset_id,
    verdict: row.verdict as SimilarityVerdict,
    distances: {
      dHash: Number(row.d_hash),
      pHash: Number(row.p_hash),
      via: row.via as 'direct' | 'crop',
      ...(row.embedding_cosine !== null ? { embeddingCosine: Number(row.embedding_cosine) } : {}),
    },
    reason: row.reason,
    decidedBy: row.decided_by,
    createdAt: row.created_at,
  };
}

/** Float32 vectors as little-endian bytes (the platform order of every Node target). */
const vectorToBytes = (vector: Float32Array): Buffer =>
  Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
function bytesToVector(bytes: Uint8Array): Float32Array {
  // Copy: the driver's Buffer may sit at an offset that is not a multiple of 4 inside a shared pool.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer, 0, copy.byteLength >> 2);
}

export class SqlEnrichmentRepository implements EnrichmentRepository {
  private readonly db: Kysely<EnrichmentDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<Omit<EnrichmentDatabase, keyof Database>>();
  }

  async result(versionId: string, enricher: string): Promise<EnrichmentRecord | undefined> {
    const row = await this.db
      .selectFrom('enrichment_results')
      .selectAll()
      .where('version_id', '=', versionId)
      .where('enricher', '=', enricher)
      .executeTakeFirst();
    return row ? rowToRecord(row) : undefined;
  }

  async results(versionId: string): Promise<EnrichmentRecord[]> {
    const rows = await this.db
      .selectFrom('enrichment_results')
      .selectAll()
      .where('version_id', '=', versionId)
      .orderBy('enricher')
      .execute();
    return rows.map(rowToRecord);
  }

  async saveResults(records: readonly EnrichmentRecord[]): Promise<void> {
    // One row per (version, enricher), the last given winning: one statement may not update a row twice.
    const rows = [...new Map(records.map((r) => [`${r.versionId}\u0000${r.enricher}`, r])).values()].map((record) => ({
      version_id: record.versionId,
      enricher: record.enricher,
      model: record.model,
      model_version: record.modelVersion,
      status: record.status,
      error_code: record.error?.code ?? null,
      error_message: record.error?.message ?? null,
      produced_at: record.producedAt,
      result: toJson(record.result),
    }));
    if (rows.length === 0) return;
    await this.db
      .insertInto('enrichment_results')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['version_id', 'enricher']).doUpdateSet((eb) => ({
          model: eb.ref('excluded.model'),
          model_version: eb.ref('excluded.model_version'),
          status: eb.ref('excluded.status'),
          error_code: eb.ref('excluded.error_code'),
          error_message: eb.ref('excluded.error_message'),
          produced_at: eb.ref('excluded.produced_at'),
          result: eb.ref('excluded.result'),
        })),
      )
      .execute();
  }

  async replaceRenditions(
    versionId: string,
    roles: readonly Rendition['role'][],
    renditions: Rendition[],
    at: string,
  ): Promise<void> {
    if (roles.length > 0)
      await this.db.deleteFrom('renditions').where('version_id', '=', versionId).where('role', 'in', roles).execute();
    const positions = new Map<string, number>();
    for (const r of renditions) {
      await this.db
        .insertInto('blobs')
        .values({ sha256: r.sha256, size: r.size, media_type: r.mediaType, created_at: at })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      const position = positions.get(r.role) ?? 0;
      positions.set(r.role, position + 1);
      await this.db
        .insertInto('renditions')
        .values({
          version_id: versionId,
          role: r.role,
          position,
          blob_sha256: r.sha256,
          media_type: r.mediaType,
          width: r.width,
          height: r.height,
          size: r.size,
          at_seconds: r.atSeconds ?? null,
        })
        .execute();
    }
  }

  async renditions(versionId: string): Promise<Rendition[]> {
    const rows = await this.db
      .selectFrom('renditions')
      .selectAll()
      .where('version_id', '=', versionId)
      .orderBy('role')
      .orderBy('position')
      .execute();
    return rows.map((row) => ({
      role: row.role as Rendition['role'],
      mediaType: row.media_type,
      width: Number(row.width),
      height: Number(row.height),
      sha256: row.blob_sha256,
      size: Number(row.size),
      ...(row.at_seconds !== null ? { atSeconds: Number(row.at_seconds) } : {}),
    }));
  }

  async replacePalette(versionId: string, colours: PaletteColour[]): Promise<void> {
    await this.db.deleteFrom('palette_colours').where('version_id', '=', versionId).execute();
    if (colours.length === 0) return;
    await this.db
      .insertInto('palette_colours')
      .values(
        colours.map((c, rank) => ({
          version_id: versionId,
          rank,
          hex: c.hex,
          lab_l: c.lab.l,
          lab_a: c.lab.a,
          lab_b: c.lab.b,
          share: c.share,
          name: c.name,
          family: c.family,
        })),
      )
      .execute();
  }

  async palette(versionId: string): Promise<PaletteColour[]> {
    const rows = await this.db
      .selectFrom('palette_colours')
      .selectAll()
      .where('version_id', '=', versionId)
      .orderBy('rank')
      .execute();
    return rows.map((r) => {
      const lab = { l: Number(r.lab_l), a: Number(r.lab_a), b: Number(r.lab_b) };
      const family = colourFamilies.find((f) => f === r.family) ?? colourFamilyOf(lab);
      return { hex: r.hex, lab, share: Number(r.share), name: r.name, family };
    });
  }

  async replaceHashes(
    versionId: string,
    assetId: string,
    hashes: StoredPerceptualHashes,
    model: string,
  ): Promise<void> {
    const [dHi, dLo] = hexToHalves(hashes.full.dHash);
    const [pHi, pLo] = hexToHalves(hashes.full.pHash);
    const [idHi, idLo] = hexToHalves(hashes.inset.dHash);
    const [ipHi, ipLo] = hexToHalves(hashes.inset.pHash);
    const values = {
      asset_id: assetId,
      model,
      d_hi: dHi,
      d_lo: dLo,
      p_hi: pHi,
      p_lo: pLo,
      inset_d_hi: idHi,
      inset_d_lo: idLo,
      inset_p_hi: ipHi,
      inset_p_lo: ipLo,
      picture_width: hashes.picture?.width ?? null,
      picture_height: hashes.picture?.height ?? null,
      // Stamped when the write runs, inside the run's closing transaction: as near its commit as this side can see.
      // Other processes' index refreshes read recent rows by it (currentHashesStoredSince).
      stored_at: new Date().toISOString(),
    };
    await this.db
      .insertInto('perceptual_hashes')
      .values({ version_id: versionId, ...values })
      .onConflict((oc) => oc.column('version_id').doUpdateSet(values))
      .execute();
  }

  async hashes(versionId: string): Promise<StoredPerceptualHashes | undefined> {
    const row = await this.db
      .selectFrom('perceptual_hashes')
      .selectAll()
      .where('version_id', '=', versionId)
      .executeTakeFirst();
    return row ? rowToHashes(row) : undefined;
  }

  currentHashes(afterAssetId: string, limit: number): Promise<{ assetId: string; hashes: StoredPerceptualHashes }[]> {
    return this.currentHashesPage(afterAssetId, limit);
  }

  currentHashesStoredSince(
    since: string,
    afterAssetId: string,
    limit: number,
  ): Promise<{ assetId: string; hashes: StoredPerceptualHashes }[]> {
    return this.currentHashesPage(afterAssetId, limit, since);
  }

  /** Current-version hashes keyset-paged by asset id, optionally only those stored at or after `since`. */
  private async currentHashesPage(
    afterAssetId: string,
    limit: number,
    since?: string,
  ): Promise<{ assetId: string; hashes: StoredPerceptualHashes }[]> {
    let query = this.db
      .selectFrom('perceptual_hashes')
      .innerJoin('asset_versions', 'asset_versions.id', 'perceptual_hashes.version_id')
      .innerJoin('assets', (join) =>
        join
          .onRef('assets.id', '=', 'asset_versions.asset_id')
          .onRef('assets.current_version', '=', 'asset_versions.number'),
      )
      .selectAll('perceptual_hashes')
      .where('perceptual_hashes.asset_id', '>', afterAssetId)
      // A soft-deleted asset is matched by nothing new (its hashes stay, for a restore).
      .where('assets.deleted_at', 'is', null);
    if (since !== undefined) query = query.where('perceptual_hashes.stored_at', '>=', since);
    const rows = await query.orderBy('perceptual_hashes.asset_id').limit(limit).execute();
    return rows.map((row) => ({ assetId: row.asset_id, hashes: rowToHashes(row) }));
  }

  async replaceTags(versionId: string, sources: readonly Tag['source'][], tags: Tag[]): Promise<void> {
    if (sources.length > 0)
      await this.db.deleteFrom('tags').where('version_id', '=', versionId).where('source', 'in', sources).execute();
    // One row per (source, category, label): a label found twice keeps its highest confidence.
    const unique = new Map<string, Tag>();
    for (const tag of tags) {
      const key = `${tag.source}\u0000${tag.category}\u0000${tag.label}`;
      const seen = unique.get(key);
      if (!seen || seen.confidence < tag.confidence) unique.set(key, tag);
    }
    if (unique.size === 0) return;
    await this.db
      .insertInto('tags')
      .values(
        [...unique.values()].map((t) => ({
          version_id: versionId,
          source: t.source,
          label: t.label,
          category: t.category,
          confidence: t.confidence,
          model: t.model,
        })),
      )
      .execute();
  }

  async tags(versionId: string): Promise<Tag[]> {
    const rows = await this.db
      .selectFrom('tags')
      .selectAll()
      .where('version_id', '=', versionId)
      .orderBy('confidence', 'desc')
      .orderBy('label')
      .execute();
    return rows.map((r) => ({
      label: r.label,
      category: r.category as TagCategory,
      source: r.source as TagSource,
      confidence: Number(r.confidence),
      model: r.model,
    }));
  }

  async saveEmbedding(versionId: string, embedding: Embedding, at: string): Promise<void> {
    const values = {
      model_version: embedding.modelVersion,
      dimensions: embedding.vector.length,
      vector: vectorToBytes(embedding.vector),
      produced_at: at,
    };
    await this.db
      .insertInto('embeddings')
      .values({ version_id: versionId, model: embedding.model, ...values })
      .onConflict((oc) => oc.columns(['version_id', 'model']).doUpdateSet(values))
      .execute();
    // The search's own form of it (a binary code, or pgvector's column), in the same transaction.
    await storeSearchableForm(this.db, versionId, embedding.model, embedding.vector);
  }

  async embeddings(versionId: string): Promise<StoredEmbedding[]> {
    const rows = await this.db
      .selectFrom('embeddings')
      .selectAll()
      .where('version_id', '=', versionId)
      .orderBy('model')
      .execute();
    return rows.map((r) => ({
      model: r.model,
      modelVersion: r.model_version,
      dimensions: Number(r.dimensions),
      vector: bytesToVector(r.vector),
      producedAt: r.produced_at,
    }));
  }

  async currentEmbeddings(assetIds: readonly string[], model: string): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    if (assetIds.length === 0) return out;
    const rows = await this.db
      .selectFrom('embeddings')
      .innerJoin('asset_versions', 'asset_versions.id', 'embeddings.version_id')
      .innerJoin('assets', (join) =>
        join
          .onRef('assets.id', '=', 'asset_versions.asset_id')
          .onRef('assets.current_version', '=', 'asset_versions.number'),
      )
      .select(['assets.id as asset_id', 'embeddings.vector'])
      .where('embeddings.model', '=', model)
      .where('assets.id', 'in', assetIds)
      .execute();
    for (const row of rows) out.set(row.asset_id, bytesToVector(row.vector));
    return out;
  }

  async currentPlaceholders(assetIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (assetIds.length === 0) return out;
    // The asked assets, their current versions, then each version's result by primary key (version_id, enricher), in
    // that order: SQLite never reorders a CROSS JOIN (PostgreSQL plans it as any join). Left to choose, SQLite's
    // planner read every `renditions` result by the (enricher, model_version) index — 0.6–0.8 s a library page at
    // 100,000 assets, against under a millisecond this way.
    const rows = await this.db
      .selectFrom('assets')
      .crossJoin('asset_versions')
      .crossJoin('enrichment_results')
      .select(['assets.id as asset_id', 'enrichment_results.result'])
      .where('assets.id', 'in', assetIds)
      .whereRef('asset_versions.asset_id', '=', 'assets.id')
      .whereRef('asset_versions.number', '=', 'assets.current_version')
      .whereRef('enrichment_results.version_id', '=', 'asset_versions.id')
      .where('enrichment_results.enricher', '=', 'renditions')
      .where('enrichment_results.status', '=', 'done')
      .execute();
    for (const row of rows) {
      const placeholder = fromJson<{ signals?: VisualSignals }>(row.result).signals?.placeholder;
      if (placeholder?.kind === 'thumbhash') out.set(row.asset_id, placeholder.value);
    }
    return out;
  }

  async replaceLinks(assetId: string, versionNumber: number, links: NearDuplicateLink[]): Promise<void> {
    await this.db
      .deleteFrom('near_duplicate_links')
      .where('asset_id', '=', assetId)
      .where('version_number', '=', versionNumber)
      .execute();
    if (links.length === 0) return;
    await this.db
      .insertInto('near_duplicate_links')
      .values(
        links.map((l) => ({
          asset_id: l.assetId,
          version_number: l.versionNumber,
          matched_asset_id: l.matchedAssetId,
          verdict: l.verdict,
          d_hash: l.distances.dHash,
          p_hash: l.distances.pHash,
          via: l.distances.via,
          embedding_cosine: l.distances.embeddingCosine ?? null,
          reason: l.reason,
          decided_by: l.decidedBy,
          created_at: l.createdAt,
        })),
      )
      .execute();
  }

  async linksOf(assetId: string): Promise<NearDuplicateLink[]> {
    const rows = await this.db
      .selectFrom('near_duplicate_links')
      .selectAll()
      .where((eb) => eb.or([eb('asset_id', '=', assetId), eb('matched_asset_id', '=', assetId)]))
      .orderBy('created_at')
      .orderBy('matched_asset_id')
      .execute();
    return rows.map(rowToLink);
  }
}

function rowToRecord(row: Selectable<EnrichmentDatabase['enrichment_results']>): EnrichmentRecord {
  return {
    versionId: row.version_id,
    enricher: row.enricher,
    model: row.model,
    modelVersion: row.model_version,
    status: row.status as EnrichmentStatus,
    ...(row.error_code !== null ? { error: { code: row.error_code, message: row.error_message ?? '' } } : {}),
    producedAt: row.produced_at,
    result: fromJson<Record<string, unknown>>(row.result),
  };
}
