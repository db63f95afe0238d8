/**
 * Deleting a blob file that nothing refers to any more, safely beside intake in any process: in a transaction that
 * holds the digest (StoreTransaction.holdBlob), the references are checked again before the file goes, and intake
 * records a blob it reuses holding the same digest. So bytes an upload reuses are either recorded before the re-check
 * (kept) or deleted before the upload looks for them (written again by it). Doctor's orphan removal and the purge of
 * deleted assets both delete through here.
 */
import type { BlobStat, BlobStore, UnitOfWork } from '../domain/ports.ts';

/** Deletes the blob if, holding its digest, nothing refers to it (and `mayGo` agrees); whether it did. */
export async function deleteBlobIfUnreferenced(
  store: UnitOfWork<'assets'>,
  blobs: Pick<BlobStore, 'stat' | 'delete'>,
  sha256: string,
  mayGo: (blob: BlobStat) => boolean = () => true,
): Promise<boolean> {
  return store.transaction(async (tx) => {
    await tx.holdBlob(sha256);
    if (await tx.assets.isBlobReferenced(sha256)) return false;
    const blob = await blobs.stat(sha256);
    if (!blob || !mayGo(blob)) return false;
    await blobs.delete(sha256);
    return true;
  });
}
