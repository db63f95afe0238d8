/** Reading assets: one asset with its versions, filtered lists, the original bytes (whole or a range). */
import type { Readable } from 'node:stream';
import type { Asset, AssetFilter, AssetVersion, AssetWithVersions, Page } from '../domain/asset.ts';
import type { AuditEntry } from '../domain/audit.ts';
import { notFound, ProvenaError } from '../domain/errors.ts';
import type { BlobStore, Store } from '../domain/ports.ts';

export const maxPageSize = 200;

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

export class AssetService {
  constructor(private readonly deps: { store: Store; blobs: BlobStore }) {}

  async get(id: string): Promise<AssetWithVersions> {
    const asset = await this.deps.store.assets.get(id);
    if (!asset) throw notFound('Asset', id);
    return asset;
  }

  list(filter: AssetFilter, page: { limit?: number; cursor?: string }): Promise<Page<Asset>> {
    const limit = Math.min(Math.max(page.limit ?? 50, 1), maxPageSize);
    return this.deps.store.assets.list(filter, { limit, ...(page.cursor ? { cursor: page.cursor } : {}) });
  }

  history(id: string): Promise<AuditEntry[]> {
    return this.deps.store.audit.forSubject('asset', id);
  }

  async version(id: string, number?: number): Promise<AssetVersion> {
    const asset = await this.get(id);
    const wanted = number ?? asset.currentVersion;
    const version = asset.versions.find((v) => v.number === wanted);
    if (!version) throw notFound(`Version ${wanted} of asset`, id);
    return version;
  }

  /** Opens the original file of a version; `range` is validated against the size (RANGE_NOT_SATISFIABLE). */
  async openOriginal(version: AssetVersion, range?: ByteRange): Promise<Readable> {
    if (range && (range.start < 0 || range.end < range.start || range.start >= version.blob.size)) {
      throw new ProvenaError(
        'RANGE_NOT_SATISFIABLE',
        `Bytes ${range.start}-${range.end} lie outside the ${version.blob.size}-byte file.`,
        {
          size: version.blob.size,
        },
      );
    }
    const bounded = range ? { start: range.start, end: Math.min(range.end, version.blob.size - 1) } : undefined;
    return this.deps.blobs.open(version.blob.sha256, bounded);
  }
}
