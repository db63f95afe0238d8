/**
 * Reading assets: one asset with its versions, filtered lists, the history, the original bytes (whole or a range);
 * only what the request context may read.
 */
import type { Readable } from 'node:stream';
import type { RequestContext } from '../domain/access.ts';
import type { Asset, AssetFilter, AssetVersion, AssetWithVersions, Page } from '../domain/asset.ts';
import type { AuditEntry } from '../domain/audit.ts';
import { parseColourFilter } from '../domain/colour-filter.ts';
import { notFound, ProvenaError, validationFailed } from '../domain/errors.ts';
import type { BlobStore, StoreTx, UnitOfWork } from '../domain/ports.ts';
import { authorise, readable, teamsInReach } from './authorise.ts';

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

/** One version of an asset the caller may read, and its bytes, opened on demand. */
export interface OriginalFile {
  version: AssetVersion;
  /** The stored bytes, whole or a range validated against the size (RANGE_NOT_SATISFIABLE). */
  open(range?: ByteRange): Promise<Readable>;
}

export class AssetService {
  constructor(private readonly deps: { store: UnitOfWork<'assets' | 'audit'>; blobs: BlobStore }) {}

  /** NOT_FOUND for an asset the caller may not read, as for one that does not exist. */
  async get(ctx: RequestContext, id: string): Promise<AssetWithVersions> {
    return readable(ctx, await this.deps.store.assets.get(id), id);
  }

  /**
   * Newest first, only assets of the teams the caller may read; a colour filter is validated here (VALIDATION_FAILED
   * naming the allowed colours).
   */
  async list(
    ctx: RequestContext,
    query: AssetListQuery,
    page: { limit?: number; cursor?: string },
  ): Promise<Page<Asset>> {
    const limit = Math.min(Math.max(page.limit ?? 50, 1), maxPageSize);
    // Deleted assets are listed to whoever may restore them (admins) alone.
    if (query.deleted === 'only') authorise(ctx, 'asset:restore');
    const teamIds = teamsInReach(ctx);
    return await this.deps.store.assets.list(
      { ...assetFilterOf(query), ...(teamIds ? { teamIds } : {}) },
      { limit, ...(page.cursor ? { cursor: page.cursor } : {}) },
    );
  }

  async history(ctx: RequestContext, id: string): Promise<AuditEntry[]> {
    await this.get(ctx, id);
    return this.deps.store.audit.forSubject('asset', id);
  }

  /** A version (default: the current one) and its bytes. */
  async original(ctx: RequestContext, id: string, number?: number): Promise<OriginalFile> {
    const { version } = await loadAssetVersion(ctx, this.deps.store, id, number);
    return { version, open: async (range) => this.open(version, range) };
  }

  private async open(version: AssetVersion, range?: ByteRange): Promise<Readable> {
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

/**
 * An asset the caller may read and one of its versions (default: the current one); NOT_FOUND names whichever is
 * missing (an asset out of the caller's reach is missing).
 */
export async function loadAssetVersion(
  ctx: RequestContext,
  store: Pick<StoreTx, 'assets'>,
  id: string,
  number?: number,
): Promise<{ asset: AssetWithVersions; version: AssetVersion }> {
  const asset = readable(ctx, await store.assets.get(id), id);
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
