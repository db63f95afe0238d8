/**
 * The rendition cache (issue 15 §3, decision 0035): a rendition made for a preset is stored once, by content address,
 * and found again by the source's SHA-256 and the rendition digest (domain/export-presets.ts renditionDigest: the
 * preset's byte-shaping fields, the exporter's version and the facts written into the file).
 */
import type { RenditionFacts } from './export.ts';

export interface CachedRendition extends RenditionFacts {
  sourceSha256: string;
  renditionDigest: string;
  /** The rendition's bytes in the blob store. */
  sha256: string;
  size: number;
  createdAt: string;
}

export interface RenditionCacheRepository {
  find(sourceSha256: string, renditionDigest: string): Promise<CachedRendition | undefined>;
  /**
   * Records a rendition (and its blob, so that doctor keeps it) unless one is recorded for the same key already;
   * answers the one that stays — the first recorded wins, so every caller serves the same bytes.
   */
  record(rendition: CachedRendition): Promise<CachedRendition>;
}
