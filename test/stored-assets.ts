/**
 * Assets written straight through the store, for storage tests that need rows to point at (no blob, no intake).
 */
import { newId } from '../src/domain/ids.ts';
import type { NewAsset, Store } from '../src/domain/ports.ts';
import { emptyProvenance } from '../src/domain/provenance.ts';

const now = () => new Date().toISOString();

/** An asset with `versions` versions, the last one current; returns the ids. */
export async function addStoredAsset(
  store: Store,
  options: { versions?: number; title?: string; tool?: string; teamId?: string } = {},
): Promise<{ assetId: string; versionIds: string[] }> {
  const { versions = 1, title = 'a.png', tool, teamId } = options;
  const assetId = newId();
  const versionIds: string[] = [];
  await store.transaction(async (tx) => {
    const asset: NewAsset = {
      id: assetId,
      title,
      kind: 'image',
      status: 'draft',
      ...(tool ? { tool } : {}),
      ...(teamId ? { teamId } : {}),
      quarantineReasons: [],
      rightsStatus: 'pending',
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
        createdBy: 't',
      });
    }
  });
  return { assetId, versionIds };
}
