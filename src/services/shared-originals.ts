/**
 * The bytes of a share link without a rendition service: the original of the asset version, read through the blob
 * store as a stream (verified against its SHA-256 by the store). It knows no preset and draws no watermark, so links
 * asking for either are refused when they are made; the export service's renditions take over where it is wired.
 */
import { notFound, ProvenaError } from '../domain/errors.ts';
import type { BlobStore, StoreTx } from '../domain/ports.ts';
import type { SharedFile, SharedFileRequest, SharedFileSource } from '../domain/share-link.ts';

export class SharedOriginals implements SharedFileSource {
  constructor(private readonly deps: { store: Pick<StoreTx, 'assets'>; blobs: Pick<BlobStore, 'open'> }) {}

  // eslint-disable-next-line @typescript-eslint/require-await -- the port is asynchronous; this answer is not
  async presetExists(): Promise<boolean> {
    return false;
  }

  // eslint-disable-next-line @typescript-eslint/require-await -- the port is asynchronous; this answer is not
  async altersPicture(): Promise<boolean> {
    return false;
  }

  async open(request: SharedFileRequest): Promise<SharedFile> {
    if (request.preset !== null || request.watermark !== undefined)
      throw new ProvenaError(
        'INTERNAL',
        'This server has no rendition service: a share link with a preset or a watermark cannot be served.',
        { preset: request.preset },
      );
    const version = await this.deps.store.assets.getVersion(request.assetId, request.version);
    if (!version) throw notFound('Asset version', `${request.assetId}@${request.version}`);
    return {
      stream: await this.deps.blobs.open(version.blob.sha256),
      mediaType: version.mediaType,
      fileName: version.fileName,
      size: version.blob.size,
      sha256: version.blob.sha256,
    };
  }
}
