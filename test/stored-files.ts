/**
 * Files stored straight through the blob store and the store, for HTTP tests of what is served: no intake, so any
 * media type and file name can be recorded, and a stored file can be damaged afterwards.
 */
import { chmod, writeFile } from 'node:fs/promises';
import type { Rendition } from '../src/domain/enrichment.ts';
import { newId } from '../src/domain/ids.ts';
import { emptyProvenance } from '../src/domain/provenance.ts';
import type { TestRuntime } from './runtime.ts';

/** An asset whose one version holds `bytes` as stored (no intake: any media type and file name can be recorded). */
export async function storedFile(
  rt: TestRuntime,
  bytes: Buffer,
  options: {
    mediaType: string;
    fileName: string;
    renditions?: Array<Pick<Rendition, 'role' | 'mediaType'> & { bytes: Buffer }>;
  },
): Promise<{ assetId: string; sha256: string }> {
  const { sha256 } = await rt.blobs.put(bytes);
  const renditions: Rendition[] = [];
  for (const r of options.renditions ?? []) {
    const stored = await rt.blobs.put(r.bytes);
    renditions.push({
      role: r.role,
      mediaType: r.mediaType,
      width: 8,
      height: 8,
      sha256: stored.sha256,
      size: r.bytes.length,
    });
  }
  const assetId = newId();
  const versionId = newId();
  const now = new Date().toISOString();
  await rt.store.transaction(async (tx) => {
    await tx.assets.insert({
      id: assetId,
      title: options.fileName,
      kind: 'image',
      status: 'draft',
      quarantineReasons: [],
      rightsStatus: 'pending',
      currentVersion: 1,
      createdAt: now,
      updatedAt: now,
    });
    await tx.assets.insertVersion({
      id: versionId,
      assetId,
      number: 1,
      blob: { sha256, size: bytes.length },
      mediaType: options.mediaType,
      fileName: options.fileName,
      provenance: emptyProvenance(),
      createdAt: now,
      createdBy: 't',
    });
    if (renditions.length > 0)
      await tx.enrichment.replaceRenditions(versionId, [...new Set(renditions.map((r) => r.role))], renditions, now);
  });
  return { assetId, sha256 };
}

/** Rewrites a stored blob in place (bit rot, a careless operator): same size, other bytes. */
export async function tamper(rt: TestRuntime, sha256: string, bytes: Buffer): Promise<void> {
  const path = rt.blobs.pathOf(sha256);
  await chmod(path, 0o644);
  await writeFile(path, bytes);
}
