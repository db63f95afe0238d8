/**
 * Assets written straight through the store, for storage tests that need rows to point at (no blob, no intake).
 */
import { newId } from '../src/domain/ids.ts';
import type { AssetStatus, RightsStatus } from '../src/domain/asset.ts';
import type { NewAsset, Store } from '../src/domain/ports.ts';
import type { RiskTier } from '../src/domain/review.ts';
import { emptyProvenance } from '../src/domain/provenance.ts';

export interface StoredAssetOptions {
  versions?: number;
  title?: string;
  tool?: string;
  teamId?: string;
  /** Default draft; review tests put it straight in review. */
  status?: AssetStatus;
  riskTier?: RiskTier;
  rightsStatus?: RightsStatus;
  /** Who uploaded the versions (an actor label; separation of duties compares it). */
  createdBy?: string;
  /** When it was made and last changed (the review queue is oldest first); default now. */
  at?: string;
  /** The asset's id, for tests whose result depends on it (a sample by the id's hash); default a new one. */
  id?: string;
}

/** An asset with `versions` versions, the last one current; returns the ids. */
export async function addStoredAsset(
  store: Pick<Store, 'transaction'>,
  options: StoredAssetOptions = {},
): Promise<{ assetId: string; versionIds: string[] }> {
  const { versions = 1, title = 'a.png', tool, teamId, createdBy = 't' } = options;
  const now = () => options.at ?? new Date().toISOString();
  const assetId = options.id ?? newId();
  const versionIds: string[] = [];
  await store.transaction(async (tx) => {
    const asset: NewAsset = {
      id: assetId,
      title,
      kind: 'image',
      status: options.status ?? 'draft',
      ...(options.riskTier ? { riskTier: options.riskTier, riskPolicyVersion: 0 } : {}),
      ...(tool ? { tool } : {}),
      ...(teamId ? { teamId } : {}),
      quarantineReasons: [],
      rightsStatus: options.rightsStatus ?? 'pending',
      currentVersion: versions,
      createdAt: now(),
      updatedAt: now(),
    };
    await tx.assets.insert(asset);
    for (let n = 1; n <= versions; n++) {
      const id = newId();
      versionIds.push(id);
      await tx.assets.insertVersion({
        id,
        assetId,
        number: n,
        // A distinct, well-formed digest per version.
        blob: { sha256: id.replace(/-/g, '').padEnd(64, 'a'), size: 10 },
        mediaType: 'image/png',
        fileName: title,
        provenance: emptyProvenance(),
        createdAt: now(),
        createdBy,
      });
    }
  });
  return { assetId, versionIds };
}
