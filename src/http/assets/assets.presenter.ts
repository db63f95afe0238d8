/** Domain assets → API bodies. Raw C2PA store bytes are summarised by size (download the original for them). */
import type { Asset, AssetVersion, AssetWithVersions } from '../../domain/asset.ts';
import type { ProvenanceRecord } from '../../domain/provenance.ts';
import type { AssetBodyType } from '../schemas.ts';

export function presentProvenance(record: ProvenanceRecord): Record<string, unknown> {
  if (!record.c2pa?.manifestStoreBytes) return { ...record };
  const { manifestStoreBytes, ...c2pa } = record.c2pa;
  return { ...record, c2pa: { ...c2pa, manifestStoreSize: manifestStoreBytes.length } };
}

function presentVersion(version: AssetVersion) {
  return {
    number: version.number,
    sha256: version.blob.sha256,
    size: version.blob.size,
    mediaType: version.mediaType,
    fileName: version.fileName,
    ...(version.width !== undefined ? { width: version.width } : {}),
    ...(version.height !== undefined ? { height: version.height } : {}),
    createdAt: version.createdAt,
    createdBy: version.createdBy,
    ...(version.revertOf !== undefined ? { revertOf: version.revertOf } : {}),
    provenance: presentProvenance(version.provenance),
    originalUrl: `/api/v1/assets/${version.assetId}/original?version=${version.number}`,
  };
}

export function presentAsset(asset: Asset | AssetWithVersions): AssetBodyType {
  const { versions, ...rest } = asset as AssetWithVersions;
  return { ...rest, ...(versions ? { versions: versions.map(presentVersion) } : {}) };
}

/** The asset's ETag: its updatedAt, which every change moves on; PATCH takes it back as If-Match. */
export const assetTag = (asset: Asset): string => `"${asset.updatedAt}"`;
