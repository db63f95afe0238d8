/**
 * The bytes of a share link with the export service behind it: a preset's cached rendition (made once, by content
 * address, with the link's watermark drawn when it has one), or the original when the link names no preset. The
 * share-link service asked the delivery gate for the use before it asks for the file.
 */
import type { RequestContext } from '../domain/access.ts';
import type { StoreTx } from '../domain/ports.ts';
import type { SharedFile, SharedFileRequest, SharedFileSource } from '../domain/share-link.ts';
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

  async open(request: SharedFileRequest): Promise<SharedFile> {
    if (request.preset === null) return this.deps.originals.open(request);
    const { stream, mediaType, fileName, size, sha256 } = await this.deps.exports.renditionOf(this.deps.ctx, {
      ...request,
      preset: request.preset,
    });
    return { stream, mediaType, fileName, size, sha256 };
  }
}
