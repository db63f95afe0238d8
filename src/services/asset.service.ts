/** Reading assets: one asset with its versions, filtered lists, the original bytes (whole or a range). */
import type { Readable } from 'node:stream';
import type { Asset, AssetFilter, AssetVersion, AssetWithVersions, Page } from '../domain/asset.ts';
import type { AuditEntry } from '../domain/audit.ts';
import { parseColourFilter } from '../domain/colour-filter.ts';
import { notFound, ProvenaError, validationFailed } from '../domain/errors.ts';
import type { BlobStore, Store } from '../domain/ports.ts';

export const maxPageSize = 200;

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/** List filters as a user gives them: the colour as text ('red', '#ff6600') with its optional share and tolerance. */
export interface AssetListQuery extends Omit<AssetFilter, 'colour'> {
  colour?: string;
  /** Minimum share 0..1 of the colour in the palette (default 0.1); needs `colour`. */
  colourShare?: number;
  /** CIEDE2000 tolerance for a hex colour (default 10); needs a hex `colour`. */
  colourTolerance?: number;
}

export class AssetService {
  constructor(private readonly deps: { store: Store; blobs: BlobStore }) {}

  async get(id: string): Promise<AssetWithVersions> {
    const asset = await this.deps.store.assets.get(id);
    if (!asset) throw notFound('Asset', id);
    return asset;
  }

  /** Newest first; a colour filter is validated here (VALIDATION_FAILED naming the allowed colours). */
  list(query: AssetListQuery, page: { limit?: number; cursor?: string }): Promise<Page<Asset>> {
    const limit = Math.min(Math.max(page.limit ?? 50, 1), maxPageSize);
    const filter = assetFilterOf(query);
    return this.deps.store.assets.list(filter, { limit, ...(page.cursor ? { cursor: page.cursor } : {}) });
  }

  history(id: string): Promise<AuditEntry[]> {
    return this.deps.store.audit.forSubject('asset', id);
  }

  async version(id: string, number?: number): Promise<AssetVersion> {
    return (await loadAssetVersion(this.deps.store, id, number)).version;
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

/** An asset and one of its versions (default: the current one); NOT_FOUND names whichever is missing. */
export async function loadAssetVersion(
  store: Pick<Store, 'assets'>,
  id: string,
  number?: number,
): Promise<{ asset: AssetWithVersions; version: AssetVersion }> {
  const asset = await store.assets.get(id);
  if (!asset) throw notFound('Asset', id);
  const wanted = number ?? asset.currentVersion;
  const version = asset.versions.find((v) => v.number === wanted);
  if (!version) throw notFound(`Version ${wanted} of asset`, id);
  return { asset, version };
}

function assetFilterOf(query: AssetListQuery): AssetFilter {
  const { colour, colourShare, colourTolerance, ...filter } = query;
  if (colour === undefined) {
    const stray = [
      ...(colourShare !== undefined ? ['colourShare'] : []),
      ...(colourTolerance !== undefined ? ['colourTolerance'] : []),
    ];
    if (stray.length > 0) throw validationFailed(stray.map((field) => ({ field, problem: 'needs colour' })));
    return filter;
  }
  return {
    ...filter,
    colour: parseColourFilter({
      colour,
      ...(colourShare !== undefined ? { share: colourShare } : {}),
      ...(colourTolerance !== undefined ? { tolerance: colourTolerance } : {}),
    }),
  };
}
