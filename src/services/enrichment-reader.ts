/**
 * The read side of enrichment (EnrichmentReader): what was stored for a version (EnrichmentView) and rendition bytes,
 * with the 1024 px preview rendered lazily on its first request (docs/decisions/0006-lazy-preview-rendition.md). It
 * needs no model loaded and shares nothing with EnrichmentService but the types of enrichment-types.ts and the
 * rendition storage of rendition-files.ts.
 */
import type { AssetKind, AssetVersion, AssetWithVersions } from '../domain/asset.ts';
import type { RenditionBytes } from '../domain/enrichers.ts';
import type { PaletteColour, Rendition, Tag, VideoFacts, VisualSignals } from '../domain/enrichment.ts';
import { notFound } from '../domain/errors.ts';
import type { DetectedFace, DetectedObject, RecognisedWord } from '../domain/image-content.ts';
import type { EnrichmentRecord, StoredEmbedding, UnitOfWork } from '../domain/ports.ts';
import { teamsWith, type RequestContext } from '../domain/access.ts';
import { allInReach } from './authorise.ts';
import type { NearDuplicateLink, StoredPerceptualHashes, VariantFamily } from '../domain/sameness.ts';
import type { Readable } from 'node:stream';
import { enrichersFor, type EnricherName, type EnrichmentDeps, type LocalFile } from './enrichment-types.ts';
import { loadAssetVersion } from './asset.service.ts';
import { keepRenditionFiles, storeRenditionFiles } from './rendition-files.ts';

/** Renders the preview rendition of an image file (a path) or of a video's poster frame (its bytes). */
export interface PreviewRenderer {
  preview(input: string | Uint8Array): Promise<RenditionBytes>;
}

export interface EnrichmentView {
  assetId: string;
  kind: AssetKind;
  versionNumber: number;
  results: EnrichmentRecord[];
  /** Enrichers that apply and are enabled but have no result for this version yet (queued or not yet run). */
  pending: EnricherName[];
  renditions: Rendition[];
  /**
   * Whether a preview can be served: stored already, or made on its first request (an image; a video once its poster
   * frame exists) by a reader that renders previews. The preview is not in `renditions` until it is stored.
   */
  previewAvailable: boolean;
  signals?: VisualSignals;
  video?: VideoFacts;
  palette: PaletteColour[];
  tags: Tag[];
  hashes?: StoredPerceptualHashes;
  embeddings: Omit<StoredEmbedding, 'vector'>[];
  nearDuplicates: NearDuplicateLink[];
  family?: VariantFamily;
}

/**
 * What enrichment determined about the content of a version, as the brand check reads it (field names as in
 * domain/brand-check.ts BrandFacts, which this fits). A fact that is absent was not determined (its enricher has not
 * run, failed, or does not apply); an empty one was determined to be empty (OCR ran and found no words).
 */
export interface ContentFacts {
  assetId: string;
  kind: AssetKind;
  versionNumber: number;
  /** The picture's size in pixels (original, after EXIF orientation; of a video, its frame size). */
  width?: number;
  height?: number;
  palette?: PaletteColour[];
  /** The prompt the asset was generated from (as entered, or read from the file's provenance). */
  prompt?: string;
  /** OCR words with boxes (in original pixels) in reading order, and the text they make, lines joined by newlines. */
  words?: RecognisedWord[];
  text?: string;
  faces?: DetectedFace[];
  containsPeople?: boolean;
  objects?: DetectedObject[];
  /** Moderation scores by lower-case label (0–1), the highest any model gave. */
  moderation?: Record<string, number>;
}

/** What EnrichmentReader needs to render previews on request; without it only stored renditions are served. */
export interface PreviewDeps {
  renderer: PreviewRenderer;
  localFile(sha256: string): Promise<LocalFile>;
}

/**
 * The read side: what enrichment stored for a version, and rendition bytes. Needs no model loaded. With `previews`,
 * the preview of an image (or of a video's poster frame) is rendered on its first request, stored in the blob
 * store and recorded with the version's other renditions; later requests serve the stored file.
 */
export class EnrichmentReader {
  /** Previews being rendered, by version id: concurrent first requests share one rendering. */
  private readonly rendering = new Map<string, Promise<Rendition | undefined>>();

  constructor(
    private readonly deps: Pick<EnrichmentDeps, 'blobs'> & {
      store: UnitOfWork<'assets' | 'enrichment' | 'families'>;
      enabled?: (name: EnricherName) => boolean;
      previews?: PreviewDeps;
    },
  ) {}

  /**
   * What enrichment stored for a version of an asset the caller may read. Near-duplicates of assets it may not read,
   * and a family with such members, are left out: they would tell that those assets exist.
   */
  async view(ctx: RequestContext, assetId: string, versionNumber?: number): Promise<EnrichmentView> {
    const { store } = this.deps;
    const { asset, version } = await loadAssetVersion(ctx, store, assetId, versionNumber);
    const [results, renditions, palette, tags, hashes, embeddings, nearDuplicates, family] = await Promise.all([
      store.enrichment.results(version.id),
      store.enrichment.renditions(version.id),
      store.enrichment.palette(version.id),
      store.enrichment.tags(version.id),
      store.enrichment.hashes(version.id),
      store.enrichment.embeddings(version.id),
      store.enrichment.linksOf(assetId),
      store.families.familyOf(assetId),
    ]);
    const { links, visibleFamily } = await this.inReach(ctx, nearDuplicates, family);
    const signals = results.find((r) => r.enricher === 'renditions')?.result.signals as VisualSignals | undefined;
    const video = results.find((r) => r.enricher === 'video')?.result.facts as VideoFacts | undefined;
    const recorded = new Set(results.map((r) => r.enricher));
    return {
      assetId,
      kind: asset.kind,
      versionNumber: version.number,
      results,
      pending: enrichersFor(asset.kind).filter((n) => !recorded.has(n) && (this.deps.enabled?.(n) ?? true)),
      renditions,
      previewAvailable: renditions.some((r) => r.role === 'preview') || this.canRenderPreview(asset.kind, renditions),
      ...(signals ? { signals } : {}),
      ...(video ? { video } : {}),
      palette,
      tags,
      ...(hashes ? { hashes } : {}),
      embeddings: embeddings.map(({ vector: _vector, ...meta }) => meta),
      nearDuplicates: links,
      ...(visibleFamily ? { family: visibleFamily } : {}),
    };
  }

  /**
   * The content facts of a version of an asset the caller may read (ContentFacts): what the brand check reads, from
   * the stored results in two queries, no model loaded.
   */
  async contentFacts(ctx: RequestContext, assetId: string, versionNumber?: number): Promise<ContentFacts> {
    const { store } = this.deps;
    const { asset, version } = await loadAssetVersion(ctx, store, assetId, versionNumber);
    const [results, palette] = await Promise.all([
      store.enrichment.results(version.id),
      store.enrichment.palette(version.id),
    ]);
    const done = new Map(results.filter((r) => r.status === 'done').map((r) => [r.enricher, r.result]));
    const size =
      (done.get('renditions')?.source as { width: number; height: number } | undefined) ??
      (done.get('video')?.facts as { width?: number; height?: number } | undefined);
    const text = done.get('text') as { words: RecognisedWord[]; text: string } | undefined;
    const faces = done.get('faces') as { faces: DetectedFace[]; containsPeople: boolean } | undefined;
    const objects = done.get('objects') as { objects: DetectedObject[] } | undefined;
    const moderationByModel = done.get('visual-tags')?.moderation as Record<string, Record<string, number>> | undefined;
    let moderation: Record<string, number> | undefined;
    for (const scores of Object.values(moderationByModel ?? {})) {
      moderation ??= {};
      for (const [label, score] of Object.entries(scores)) {
        const key = label.toLowerCase();
        moderation[key] = Math.max(moderation[key] ?? 0, score);
      }
    }
    const prompt = asset.prompt ?? version.provenance.prompt?.positive;
    return {
      assetId,
      kind: asset.kind,
      versionNumber: version.number,
      ...(size?.width !== undefined && size.height !== undefined ? { width: size.width, height: size.height } : {}),
      ...(done.has('palette') ? { palette } : {}),
      ...(prompt ? { prompt } : {}),
      ...(text ? { words: text.words, text: text.text } : {}),
      ...(faces ? { faces: faces.faces, containsPeople: faces.containsPeople } : {}),
      ...(objects ? { objects: objects.objects } : {}),
      ...(moderation ? { moderation } : {}),
    };
  }

  /** The links and the family, less what names an asset the caller may not read. */
  private async inReach(
    ctx: RequestContext,
    links: NearDuplicateLink[],
    family: VariantFamily | undefined,
  ): Promise<{ links: NearDuplicateLink[]; visibleFamily?: VariantFamily }> {
    if (teamsWith(ctx, 'asset:read') === 'all') return { links, ...(family ? { visibleFamily: family } : {}) };
    const ids = [
      ...links.flatMap((l) => [l.assetId, l.matchedAssetId]),
      ...(family?.members ?? []).map((m) => m.assetId),
    ];
    const teams = await this.deps.store.assets.teamsOf(ids);
    const visible = (assetIds: string[]) => allInReach(ctx, 'asset:read', assetIds, teams);
    return {
      links: links.filter((l) => visible([l.assetId, l.matchedAssetId])),
      ...(family && visible(family.members.map((m) => m.assetId)) ? { visibleFamily: family } : {}),
    };
  }

  /**
   * One rendition of a version (the first of its role; `position` picks among key frames), with the version's file
   * name (to name the rendition after).
   */
  async rendition(
    ctx: RequestContext,
    assetId: string,
    role: Rendition['role'],
    options: { version?: number; position?: number } = {},
  ): Promise<{ rendition: Rendition; fileName: string; versionNumber: number; open(): Promise<Readable> }> {
    const { asset, version } = await loadAssetVersion(ctx, this.deps.store, assetId, options.version);
    const stored = await this.deps.store.enrichment.renditions(version.id);
    const position = options.position ?? 0;
    let rendition = stored.filter((r) => r.role === role)[position];
    if (!rendition && role === 'preview' && position === 0)
      rendition = await this.renderPreview(asset, version, stored);
    if (!rendition) throw notFound(`The ${role} rendition of asset`, assetId);
    const found = rendition;
    return {
      rendition: found,
      fileName: version.fileName,
      // The delivery gate decides for this version before the route opens the bytes.
      versionNumber: version.number,
      open: async () => this.deps.blobs.open(found.sha256),
    };
  }

  /** Whether makePreview could make a preview now (what it accepts, without doing it). */
  private canRenderPreview(kind: AssetKind, stored: readonly Rendition[]): boolean {
    if (!this.deps.previews) return false;
    return kind === 'image' || (kind === 'video' && stored.some((r) => r.role === 'poster'));
  }

  /** The preview made now and recorded; undefined when this reader cannot make one for the asset. */
  private async renderPreview(
    asset: AssetWithVersions,
    version: AssetVersion,
    stored: readonly Rendition[],
  ): Promise<Rendition | undefined> {
    const previews = this.deps.previews;
    if (!previews) return Promise.resolve(undefined);
    let pending = this.rendering.get(version.id);
    if (!pending) {
      pending = this.makePreview(previews, asset, version, stored).finally(() => this.rendering.delete(version.id));
      this.rendering.set(version.id, pending);
    }
    return pending;
  }

  private async makePreview(
    previews: PreviewDeps,
    asset: AssetWithVersions,
    version: AssetVersion,
    stored: readonly Rendition[],
  ): Promise<Rendition | undefined> {
    const { store, blobs } = this.deps;
    let made: RenditionBytes;
    if (asset.kind === 'image') {
      const file = await previews.localFile(version.blob.sha256);
      try {
        made = await previews.renderer.preview(file.path);
      } finally {
        await file.release();
      }
    } else if (asset.kind === 'video') {
      // A video's preview is its poster frame's, once the video enricher has extracted one.
      const poster = stored.find((r) => r.role === 'poster');
      if (!poster) return undefined;
      made = await previews.renderer.preview(await blobs.read(poster.sha256));
    } else {
      return undefined;
    }
    const reused = await storeRenditionFiles(blobs, [made]);
    await store.transaction(async (tx) => {
      await keepRenditionFiles(tx, blobs, reused);
      await tx.enrichment.replaceRenditions(version.id, ['preview'], [made.rendition], new Date().toISOString());
    });
    return made.rendition;
  }
}
