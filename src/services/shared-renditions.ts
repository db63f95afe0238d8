/**
 * The bytes of a share link with the export service behind it: a preset's cached rendition (made once, by content
 * address, with the link's watermark drawn when it has one), or the original when the link names no preset. The
 * share-link service asked the delivery gate for the use before it asks for the file.
 */
import type { RequestContext } from '../domain/access.ts';
import type { StoreTx } from '../domain/ports.ts';
import type { SharedFile, SharedFileSource } from '../domain/share-link.ts';
import type { ExportService } from './export.service.ts';

export class SharedRenditions implements SharedFileSource {
  constructor(
    private readonly deps: {
      store: Pick<StoreTx, 'presets'>;
      exports: Pick<ExportService, 'renditionOf'>;
      /** For a link without a preset. */
      originals: SharedFileSource;
      /** Who reads the asset version for the link (the link, not a person: the gate has allowed the use). */
      ctx: RequestContext;
    },
  ) {}

  async presetExists(name: string): Promise<boolean> {
    return (await this.deps.store.presets.get(name)) !== undefined;
  }

  async altersPicture(name: string): Promise<boolean> {
    return (await this.deps.store.presets.get(name))?.fit === 'cover';
  }

  async open(request: {
    assetId: string;
    version: number;
    preset: string | null;
    watermark?: string;
  }): Promise<SharedFile> {
    if (request.preset === null) return this.deps.originals.open(request);
    const file = await this.deps.exports.renditionOf(this.deps.ctx, {
      assetId: request.assetId,
      version: request.version,
      preset: request.preset,
      ...(request.watermark !== undefined ? { watermark: request.watermark } : {}),
    });
    return {
      stream: file.stream,
      mediaType: file.mediaType,
      fileName: file.fileName,
      size: file.size,
      sha256: file.sha256,
    };
  }
}
